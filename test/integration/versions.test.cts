import type { IDataObject, INode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { AcronisUsageReport } from '../../nodes/AcronisUsageReport/AcronisUsageReport.node';
import { expectedFileRows } from '../expectedRows.cjs';
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

describe('a node added today (version 1.2): defaults that run as they come', () => {
	it('Create saves a CSV (Version 2.0) report; Download File with only that report gives its rows', async () => {
		const created = await runNode(simulator, { operation: 'create' }, { typeVersion: 1.2 });
		expect(created.status).toBe('success');
		const [report] = outputJson(created);
		expect(report).toMatchObject({
			result_action: 'save',
			parameters: { formats: ['csv_v2_0'], tenant_id: simulator.credentials.tenantId },
		});
		const reportId = report.id as string;
		const downloaded = await runNode(
			simulator,
			{ operation: 'download', reportId: picked(reportId) },
			{ typeVersion: 1.2 },
		);
		expect(downloaded.status).toBe('success');
		const [file] = simulator.reports()[0].stored;
		expect(outputJson(downloaded)).toEqual(expectedFileRows(simulator, reportId, file.id));
	});

	it('keeps version 1.1’s defaults in saved workflows: Create emails, Download File gives the file', async () => {
		// Send by Email, whose recipients n8n asks for before it runs the node.
		await expect(runNode(simulator, { operation: 'create' }, { typeVersion: 1.1 })).rejects.toThrow(
			'Parameter "Recipient Names or IDs" is required',
		);
		const report = await createThroughNode(simulator, saveReportParameters(['csv_v2_0']));
		const downloaded = await runNode(
			simulator,
			{ operation: 'download', reportId: picked(report.id as string) },
			{ typeVersion: 1.1 },
		);
		expect(downloaded.outputOf(NODE_NAME)[0].binary?.data.fileExtension).toBe('csv');
	});

	it('names a file’s compressed size so, beside the size of the file downloaded', async () => {
		const report = await createThroughNode(simulator, saveReportParameters(['csv']));
		const reportId = picked(report.id as string);
		const [listed] = outputJson(
			await runNode(simulator, { operation: 'getFiles', reportId }, { typeVersion: 1.2 }),
		);
		const [file] = simulator.reports()[0].stored;
		expect(listed).toMatchObject({ id: file.id, compressed_size: file.size });
		expect(listed).not.toHaveProperty('size');
		const [downloaded] = outputJson(
			await runNode(
				simulator,
				{ operation: 'download', reportId, output: 'file' },
				{ typeVersion: 1.2 },
			),
		);
		const content = await simulator.storedFileContent(report.id as string, file.id);
		expect(downloaded).toMatchObject({ compressed_size: file.size, file_size: content.length });
		// Saved workflows keep the API's name.
		const [saved] = outputJson(
			await runNode(simulator, { operation: 'getFiles', reportId }, { typeVersion: 1.1 }),
		);
		expect(saved).toMatchObject({ size: file.size });
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
