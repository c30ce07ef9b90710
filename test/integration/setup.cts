import type { IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { AcronisApi } from '../../credentials/AcronisApi.credentials';
import { AcronisUsageReport } from '../../nodes/AcronisUsageReport/AcronisUsageReport.node';
import type { Simulator, SimulatorOptions } from '../../simulator/index.cjs';
import { start } from '../../simulator/index.cjs';
import type { HarnessCredential, RunWorkflowResult } from '../harness/index.cjs';
import { CredentialStore, HARNESS_START_NODE_TYPE, runWorkflow } from '../harness/index.cjs';

const NODE_TYPE = 'n8n-nodes-acronis.acronisUsageReport';
export const NODE_NAME = 'Acronis Usage Report';
/** A well-formed report id the simulator does not know. */
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/**
 * The simulator of a test file: started before its tests, reset before each, closed after
 * them. The handle can be taken at module level; it stands for the running simulator.
 */
export function useSimulator(options: SimulatorOptions = { fileDelayMs: 0 }): Simulator {
	let running: Simulator | undefined;
	beforeAll(async () => {
		running = await start({ port: 0, ...options });
	});
	afterAll(async () => await running?.close());
	beforeEach(() => running?.reset());
	return new Proxy({} as Simulator, {
		get(_, key) {
			if (running === undefined) throw new Error('The simulator starts in beforeAll');
			return Reflect.get(running, key) as unknown;
		},
	});
}

export type CredentialMode = 'apiClient' | 'accessToken';

/** The credential a user would fill in for the simulator, in either mode. */
export function credentialFor(simulator: Simulator, mode: CredentialMode): HarnessCredential {
	const { clientId, clientSecret, accessToken } = simulator.credentials;
	return {
		...credentialRef(mode).acronisApi,
		type: 'acronisApi',
		data:
			mode === 'apiClient'
				? {
						url: simulator.url,
						authentication: 'apiClient',
						clientId,
						clientSecret,
						sessionToken: '',
					}
				: { url: simulator.url, authentication: 'accessToken', accessToken, sessionToken: '' },
	};
}

/** How a node refers to the credential of `credentialFor(…, mode)`. */
export function credentialRef(mode: CredentialMode): { acronisApi: { id: string; name: string } } {
	return { acronisApi: { id: mode, name: `Acronis (${mode})` } };
}

export function storeFor(simulator: Simulator): CredentialStore {
	return new CredentialStore([
		credentialFor(simulator, 'apiClient'),
		credentialFor(simulator, 'accessToken'),
	]);
}

export interface RunOptions {
	mode?: CredentialMode;
	items?: IDataObject[];
	continueOnFail?: boolean;
	/** Reuse a store across runs to keep the token n8n stored with the credential. */
	store?: CredentialStore;
}

/** A workflow "start → Acronis Usage Report" run by n8n-core's engine against the simulator. */
export async function runNode(
	simulator: Simulator,
	parameters: INodeParameters,
	{ mode = 'apiClient', items, continueOnFail, store }: RunOptions = {},
): Promise<RunWorkflowResult> {
	const credentials = store ?? storeFor(simulator);
	const node: INode = {
		id: 'acronis',
		name: NODE_NAME,
		type: NODE_TYPE,
		typeVersion: 1,
		position: [200, 0],
		parameters,
		credentials: credentialRef(mode),
		...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	return await runWorkflow({
		workflow: {
			nodes: [
				{
					id: 'start',
					name: 'Start',
					type: HARNESS_START_NODE_TYPE,
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				node,
			],
			connections: { Start: { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] } },
		},
		nodeTypes: { [NODE_TYPE]: new AcronisUsageReport() },
		credentialTypes: [new AcronisApi()],
		credentialStore: credentials,
		inputItems: (items ?? [{}]).map((json) => ({ json })),
	});
}

export function outputJson(result: RunWorkflowResult): IDataObject[] {
	return result.outputOf(NODE_NAME).map((item: INodeExecutionData) => item.json);
}

/**
 * A report created through the node, as it output it; the request log is cleared after, so
 * that a test sees its own requests only.
 */
export async function createThroughNode(
	simulator: Simulator,
	parameters: INodeParameters,
): Promise<IDataObject> {
	const [report] = outputJson(await runNode(simulator, parameters));
	simulator.requests.length = 0;
	return report;
}

/** Requests the simulator received below /api/2, without the token exchanges. */
export function apiRequests(simulator: Simulator) {
	return simulator.requests.filter((request) => request.path !== '/api/2/idp/token');
}

/** The seed page's report ("Creating a usage report"), for the given tenant. */
export function seedReportBody(tenantId: string) {
	return {
		recipients: ['ca451758-b48a-45d9-9ae6-8f1059f67619', 'ab00e527-219b-481b-b01b-311b5be0ed3c'],
		parameters: {
			kind: 'usage_summary',
			tenant_id: tenantId,
			level: 'accounts',
			period: { start: '2017-05-01', end: '2017-05-07' },
			formats: ['csv', 'html'],
		},
		schedule: { type: 'once' },
		generation_date: '2017-05-08',
		result_action: 'send',
	};
}

/** Node parameters that produce the seed page's report. */
export function seedCreateParameters(tenantId: string): INodeParameters {
	return {
		operation: 'create',
		resultAction: 'send',
		recipients: 'ca451758-b48a-45d9-9ae6-8f1059f67619, ab00e527-219b-481b-b01b-311b5be0ed3c',
		kind: 'usage_summary',
		level: 'accounts',
		period: 'custom',
		periodStart: '2017-05-01',
		periodEnd: '2017-05-07',
		formats: ['csv', 'html'],
		scheduleType: 'once',
		generationDate: '2017-05-08',
		tenantId,
	};
}
