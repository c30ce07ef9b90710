import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
} from 'n8n-workflow';

import { AcronisApi } from '../../credentials/AcronisApi.credentials';
import { AcronisUsageReport } from '../../nodes/AcronisUsageReport/AcronisUsageReport.node';
import type { Simulator, SimulatorOptions } from '../../simulator/index.cjs';
import { start } from '../../simulator/index.cjs';
import type { HarnessCredential, RunWorkflowResult } from '../harness/index.cjs';
import { CredentialStore, HARNESS_START_NODE_TYPE, runWorkflow } from '../harness/index.cjs';

export {
	saveReportParameters,
	seedCreateParameters,
	seedReportBody,
	UNKNOWN_ID,
} from '../seed.cjs';

const NODE_TYPE = 'n8n-nodes-acronis.acronisUsageReport';
export const NODE_NAME = 'Acronis Usage Report';

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
	/** On Error: Continue (regular output), or `'errorOutput'`: Continue (using error output). */
	continueOnFail?: boolean | 'errorOutput';
	/** Reuse a store across runs to keep the token n8n stored with the credential. */
	store?: CredentialStore;
	/** The node's version in the workflow; 1 by default, as in workflows saved before 1.1. */
	typeVersion?: number;
	/** Run the node as the AI tool n8n makes of it ("Acronis Usage Report Tool"). */
	tool?: boolean;
}

/**
 * The node's tool, as n8n's loader makes it of a node that is `usableAsTool`: the same node
 * under the name …Tool, with the description's replacements (n8n's fields `@tool` shows).
 */
export function asTool(nodeType: INodeType): INodeType {
	const { usableAsTool, ...description } = nodeType.description;
	const replacements = typeof usableAsTool === 'object' ? usableAsTool.replacements : {};
	const tool: INodeType = Object.create(nodeType);
	tool.description = {
		...description,
		...replacements,
		name: `${description.name}Tool`,
		displayName: `${description.displayName} Tool`,
	};
	return tool;
}

/** A workflow "start → Acronis Usage Report" run by n8n-core's engine against the simulator. */
export async function runNode(
	simulator: Simulator,
	parameters: INodeParameters,
	{ mode = 'apiClient', items, continueOnFail, store, typeVersion = 1, tool }: RunOptions = {},
): Promise<RunWorkflowResult> {
	const credentials = store ?? storeFor(simulator);
	const node: INode = {
		id: 'acronis',
		name: NODE_NAME,
		type: tool ? `${NODE_TYPE}Tool` : NODE_TYPE,
		typeVersion,
		position: [200, 0],
		parameters,
		credentials: credentialRef(mode),
		...(continueOnFail
			? {
					onError:
						continueOnFail === 'errorOutput'
							? ('continueErrorOutput' as const)
							: ('continueRegularOutput' as const),
				}
			: {}),
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
		nodeTypes: {
			[NODE_TYPE]: new AcronisUsageReport(),
			[`${NODE_TYPE}Tool`]: asTool(new AcronisUsageReport()),
		},
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
