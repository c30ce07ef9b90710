import type { IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { AcronisApi } from '../../credentials/AcronisApi.credentials';
import { AcronisUsageReportTrigger } from '../../nodes/AcronisUsageReportTrigger/AcronisUsageReportTrigger.node';
import type { Simulator, StoredItem } from '../../simulator/index.cjs';
import type { CredentialStore } from '../harness/index.cjs';
import { fingerprint } from '../fingerprint.cjs';
import { PollingWorkflow, disposeHarness, readBinary } from '../harness/index.cjs';
import type { CredentialMode } from './setup.cjs';
import { apiRequests, credentialRef, storeFor, UNKNOWN_ID, useSimulator } from './setup.cjs';

const TRIGGER_TYPE = 'n8n-nodes-acronis.acronisUsageReportTrigger';
const TRIGGER_NAME = 'Acronis Usage Report Trigger';

const simulator = useSimulator();
afterAll(disposeHarness);

interface ActivateOptions {
	mode?: CredentialMode;
	store?: CredentialStore;
	staticData?: IDataObject;
	/** The trigger's version in the workflow; 1 by default, as in workflows saved before 1.1. */
	typeVersion?: number;
}

/** The trigger in an active workflow; poll it with `.poll()`, restart it with `.restart()`. */
function activate(
	sim: Simulator,
	parameters: INodeParameters = {},
	{ mode = 'apiClient', store, staticData, typeVersion = 1 }: ActivateOptions = {},
): PollingWorkflow {
	const node: INode = {
		id: 'trigger',
		name: TRIGGER_NAME,
		type: TRIGGER_TYPE,
		typeVersion,
		position: [0, 0],
		parameters,
		credentials: credentialRef(mode),
	};
	return new PollingWorkflow({
		node,
		nodeType: new AcronisUsageReportTrigger(),
		credentialTypes: [new AcronisApi()],
		credentialStore: store ?? storeFor(sim),
		staticData,
	});
}

/**
 * A report saved to the cloud: "once" is generated at creation (its files exist right away),
 * "monthly" has no files until `sim.generate(id)`.
 */
async function createReport(
	sim: Simulator,
	schedule: 'once' | 'monthly',
	formats = ['csv'],
	tenantId = sim.credentials.tenantId,
): Promise<IDataObject> {
	return (await sim.api('POST', '/reports', {
		parameters: { kind: 'usage_daily', tenant_id: tenantId, level: 'direct_partners', formats },
		schedule: { type: schedule },
		result_action: 'save',
	})) as IDataObject;
}

function storedFiles(sim: Simulator, reportId: unknown): StoredItem[] {
	const state = sim.reports().find(({ report }) => report.id === reportId);
	if (!state) throw new Error(`No report ${String(reportId)}`);
	return state.stored;
}

/** The items of a poll; [] for null, which is what n8n gets when nothing is new. */
function items(result: INodeExecutionData[][] | null): INodeExecutionData[] {
	if (result === null) return [];
	expect(result).toHaveLength(1);
	return result[0];
}

function emittedIds(result: INodeExecutionData[][] | null): string[] {
	return items(result).map(({ json }) => json.id as string);
}

async function pollError(poll: Promise<unknown>): Promise<Error> {
	try {
		await poll;
	} catch (error) {
		return error as Error;
	}
	throw new Error('The poll did not fail');
}

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

describe('first activation', () => {
	it('remembers the files already there without emitting them', async () => {
		const report = await createReport(simulator, 'once', ['csv', 'html']);
		const trigger = activate(simulator);

		expect(await trigger.poll()).toBeNull();
		expect(trigger.nodeStaticData()).toEqual({
			watching: `tenant:${simulator.credentials.tenantId}`,
			seenFileIds: storedFiles(simulator, report.id).map(({ id }) => id),
			credentialTenant: {
				credential: `API client ${simulator.credentials.clientId} at ${simulator.url}`,
				tenantId: simulator.credentials.tenantId,
			},
		});
		expect(await trigger.poll()).toBeNull();
		// Only the listing: no report was fetched and no file downloaded.
		expect(
			apiRequests(simulator).filter(({ path }) => path === `/api/2/reports/${report.id}`),
		).toEqual([]);
	});

	it('emits the files already there with Include Existing Files, oldest first, once', async () => {
		const older = await createReport(simulator, 'monthly');
		const newer = await createReport(simulator, 'once', ['csv', 'json_v2_0']);
		simulator.generate(older.id as string);
		// Stored files carry creation times to the second.
		await sleep(1100);
		simulator.generate(older.id as string);
		const trigger = activate(simulator, { download: false, options: { includeExisting: true } });

		const first = await trigger.poll();
		const [olderFirst, olderSecond] = storedFiles(simulator, older.id);
		const newerFiles = storedFiles(simulator, newer.id);
		expect(emittedIds(first).slice(0, 3).sort()).toEqual(
			[olderFirst.id, ...newerFiles.map(({ id }) => id)].sort(),
		);
		expect(emittedIds(first)[3]).toBe(olderSecond.id);
		expect(await trigger.poll()).toBeNull();
	});
});

describe('new files', () => {
	it('emits a file generated later exactly once, across polls and a restart', async () => {
		const report = await createReport(simulator, 'monthly');
		const store = storeFor(simulator);
		const trigger = activate(simulator, {}, { store });
		expect(await trigger.poll()).toBeNull();

		simulator.generate(report.id as string);
		const [file] = storedFiles(simulator, report.id);
		const [item] = items(await trigger.poll());
		const content = await simulator.storedFileContent(report.id as string, file.id);
		expect(item.json).toEqual({
			...storedFiles(simulator, report.id)[0],
			report_id: report.id,
			file_name: expect.stringMatching(/^acronis-usage_daily-.*\.csv$/),
			file_size: content.length,
			report,
		});
		expect(item.binary?.data.fileName).toBe(item.json.file_name);
		expect(item.binary?.data.mimeType).toBe('text/csv');
		expect(fingerprint(await readBinary(item.binary!.data))).toEqual(
			fingerprint(await simulator.storedFileContent(report.id as string, file.id)),
		);

		expect(await trigger.poll()).toBeNull();
		expect(await trigger.poll()).toBeNull();
		const restarted = trigger.restart();
		expect(await restarted.poll()).toBeNull();
		expect(restarted.nodeStaticData()).toEqual(trigger.nodeStaticData());
		// Nothing changed, nothing written: n8n saves static data only when it was changed.
		expect(restarted.workflow.staticData.__dataChanged).toBe(false);

		// The next run of the report is new again, also after the restart.
		simulator.generate(report.id as string);
		const second = storedFiles(simulator, report.id)[1];
		expect(emittedIds(await restarted.poll())).toEqual([second.id]);
		expect(restarted.nodeStaticData()?.seenFileIds).toEqual([file.id, second.id]);
	});

	it("watches the credential's tenant in Access Token mode, and a given Tenant ID", async () => {
		const own = await createReport(simulator, 'monthly');
		const child = await createReport(simulator, 'monthly', ['csv'], simulator.childTenantIds[0]);
		const ownTrigger = activate(simulator, { download: false }, { mode: 'accessToken' });
		const childTrigger = activate(simulator, {
			download: false,
			tenantId: ` ${simulator.childTenantIds[0].toUpperCase()} `,
		});
		expect(await ownTrigger.poll()).toBeNull();
		expect(await childTrigger.poll()).toBeNull();

		simulator.generate(own.id as string);
		simulator.generate(child.id as string);
		expect(emittedIds(await ownTrigger.poll())).toEqual([storedFiles(simulator, own.id)[0].id]);
		expect(emittedIds(await childTrigger.poll())).toEqual([storedFiles(simulator, child.id)[0].id]);
		expect(apiRequests(simulator).map(({ path }) => path)).toContain('/api/2/users/me');
	});

	it("looks the credential's tenant up once, not at every poll, and again when the credential changes", async () => {
		const tenantLookups = () =>
			apiRequests(simulator).filter(
				({ path }) => path === '/api/2/users/me' || path.startsWith('/api/2/clients/'),
			);
		const trigger = activate(simulator, { download: false });
		for (let poll = 0; poll < 3; poll++) expect(await trigger.poll()).toBeNull();
		expect(await trigger.restart().poll()).toBeNull();
		expect(tenantLookups().map(({ path }) => path)).toEqual([
			`/api/2/clients/${simulator.credentials.clientId}`,
		]);

		// The same workflow, its credential now a pasted token: a user's tenant may differ.
		const switched = activate(
			simulator,
			{ download: false },
			{ mode: 'accessToken', staticData: trigger.savedStaticData() },
		);
		expect(await switched.poll()).toBeNull();
		expect(await switched.poll()).toBeNull();
		expect(tenantLookups().map(({ path }) => path)).toEqual([
			`/api/2/clients/${simulator.credentials.clientId}`,
			'/api/2/users/me',
		]);
		expect(JSON.stringify(switched.savedStaticData())).not.toContain(
			simulator.credentials.accessToken,
		);
	});

	it('without Download File, emits the file and its report and downloads nothing', async () => {
		const quiet = await createReport(simulator, 'monthly');
		const busy = await createReport(simulator, 'monthly', ['csv', 'html']);
		const trigger = activate(simulator, { download: false });
		expect(await trigger.poll()).toBeNull();

		simulator.generate(busy.id as string);
		simulator.requests.length = 0;
		const emitted = items(await trigger.poll());
		expect(emitted.map(({ json }) => json)).toEqual(
			storedFiles(simulator, busy.id).map((file) => ({
				...file,
				report_id: busy.id,
				file_name: expect.stringMatching(file.report_format === 'csv' ? /\.csv$/ : /\.html$/),
				report: busy,
			})),
		);
		expect(emitted.every(({ binary }) => binary === undefined)).toBe(true);
		// Both lists are read, only the report with new files is fetched, nothing is downloaded.
		const reportPaths = apiRequests(simulator)
			.map(({ path }) => path)
			.filter((path) => path.startsWith('/api/2/reports/'));
		expect(reportPaths.sort()).toEqual(
			[
				`/api/2/reports/${quiet.id}/stored`,
				`/api/2/reports/${busy.id}/stored`,
				`/api/2/reports/${busy.id}`,
			].sort(),
		);
	});

	it('emits a file the data center failed to make as an item that says so, once, beside the others', async () => {
		const report = await createReport(simulator, 'monthly', ['csv', 'html']);
		const trigger = activate(simulator);
		expect(await trigger.poll()).toBeNull();
		simulator.setFaults({ failedFiles: { count: 1, formats: ['html'] } });
		simulator.generate(report.id as string);
		const polled = items(await trigger.poll());
		expect(
			polled.map(({ json, binary }) => [json.report_format, json.status, binary !== undefined]),
		).toEqual([
			['csv', 'saved', true],
			['html', 'failed', false],
		]);
		expect(polled[1].json).toMatchObject({
			report_id: report.id,
			error: `The data center failed to generate the html file of report ${report.id as string}`,
		});
		expect(await trigger.poll()).toBeNull();
	});

	it('names the compressed size so from version 1.1, beside the size of the file downloaded', async () => {
		const report = await createReport(simulator, 'monthly');
		const trigger = activate(simulator, {}, { typeVersion: 1.1 });
		expect(await trigger.poll()).toBeNull();
		simulator.generate(report.id as string);
		const [item] = items(await trigger.poll());
		const [file] = storedFiles(simulator, report.id);
		const content = await simulator.storedFileContent(report.id as string, file.id);
		expect(item.json).toMatchObject({
			id: file.id,
			compressed_size: file.size,
			file_size: content.length,
		});
		expect(item.json).not.toHaveProperty('size');
		expect(file.size).toBeLessThan(content.length);
	});

	it('drops the ids of files that are no longer listed', async () => {
		const kept = await createReport(simulator, 'once');
		const deleted = await createReport(simulator, 'once');
		const trigger = activate(simulator, { download: false });
		expect(await trigger.poll()).toBeNull();
		expect(trigger.nodeStaticData()?.seenFileIds).toHaveLength(2);

		await simulator.api('DELETE', `/reports/${deleted.id}?version=1`);
		expect(await trigger.poll()).toBeNull();
		expect(trigger.nodeStaticData()?.seenFileIds).toEqual([storedFiles(simulator, kept.id)[0].id]);
	});

	it('skips a report deleted between the listing and its fetch', async () => {
		const deleted = await createReport(simulator, 'monthly');
		const kept = await createReport(simulator, 'monthly');
		const trigger = activate(simulator, { download: false }, { mode: 'accessToken' });
		expect(await trigger.poll()).toBeNull();
		simulator.generate(deleted.id as string);
		simulator.generate(kept.id as string);

		// Slow answers leave time to delete the report once its file list was asked for.
		simulator.setFaults({ latencyMs: 300 });
		simulator.requests.length = 0;
		const poll = trigger.poll();
		const listed = `/api/2/reports/${deleted.id}/stored`;
		while (!simulator.requests.some(({ path }) => path === listed)) await sleep(5);
		await simulator.api('DELETE', `/reports/${deleted.id}?version=1`);
		const result = await poll;
		simulator.setFaults({});

		expect(apiRequests(simulator).map(({ path }) => path)).toContain(
			`/api/2/reports/${deleted.id}`,
		);
		expect(emittedIds(result)).toEqual([storedFiles(simulator, kept.id)[0].id]);
		expect(trigger.nodeStaticData()?.seenFileIds).toEqual([storedFiles(simulator, kept.id)[0].id]);
	});

	it('fails on other errors (after its retries) without remembering anything, and emits on the next poll', async () => {
		const report = await createReport(simulator, 'monthly');
		const trigger = activate(simulator, { download: false });
		expect(await trigger.poll()).toBeNull();
		simulator.generate(report.id as string);
		const before = trigger.nodeStaticData();

		// One attempt and three retries: four 503s in a row fail the poll.
		simulator.setFaults({ serverErrors: { count: 4, status: 503 }, paths: ['/api/2/reports/'] });
		const error = await pollError(trigger.poll());
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).httpCode).toBe('503');
		expect(trigger.nodeStaticData()).toEqual(before);

		expect(emittedIds(await trigger.poll())).toEqual([storedFiles(simulator, report.id)[0].id]);
	});

	it('emits what it downloaded once the poll runs out of time, and the rest next poll', async () => {
		const report = await createReport(simulator, 'monthly', ['csv', 'html', 'json_v1']);
		const trigger = activate(simulator);
		expect(await trigger.poll()).toBeNull();
		simulator.generate(report.id as string);
		const ids = storedFiles(simulator, report.id).map(({ id }) => id);

		expect(emittedIds(await trigger.poll({ pollBudgetMs: 0 }))).toEqual([ids[0]]);
		expect(emittedIds(await trigger.poll({ pollBudgetMs: 0 }))).toEqual([ids[1]]);
		expect(emittedIds(await trigger.poll())).toEqual([ids[2]]);
		expect(await trigger.poll()).toBeNull();
	});
});

describe('files still being generated', () => {
	const slow = useSimulator({ fileDelayMs: 400 });

	it('emits a file only once it is saved', async () => {
		const report = await createReport(slow, 'monthly');
		const trigger = activate(slow);
		expect(await trigger.poll()).toBeNull();

		slow.generate(report.id as string);
		expect(storedFiles(slow, report.id)[0].status).toBe('in_progress');
		expect(await trigger.poll()).toBeNull();
		expect(trigger.nodeStaticData()?.seenFileIds).toEqual([]);

		await sleep(450);
		const [item] = items(await trigger.poll());
		const [file] = storedFiles(slow, report.id);
		expect(item.json).toMatchObject({ id: file.id, status: 'saved', report_id: report.id });
		expect(fingerprint(await readBinary(item.binary!.data))).toEqual(
			fingerprint(await slow.storedFileContent(report.id as string, file.id)),
		);
		expect(await trigger.poll()).toBeNull();
	});

	it('does not remember an in-progress file at first activation either', async () => {
		const report = await createReport(slow, 'once');
		const trigger = activate(slow, { download: false });
		expect(await trigger.poll()).toBeNull();
		expect(trigger.nodeStaticData()?.seenFileIds).toEqual([]);

		await sleep(450);
		expect(emittedIds(await trigger.poll())).toEqual([storedFiles(slow, report.id)[0].id]);
	});
});

describe('Selected Reports', () => {
	it('watches only the given reports', async () => {
		const watched = await createReport(simulator, 'monthly');
		const other = await createReport(simulator, 'monthly');
		const also = await createReport(simulator, 'monthly');
		const trigger = activate(simulator, {
			reports: 'selected',
			reportIds: `${watched.id}, ${also.id}`,
			download: false,
		});
		expect(await trigger.poll()).toBeNull();

		simulator.generate(watched.id as string);
		simulator.generate(other.id as string);
		expect(emittedIds(await trigger.poll())).toEqual([storedFiles(simulator, watched.id)[0].id]);
		expect(await trigger.poll()).toBeNull();

		const paths = apiRequests(simulator).map(({ path }) => path);
		expect(paths.some((path) => path.startsWith('/api/2/tenants/'))).toBe(false);
		expect(paths.some((path) => path.includes(String(other.id)))).toBe(false);
	});

	it('takes an array from an expression', async () => {
		const first = await createReport(simulator, 'monthly');
		const second = await createReport(simulator, 'monthly');
		const trigger = activate(simulator, {
			reports: 'selected',
			reportIds: `={{ ${JSON.stringify([first.id, second.id])} }}`,
			download: false,
		});
		expect(await trigger.poll()).toBeNull();
		simulator.generate(second.id as string);
		expect(emittedIds(await trigger.poll())).toEqual([storedFiles(simulator, second.id)[0].id]);
	});

	it('names a report that does not exist', async () => {
		const trigger = activate(simulator, {
			reports: 'selected',
			reportIds: UNKNOWN_ID,
		});
		const error = await pollError(trigger.poll());
		expect(error.message).toBe(`Report ${UNKNOWN_ID} was not found`);
		expect(trigger.nodeStaticData()).toBeUndefined();
	});

	it('starts over when the watched reports change', async () => {
		const first = await createReport(simulator, 'once');
		const second = await createReport(simulator, 'once');
		const trigger = activate(simulator, {
			reports: 'selected',
			reportIds: String(first.id),
			download: false,
		});
		expect(await trigger.poll()).toBeNull();

		const changed = activate(
			simulator,
			{ reports: 'selected', reportIds: `${first.id},${second.id}`, download: false },
			{ staticData: trigger.savedStaticData() },
		);
		expect(await changed.poll()).toBeNull();
		expect(changed.nodeStaticData()?.seenFileIds).toEqual(
			[first, second].map((report) => storedFiles(simulator, report.id)[0].id),
		);
	});
});

describe('parameters are checked before any request', () => {
	it.each([
		[
			{ reports: 'selected', reportIds: 'not-a-uuid' },
			/^Report Names or IDs must be a UUID, got "not-a-uuid"/,
		],
		[
			{
				reports: 'selected',
				reportIds: '20dffb36-d77b-45c6-b2fa-39276e98d5fc, 42',
			},
			/^Report Names or IDs \(entry 2\) must be a UUID, got "42"/,
		],
		[{ reports: 'selected', reportIds: ' , ' }, /^Report Names or IDs is empty/],
		[{ tenantId: 'tenant-1' }, /^Tenant must be a UUID/],
		[{ binaryPropertyName: ' ' }, /^Put Output File in Field is empty/],
	] as Array<[INodeParameters, RegExp]>)('%j', async (parameters, message) => {
		const trigger = activate(simulator, parameters);
		const error = await pollError(trigger.poll());
		expect(error.message).toMatch(message);
		expect(simulator.requests).toEqual([]);
		expect(trigger.nodeStaticData()).toBeUndefined();
	});
});

describe('manual mode ("Fetch Test Event")', () => {
	it('returns the newest file with its download and leaves the state alone', async () => {
		const report = await createReport(simulator, 'monthly', ['csv']);
		simulator.generate(report.id as string);
		// Within the same second the file listed last is the newest.
		simulator.generate(report.id as string);
		const newest = storedFiles(simulator, report.id)[1];

		const fresh = activate(simulator);
		const [item] = items(await fresh.poll({ mode: 'manual' }));
		expect(item.json).toMatchObject({ id: newest.id, report_id: report.id, report });
		expect(fingerprint(await readBinary(item.binary!.data))).toEqual(
			fingerprint(await simulator.storedFileContent(report.id as string, newest.id)),
		);
		expect(fresh.nodeStaticData()).toBeUndefined();

		// Active already: the test event neither emits into nor changes what it remembers.
		expect(await fresh.poll()).toBeNull();
		const state = fresh.nodeStaticData();
		expect(emittedIds(await fresh.poll({ mode: 'manual' }))).toEqual([newest.id]);
		expect(fresh.nodeStaticData()).toEqual(state);
	});

	it('says in its own words why there is no file yet, and what makes one', async () => {
		const none = await pollError(activate(simulator).poll({ mode: 'manual' }));
		expect(none.message).toBe('There is no usage report to watch yet');
		await createReport(simulator, 'monthly');
		const trigger = activate(simulator);
		const error = await pollError(trigger.poll({ mode: 'manual' }));
		expect(error.message).toBe('None of the 1 report watched has a saved file yet');
		expect((error as { description?: string }).description).toMatch(
			/Save for Download.*Generate and Download.*monthly report/,
		);
		expect(trigger.nodeStaticData()).toBeUndefined();
	});
});
