import type { IDataObject, INode, INodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { operations } from '../../nodes/AcronisUsageReport/actions/operations';
import { AcronisUsageReport } from '../../nodes/AcronisUsageReport/AcronisUsageReport.node';
import type { UsageRecord } from '../../simulator/index.cjs';
import { expectedFileRows } from '../expectedRows.cjs';
import { disposeHarness } from '../harness/index.cjs';
import {
	asTool,
	createThroughNode,
	outputJson,
	runNode,
	saveReportParameters,
	useSimulator,
} from './setup.cjs';

/**
 * Answers that fit a question: rows narrowed to some tenants, offering items or editions, and
 * summed per tenant and offering item; and the node as an AI tool, which says what it does and
 * never answers with more than it may.
 */
const simulator = useSimulator({ fileDelayMs: 0 });
afterAll(disposeHarness);

const generateRows = (rowOptions: Record<string, string | boolean>) =>
	runNode(
		simulator,
		{
			operation: 'generateAndDownload',
			output: 'rows',
			rowFormat: 'csv_v2_0',
			level: 'all_customers',
			rowOptions,
		},
		{ typeVersion: 1.2 },
	);

/** The one file the run generated, and the simulator's own record of its lines. */
function generatedFile(): { rows: IDataObject[]; records: UsageRecord[] } {
	const [{ report, stored }] = simulator.reports();
	const file = stored.find(({ report_format }) => report_format === 'csv_v2_0')!;
	return {
		rows: expectedFileRows(simulator, report.id, file.id),
		records: simulator.reportUsage(report.id, file.id),
	};
}

/** Sums per tenant and offering item worked out from the records, in order of first line. */
function sumsOf(records: UsageRecord[]) {
	const sums = new Map<
		string,
		{ tenant: string; item: string; absolute: number; delta: number; lines: number }
	>();
	for (const record of records) {
		const key = `${record.tenant.id}|${record.offeringItem}`;
		const sum = sums.get(key) ?? {
			tenant: record.tenant.name,
			item: record.offeringItem,
			absolute: 0,
			delta: 0,
			lines: 0,
		};
		sum.absolute += record.absolute.total;
		sum.delta += record.delta.total;
		sum.lines += 1;
		sums.set(key, sum);
	}
	return [...sums.values()];
}

describe('Rows narrowed', () => {
	it('to some tenants and offering items: exactly their lines of the file', async () => {
		const result = await generateRows({
			onlyTenants: 'contoso dental clinic; Tailspin Bakery',
			onlyOfferingItems: 'storage, workstations',
		});
		const { rows } = generatedFile();
		const expected = rows.filter(
			(row) =>
				['Contoso Dental Clinic', 'Tailspin Bakery'].includes(row.tenant_name as string) &&
				['storage', 'workstations'].includes(row.offering_item as string),
		);
		expect(expected.length).toBeGreaterThan(1);
		expect(outputJson(result)).toEqual(expected);
	});

	it('to an edition, and to a tenant by its customer ID', async () => {
		const tailspin = simulator.tenants().find(({ name }) => name === 'Tailspin Bakery')!;
		const result = await generateRows({
			onlyTenants: tailspin.customerId!,
			onlyEditions: 'standard',
		});
		const { rows } = generatedFile();
		const expected = rows.filter(
			(row) => row.tenant_id === tailspin.id && row.edition === 'standard',
		);
		expect(expected.length).toBeGreaterThan(0);
		expect(outputJson(result)).toEqual(expected);
	});
});

describe('Rows summed per tenant and offering item', () => {
	it('gives one row per tenant and offering item, its figures the sums of its lines', async () => {
		const result = await generateRows({ sumPerTenant: true });
		const { records } = generatedFile();
		const expected = sumsOf(records);
		const rows = outputJson(result);
		expect(rows.map((row) => [row.tenant_name, row.offering_item])).toEqual(
			expected.map(({ tenant, item }) => [tenant, item]),
		);
		rows.forEach((row, index) => {
			expect(row.usage_absolute_total).toBeCloseTo(expected[index].absolute, 6);
			expect(row.usage_delta_total).toBeCloseTo(expected[index].delta, 6);
			expect(row.lines).toBe(expected[index].lines);
		});
		expect(Object.keys(rows[0]).slice(0, 4)).toEqual([
			'tenant_name',
			'tenant_kind',
			'offering_item',
			'editions',
		]);
	});

	it('in Get Live Usage: value and absolute_value summed per tenant and offering item', async () => {
		const tenantId = simulator.childTenantIds[0];
		const result = await runNode(simulator, {
			operation: 'getLiveUsage',
			tenantIds: [tenantId],
			options: { sumPerTenant: true, onlyOfferingItems: 'storage' },
		});
		const entries = simulator.liveUsage(tenantId).filter(({ name }) => name === 'storage');
		expect(entries.length).toBeGreaterThan(0);
		expect(outputJson(result)).toEqual([
			expect.objectContaining({
				offering_item: 'storage',
				value: entries.reduce((total, entry) => total + entry.value, 0),
				lines: entries.length,
				tenant_id: tenantId,
			}),
		]);
	});
});

describe('as an AI tool', () => {
	const tool = asTool(new AcronisUsageReport() as INodeType);

	it('tells the model what each operation takes and returns, never that it starts workflows', () => {
		for (const [operation, { toolDescription }] of Object.entries(operations)) {
			const node: INode = {
				id: 't',
				name: 'Tool',
				type: `n8n-nodes-acronis.${tool.description.name}`,
				typeVersion: 1.2,
				position: [0, 0],
				parameters: { operation },
			};
			// n8n fills in the fields the tool shows, then describes it from them.
			node.parameters = NodeHelpers.getNodeParameters(
				tool.description.properties,
				node.parameters,
				true,
				false,
				node,
				tool.description,
			)!;
			const described = NodeHelpers.getToolDescriptionForNode(node, tool);
			expect(described).toBe(toolDescription);
			expect(described).not.toMatch(/starts? workflows|trigger/i);
		}
		expect(operations.getLiveUsage.toolDescription).toMatch(/unit \(bytes/);
		expect(operations.generateAndDownload.toolDescription).toMatch(/YYYY-MM-DD/);
	});

	it('lets the model fill the choices a question needs, as text the node checks', async () => {
		const kindShown = tool.description.properties.filter(({ name }) => name === 'kind');
		expect(new Set(kindShown.map(({ type }) => type))).toEqual(new Set(['options', 'string']));
		const run = (kind: string) =>
			runNode(
				simulator,
				{ operation: 'generateAndDownload', output: 'rows', kind, period: 'previousMonth' },
				{ typeVersion: 1.2, tool: true },
			);
		const daily = await run('usage_daily');
		expect(daily.error).toBeUndefined();
		expect(simulator.reports()[0].report.parameters).toMatchObject({ kind: 'usage_daily' });
		const wrong = await run('daily');
		expect(wrong.error?.message).toBe(
			'Kind must be one of usage_summary, usage_daily, usage_current, usage_breakdown, got "daily"',
		);
	});

	it('answers with at most Answer Limit characters, and says what it left out', async () => {
		const parameters = { operation: 'generateAndDownload', output: 'rows', level: 'all_customers' };
		const whole = outputJson(await runNode(simulator, parameters, { typeVersion: 1.2 }));
		const cut = outputJson(
			await runNode(
				simulator,
				{ ...parameters, answerLimit: 3000 },
				{ typeVersion: 1.2, tool: true },
			),
		);
		const kept = cut.slice(0, -1);
		expect(kept.length).toBeGreaterThan(0);
		expect(JSON.stringify(kept).length).toBeLessThanOrEqual(3000);
		// Two runs, two reports: the same lines under other report and file ids.
		const lines = (rows: IDataObject[]) =>
			rows.map(({ report_id: _report, stored_file_id: _file, ...line }) => line);
		expect(lines(kept)).toEqual(lines(whole.slice(0, kept.length)));
		expect(cut[cut.length - 1]).toEqual({
			answer_cut: expect.stringContaining(
				`Only the first ${kept.length} of ${whole.length} items fit in the 3000 characters`,
			),
		});
		expect(cut[cut.length - 1].answer_cut).toContain('Sum per Tenant and Offering Item');
		// Narrowed to one tenant, the question fits in a small answer.
		const narrowed = outputJson(
			await runNode(
				simulator,
				{
					...parameters,
					answerLimit: 20000,
					rowOptions: { onlyTenants: 'Contoso Dental Clinic' },
				},
				{ typeVersion: 1.2, tool: true },
			),
		);
		expect(narrowed.length).toBeGreaterThan(1);
		expect(narrowed.every((row) => row.tenant_name === 'Contoso Dental Clinic')).toBe(true);
	});

	it('says how to ask for less in the terms of the operation cut', async () => {
		for (let report = 0; report < 3; report++) {
			await createThroughNode(simulator, saveReportParameters(['csv_v2_0']));
		}
		const cut = outputJson(
			await runNode(
				simulator,
				{ operation: 'getAll', returnAll: true, answerLimit: 600 },
				{ typeVersion: 1.2, tool: true },
			),
		);
		const note = String(cut[cut.length - 1].answer_cut);
		expect(note).toMatch(/^Only the first \d+ of 3 items fit in the 600 characters/);
		expect(note).toContain('smaller Limit');
		expect(note).not.toContain('Offering Item');
	});
});
