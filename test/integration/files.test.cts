import type { IBinaryData, IDataObject } from 'n8n-workflow';

import type { Simulator } from '../../simulator/index.cjs';
import { start } from '../../simulator/index.cjs';
import { expectedFileRows } from '../expectedRows.cjs';
import { fingerprint } from '../fingerprint.cjs';
import { disposeHarness, readBinary } from '../harness/index.cjs';
import {
	apiRequests,
	createThroughNode,
	NODE_NAME,
	outputJson,
	runNode,
	saveReportParameters,
	useSimulator,
} from './setup.cjs';

const simulator = useSimulator();
/** Files take 3 s to generate here: for waiting and for timing out. */
const slowSimulator = useSimulator({ fileDelayMs: 3000 });
afterAll(disposeHarness);

const createSaved = (sim: Simulator, formats = ['csv']): Promise<IDataObject> =>
	createThroughNode(sim, saveReportParameters(formats));

describe('List Files', () => {
	it('outputs one item per stored file', async () => {
		const report = await createSaved(simulator, ['csv', 'json_v2_0']);
		const files = outputJson(
			await runNode(simulator, { operation: 'getFiles', reportId: report.id as string }),
		);
		expect(files.map((file) => file.report_format).sort()).toEqual(['csv', 'json_v2_0']);
		for (const file of files) {
			expect(file).toMatchObject({ report_id: report.id, status: 'saved' });
			expect(Object.keys(file).sort()).toEqual([
				'created_at',
				'id',
				'report_format',
				'report_id',
				'size',
				'status',
			]);
		}
	});
});

describe('Download File', () => {
	it('waits until the file is saved and outputs it as binary data, intact', async () => {
		const report = await createSaved(slowSimulator, ['csv', 'html']);
		const result = await runNode(slowSimulator, {
			operation: 'download',
			reportId: report.id as string,
			binaryPropertyName: 'report',
			options: { waitTimeout: 30 },
		});
		const items = result.outputOf(NODE_NAME);
		expect(items).toHaveLength(2);
		for (const item of items) {
			const binary = item.binary!.report as IBinaryData;
			const format = item.json.report_format as string;
			const expected = await slowSimulator.storedFileContent(
				report.id as string,
				item.json.id as string,
			);
			expect(fingerprint(await readBinary(binary))).toEqual(fingerprint(expected));
			const parameters = report.parameters as { period: { start: string; end: string } };
			expect(binary.fileName).toBe(
				`acronis-usage_summary-${slowSimulator.credentials.tenantId.slice(0, 8)}-${parameters.period.start}_${parameters.period.end}.${format}`,
			);
			expect(binary.mimeType).toBe(format === 'csv' ? 'text/csv' : 'text/html');
			expect(item.json.file_name).toBe(binary.fileName);
			expect(item.pairedItem).toEqual({ item: 0 });
		}
		const polls = apiRequests(slowSimulator).filter((r) => r.path.endsWith('/stored'));
		expect(polls.length).toBeGreaterThan(1); // it did wait
	});

	it('downloads one file by its id', async () => {
		const report = await createSaved(simulator, ['csv', 'json_v2_0']);
		const [, second] = outputJson(
			await runNode(simulator, { operation: 'getFiles', reportId: report.id as string }),
		);
		const result = await runNode(simulator, {
			operation: 'download',
			reportId: report.id as string,
			storedFileId: second.id as string,
		});
		const [item] = result.outputOf(NODE_NAME);
		expect(item.json.id).toBe(second.id);
		const binary = item.binary!.data as IBinaryData;
		expect(fingerprint(await readBinary(binary))).toEqual(
			fingerprint(await simulator.storedFileContent(report.id as string, second.id as string)),
		);
		const extension = second.report_format === 'csv' ? 'csv' : 'json';
		expect(binary.fileExtension).toBe(extension);
		expect(binary.fileName).toMatch(new RegExp(`\\.${extension}$`));
	});

	it('times out with a clear message', async () => {
		const report = await createSaved(slowSimulator);
		const result = await runNode(slowSimulator, {
			operation: 'download',
			reportId: report.id as string,
			options: { waitTimeout: 1 },
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('The report file was not ready within 1 second');
		expect(result.error?.description).toMatch(/csv in_progress.*Wait Timeout/);
	});

	it('refuses a file not saved yet when told not to wait', async () => {
		const report = await createSaved(slowSimulator);
		const result = await runNode(slowSimulator, {
			operation: 'download',
			reportId: report.id as string,
			options: { waitTimeout: 0 },
		});
		expect(result.error?.message).toMatch(/is in_progress, not saved/);
	});

	it('refuses a Wait Timeout of 0 in Generate and Download before it creates a report', async () => {
		const result = await runNode(
			slowSimulator,
			{ operation: 'generateAndDownload', waitTimeout: '={{ 0 }}' },
			{ typeVersion: 1.2 },
		);
		expect(result.error?.message).toBe('Wait Timeout (Seconds) must be at least 1 here, got 0');
		expect(slowSimulator.requests.filter(({ method }) => method === 'POST')).toEqual([]);
	});

	it('brings a 5 MB file across intact', async () => {
		const big = await start({ port: 0, fileDelayMs: 0, storedFileMinBytes: 5 * 1024 * 1024 });
		try {
			const report = await createSaved(big, ['csv']);
			const result = await runNode(big, { operation: 'download', reportId: report.id as string });
			const [item] = result.outputOf(NODE_NAME);
			const content = await readBinary(item.binary!.data as IBinaryData);
			expect(content.length).toBeGreaterThanOrEqual(5 * 1024 * 1024);
			expect(
				content.equals(await big.storedFileContent(report.id as string, item.json.id as string)),
			).toBe(true);
		} finally {
			await big.close();
		}
	});
});

describe('Generate and Download', () => {
	it('creates a one-time saved report, waits for its files and outputs each', async () => {
		const result = await runNode(slowSimulator, {
			operation: 'generateAndDownload',
			kind: 'usage_daily',
			level: 'direct_partners',
			period: 'previousMonth',
			formats: ['csv_v2_0', 'json_v2_0'],
			waitTimeout: 30,
		});
		const [create] = apiRequests(slowSimulator).filter((r) => r.method === 'POST');
		expect(create.body).toMatchObject({
			result_action: 'save',
			schedule: { type: 'once' },
			parameters: { kind: 'usage_daily', formats: ['csv_v2_0', 'json_v2_0'] },
		});
		expect(create.body).not.toHaveProperty('recipients');
		// Generated on the data center's today: a day worked out here could be its tomorrow.
		expect(create.body).not.toHaveProperty('generation_date');
		const items = result.outputOf(NODE_NAME);
		expect(items.map((item) => item.json.report_format).sort()).toEqual(['csv_v2_0', 'json_v2_0']);
		const json = items.find((item) => item.json.report_format === 'json_v2_0')!;
		const parsed = JSON.parse(
			(await readBinary(json.binary!.data as IBinaryData)).toString('utf8'),
		);
		expect(parsed).toHaveProperty('tenants');
		expect(json.binary!.data.mimeType).toBe('application/json');
	});
});

describe('a report file as the data center may send it', () => {
	it.each(['gzip', 'raw-gzip', 'plain'] as const)(
		'%s: Download File gives the file itself, and reads its rows',
		async (encoding) => {
			simulator.setReportFiles({ encoding });
			const report = await createSaved(simulator, ['csv_v2_0']);
			const reportId = report.id as string;
			const [item] = (await runNode(simulator, { operation: 'download', reportId })).outputOf(
				NODE_NAME,
			);
			const content = await simulator.storedFileContent(reportId, item.json.id as string);
			expect((await readBinary(item.binary!.data as IBinaryData)).equals(content)).toBe(true);
			const rows = outputJson(
				await runNode(
					simulator,
					{ operation: 'download', reportId, output: 'rows' },
					{ typeVersion: 1.1 },
				),
			);
			expect(rows).toEqual(expectedFileRows(simulator, reportId, item.json.id as string));
			const downloads = apiRequests(simulator).filter((r) => r.path.includes('/stored/'));
			expect(downloads.map((r) => r.status)).toEqual([200, 200]);
		},
	);
});

describe('a file the data center failed to generate', () => {
	async function reportWithFailedHtml(): Promise<string> {
		simulator.setFaults({ failedFiles: { count: 1, formats: ['html'] } });
		const report = await createSaved(simulator, ['csv', 'html', 'csv_v2_0']);
		return report.id as string;
	}

	it('is an item of its own beside the files that were saved', async () => {
		const reportId = await reportWithFailedHtml();
		const items = (await runNode(simulator, { operation: 'download', reportId })).outputOf(
			NODE_NAME,
		);
		expect(items.map((item) => [item.json.report_format, item.binary !== undefined])).toEqual([
			['csv', true],
			['csv_v2_0', true],
			['html', false],
		]);
		const failed = items[2];
		expect(failed.json).toMatchObject({
			status: 'failed',
			report_id: reportId,
			error: `The data center failed to generate the html file of report ${reportId}`,
		});
		expect(failed.json.description).toMatch(/other files are not affected/);
		expect(failed.pairedItem).toEqual({ item: 0 });
	});

	it('goes to the error output with Continue (using error output), the saved files to the other', async () => {
		const reportId = await reportWithFailedHtml();
		const result = await runNode(
			simulator,
			{ operation: 'download', reportId },
			{ continueOnFail: 'errorOutput' },
		);
		const saved = result.outputOf(NODE_NAME, 0);
		const errors = result.outputOf(NODE_NAME, 1);
		expect(saved.map((item) => item.json.report_format)).toEqual(['csv', 'csv_v2_0']);
		expect(errors).toHaveLength(1);
		expect(errors[0].json).toMatchObject({
			error: `The data center failed to generate the html file of report ${reportId}`,
			details: { report_id: reportId, report_format: 'html', status: 'failed' },
		});
	});

	it('stops rows, whose sums would miss its lines; with Continue, the others’ rows and an error', async () => {
		simulator.setFaults({ failedFiles: { count: 1, formats: ['csv_v2_0'] } });
		const report = await createThroughNode(simulator, {
			...saveReportParameters(['csv_v2_0']),
			scheduleType: 'monthly',
			period: 'none',
		});
		const reportId = report.id as string;
		simulator.generate(reportId);
		simulator.generate(reportId);
		const [failed, saved] = simulator.reports()[0].stored;
		expect([failed.status, saved.status]).toEqual(['failed', 'saved']);
		const parameters = { operation: 'download', reportId, output: 'rows' };
		const stopped = await runNode(simulator, parameters, { typeVersion: 1.1 });
		expect(stopped.error?.message).toBe(
			`The data center failed to generate the csv_v2_0 file of report ${reportId}`,
		);
		const continued = outputJson(
			await runNode(simulator, parameters, { typeVersion: 1.1, continueOnFail: true }),
		);
		const rows = expectedFileRows(simulator, reportId, saved.id);
		expect(continued.slice(0, -1)).toEqual(rows);
		expect(continued[continued.length - 1]).toMatchObject({
			error: `The data center failed to generate the csv_v2_0 file of report ${reportId}`,
			details: { id: failed.id, status: 'failed' },
		});
	});

	it('fails the item when it is the one file asked for, or the only one', async () => {
		simulator.setFaults({ failedFiles: { count: 1 } });
		const result = await runNode(
			simulator,
			{ operation: 'generateAndDownload', output: 'rows', rowFormat: 'csv_v2_0' },
			{ typeVersion: 1.1 },
		);
		expect(result.error?.message).toMatch(/^The data center failed to generate the csv_v2_0 file/);
	});
});

describe('a report with no file on its way', () => {
	const report = async (body: Record<string, unknown>) =>
		(await simulator.api('POST', '/reports', {
			parameters: {
				kind: 'usage_summary',
				tenant_id: simulator.credentials.tenantId,
				level: 'direct_partners',
				formats: ['csv_v2_0'],
			},
			...body,
		})) as IDataObject;

	it.each([
		[
			'a monthly report before its first run',
			{ schedule: { type: 'monthly' }, result_action: 'save' },
			(id: string, due: string) =>
				`Monthly report ${id} has no file yet: its first file is due on ${due}`,
		],
		[
			'a one-time report dated later',
			{ schedule: { type: 'once' }, generation_date: '2999-01-04', result_action: 'save' },
			(id: string) => `One-time report ${id} has no file yet: it is due on 2999-01-04`,
		],
		[
			'a report sent by email',
			{
				schedule: { type: 'monthly' },
				result_action: 'send',
				recipients: ['ca451758-b48a-45d9-9ae6-8f1059f67619'],
			},
			(id: string) => `Report ${id} is sent by email: the data center keeps no files of it`,
		],
	])('Download File on %s says what it waits for at once', async (_, body, message) => {
		const made = await report(body);
		const started = Date.now();
		const result = await runNode(
			simulator,
			{ operation: 'download', reportId: made.id as string },
			{ typeVersion: 1.2 },
		);
		expect(Date.now() - started).toBeLessThan(5000);
		expect(result.error?.message).toBe(message(made.id as string, made.generation_date as string));
		expect(result.error?.description).toMatch(/Generate and Download makes a report now/);
		const listings = apiRequests(simulator).filter((r) => r.path.endsWith('/stored'));
		expect(listings).toHaveLength(1);
	});

	it('List Files on it says so beside the empty output', async () => {
		const made = await report({ schedule: { type: 'monthly' }, result_action: 'save' });
		const result = await runNode(simulator, { operation: 'getFiles', reportId: made.id as string });
		expect(result.outputOf(NODE_NAME)).toEqual([]);
		expect(result.runData[NODE_NAME][0].hints).toEqual([
			{
				message: `Monthly report ${made.id as string} has no file yet: its first file is due on ${made.generation_date as string}`,
				location: 'outputPane',
			},
		]);
	});
});
