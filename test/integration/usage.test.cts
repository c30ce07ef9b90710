import type { IDataObject } from 'n8n-workflow';

import type { ReportFileOptions } from '../../simulator/index.cjs';
import { start } from '../../simulator/index.cjs';
import { expectedFileRows } from '../expectedRows.cjs';
import { disposeHarness } from '../harness/index.cjs';
import {
	apiRequests,
	createThroughNode,
	outputJson,
	runNode,
	saveReportParameters,
	useSimulator,
} from './setup.cjs';

/** Usage as data: live usage and report files as rows. */
const simulator = useSimulator({ fileDelayMs: 0 });
afterAll(disposeHarness);

/** The columns of a live usage row, in the order the output table shows them (README). */
const LIVE_USAGE_COLUMNS = [
	'tenant_name',
	'tenant_kind',
	'offering_item',
	'edition',
	'value',
	'absolute_value',
	'unit',
	'quota',
	'overage',
	'enabled',
	'usage_name',
	'type',
	'range_start',
	'tenant_id',
	'application_id',
	'infra_id',
];

/**
 * The live usage rows of these tenants as the README describes them, from the simulator's
 * answer: each entry of each tenant, in order, its figures and names under the README's columns.
 */
function expectLiveUsageRows(rows: IDataObject[], tenantIds: string[]): void {
	const entries = tenantIds.flatMap((id) =>
		simulator.liveUsage(id).map((entry) => ({ id, entry })),
	);
	expect(rows).toHaveLength(entries.length);
	rows.forEach((row, index) => {
		const { id, entry } = entries[index];
		const tenant = simulator.tenants().find((candidate) => candidate.id === id)!;
		expect(Object.keys(row)).toEqual(LIVE_USAGE_COLUMNS);
		expect(row).toEqual({
			tenant_name: tenant.name,
			tenant_kind: tenant.kind,
			offering_item: entry.name,
			edition: entry.edition,
			value: entry.value,
			absolute_value: entry.absolute_value,
			unit: entry.measurement_unit,
			quota: entry.offering_item?.quota?.value ?? null,
			overage: entry.offering_item?.quota?.overage ?? null,
			enabled: entry.offering_item?.status === 1,
			usage_name: entry.usage_name,
			type: entry.type,
			range_start: entry.range_start,
			tenant_id: id,
			application_id: entry.application_id,
			infra_id: entry.infra_id ?? null,
		});
	});
}

describe('Get Live Usage', () => {
	it.each(['apiClient', 'accessToken'] as const)(
		"gives the credential's own tenant's usage, one item per entry (%s)",
		async (mode) => {
			const result = await runNode(simulator, { operation: 'getLiveUsage' }, { mode });
			const { tenantId } = simulator.credentials;
			expectLiveUsageRows(outputJson(result), [tenantId]);
			const usageRequests = apiRequests(simulator).filter(({ path }) => path.endsWith('/usages'));
			expect(usageRequests.map(({ path }) => path)).toEqual([`/api/2/tenants/${tenantId}/usages`]);
		},
	);

	it('gives several tenants’ usage from one batch request, in the order asked', async () => {
		const tenantIds = [simulator.childTenantIds[1], simulator.childTenantIds[0]];
		const result = await runNode(simulator, { operation: 'getLiveUsage', tenantIds });
		expectLiveUsageRows(outputJson(result), tenantIds);
		const usageRequests = apiRequests(simulator).filter(({ path }) => path.endsWith('/usages'));
		expect(usageRequests.map(({ path, query }) => [path, query.tenants])).toEqual([
			['/api/2/tenants/usages', tenantIds.join(',')],
		]);
	});

	it('asks for a tenant the batch answer leaves out on its own: none goes missing', async () => {
		const [first, second, third] = simulator.childTenantIds;
		simulator.setFaults({ leftOutOfUsageBatches: [second] });
		const tenantIds = [first, second, third];
		const result = await runNode(simulator, { operation: 'getLiveUsage', tenantIds });
		expectLiveUsageRows(outputJson(result), tenantIds);
		const usageRequests = apiRequests(simulator).filter(({ path }) => path.endsWith('/usages'));
		expect(usageRequests.map(({ path }) => path)).toEqual([
			'/api/2/tenants/usages',
			`/api/2/tenants/${second}/usages`,
		]);
	});

	it('takes tenants from an expression, and leaves out what the filters say', async () => {
		const [first, second] = simulator.childTenantIds;
		const result = await runNode(
			simulator,
			{
				operation: 'getLiveUsage',
				tenantIds: '={{ $json.tenants }}',
				options: { usageNames: 'storage, workstations' },
			},
			{ items: [{ tenants: `${first}, ${second}` }] },
		);
		const rows = outputJson(result);
		expect(rows.length).toBeGreaterThan(0);
		expect(new Set(rows.map((row) => row.usage_name))).toEqual(
			new Set(
				[first, second]
					.flatMap((id) => simulator.liveUsage(id))
					.map((entry) => entry.usage_name)
					.filter((name) => ['storage', 'workstations'].includes(name)),
			),
		);
		const [request] = apiRequests(simulator).filter(({ path }) => path.endsWith('/usages'));
		expect(request.query.usage_names).toBe('storage,workstations');
	});

	it('refuses a tenant given by a name no tenant has, before any usage request', async () => {
		const result = await runNode(simulator, { operation: 'getLiveUsage', tenantIds: 'acme' });
		expect(result.error?.message).toBe(
			'No tenant is named "acme" at or below Northwind IT Services',
		);
		expect(apiRequests(simulator).filter(({ path }) => path.includes('usages'))).toEqual([]);
	});

	it('brings the API’s refusal of a tenant outside the credential’s tree', async () => {
		const result = await runNode(
			simulator,
			{ operation: 'getLiveUsage', tenantIds: [simulator.foreignTenantId] },
			{ continueOnFail: true },
		);
		expect(outputJson(result)[0]).toMatchObject({ details: { httpCode: '403', code: '1002' } });
	});
});

/** The stored files of the one report the run created. */
function onlyReportFiles() {
	const [{ report, stored }] = simulator.reports();
	return stored.map((file) => ({
		reportId: report.id,
		storedFileId: file.id,
		format: file.report_format,
	}));
}

/** What the node must give for a stored file of the simulator, row for row. */
function expectedRowsOf(file: { reportId: string; storedFileId: string }): IDataObject[] {
	return expectedFileRows(simulator, file.reportId, file.storedFileId);
}

/** Generate and Download's rows of a report with user accounts and SKUs, from `rowFormat`. */
async function accountRows(rowFormat: string): Promise<IDataObject[]> {
	const parameters = {
		operation: 'generateAndDownload',
		output: 'rows',
		rowFormat,
		level: 'accounts',
		options: { showSkus: true },
	};
	return outputJson(await runNode(simulator, parameters, { typeVersion: 1.1 }));
}

describe('Rows', () => {
	it('gives last month as rows from a node added today with only a credential: the file, row for row', async () => {
		const result = await runNode(simulator, {}, { typeVersion: 1.1 });
		const [file] = onlyReportFiles();
		expect(file.format).toBe('csv_v2_0');
		const expected = expectedRowsOf(file);
		expect(expected.length).toBeGreaterThan(0);
		expect(outputJson(result)).toEqual(expected);
		expect(result.outputOf('Acronis Usage Report').every((item) => item.binary === undefined)).toBe(
			true,
		);
	});

	it.each<[string, ReportFileOptions]>([
		['as in Acronis’s sample', {}],
		['with a byte order mark and CRLF', { csvByteOrderMark: true, csvLineEnding: '\r\n' }],
		[
			'with period columns and the generation day as date',
			{ csvPeriodColumns: true, csvDate: 'generationDay' },
		],
		['with rows of user accounts', { userRows: true }],
	])('reads every value of a csv_v2_0 file written %s', async (_, layout) => {
		simulator.setReportFiles(layout);
		const rows = await accountRows('csv_v2_0');
		const [file] = onlyReportFiles();
		expect(rows).toEqual(expectedRowsOf(file));
		expect(rows.some((row) => typeof row.pricing_price === 'number')).toBe(true);
		expect(rows.some((row) => (row.usage_delta_total as number) < 0)).toBe(true);
		expect(new Set(rows.map((row) => row.is_range))).toEqual(new Set([true, false]));
		if (layout.userRows) expect(rows.some((row) => row.user_login !== null)).toBe(true);
	});

	it('reads every figure of a json_v2_0 file as Acronis documents it, with the tenants’ names', async () => {
		simulator.setReportFiles({ userRows: true });
		const rows = await accountRows('json_v2_0');
		const [file] = onlyReportFiles();
		expect(rows).toEqual(expectedRowsOf(file));
		expect(rows.every((row) => typeof row.value === 'number')).toBe(true);
		expect(rows.some((row) => (row.value as number) > 0)).toBe(true);
		expect(rows.every((row) => typeof row.tenant_name === 'string')).toBe(true);
	});

	it('looks the tenants of a json_v2_0 file up a hundred per request, each once', async () => {
		const large = await start({ port: 0, fileDelayMs: 0, extraCustomers: 150 });
		try {
			const result = await runNode(
				large,
				{
					operation: 'generateAndDownload',
					output: 'rows',
					rowFormat: 'json_v2_0',
					level: 'all_customers',
				},
				{ typeVersion: 1.1 },
			);
			const rows = outputJson(result);
			const [{ report, stored }] = large.reports();
			expect(rows).toEqual(expectedFileRows(large, report.id, stored[0].id));
			const tenants = new Set(rows.map((row) => row.tenant_id));
			expect(tenants.size).toBeGreaterThan(200);
			const lookups = large.requests.filter(
				(request) => request.path === '/api/2/tenants' && request.query.uuids !== undefined,
			);
			const asked = lookups.flatMap((request) => request.query.uuids.split(','));
			expect(lookups).toHaveLength(Math.ceil(tenants.size / 100));
			expect(asked.sort()).toEqual([...tenants].sort());
		} finally {
			await large.close();
		}
	});

	it('reads Download File’s rows from one format when the report has both, and from a file by its id', async () => {
		const report = await createThroughNode(
			simulator,
			saveReportParameters(['json_v2_0', 'csv_v2_0', 'html']),
		);
		const files = onlyReportFiles();
		const csv = files.find((file) => file.format === 'csv_v2_0')!;
		const json = files.find((file) => file.format === 'json_v2_0')!;
		const rows = outputJson(
			await runNode(
				simulator,
				{ operation: 'download', reportId: report.id as string, output: 'rows' },
				{ typeVersion: 1.1 },
			),
		);
		expect(rows).toEqual(expectedRowsOf(csv));
		const fromJson = outputJson(
			await runNode(
				simulator,
				{
					operation: 'download',
					reportId: report.id as string,
					storedFileId: json.storedFileId,
					output: 'rows',
				},
				{ typeVersion: 1.1 },
			),
		);
		expect(fromJson).toEqual(expectedRowsOf(json));
	});

	it('gives the rows of each month of a monthly report that month as their period', async () => {
		simulator.setClock({ today: '2026-10-02' });
		const report = await createThroughNode(simulator, {
			...saveReportParameters(['csv_v2_0']),
			scheduleType: 'monthly',
			period: 'none',
		});
		const reportId = report.id as string;
		simulator.generate(reportId);
		simulator.setClock({ today: '2026-11-02' });
		simulator.generate(reportId);
		const rows = outputJson(
			await runNode(
				simulator,
				{ operation: 'download', reportId, output: 'rows' },
				{ typeVersion: 1.1 },
			),
		);
		const stored = simulator.reports()[0].stored;
		expect(rows).toEqual(
			stored.flatMap((file) => expectedRowsOf({ reportId, storedFileId: file.id })),
		);
		expect(new Set(rows.map((row) => `${row.period_start} ${row.period_end}`))).toEqual(
			new Set(['2026-09-01 2026-09-30', '2026-10-01 2026-10-31']),
		);
	});

	it('says plainly that a report for people has no rows, and what to do', async () => {
		const report = await createThroughNode(simulator, saveReportParameters(['csv', 'html']));
		const result = await runNode(
			simulator,
			{ operation: 'download', reportId: report.id as string, output: 'rows' },
			{ typeVersion: 1.1 },
		);
		expect(result.error?.message).toBe(
			`The csv file of report ${report.id as string} has no rows to read`,
		);
		expect(result.error?.description).toMatch(
			/CSV \(Version 2\.0\) and JSON \(Version 2\.0\).*set Output to File/,
		);
	});
});
