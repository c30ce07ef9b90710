import type { IncomingHttpHeaders, RequestListener } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { CredentialStore, disposeHarness } from '../harness/index.cjs';
import {
	apiRequests,
	credentialFor,
	NODE_NAME,
	outputJson,
	runNode,
	seedCreateParameters,
	storeFor,
	UNKNOWN_ID,
	useSimulator,
} from './setup.cjs';

const simulator = useSimulator();
afterAll(disposeHarness);

/** A throwaway HTTP server on loopback, for answers the simulator does not give. */
async function listen(handler: RequestListener): Promise<{ url: string; close(): Promise<void> }> {
	const server = createServer(handler);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

describe('validation before any request', () => {
	const base = () => seedCreateParameters(simulator.credentials.tenantId);
	const cases: Array<[string, () => INodeParameters, RegExp]> = [
		[
			'a malformed report id',
			() => ({ operation: 'get', reportId: '../tenants' }),
			/^Report must be a UUID/,
		],
		[
			'a malformed tenant id',
			() => ({ ...base(), tenantId: 'tenant-1' }),
			/^Tenant must be a UUID/,
		],
		[
			'a malformed recipient',
			() => ({ ...base(), recipients: 'ca451758-b48a-45d9-9ae6-8f1059f67619, bob@example.com' }),
			/^Recipient Names or IDs \(entry 2\) must be a UUID/,
		],
		[
			'a date not YYYY-MM-DD',
			() => ({ ...base(), periodStart: '05/01/2017' }),
			/^Period Start must be a date in the form YYYY-MM-DD/,
		],
		[
			'an impossible date',
			() => ({ ...base(), periodEnd: '2017-02-30' }),
			/^Period End must be a date/,
		],
		[
			'a period starting after its end',
			() => ({ ...base(), periodStart: '2017-05-09' }),
			/^Period Start \(2017-05-09\) is after Period End \(2017-05-07\)/,
		],
		[
			'"send" without recipients',
			() => ({ ...base(), recipients: ' ' }),
			/^Recipient Names or IDs must name at least one user when Result Action is "Send by Email"/,
		],
		[
			'an update with nothing to change',
			() => ({ operation: 'update', reportId: UNKNOWN_ID, updateFields: {} }),
			/^Nothing to update/,
		],
		['no format', () => ({ ...base(), formats: [] }), /^Formats must name at least one format/],
		[
			'a format named twice',
			() => ({ ...base(), formats: '={{ "csv, html, csv" }}' }),
			/^Formats names "csv" more than once/,
		],
	];

	it.each(cases)('refuses %s, naming the field', async (_, parameters, message) => {
		const result = await runNode(simulator, parameters());
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toEqual(expect.any(String));
		expect(apiRequests(simulator)).toHaveLength(0);
	});

	it('tolerates what expressions produce: spaces, upper case, date-times', async () => {
		const result = await runNode(simulator, {
			...base(),
			tenantId: `  ${simulator.credentials.tenantId.toUpperCase()} `,
			periodStart: '2017-05-01T00:00:00',
			periodEnd: '={{ DateTime.fromISO("2017-05-07T10:00:00") }}',
			kind: ' usage_summary ',
		});
		expect(result.status).toBe('success');
		const body = apiRequests(simulator)[0].body as IDataObject;
		expect(body.parameters).toMatchObject({
			tenant_id: simulator.credentials.tenantId,
			period: { start: '2017-05-01', end: '2017-05-07' },
			kind: 'usage_summary',
		});
	});
});

describe('continue on fail', () => {
	it('gives every item its result or its error, in order', async () => {
		const created = outputJson(
			await runNode(simulator, { ...seedCreateParameters(simulator.credentials.tenantId) }),
		)[0];
		simulator.requests.length = 0;
		const items = [
			{ id: created.id },
			{ id: 'not-a-uuid' },
			{ id: UNKNOWN_ID },
			{ id: created.id },
			{ id: '' },
		];
		const result = await runNode(
			simulator,
			{ operation: 'get', reportId: '={{ $json.id }}' },
			{ items, continueOnFail: true },
		);
		const outputs = result.outputOf(NODE_NAME);
		expect(outputs.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		const json = outputs.map((item) => item.json);
		expect(json[0].id).toBe(created.id);
		expect(json[1].error).toMatch(/^Report must be a UUID, got "not-a-uuid"/);
		expect(json[2]).toMatchObject({ details: { httpCode: '404' } });
		expect(json[3].id).toBe(created.id);
		expect(json[4].error).toMatch(/^Report must be a UUID, got nothing/);
		// The malformed ids never reached the API.
		expect(apiRequests(simulator).map((request) => request.path)).toEqual([
			`/api/2/reports/${created.id}`,
			`/api/2/reports/${UNKNOWN_ID}`,
			`/api/2/reports/${created.id}`,
		]);
	});

	it('stops at the first failing item without it', async () => {
		const result = await runNode(simulator, { operation: 'get', reportId: UNKNOWN_ID });
		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({ httpCode: '404' });
	});
});

describe('credentials', () => {
	/** Get of one report for `count` items at once, while each token dies after `uses` requests. */
	async function getWhileTokensDie(uses: number, count: number) {
		const store = storeFor(simulator);
		const created = outputJson(
			await runNode(simulator, seedCreateParameters(simulator.credentials.tenantId), { store }),
		)[0];
		// The stored token answers `uses` more requests, then 401; so does each new one.
		simulator.setFaults({ expireTokensAfterRequests: uses });
		simulator.requests.length = 0;
		const tokensBefore = simulator.tokenRequests();
		const items = Array.from({ length: count }, () => ({ id: created.id }));
		const result = await runNode(
			simulator,
			{ operation: 'get', reportId: '={{ $json.id }}', requestOptions: { concurrency: count } },
			{ items, store },
		);
		expect(outputJson(result).map((report) => report.id)).toEqual(items.map((item) => item.id));
		const statuses = apiRequests(simulator).map((request) => request.status);
		expect(statuses.filter((status) => status === 200)).toHaveLength(count);
		expect(statuses.filter((status) => status === 401).length).toBeGreaterThan(0);
		expect(statuses.filter((status) => status !== 200 && status !== 401)).toEqual([]);
		return {
			newTokens: simulator.tokenRequests() - tokensBefore,
			credentialUpdates: result.credentialUpdates.length,
		};
	}

	it('renews a token that expires mid-run once: every request that got the 401 is repeated, no item fails', async () => {
		// The requests in flight when the token died are repeated, each once, with one new token.
		expect(await getWhileTokensDie(10, 20)).toEqual({ newTokens: 1, credentialUpdates: 1 });
	});

	it('keeps renewing while each new token lets requests through: tokens that die every 5 requests, 40 items at once', async () => {
		// Each token is accepted 5 times: the stored one answers 5 items, each of 7 new tokens 5
		// of the 35 others.
		expect(await getWhileTokensDie(5, 40)).toEqual({ newTokens: 7, credentialUpdates: 7 });
	});

	it("fails with the API's own 401 when even a new token is refused", async () => {
		const store = storeFor(simulator);
		simulator.setFaults({ expireTokensAfterRequests: 0 });
		const result = await runNode(simulator, { operation: 'get', reportId: UNKNOWN_ID }, { store });
		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({ httpCode: '401' });
		expect(result.error?.message).toBe('Access token has expired [401]');
		// One token for the first attempt, one for the repeat; then the item fails.
		expect(simulator.tokenRequests()).toBe(2);
		expect(apiRequests(simulator)).toHaveLength(2);
	});

	it('tells the user in plain words that the client secret is wrong', async () => {
		const credential = credentialFor(simulator, 'apiClient');
		credential.data.clientSecret = 'not-the-secret';
		const result = await runNode(
			simulator,
			{ operation: 'get', reportId: UNKNOWN_ID },
			{ store: new CredentialStore([credential]) },
		);
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/rejected the client ID or client secret/);
		expect(JSON.stringify(result.error)).not.toContain('not-the-secret');
	});

	it.each(['apiClient', 'accessToken'] as const)(
		'says the data center cannot be reached (%s), in words and with the fix',
		async (mode) => {
			const credential = credentialFor(simulator, mode);
			credential.data.url = 'http://127.0.0.1:9';
			const result = await runNode(
				simulator,
				{ operation: 'get', reportId: UNKNOWN_ID },
				{ mode, store: new CredentialStore([credential]) },
			);
			expect(result.status).toBe('error');
			expect(result.error?.message).toMatch(/^Could not reach .*: the connection was refused/);
			expect(`${result.error?.message} ${result.error?.description}`).toMatch(/Data Center URL/);
		},
	);

	it('refuses plain http off loopback before sending the token anywhere', async () => {
		const credential = credentialFor(simulator, 'accessToken');
		credential.data.url = 'http://eu2-cloud.acronis.com';
		const result = await runNode(
			simulator,
			{ operation: 'get', reportId: UNKNOWN_ID },
			{ mode: 'accessToken', store: new CredentialStore([credential]) },
		);
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/must start with https:\/\//);
	});

	it('follows no redirect: the token never reaches another host, and the URL is named', async () => {
		const elsewhereHeaders: IncomingHttpHeaders[] = [];
		const elsewhere = await listen((request, response) => {
			elsewhereHeaders.push(request.headers);
			response.end('{}');
		});
		const redirecting = await listen((request, response) => {
			response.writeHead(307, { Location: `${elsewhere.url}${request.url}` }).end();
		});
		try {
			const credential = credentialFor(simulator, 'accessToken');
			credential.data.url = redirecting.url;
			const result = await runNode(
				simulator,
				{ operation: 'get', reportId: UNKNOWN_ID },
				{ mode: 'accessToken', store: new CredentialStore([credential]) },
			);
			expect(result.status).toBe('error');
			expect(result.error).toMatchObject({
				httpCode: '307',
				message: `The data center redirected the request to ${elsewhere.url}`,
			});
			expect(result.error?.description).toMatch(/Check the Data Center URL/);
			expect(elsewhereHeaders).toEqual([]);
		} finally {
			await Promise.all([elsewhere.close(), redirecting.close()]);
		}
	});

	it.each([
		['with a trailing slash', (url: string) => `${url}/`],
		['with /api/2', (url: string) => `${url}/api/2`],
		['with /api/2/', (url: string) => `${url}/api/2/`],
		["as the portal's address bar shows it", (url: string) => `${url}/mc/app;group_id=1047/`],
	])('accepts the data center URL %s', async (_, variant) => {
		const credential = credentialFor(simulator, 'accessToken');
		credential.data.url = variant(simulator.url);
		const result = await runNode(
			simulator,
			{ operation: 'get', reportId: UNKNOWN_ID },
			{ mode: 'accessToken', store: new CredentialStore([credential]), continueOnFail: true },
		);
		expect(outputJson(result)[0].details).toMatchObject({ httpCode: '404' });
		expect(apiRequests(simulator).map((request) => request.path)).toEqual([
			`/api/2/reports/${UNKNOWN_ID}`,
		]);
	});
});

describe('secrets', () => {
	it('never puts the token or the client secret in outputs or errors', async () => {
		const store = storeFor(simulator);
		const outputs: unknown[] = [];
		const run = async (parameters: INodeParameters, mode: 'apiClient' | 'accessToken') => {
			const result = await runNode(simulator, parameters, { store, mode, continueOnFail: true });
			outputs.push(result.runData, result.error);
			const failed = await runNode(simulator, parameters, { store, mode });
			outputs.push(failed.error, failed.runData);
		};
		for (const mode of ['apiClient', 'accessToken'] as const) {
			await run({ operation: 'get', reportId: UNKNOWN_ID }, mode);
			await run(
				{ operation: 'update', reportId: UNKNOWN_ID, updateFields: { kind: 'usage_daily' } },
				mode,
			);
			await run({ ...seedCreateParameters(simulator.credentials.tenantId), recipients: 'x' }, mode);
			await run(
				{ ...seedCreateParameters(simulator.credentials.tenantId), periodEnd: '2999-01-01' },
				mode,
			);
		}
		const issuedTokens = simulator.requests
			.map((request) => String(request.headers.authorization ?? '').replace(/^Bearer /, ''))
			.filter((token) => token.length > 8 && !token.startsWith('Basic'));
		expect(issuedTokens.length).toBeGreaterThan(0);
		const secrets = [
			simulator.credentials.clientSecret,
			simulator.credentials.accessToken,
			...issuedTokens,
		];
		const text = JSON.stringify(outputs, (_, value: unknown) =>
			value instanceof Error ? { ...value, message: value.message, stack: value.stack } : value,
		);
		for (const secret of new Set(secrets)) {
			expect(text).not.toContain(secret);
		}
	});
});
