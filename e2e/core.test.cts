/**
 * The end-to-end core, run against every n8n version the package supports (`npm run
 * test:e2e:matrix` runs it once per version in e2e/n8n/, E2E_N8N_VERSION naming it): the five
 * seed operations in both credential modes, a token that dies mid-run, Download's binary, the
 * trigger in a running n8n, and n8n's credential test.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import type { Execution, RunningN8n } from './lib/testbed.cjs';
import { fingerprint } from '../test/fingerprint.cjs';
import { VERSION, Testbed, apiRequests, output } from './lib/testbed.cjs';

const { CLIENT_CREDENTIAL, TOKEN_CREDENTIAL } = require('./lib/credentials.js');
const { createReport } = require('./lib/reports.js');
const { versionTraits } = require('./lib/versions.js');
const wf = require('./lib/workflows.js');

const RENEWAL_ITEMS = 20;
/** API requests of the renewal run that pass before the simulator expires every token. */
const REQUESTS_BEFORE_EXPIRY = 5;
const TRIGGER_FILE_PREFIX = 'trigger-';

const WORKFLOWS = {
	clientOperations: 'coreOpsClient001',
	tokenOperations: 'coreOpsToken0001',
	renewal: 'coreRenewal00001',
	trigger: 'coreTrigger00001',
	saveExample: 'acronisExSave00001',
};

let bed: Testbed;
/** The report the renewal run gets and the trigger watches. */
let watchedReportId: string;

/** Create (monthly, saved) → Update → Disable → Enable → Get, all on `credential`. */
function operationsWorkflow(id: string, credential: typeof CLIENT_CREDENTIAL) {
	const step = (name: string, parameters: Record<string, unknown>) => ({
		name,
		...wf.acronisNode(credential, parameters),
	});
	const sameReport = { reportId: '={{ $json.id }}' };
	return wf.workflow(id, [
		step('Create', {
			operation: 'create',
			resultAction: 'save',
			kind: 'usage_summary',
			level: 'accounts',
			period: 'none',
			formats: ['csv'],
			scheduleType: 'monthly',
		}),
		step('Update', {
			operation: 'update',
			...sameReport,
			updateFields: { level: 'direct_partners' },
		}),
		step('Disable', { operation: 'disable', ...sameReport }),
		step('Enable', { operation: 'enable', ...sameReport }),
		step('Get', { operation: 'get', ...sameReport }),
	]);
}

/** The Acronis trigger on one report, every minute, writing each new file to disk. */
function triggerWorkflow(reportId: string) {
	const id = WORKFLOWS.trigger;
	const trigger = {
		id: `${id}-trigger`,
		name: 'New file',
		type: 'n8n-nodes-acronis.acronisUsageReportTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {
			pollTimes: { item: [{ mode: 'everyMinute' }] },
			reports: 'selected',
			reportIds: reportId,
			download: true,
			binaryPropertyName: 'data',
		},
		credentials: { acronisApi: CLIENT_CREDENTIAL },
	};
	const write = {
		id: `${id}-write`,
		name: 'Write',
		type: 'n8n-nodes-base.readWriteFile',
		typeVersion: 1,
		position: [200, 0],
		parameters: {
			operation: 'write',
			fileName: `=${TRIGGER_FILE_PREFIX}{{ $binary.data.fileName }}`,
			dataPropertyName: 'data',
		},
	};
	return {
		id,
		name: id,
		nodes: [trigger, write],
		connections: { [trigger.name]: wf.connectTo(write.name) },
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

beforeAll(async () => {
	bed = await Testbed.create(VERSION, async (simulator) => {
		watchedReportId = (await createReport(simulator)).id as string;
		const workflows = [
			operationsWorkflow(WORKFLOWS.clientOperations, CLIENT_CREDENTIAL),
			operationsWorkflow(WORKFLOWS.tokenOperations, TOKEN_CREDENTIAL),
			wf.workflow(
				WORKFLOWS.renewal,
				[
					{
						name: 'Get',
						...wf.acronisNode(CLIENT_CREDENTIAL, {
							operation: 'get',
							reportId: '={{ $json.reportId }}',
						}),
					},
				],
				wf.itemsCode(
					Array.from({ length: RENEWAL_ITEMS }, (_, index) => ({
						reportId: watchedReportId,
						index,
					})),
				),
			),
			triggerWorkflow(watchedReportId),
		];
		return workflows;
	});
}, 20 * 60000);

afterAll(async () => {
	await bed?.close();
});

describe(`the package in n8n ${VERSION}`, () => {
	it.each([
		['an API client', WORKFLOWS.clientOperations],
		['a pasted access token', WORKFLOWS.tokenOperations],
	])('creates, updates, disables, enables and gets a report with %s', async (_mode, workflowId) => {
		bed.simulator.requests.length = 0;
		const run = await bed.execute(workflowId);
		expectSuccess(run);
		const [created] = output(run.runData, 'Create');
		expect(created.json).toMatchObject({
			result_action: 'save',
			schedule: { type: 'monthly' },
			parameters: { tenant_id: bed.simulator.credentials.tenantId, level: 'accounts' },
		});
		expect(output(run.runData, 'Disable')[0].json).toMatchObject({
			schedule: { enabled: false },
		});
		expect(output(run.runData, 'Get')[0].json).toMatchObject({
			id: created.json.id,
			parameters: { level: 'direct_partners' },
			schedule: { enabled: true },
		});
		const writes = apiRequests(bed.simulator).filter((request) => request.method !== 'GET');
		expect(writes.map((request) => [request.method, request.path, request.body])).toEqual([
			['POST', '/api/2/reports', expect.anything()],
			['PUT', `/api/2/reports/${created.json.id}`, { parameters: { level: 'direct_partners' } }],
			['PUT', `/api/2/reports/${created.json.id}`, { schedule: { enabled: false } }],
			['PUT', `/api/2/reports/${created.json.id}`, { schedule: { enabled: true } }],
		]);
	});

	it('downloads each file of a saved report into binary data, byte for byte (example "saved to disk")', async () => {
		const run = await bed.execute(WORKFLOWS.saveExample);
		expectSuccess(run);
		const downloaded = output(run.runData, 'Wait for the files and download them');
		expect(downloaded.map((item) => item.json.report_format).sort()).toEqual([
			'csv_v2_0',
			'json_v2_0',
		]);
		for (const item of downloaded) {
			const written = readFileSync(path.join(bed.filesDir, item.json.file_name as string));
			const stored = await bed.simulator.storedFileContent(
				item.json.report_id as string,
				item.json.id as string,
			);
			expect(fingerprint(written)).toEqual(fingerprint(stored));
		}
	});
});

describe(`a running n8n ${VERSION}`, () => {
	let server: RunningN8n;

	beforeAll(async () => {
		bed.simulator.requests.length = 0;
		bed.simulator.setFaults({});
		server = await bed.startN8n({ activate: [WORKFLOWS.trigger] });
	}, 5 * 60000);

	afterAll(async () => {
		await server?.stop();
	});

	it("passes n8n's credential test in both modes", async () => {
		const { apiClient: client, accessToken: token } = bed.credentials();
		// Saved credentials, as the editor tests them on Save.
		expect(await server.testCredential(client.data, client.id)).toMatchObject({ status: 'OK' });
		expect(await server.testCredential(token.data, token.id)).toMatchObject({ status: 'OK' });
		if (versionTraits(VERSION).testsUnsavedCredentials) {
			expect(await server.testCredential(token.data)).toMatchObject({ status: 'OK' });
		}
	});

	it('starts the workflow when a watched report saves a new file, the file in its binary data', async () => {
		const { simulator } = bed;
		const storedListing = `/api/2/reports/${watchedReportId}/stored`;
		// The first poll, at activation, remembers the files already there.
		await waitFor(
			() => simulator.requests.some((request) => request.path === storedListing),
			'the trigger to poll for the first time',
			120000,
		);
		simulator.generate(watchedReportId);
		const [state] = simulator.reports().filter((report) => report.report.id === watchedReportId);
		const newest = state.stored.at(-1)!;
		// n8n polls once a minute; the file is complete once its size stops changing.
		let lastSize = -1;
		const written = await waitFor(
			() => {
				const name = readdirSync(bed.filesDir).find((entry) =>
					entry.startsWith(TRIGGER_FILE_PREFIX),
				);
				if (!name) return false;
				const size = statSync(path.join(bed.filesDir, name)).size;
				const settled = size > 0 && size === lastSize;
				lastSize = size;
				return settled && name;
			},
			'the triggered workflow to write the new file',
			150000,
		);
		expect(fingerprint(readFileSync(path.join(bed.filesDir, written)))).toEqual(
			fingerprint(await simulator.storedFileContent(watchedReportId, newest.id)),
		);
	}, 240000);
});

// Last: every token issued so far dies here, and an n8n that cannot renew them keeps the dead
// ones stored with its credentials for any test after it.
describe(`token renewal in n8n ${VERSION}`, () => {
	it('renews a token the data center expires mid-run: no failed item, one new token', async () => {
		// A first run stores a token with the credential, as hours of use before would have.
		expectSuccess(await bed.execute(WORKFLOWS.renewal));
		const { simulator } = bed;
		simulator.requests.length = 0;
		const tokensBefore = simulator.tokenRequests();
		simulator.setFaults({ revokeTokensAfterRequests: REQUESTS_BEFORE_EXPIRY });

		const run = await bed.execute(WORKFLOWS.renewal);
		expectSuccess(run);
		const items = output(run.runData, 'Get');
		expect(items.map((item) => item.json.id)).toEqual(
			Array.from({ length: RENEWAL_ITEMS }, () => watchedReportId),
		);
		// Each request the expired token got a 401 for was sent again and answered.
		const requests = apiRequests(simulator);
		const rejected = requests.filter((request) => request.status === 401);
		expect(rejected.length).toBeGreaterThan(0);
		const answered = requests.filter((request) => request.status === 200);
		expect(answered).toHaveLength(RENEWAL_ITEMS);
		for (const request of rejected) {
			expect(answered.some((again) => again.path === request.path && again.at >= request.at)).toBe(
				true,
			);
		}
		// One renewal for all of them, however many were in flight when the token died.
		expect(simulator.tokenRequests() - tokensBefore).toBe(1);
	});
});

/** Fails with n8n's error and the simulator's request log unless the run succeeded. */
function expectSuccess(run: Execution) {
	if (run.status === 'success' && run.error === undefined) return;
	const log = bed.simulator.requests.map(
		(request) => `${request.method} ${request.path} → ${request.status ?? 'dropped'}`,
	);
	throw new Error(
		`The run ended with status ${run.status}: ${JSON.stringify(run.error)}\nRequests:\n${log.join('\n')}`,
	);
}

/** Polls `check` every half second until it returns something other than false. */
async function waitFor<T>(check: () => T | false, what: string, timeoutMs: number): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const result = check();
		if (result !== false) return result;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}
