import type { IDataObject } from 'n8n-workflow';

import type { UsageOutput } from '../../simulator/index.cjs';
import { expectedUsageRow } from '../expectedRows.cjs';
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

/** A live usage entry as the node outputs it, from the simulator's own answer. */
function expectedRow(tenantId: string, entry: UsageOutput): IDataObject {
	const tenant = simulator.tenants().find(({ id }) => id === tenantId)!;
	return {
		tenant_id: tenantId,
		tenant_name: tenant.name,
		tenant_kind: tenant.kind,
		offering_item: entry.name,
		usage_name: entry.usage_name,
		edition: entry.edition,
		type: entry.type,
		unit: entry.measurement_unit,
		value: entry.value,
		absolute_value: entry.absolute_value ?? null,
		quota: entry.offering_item?.quota?.value ?? null,
		overage: entry.offering_item?.quota?.overage ?? null,
		enabled: entry.offering_item === undefined ? null : entry.offering_item.status === 1,
		range_start: entry.range_start,
		application_id: entry.application_id,
		infra_id: entry.infra_id ?? null,
	};
}

describe('Get Live Usage', () => {
	it.each(['apiClient', 'accessToken'] as const)(
		"gives the credential's own tenant's usage, one item per entry (%s)",
		async (mode) => {
			const result = await runNode(simulator, { operation: 'getLiveUsage' }, { mode });
			const { tenantId } = simulator.credentials;
			expect(outputJson(result)).toEqual(
				simulator.liveUsage(tenantId).map((entry) => expectedRow(tenantId, entry)),
			);
			const usageRequests = apiRequests(simulator).filter(({ path }) => path.endsWith('/usages'));
			expect(usageRequests.map(({ path }) => path)).toEqual([`/api/2/tenants/${tenantId}/usages`]);
		},
	);

	it('gives several tenants’ usage from one batch request, in the order asked', async () => {
		const tenantIds = [simulator.childTenantIds[1], simulator.childTenantIds[0]];
		const result = await runNode(simulator, { operation: 'getLiveUsage', tenantIds });
		expect(outputJson(result)).toEqual(
			tenantIds.flatMap((id) => simulator.liveUsage(id).map((entry) => expectedRow(id, entry))),
		);
		const usageRequests = apiRequests(simulator).filter(({ path }) => path.endsWith('/usages'));
		expect(usageRequests.map(({ path, query }) => [path, query.tenants])).toEqual([
			['/api/2/tenants/usages', tenantIds.join(',')],
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

	it('refuses a tenant that is not a UUID before any request', async () => {
		const result = await runNode(simulator, { operation: 'getLiveUsage', tenantIds: 'acme' });
		expect(result.error?.message).toBe('Tenant Names or IDs must be a UUID, got "acme"');
		expect(simulator.requests).toEqual([]);
	});

	it('brings the API’s refusal of a tenant outside the credential’s tree', async () => {
		const result = await runNode(
			simulator,
			{ operation: 'getLiveUsage', tenantIds: [simulator.foreignTenantId] },
			{ continueOnFail: true },
		);
		expect(outputJson(result)[0]).toMatchObject({ httpCode: '403', code: '1002' });
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

describe('Rows', () => {
	it('gives last month as rows from a node added today with only a credential: the file, row for row', async () => {
		const result = await runNode(simulator, {}, { typeVersion: 1.1 });
		const [file] = onlyReportFiles();
		expect(file.format).toBe('csv_v2_0');
		const truth = simulator.reportUsage(file.reportId, file.storedFileId);
		expect(truth.length).toBeGreaterThan(0);
		expect(outputJson(result)).toEqual(truth.map((record) => expectedUsageRow(record, file)));
		expect(result.outputOf('Acronis Usage Report').every((item) => item.binary === undefined)).toBe(
			true,
		);
	});

	it('reads the same rows from JSON (Version 2.0), with the SKUs of a report that shows them', async () => {
		const result = await runNode(
			simulator,
			{
				operation: 'generateAndDownload',
				output: 'rows',
				rowFormat: 'json_v2_0',
				level: 'accounts',
				options: { showSkus: true },
			},
			{ typeVersion: 1.1 },
		);
		const [file] = onlyReportFiles();
		const truth = simulator.reportUsage(file.reportId, file.storedFileId);
		expect(truth.some((record) => record.sku !== undefined && record.user !== undefined)).toBe(
			true,
		);
		const rows = outputJson(result);
		// json_v2_0 also carries the tenant's API v1 number.
		expect(rows.map(({ tenant_legacy_id: _, ...row }) => row)).toEqual(
			truth.map((record) => expectedUsageRow(record, file)),
		);
		for (const row of rows) expect(typeof row.tenant_legacy_id).toBe('number');
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
		expect(rows).toEqual(
			simulator
				.reportUsage(csv.reportId, csv.storedFileId)
				.map((record) => expectedUsageRow(record, csv)),
		);
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
		expect(fromJson).toHaveLength(rows.length);
		expect(fromJson[0].stored_file_id).toBe(json.storedFileId);
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
