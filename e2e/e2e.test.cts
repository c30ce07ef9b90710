/**
 * The packed package inside the default n8n (e2e/lib/n8n.js), beyond the core every version
 * runs (core.test.cts): many items, continue on fail, the mail example, the webhook example in
 * `n8n start`, and the credential test's failures.
 */
import type { RunningN8n } from './lib/testbed.cjs';
import { Testbed, apiRequests, output } from './lib/testbed.cjs';

import { attachment } from './lib/smtpSink.js';
import { CLIENT_CREDENTIAL } from './lib/credentials.js';
import { createReport } from './lib/reports.js';
import * as wf from './lib/workflows.js';
import { UNKNOWN_ID } from '../test/seed.cjs';

// Plain JavaScript whose option objects TypeScript cannot infer: used untyped.
const n8n = require('./lib/n8n.js');

let bed: Testbed;
let scheduledReportId: string;

/** Manual trigger → Code node making `items` → a Get of each item's report, API client. */
function getEachWorkflow(
	id: string,
	items: Array<Record<string, unknown>>,
	continueOnFail = false,
) {
	const get = wf.acronisNode(
		CLIENT_CREDENTIAL,
		{ operation: 'get', reportId: '={{ $json.reportId }}' },
		{ continueOnFail },
	);
	return wf.workflow(id, [{ name: 'Get', ...get }], wf.itemsCode(items));
}

beforeAll(async () => {
	bed = await Testbed.create(n8n.DEFAULT_VERSION, async (simulator) => {
		scheduledReportId = (await createReport(simulator)).id as string;
		const workflows = [
			getEachWorkflow(
				'e2eManyItems0001',
				Array.from({ length: 20 }, (_, index) => ({ reportId: scheduledReportId, index })),
			),
			getEachWorkflow(
				'e2eContinue00001',
				[
					{ reportId: scheduledReportId },
					{ reportId: 'not-a-uuid' },
					{ reportId: UNKNOWN_ID },
					{ reportId: scheduledReportId },
				],
				true,
			),
		];
		return workflows;
	});
}, 20 * 60000);

afterAll(async () => {
	await bed?.close();
});

describe('the package installed in a real n8n', () => {
	it('runs many items on the token n8n stored with the credential', async () => {
		const { simulator } = bed;
		simulator.requests.length = 0;
		const tokensBefore = simulator.tokenRequests();
		const first = await bed.execute('e2eManyItems0001');
		const second = await bed.execute('e2eManyItems0001');
		for (const run of [first, second]) {
			const items = output(run.runData, 'Get');
			expect(items).toHaveLength(20);
			expect(items.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		}
		expect(apiRequests(simulator)).toHaveLength(40);
		// At most the first execution fetched one; the second reused the stored token.
		expect(simulator.tokenRequests() - tokensBefore).toBeLessThanOrEqual(1);
		expect(simulator.tokenRequests()).toBe(1);
	});

	it('continues on fail with one result or error per item, in order', async () => {
		const run = await bed.execute('e2eContinue00001');
		const items = output(run.runData, 'Get');
		expect(items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect(items[0].json.id).toBe(scheduledReportId);
		expect(items[1].json.error).toMatch(/Report must be a UUID/);
		expect(items[2].json).toMatchObject({ details: { httpCode: '404' } });
		expect(items[3].json.id).toBe(scheduledReportId);
	});

	it('runs the example "monthly usage report by email": the file reaches the mailbox', async () => {
		const { simulator, smtp } = bed;
		simulator.requests.length = 0;
		const run = await bed.execute('acronisExMonthly01');
		expect(run.status).toBe('success');
		const [item] = output(run.runData, "Last month's usage report");
		const create = apiRequests(simulator).find((request) => request.method === 'POST');
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
});

describe('a running n8n', () => {
	let server: RunningN8n;
	const WEBHOOK = 'acronis-report-schedule';

	beforeAll(async () => {
		server = await bed.startN8n({ activate: ['acronisExWebhook01'], webhooks: [WEBHOOK] });
	}, 5 * 60000);

	afterAll(async () => {
		await server?.stop();
	});

	it('disables and enables a report through the example webhook', async () => {
		const call = async (enabled: boolean) => {
			const response = await fetch(`${server.url}/webhook/${WEBHOOK}`, {
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

	it("says in plain words what is wrong when n8n's credential test fails", async () => {
		// Unsaved credentials, as the editor's "Test" button sends them while they are filled in.
		const { apiClient: client, accessToken: token } = bed.credentials();
		const wrongSecret = await server.testCredential({
			...client.data,
			clientSecret: 'wrong-secret',
		});
		expect(wrongSecret.status).toBe('Error');
		expect(wrongSecret.message).toMatch(/client ID or client secret/);
		expect(wrongSecret.message).not.toContain('wrong-secret');
		const wrongToken = await server.testCredential({ ...token.data, accessToken: 'expired-token' });
		expect(wrongToken).toMatchObject({ status: 'Error' });
		expect(wrongToken.message).toMatch(/access token/);
		expect(wrongToken.message).toContain(`${token.data.url}/api/2/users/me`);
		expect(wrongToken.message).not.toContain('expired-token');
		// Each mode names the URL it tried, in words.
		for (const data of [client.data, token.data]) {
			const wrongUrl = await server.testCredential({ ...data, url: 'http://127.0.0.1:9' });
			expect(wrongUrl.status).toBe('Error');
			expect(wrongUrl.message).toMatch(
				/^Could not reach http:\/\/127\.0\.0\.1:9\/api\/2\/\S+: the connection was refused\. Check the Data Center URL/,
			);
		}
		// The management portal's address, as a user copies it from the browser, works as it is
		// (tested saved, as the editor does: n8n 2.41 stores a new token only with a saved one).
		for (const { data, id } of [client, token]) {
			const portal = `${data.url}/mc/app;group_id=1047/customers`;
			expect(await server.testCredential({ ...data, url: portal }, id)).toMatchObject({
				status: 'OK',
			});
		}
	});
});
