/**
 * The billing chain in a real n8n: the examples that turn last month's usage into rows of a
 * PostgreSQL table, and into a spreadsheet sent by email, run against the simulator.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Simulator } from '../simulator/index.cjs';
import { start } from '../simulator/index.cjs';
import { expectedFileRows } from '../test/expectedRows.cjs';

import { CLIENT_CREDENTIAL, exampleCredentials, postgresCredential } from './lib/credentials.js';
import { attachment, attachmentNames, startSmtpSink } from './lib/smtpSink.js';
import * as wf from './lib/workflows.js';

// Plain JavaScript whose option objects TypeScript cannot infer: used untyped.
const n8n = require('./lib/n8n.js');
const { startPostgres } = require('./lib/postgres.js');

const EXAMPLES = ['monthly-usage-database.json', 'monthly-usage-spreadsheet.json'];

let simulator: Simulator;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let postgres: {
	host: string;
	port: number;
	database: string;
	user: string;
	rows(sql: string): Promise<Array<Record<string, unknown>>>;
	stop(): Promise<void>;
};
let workDir: string;
let userFolder: string;

async function execute(workflowId: string) {
	return (await n8n.executeWorkflow(workflowId, { userFolder })).run;
}

/** The one report a run created, and its one stored file. */
function createdFile() {
	const created = simulator.reports();
	expect(created).toHaveLength(1);
	const [{ report, stored }] = created;
	expect(stored.map((file) => file.report_format)).toEqual(['csv_v2_0']);
	return { reportId: report.id, storedFileId: stored[0].id, format: 'csv_v2_0' };
}

beforeAll(async () => {
	await n8n.ensureN8n();
	workDir = mkdtempSync(path.join(tmpdir(), 'acronis-e2e-billing-'));
	userFolder = path.join(workDir, 'n8n');
	const { tarball } = await n8n.packPackage(workDir);
	await n8n.installCommunityPackage(userFolder, tarball);
	[simulator, smtp, postgres] = await Promise.all([
		start({ port: 0, fileDelayMs: 200 }),
		startSmtpSink(),
		startPostgres(),
	]);
	const { apiClient, smtp: mailbox } = exampleCredentials(simulator, smtp.port);
	const credentials = path.join(workDir, 'credentials.json');
	writeFileSync(credentials, JSON.stringify([apiClient, mailbox, postgresCredential(postgres)]));
	await n8n.n8nCommand(['import:credentials', `--input=${credentials}`], { userFolder });
	const workflows = path.join(workDir, 'workflows');
	mkdirSync(workflows);
	for (const file of EXAMPLES) {
		writeFileSync(
			path.join(workflows, file),
			readFileSync(path.join(n8n.REPO_DIR, 'examples', file)),
		);
	}
	const [first, second] = simulator.childTenantIds;
	const liveUsage = (id: string, tenantIds: string[]) =>
		wf.workflow(id, [
			{
				name: 'Live usage',
				...wf.acronisNode(CLIENT_CREDENTIAL, { operation: 'getLiveUsage', tenantIds }),
			},
		]);
	for (const workflow of [
		liveUsage('e2eLiveUsageOne1', [first]),
		liveUsage('e2eLiveUsageMany', [first, second]),
	]) {
		writeFileSync(path.join(workflows, `${workflow.id}.json`), JSON.stringify(workflow));
	}
	await n8n.n8nCommand(['import:workflow', '--separate', `--input=${workflows}`], { userFolder });
}, 20 * 60000);

afterAll(async () => {
	await Promise.all([simulator?.close(), smtp?.close(), postgres?.stop()]);
	if (workDir) rmSync(workDir, { recursive: true, force: true });
});

beforeEach(() => simulator.reset());

describe('the billing chain in a real n8n', () => {
	it('puts exactly last month’s usage into the database table, row for row, and a second run leaves the month once', async () => {
		const stored = async () => await postgres.rows('SELECT * FROM acronis_usage');
		const key = (row: Record<string, unknown>) => JSON.stringify(Object.entries(row).sort());
		for (const run of ['first', 'second']) {
			simulator.reset();
			const result = await execute('acronisExDatabase1');
			expect([run, result.status]).toEqual([run, 'success']);
			const file = createdFile();
			const expected = expectedFileRows(simulator, file.reportId, file.storedFileId);
			expect(expected.length).toBeGreaterThan(1);
			// Every column of the rows is a column of the table, and the table holds this run's file.
			expect((await stored()).map(key).sort()).toEqual(expected.map(key).sort());
		}
	});

	it('mails last month’s usage as a spreadsheet, a line per row', async () => {
		const run = await execute('acronisExSheet0001');
		expect(run.status).toBe('success');
		const file = createdFile();
		const truth = simulator.reportUsage(file.reportId, file.storedFileId);
		expect(smtp.messages).toHaveLength(1);
		const [message] = smtp.messages;
		const [name] = attachmentNames(message);
		expect(name).toMatch(/^acronis-usage-\d{4}-\d{2}-01\.xlsx$/);
		// The spreadsheet library n8n writes with reads what it wrote.
		const xlsx = require(path.join(n8n.paths().dir, 'node_modules', '@e965', 'xlsx'));
		const book = xlsx.read(attachment(message, name));
		const lines = xlsx.utils.sheet_to_json(book.Sheets.Usage) as Array<Record<string, unknown>>;
		expect(
			lines.map((line) => [line.tenant_id, line.offering_item, line.usage_absolute_total]),
		).toEqual(
			truth.map((record) => [record.tenant.id, record.offeringItem, record.absolute.total]),
		);
	});

	it.each([
		['one tenant', 'e2eLiveUsageOne1', 1],
		['a batch of tenants', 'e2eLiveUsageMany', 2],
	])('gives the live usage of %s, one item per entry', async (_, workflowId, count) => {
		const run = await execute(workflowId);
		expect(run.status).toBe('success');
		const items = run.data.resultData.runData['Live usage'][0].data.main[0] as Array<{
			json: Record<string, unknown>;
		}>;
		const tenantIds = simulator.childTenantIds.slice(0, count);
		expect(items.map(({ json }) => [json.tenant_id, json.offering_item, json.value])).toEqual(
			tenantIds.flatMap((id) =>
				simulator.liveUsage(id).map((entry) => [id, entry.name, entry.value]),
			),
		);
	});
});
