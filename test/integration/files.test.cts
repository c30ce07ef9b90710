import type { IBinaryData, IDataObject } from 'n8n-workflow';

import type { Simulator } from '../../simulator/index.cjs';
import { start } from '../../simulator/index.cjs';
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
			expect(await readBinary(binary)).toEqual(expected);
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
		expect(await readBinary(binary)).toEqual(
			await simulator.storedFileContent(report.id as string, second.id as string),
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
