/**
 * The packed package inside a real n8n: installed as a community package, run by `n8n execute`
 * and by a running `n8n start` (webhook, credential test), against the simulator.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Simulator } from '../simulator/index.cjs';
import { start } from '../simulator/index.cjs';

import { attachment, startSmtpSink } from './lib/smtpSink.js';
import { CLIENT_CREDENTIAL, TOKEN_CREDENTIAL, exampleCredentials } from './lib/credentials.js';
import { createReport } from './lib/reports.js';
import * as wf from './lib/workflows.js';

// Plain JavaScript whose option objects TypeScript cannot infer: used untyped.
const n8n = require('./lib/n8n.js');

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

interface RunData {
	[node: string]: Array<{
		data?: { main: Array<Array<{ json: Record<string, unknown>; pairedItem?: unknown }>> };
		error?: { message: string };
	}>;
}

let simulator: Simulator;
let userFolder: string;
let workDir: string;
let scheduledReportId: string;
let smtp: {
	port: number;
	messages: Array<{ from: string; to: string[]; data: string }>;
	close(): Promise<void>;
};
/** n8n's working folder in these runs, and the one folder it may write files to. */
let filesDir: string;

function credentialsFile() {
	return exampleCredentials(simulator, smtp.port);
}

/** Manual trigger → (optional Code node making items) → the Acronis nodes in a chain. */
function workflow(
	id: string,
	acronisNodes: Array<{
		name: string;
		parameters: Record<string, unknown>;
		credential?: typeof CLIENT_CREDENTIAL;
		continueOnFail?: boolean;
	}>,
	items?: Array<Record<string, unknown>>,
) {
	const nodes = acronisNodes.map(({ name, parameters, credential, continueOnFail }) => ({
		name,
		...wf.acronisNode(credential ?? CLIENT_CREDENTIAL, parameters, { continueOnFail }),
	}));
	return wf.workflow(id, nodes, items && wf.itemsCode(items));
}

async function execute(
	workflowId: string,
): Promise<{ status: string; runData: RunData; error?: unknown }> {
	const { stdout, stderr } = await n8n.n8nCommand(
		['execute', `--id=${workflowId}`, '--rawOutput'],
		{ userFolder, cwd: filesDir, env: { N8N_RESTRICT_FILE_ACCESS_TO: filesDir } },
	);
	const run = n8n.parseRawOutput(stdout, stderr);
	return {
		status: run.status,
		runData: run.data.resultData.runData,
		error: run.data.resultData.error,
	};
}

function output(runData: RunData, node: string) {
	const [run] = runData[node];
	return run.data!.main[0];
}

beforeAll(async () => {
	await n8n.ensureN8n();
	workDir = mkdtempSync(path.join(tmpdir(), 'acronis-e2e-'));
	userFolder = path.join(workDir, 'n8n');
	const { tarball } = await n8n.packPackage(workDir);
	await n8n.installCommunityPackage(userFolder, tarball);

	filesDir = path.join(workDir, 'files');
	mkdirSync(filesDir);
	smtp = await startSmtpSink();
	simulator = await start({ port: 0, fileDelayMs: 200 });
	scheduledReportId = (await createReport(simulator)).id as string;
	simulator.requests.length = 0;

	writeFileSync(
		path.join(workDir, 'credentials.json'),
		JSON.stringify(Object.values(credentialsFile())),
	);
	await n8n.n8nCommand(
		['import:credentials', `--input=${path.join(workDir, 'credentials.json')}`],
		{ userFolder },
	);

	const workflowsDir = path.join(workDir, 'workflows');
	mkdirSync(workflowsDir);
	const examplesDir = path.join(n8n.REPO_DIR, 'examples');
	for (const file of readdirSync(examplesDir)) {
		writeFileSync(path.join(workflowsDir, file), readFileSync(path.join(examplesDir, file)));
	}
	const testWorkflows = [
		workflow('e2eCreateToken01', [
			{
				name: 'Create',
				credential: TOKEN_CREDENTIAL,
				parameters: {
					operation: 'create',
					resultAction: 'save',
					kind: 'usage_summary',
					level: 'accounts',
					period: 'custom',
					periodStart: '2017-05-01',
					periodEnd: '2017-05-07',
					formats: ['csv', 'html'],
					scheduleType: 'once',
					generationDate: '2017-05-08',
				},
			},
		]),
		workflow('e2eLifecycle0001', [
			{
				name: 'Update',
				parameters: {
					operation: 'update',
					reportId: scheduledReportId,
					updateFields: { level: 'accounts', kind: 'usage_summary' },
				},
			},
			{ name: 'Disable', parameters: { operation: 'disable', reportId: '={{ $json.id }}' } },
			{ name: 'Enable', parameters: { operation: 'enable', reportId: '={{ $json.id }}' } },
			{ name: 'Get', parameters: { operation: 'get', reportId: '={{ $json.id }}' } },
		]),
		workflow(
			'e2eManyItems0001',
			[{ name: 'Get', parameters: { operation: 'get', reportId: '={{ $json.reportId }}' } }],
			Array.from({ length: 20 }, (_, index) => ({ reportId: scheduledReportId, index })),
		),
		workflow(
			'e2eContinue00001',
			[
				{
					name: 'Get',
					continueOnFail: true,
					parameters: { operation: 'get', reportId: '={{ $json.reportId }}' },
				},
			],
			[
				{ reportId: scheduledReportId },
				{ reportId: 'not-a-uuid' },
				{ reportId: UNKNOWN_ID },
				{ reportId: scheduledReportId },
			],
		),
	];
	for (const definition of testWorkflows) {
		writeFileSync(path.join(workflowsDir, `${definition.id}.json`), JSON.stringify(definition));
	}
	await n8n.n8nCommand(['import:workflow', '--separate', `--input=${workflowsDir}`], {
		userFolder,
	});
}, 20 * 60000);

afterAll(async () => {
	await simulator?.close();
	await smtp?.close();
	if (workDir && !process.env.KEEP_E2E_FILES) rmSync(workDir, { recursive: true, force: true });
});

const apiRequests = () =>
	simulator.requests.filter((request) => request.path !== '/api/2/idp/token');

describe('the package installed in a real n8n', () => {
	it('creates a report with a pasted access token, the tenant taken from the token', async () => {
		simulator.requests.length = 0;
		const run = await execute('e2eCreateToken01');
		expect(run.status).toBe('success');
		const [item] = output(run.runData, 'Create');
		expect(item.json).toMatchObject({
			result_action: 'save',
			parameters: {
				tenant_id: simulator.credentials.tenantId,
				period: { start: '2017-05-01', end: '2017-05-07' },
			},
		});
		expect(apiRequests().map((request) => `${request.method} ${request.path}`)).toEqual([
			'GET /api/2/users/me',
			'POST /api/2/reports',
		]);
	});

	it('updates, disables, enables and gets a scheduled report, sending the documented bodies', async () => {
		simulator.requests.length = 0;
		const run = await execute('e2eLifecycle0001');
		expect(run.status).toBe('success');
		expect(output(run.runData, 'Update')[0].json).toMatchObject({
			parameters: { level: 'accounts' },
		});
		expect(output(run.runData, 'Disable')[0].json).toMatchObject({ schedule: { enabled: false } });
		expect(output(run.runData, 'Get')[0].json).toMatchObject({
			id: scheduledReportId,
			schedule: { enabled: true },
		});
		const puts = apiRequests().filter((request) => request.method === 'PUT');
		expect(puts.map((request) => request.body)).toEqual([
			{ parameters: { level: 'accounts', kind: 'usage_summary' } },
			{ schedule: { enabled: false } },
			{ schedule: { enabled: true } },
		]);
	});

	it('runs many items on the token n8n stored with the credential', async () => {
		simulator.requests.length = 0;
		const tokensBefore = simulator.tokenRequests();
		const first = await execute('e2eManyItems0001');
		const second = await execute('e2eManyItems0001');
		for (const run of [first, second]) {
			const items = output(run.runData, 'Get');
			expect(items).toHaveLength(20);
			expect(items.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		}
		expect(apiRequests()).toHaveLength(40);
		// At most the first execution fetched one; the second reused the stored token.
		expect(simulator.tokenRequests() - tokensBefore).toBeLessThanOrEqual(1);
		expect(simulator.tokenRequests()).toBe(1);
	});

	it('continues on fail with one result or error per item, in order', async () => {
		const run = await execute('e2eContinue00001');
		const items = output(run.runData, 'Get');
		expect(items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect(items[0].json.id).toBe(scheduledReportId);
		expect(items[1].json.error).toMatch(/Report must be a UUID/);
		expect(items[2].json).toMatchObject({ httpCode: '404' });
		expect(items[3].json.id).toBe(scheduledReportId);
	});

	it('runs the example "monthly usage report by email": the file reaches the mailbox', async () => {
		simulator.requests.length = 0;
		const run = await execute('acronisExMonthly01');
		expect(run.status).toBe('success');
		const [item] = output(run.runData, "Last month's usage report");
		const create = apiRequests().find((request) => request.method === 'POST');
		expect(create?.body).toMatchObject({
			result_action: 'save',
			parameters: { kind: 'usage_summary', hide_zero_usage: true, formats: ['csv'] },
		});
		const expected = await simulator.storedFileContent(
			item.json.report_id as string,
			item.json.id as string,
		);
		expect(smtp.messages).toHaveLength(1);
		const [message] = smtp.messages;
		expect(message.to).toEqual(['<finance@example.com>']);
		expect(message.data).toContain(`filename=${item.json.file_name}`);
		// The attachment, base64 in the MIME message, is the report file byte for byte.
		expect(attachment(message, item.json.file_name as string)).toEqual(expected);
	});

	it('runs the example "one-off usage report saved to disk": each file written intact', async () => {
		const run = await execute('acronisExSave00001');
		expect(run.status).toBe('success');
		const downloaded = output(run.runData, 'Wait for the files and download them');
		expect(downloaded.map((item) => item.json.report_format).sort()).toEqual([
			'csv_v2_0',
			'json_v2_0',
		]);
		for (const item of downloaded) {
			const written = readFileSync(path.join(filesDir, item.json.file_name as string));
			expect(written).toEqual(
				await simulator.storedFileContent(item.json.report_id as string, item.json.id as string),
			);
		}
	});
});

describe('a running n8n', () => {
	let server: { url: string; stop(): Promise<void>; output(): string };
	let cookie: string;
	const owner = { email: 'owner@example.com', password: 'E2e-owner-password-1' };

	beforeAll(async () => {
		await n8n.n8nCommand(['publish:workflow', '--id=acronisExWebhook01'], { userFolder });
		server = await n8n.startN8n({
			userFolder,
			port: await n8n.freePort(),
			env: n8n.ownerEnv(owner),
		});
		const login = await fetch(`${server.url}/rest/login`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
		});
		expect(login.status).toBe(200);
		cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
	}, 5 * 60000);

	afterAll(async () => {
		await server?.stop();
	});

	it('disables and enables a report through the example webhook', async () => {
		const call = async (enabled: boolean) => {
			const response = await fetch(`${server.url}/webhook/acronis-report-schedule`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ reportId: scheduledReportId, enabled }),
			});
			expect(response.status).toBe(200);
			return (await response.json()) as Record<string, unknown>;
		};
		expect(await call(false)).toMatchObject({
			id: scheduledReportId,
			schedule: { enabled: false },
		});
		expect(await call(true)).toMatchObject({ id: scheduledReportId, schedule: { enabled: true } });
	});

	async function testCredential(data: Record<string, unknown>, id = '') {
		const response = await fetch(`${server.url}/rest/credentials/test`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', cookie },
			// An id of '' is a credential being filled in, not yet saved: the editor's "Test" button.
			body: JSON.stringify({ credentials: { id, name: 'Acronis', type: 'acronisApi', data } }),
		});
		const body = (await response.json()) as { data?: { status: string; message: string } };
		if (!body.data)
			throw new Error(`Credential test answered ${response.status}: ${JSON.stringify(body)}`);
		return body.data;
	}

	it("passes n8n's credential test in both modes", async () => {
		const { apiClient: client, accessToken: token } = credentialsFile();
		// Saved credentials, as the editor tests them on Save. (n8n cannot test an unsaved
		// credential that renews tokens: it fails to store the token, "Found credential with no ID".)
		expect(await testCredential(client.data, client.id)).toMatchObject({ status: 'OK' });
		expect(await testCredential(token.data, token.id)).toMatchObject({ status: 'OK' });
		expect(await testCredential(token.data)).toMatchObject({ status: 'OK' });
	});

	it("says in plain words what is wrong when n8n's credential test fails", async () => {
		const { apiClient: client, accessToken: token } = credentialsFile();
		const wrongSecret = await testCredential({ ...client.data, clientSecret: 'wrong-secret' });
		expect(wrongSecret.status).toBe('Error');
		expect(wrongSecret.message).toMatch(/client ID or client secret/);
		expect(wrongSecret.message).not.toContain('wrong-secret');
		const wrongToken = await testCredential({ ...token.data, accessToken: 'expired-token' });
		expect(wrongToken).toMatchObject({ status: 'Error' });
		expect(wrongToken.message).toMatch(/access token/);
		const wrongUrl = await testCredential({ ...client.data, url: 'http://127.0.0.1:9' });
		expect(wrongUrl.status).toBe('Error');
		expect(wrongUrl.message).toMatch(/Data Center URL/);
	});
});
