import type { IDataObject, INode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { AcronisUsageReport } from '../../nodes/AcronisUsageReport/AcronisUsageReport.node';
import { disposeHarness, HarnessNodeTypes } from '../harness/index.cjs';
import {
	apiRequests,
	createThroughNode,
	NODE_NAME,
	outputJson,
	runNode,
	saveReportParameters,
	useSimulator,
} from './setup.cjs';

/** What saved workflows hold, and what a node added today starts with. */
const simulator = useSimulator();
afterAll(disposeHarness);

/** A resource locator's value as the editor saves it. */
const picked = (value: string, mode = 'list') => ({ __rl: true, mode, value });

describe('a node added today (version 1.1)', () => {
	it('runs with only a credential: last month of the credential’s tenant', async () => {
		const result = await runNode(simulator, {}, { typeVersion: 1.1 });
		expect(result.status).toBe('success');
		const [created] = apiRequests(simulator).filter((request) => request.method === 'POST');
		expect(created.body).toMatchObject({
			result_action: 'save',
			schedule: { type: 'once' },
			parameters: {
				tenant_id: simulator.credentials.tenantId,
				kind: 'usage_summary',
				formats: ['csv_v2_0'],
			},
		});
		const { period } = (created.body as { parameters: { period: IDataObject } }).parameters;
		expect(period.start).toMatch(/^\d{4}-\d{2}-01$/);
		// What the rows are is the usage tests' business (usage.test.cts).
		expect(outputJson(result).length).toBeGreaterThan(0);
	});

	it('keeps giving version 1’s Generate and Download the file', async () => {
		const result = await runNode(simulator, { operation: 'generateAndDownload' });
		const [file] = result.outputOf(NODE_NAME);
		expect(file.binary?.data.fileName).toMatch(/^acronis-usage_summary-.*\.csv$/);
		expect(file.json.file_name).toBe(file.binary?.data.fileName);
	});

	it('shows the operation by its name on the canvas', () => {
		const nodeType = new AcronisUsageReport();
		const node: INode = {
			id: 'n',
			name: NODE_NAME,
			type: 'acronisUsageReport',
			typeVersion: 1.1,
			position: [0, 0],
			parameters: { operation: 'generateAndDownload' },
		};
		const workflow = new Workflow({
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: new HarnessNodeTypes({ acronisUsageReport: nodeType }),
		});
		const subtitle = workflow.expression.getSimpleParameterValue(
			node,
			nodeType.description.subtitle!,
			'internal',
			{},
		);
		expect(subtitle).toBe('Generate and Download');
	});

	it('waits for Download File’s files as its own Wait Timeout says', async () => {
		const report = await createThroughNode(simulator, saveReportParameters(['csv']));
		const result = await runNode(
			simulator,
			{ operation: 'download', reportId: picked(report.id as string), waitTimeout: 'soon' },
			{ typeVersion: 1.1 },
		);
		expect(result.error?.message).toBe('Wait Timeout (Seconds) must be a whole number, got "soon"');
	});
});

describe('workflows saved by version 1', () => {
	it('keep Create as the operation when they saved none', async () => {
		const result = await runNode(simulator, { recipients: simulator.recipientUserIds[0] });
		expect(result.status).toBe('success');
		expect(outputJson(result)[0]).toMatchObject({
			result_action: 'send',
			recipients: [simulator.recipientUserIds[0]],
		});
	});

	it('keep Download File’s Wait Timeout under Options', async () => {
		const report = await createThroughNode(simulator, saveReportParameters(['csv']));
		const result = await runNode(simulator, {
			operation: 'download',
			reportId: report.id as string,
			options: { waitTimeout: 'soon' },
		});
		expect(result.error?.message).toBe('Wait Timeout (Seconds) must be a whole number, got "soon"');
	});

	it.each([
		['a typed UUID', (id: string) => id],
		['an expression', () => '={{ $json.id }}'],
		['a pick from the list', (id: string) => picked(id)],
		['a UUID given By ID', (id: string) => picked(id, 'id')],
		['an expression By ID', () => picked('={{ $json.id }}', 'id')],
	])('take the report as %s', async (_, reportId) => {
		const report = await createThroughNode(simulator, saveReportParameters(['csv']));
		const result = await runNode(
			simulator,
			{ operation: 'get', reportId: reportId(report.id as string) },
			{ items: [{ id: report.id }] },
		);
		expect(outputJson(result)).toEqual([report]);
	});

	it.each([
		['a typed UUID', (id: string) => id],
		['a pick from the list', (id: string) => picked(id)],
	])('take the tenant as %s', async (_, tenantId) => {
		const child = simulator.childTenantIds[0];
		await createThroughNode(simulator, { ...saveReportParameters(['csv']), tenantId: child });
		const result = await runNode(simulator, {
			operation: 'getAll',
			returnAll: true,
			tenantId: tenantId(child),
		});
		expect(
			outputJson(result).map((report) => (report.parameters as IDataObject).tenant_id),
		).toEqual([child]);
	});
});
