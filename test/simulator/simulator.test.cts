import { gunzipSync } from 'node:zlib';

import { type Simulator, start } from '../../simulator/index.cjs';
import {
	OTHER_TENANT,
	TODAY,
	UUID,
	call,
	clientToken,
	createReport,
	expectApiError,
	rawDownload,
	reportBody,
	tokenRequest,
	FORM,
	basic,
} from './support/api.cjs';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('simulator', () => {
	let sim: Simulator;

	beforeAll(async () => {
		sim = await start({ port: 0, fileDelayMs: 0, today: TODAY });
	});
	afterAll(() => sim.close());
	beforeEach(() => sim.reset());

	describe('POST /idp/token', () => {
		it('issues a bearer token for client credentials in HTTP Basic', async () => {
			const before = Math.floor(Date.now() / 1000);
			const res = await tokenRequest(sim);
			expect(res.status).toBe(200);
			const body = (await res.json()) as Record<string, unknown>;
			expect(body).toEqual({
				access_token: expect.any(String),
				token_type: 'bearer',
				expires_in: 7200,
				expires_on: expect.any(Number),
				id_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
			});
			expect(body.expires_on).toBeGreaterThanOrEqual(before + 7200);
			expect(sim.tokenRequests()).toBe(1);
			const me = await call(sim, 'GET', `/clients/${sim.credentials.clientId}`, {
				token: body.access_token as string,
			});
			expect(me.status).toBe(200);
		});

		it('accepts client_id and client_secret in the form body', async () => {
			const form = new URLSearchParams({
				grant_type: 'client_credentials',
				client_id: sim.credentials.clientId,
				client_secret: sim.credentials.clientSecret,
			});
			const res = await tokenRequest(sim, {}, form);
			expect(res.status).toBe(200);
		});

		it('refuses a wrong secret, a wrong grant and a JSON body in the identity provider shape', async () => {
			const wrongSecret = await tokenRequest(
				sim,
				{ ...FORM, Authorization: basic(sim.credentials.clientId, 'nope') },
				'grant_type=client_credentials',
			);
			expect(wrongSecret.status).toBe(401);
			expect(await wrongSecret.json()).toEqual({
				error: 'invalid_client',
				error_description: expect.any(String),
			});

			const noClient = await tokenRequest(sim, FORM, 'grant_type=client_credentials');
			expect(noClient.status).toBe(401);

			const wrongGrant = await tokenRequest(
				sim,
				{ ...FORM, Authorization: basic(sim.credentials.clientId, sim.credentials.clientSecret) },
				'grant_type=password',
			);
			expect(wrongGrant.status).toBe(400);
			expect(((await wrongGrant.json()) as { error: string }).error).toBe('unsupported_grant_type');

			const json = await tokenRequest(
				sim,
				{
					'Content-Type': 'application/json',
					Authorization: basic(sim.credentials.clientId, sim.credentials.clientSecret),
				},
				'{"grant_type":"client_credentials"}',
			);
			expect(json.status).toBe(415);
			expect(sim.tokenRequests()).toBe(0);

			const viaGet = await fetch(`${sim.url}/api/2/idp/token`);
			expect(viaGet.status).toBe(405);
			expect(viaGet.headers.get('allow')).toBe('POST');
		});
	});

	describe('bearer tokens', () => {
		it('answers 401 with the error body without a token or with an unknown one', async () => {
			const missing = await call(sim, 'GET', '/users/me', { token: null });
			expectApiError(missing, 401, 401);
			expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
			expectApiError(await call(sim, 'GET', '/users/me', { token: 'made-up' }), 401, 401);
		});

		it('expires issued tokens after their lifetime', async () => {
			const shortLived = await start({ port: 0, tokenLifetimeSeconds: 1 });
			try {
				const token = await clientToken(shortLived);
				expect(
					(await call(shortLived, 'GET', `/clients/${shortLived.credentials.clientId}`, { token }))
						.status,
				).toBe(200);
				await sleep(1100);
				const expired = await call(
					shortLived,
					'GET',
					`/clients/${shortLived.credentials.clientId}`,
					{ token },
				);
				expectApiError(expired, 401, 401);
				expect(expired.body.error.message).toMatch(/expired/);
				// the static user token never expires
				expect((await call(shortLived, 'GET', '/users/me')).status).toBe(200);
			} finally {
				await shortLived.close();
			}
		});

		it('expires issued tokens after K uses (expireTokensAfterRequests)', async () => {
			sim.setFaults({ expireTokensAfterRequests: 2 });
			const token = await clientToken(sim);
			const path = `/clients/${sim.credentials.clientId}`;
			expect((await call(sim, 'GET', path, { token })).status).toBe(200);
			expect((await call(sim, 'GET', path, { token })).status).toBe(200);
			expectApiError(await call(sim, 'GET', path, { token }), 401, 401);
			const fresh = await clientToken(sim);
			expect((await call(sim, 'GET', path, { token: fresh })).status).toBe(200);
			expect((await call(sim, 'GET', '/users/me')).status).toBe(200); // static token unaffected
		});
		it('revokes every token issued so far after N more API requests, once (revokeTokensAfterRequests)', async () => {
			const path = `/clients/${sim.credentials.clientId}`;
			const [first, second] = [await clientToken(sim), await clientToken(sim)];
			sim.setFaults({ revokeTokensAfterRequests: 2 });
			expect((await call(sim, 'GET', path, { token: first })).status).toBe(200);
			expect((await call(sim, 'GET', path, { token: second })).status).toBe(200);
			const revoked = await call(sim, 'GET', path, { token: first });
			expectApiError(revoked, 401, 401);
			expect(revoked.body.error.message).toMatch(/expired/);
			expectApiError(await call(sim, 'GET', path, { token: second }), 401, 401);
			// A token issued afterwards keeps working: the fault fired once.
			const fresh = await clientToken(sim);
			for (let index = 0; index < 3; index++) {
				expect((await call(sim, 'GET', path, { token: fresh })).status).toBe(200);
			}
			expect((await call(sim, 'GET', '/users/me')).status).toBe(200); // static token unaffected
			expect(
				sim.requests.filter((request) => request.path.endsWith(path)).map((r) => r.status),
			).toEqual([200, 200, 401, 401, 200, 200, 200]);
		});
	});

	describe('GET /clients/{id} and /users/me', () => {
		it('tell which tenant the credential belongs to', async () => {
			const token = await clientToken(sim);
			const client = await call(sim, 'GET', `/clients/${sim.credentials.clientId}`, { token });
			expect(client.status).toBe(200);
			expect(client.body).toMatchObject({
				client_id: sim.credentials.clientId,
				tenant_id: sim.credentials.tenantId,
				type: 'api_client',
				status: 'enabled',
			});
			const me = await call(sim, 'GET', '/users/me');
			expect(me.status).toBe(200);
			expect(me.body).toMatchObject({
				id: sim.credentials.userId,
				tenant_id: sim.credentials.tenantId,
			});
		});

		it('answers 404 for an unknown client and for /users/me with an API client token', async () => {
			expectApiError(await call(sim, 'GET', `/clients/${OTHER_TENANT}`), 404, 404);
			const token = await clientToken(sim);
			expectApiError(await call(sim, 'GET', '/users/me', { token }), 404, 404);
		});
	});

	describe('POST /reports', () => {
		it('creates a save report with defaults filled in', async () => {
			const body = reportBody(sim);
			delete (body.parameters as Record<string, unknown>).formats;
			const answer = await call(sim, 'POST', '/reports', { body });
			expect(answer.status).toBe(200);
			expect(answer.body).toEqual({
				id: expect.stringMatching(UUID),
				version: 1,
				generation_date: TODAY,
				result_action: 'save',
				parameters: { ...body.parameters, formats: ['csv'] },
				schedule: { type: 'once', enabled: true },
			});
			expect(sim.reports()).toHaveLength(1);
		});

		it('creates a send report with recipients and a monthly report for a child tenant', async () => {
			const send = await call(sim, 'POST', '/reports', {
				body: reportBody(sim, {
					result_action: 'send',
					recipients: sim.recipientUserIds.slice(0, 2),
				}),
			});
			expect(send.status).toBe(200);
			expect(send.body.recipients).toEqual(sim.recipientUserIds.slice(0, 2));

			const monthly = await call(sim, 'POST', '/reports', {
				body: {
					parameters: { kind: 'usage_current', tenant_id: sim.childTenantIds[0], level: 'itself' },
					schedule: { type: 'monthly' },
					result_action: 'save',
				},
			});
			expect(monthly.status).toBe(200);
			expect(monthly.body.schedule).toEqual({ type: 'monthly', enabled: true });
			expect(monthly.body.generation_date).toBe('2024-07-02');
		});

		const invalidCases: Array<[string, (sim: Simulator) => unknown, string]> = [
			['no parameters', (s) => ({ ...reportBody(s), parameters: undefined }), 'parameters'],
			['no kind', (s) => withParams(s, { kind: undefined }), 'parameters.kind'],
			['unknown kind', (s) => withParams(s, { kind: 'usage_weekly' }), 'parameters.kind'],
			['unknown level', (s) => withParams(s, { level: 'everyone' }), 'parameters.level'],
			['tenant id not a UUID', (s) => withParams(s, { tenant_id: 'abc' }), 'parameters.tenant_id'],
			['unknown format', (s) => withParams(s, { formats: ['pdf'] }), 'parameters.formats[0]'],
			['empty formats', (s) => withParams(s, { formats: [] }), 'parameters.formats'],
			['unknown parameter', (s) => withParams(s, { customer_ids: [] }), 'parameters.customer_ids'],
			[
				'bad date',
				(s) => withParams(s, { period: { start: '2024-02-30', end: '2024-03-01' } }),
				'parameters.period.start',
			],
			[
				'start after end',
				(s) => withParams(s, { period: { start: '2024-05-10', end: '2024-05-01' } }),
				'parameters.period.start',
			],
			[
				'period in the future',
				(s) => withParams(s, { period: { start: '2024-06-01', end: '2024-06-16' } }),
				'parameters.period.end',
			],
			['no schedule type', (s) => reportBody(s, { schedule: {} }), 'schedule.type'],
			[
				'unknown schedule type',
				(s) => reportBody(s, { schedule: { type: 'weekly' } }),
				'schedule.type',
			],
			['unknown result action', (s) => reportBody(s, { result_action: 'print' }), 'result_action'],
			['send without recipients', (s) => reportBody(s, { result_action: 'send' }), 'recipients'],
			[
				'recipients not UUIDs',
				(s) => reportBody(s, { result_action: 'send', recipients: ['bob'] }),
				'recipients[0]',
			],
			[
				'generation date on monthly',
				(s) => reportBody(s, { schedule: { type: 'monthly' }, generation_date: '2024-07-01' }),
				'generation_date',
			],
			['unknown top-level field', (s) => reportBody(s, { name: 'x' }), 'name'],
		];
		it.each(invalidCases)('answers 400 naming the field: %s', async (_name, build, field) => {
			const answer = await call(sim, 'POST', '/reports', { body: build(sim) });
			expectApiError(answer, 400);
			expect(answer.body.error.details.field).toBe(field);
			expect(sim.reports()).toHaveLength(0);
		});

		it('answers 403 for a tenant outside the credential, 415 without JSON, 400 for bad JSON', async () => {
			const foreign = await call(sim, 'POST', '/reports', {
				body: withParams(sim, { tenant_id: OTHER_TENANT }),
			});
			expectApiError(foreign, 403, 1002);
			expect(foreign.body.error.details.field).toBe('parameters.tenant_id');

			const text = await call(sim, 'POST', '/reports', {
				body: JSON.stringify(reportBody(sim)),
				headers: { 'Content-Type': 'text/plain' },
			});
			expectApiError(text, 415, 415);
			expectApiError(await call(sim, 'POST', '/reports', { body: '{"parameters":' }), 400, 400);
			expect(sim.reports()).toHaveLength(0);
		});
	});

	describe('reading, listing, updating and deleting reports', () => {
		it('GET /reports/{id} returns the report; unknown or malformed ids are 404', async () => {
			const { id } = await createReport(sim);
			const answer = await call(sim, 'GET', `/reports/${id}`);
			expect(answer.status).toBe(200);
			expect(answer.body.id).toBe(id);
			expectApiError(await call(sim, 'GET', `/reports/${OTHER_TENANT}`), 404, 404);
			expectApiError(await call(sim, 'GET', '/reports/not-a-uuid'), 404, 404);
		});

		it('GET /tenants/{id}/reports lists the ids of the reports about that tenant', async () => {
			const a = await createReport(sim);
			const b = await createReport(sim);
			const child = await createReport(sim, {
				parameters: { ...reportBody(sim).parameters, tenant_id: sim.childTenantIds[1] },
			});
			const own = await call(sim, 'GET', `/tenants/${sim.credentials.tenantId}/reports`);
			expect(own.status).toBe(200);
			expect(own.body).toEqual({ items: [a.id, b.id] });
			expect((await call(sim, 'GET', `/tenants/${sim.childTenantIds[1]}/reports`)).body).toEqual({
				items: [child.id],
			});
			expectApiError(await call(sim, 'GET', `/tenants/${OTHER_TENANT}/reports`), 403, 1002);
			expectApiError(await call(sim, 'GET', '/tenants/xyz/reports'), 404, 1005);
		});

		it('PUT updates a scheduled report and bumps its version', async () => {
			const { id } = await createReport(sim, {
				schedule: { type: 'monthly' },
				result_action: 'send',
				recipients: [sim.recipientUserIds[0]],
			});
			const updated = await call(sim, 'PUT', `/reports/${id}`, {
				body: {
					recipients: [sim.recipientUserIds[1]],
					parameters: { kind: 'usage_daily', level: 'accounts', show_skus: true },
				},
			});
			expect(updated.status).toBe(200);
			expect(updated.body).toMatchObject({
				version: 2,
				recipients: [sim.recipientUserIds[1]],
				parameters: {
					kind: 'usage_daily',
					level: 'accounts',
					show_skus: true,
					tenant_id: sim.credentials.tenantId,
				},
			});
			const disabled = await call(sim, 'PUT', `/reports/${id}`, {
				body: { schedule: { enabled: false } },
			});
			expect(disabled.body).toMatchObject({
				version: 3,
				schedule: { type: 'monthly', enabled: false },
			});
			expect((await call(sim, 'GET', `/reports/${id}`)).body.version).toBe(3);
		});

		it('PUT refuses fields that cannot change, naming them', async () => {
			const { id } = await createReport(sim, { schedule: { type: 'monthly' } });
			const tenant = await call(sim, 'PUT', `/reports/${id}`, {
				body: { parameters: { tenant_id: OTHER_TENANT } },
			});
			expectApiError(tenant, 400, 400);
			expect(tenant.body.error.details.field).toBe('parameters.tenant_id');
			expect(tenant.body.error.message).toMatch(/Only kind, level/);
			const type = await call(sim, 'PUT', `/reports/${id}`, {
				body: { schedule: { type: 'once' } },
			});
			expect(type.body.error.details.field).toBe('schedule.type');
			const recipients = await call(sim, 'PUT', `/reports/${id}`, {
				body: { recipients: [sim.recipientUserIds[0]] },
			});
			expect(recipients.body.error.details.field).toBe('recipients'); // a save report has no recipients
			expectApiError(
				await call(sim, 'PUT', `/reports/${OTHER_TENANT}`, {
					body: { schedule: { enabled: true } },
				}),
				404,
			);
		});

		it('PUT on a one-time report that already ran: only scheduled reports can be updated', async () => {
			const { id } = await createReport(sim);
			const update = await call(sim, 'PUT', `/reports/${id}`, {
				body: { parameters: { kind: 'usage_daily' } },
			});
			expectApiError(update, 400, 1027);
			expect(update.body.error.message).toBe('Only scheduled reports can be updated');
			const disable = await call(sim, 'PUT', `/reports/${id}`, {
				body: { schedule: { enabled: false } },
			});
			expect(disable.body.error.message).toBe('Only scheduled reports can be enabled or disabled');

			const later = await createReport(sim, { generation_date: '2024-07-01' });
			const ok = await call(sim, 'PUT', `/reports/${later.id}`, {
				body: { schedule: { enabled: false } },
			});
			expect(ok.status).toBe(200);
		});

		it('DELETE needs the current version', async () => {
			const { id } = await createReport(sim);
			expectApiError(await call(sim, 'DELETE', `/reports/${id}`), 400, 400);
			const stale = await call(sim, 'DELETE', `/reports/${id}?version=7`);
			expectApiError(stale, 409, 1001);
			expect(stale.body.error.message).toBe('Version mismatch');
			const done = await call(sim, 'DELETE', `/reports/${id}?version=1`);
			expect(done.status).toBe(204);
			expect(done.body).toBeUndefined();
			expectApiError(await call(sim, 'GET', `/reports/${id}`), 404);
			expect(sim.reports()).toHaveLength(0);
		});
	});

	describe('stored files', () => {
		it('lists one item per format; send reports have none', async () => {
			const { id } = await createReport(sim, {
				parameters: { ...reportBody(sim).parameters, formats: ['csv', 'json_v2_0'] },
			});
			const stored = await call(sim, 'GET', `/reports/${id}/stored`);
			expect(stored.status).toBe(200);
			expect(stored.body.items).toEqual([
				{
					id: expect.stringMatching(UUID),
					report_format: 'csv',
					size: expect.any(Number),
					created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/),
					status: 'saved',
				},
				expect.objectContaining({ report_format: 'json_v2_0', status: 'saved' }),
			]);
			expect(stored.body.items[0].size).toBeGreaterThan(0);

			const send = await createReport(sim, {
				result_action: 'send',
				recipients: [sim.recipientUserIds[0]],
			});
			expect((await call(sim, 'GET', `/reports/${send.id}/stored`)).body).toEqual({ items: [] });
			expect(() => sim.generate(send.id)).toThrow(/send/);
		});

		it('serves every format gzip-encoded, deterministic for the same parameters', async () => {
			const formats = ['csv', 'html', 'json_v1', 'csv_v2_0', 'json_v2_0'];
			const params = { ...reportBody(sim).parameters, formats, level: 'accounts', show_skus: true };
			const first = await createReport(sim, { parameters: params });
			const second = await createReport(sim, { parameters: params });
			const items = (await call(sim, 'GET', `/reports/${first.id}/stored`)).body.items as Array<{
				id: string;
				report_format: string;
				size: number;
			}>;
			const otherItems = (await call(sim, 'GET', `/reports/${second.id}/stored`)).body
				.items as Array<{ id: string }>;
			for (const [i, item] of items.entries()) {
				const raw = await rawDownload(sim, `/reports/${first.id}/stored/${item.id}`);
				expect(raw.status).toBe(200);
				expect(raw.headers['content-type']).toBe('application/octet-stream');
				expect(raw.headers['content-encoding']).toBe('gzip');
				expect(raw.bytes.length).toBe(item.size);
				const text = gunzipSync(raw.bytes);
				expect(text.equals(await sim.storedFileContent(first.id, item.id))).toBe(true);
				const again = await fetch(
					`${sim.url}/api/2/reports/${second.id}/stored/${otherItems[i].id}`,
					{
						headers: { Authorization: `Bearer ${sim.credentials.accessToken}` },
					},
				);
				expect(Buffer.from(await again.arrayBuffer()).equals(text)).toBe(true); // fetch decompresses
				const content = text.toString('utf8');
				switch (item.report_format) {
					case 'csv':
						expect(content.split('\r\n')[0]).toMatch(
							/^Tenant name,Tenant ID,Tenant type,.*,SKU,Unit,.*Difference$/,
						);
						expect(content).toContain(`Contoso Dental Clinic,${sim.childTenantIds[0]},customer`);
						break;
					case 'csv_v2_0':
						expect(content.split('\n')[0]).toMatch(
							/^application\.id,application\.name,date,.*,sku\.code,sku\.name,.*,edition$/,
						);
						break;
					case 'html':
						expect(content).toMatch(/^<!DOCTYPE html>[\s\S]*<table>[\s\S]*<\/html>\n$/);
						break;
					case 'json_v1':
						expect(JSON.parse(content).rows.length).toBeGreaterThan(0);
						break;
					case 'json_v2_0': {
						const json = JSON.parse(content);
						expect(json.params).toMatchObject({
							kind: 5,
							report_level: 3,
							begin_date: Date.parse('2024-05-01T00:00:00Z') / 1000,
							end_date: Date.parse('2024-05-31T23:59:59Z') / 1000,
						});
						expect(json.tenants.map((t: { tenant_uuid: string }) => t.tenant_uuid)).toEqual(
							expect.arrayContaining(sim.childTenantIds),
						);
						break;
					}
				}
			}
			expectApiError(await call(sim, 'GET', `/reports/${first.id}/stored/${OTHER_TENANT}`), 404);
		});

		it('generate() adds a new set of files to a monthly report', async () => {
			const { id } = await createReport(sim, { schedule: { type: 'monthly' } });
			expect((await call(sim, 'GET', `/reports/${id}/stored`)).body.items).toEqual([]);
			sim.generate(id);
			sim.generate(id);
			const items = (await call(sim, 'GET', `/reports/${id}/stored`)).body.items;
			expect(items).toHaveLength(2);
			expect(items[0].id).not.toBe(items[1].id);
			const content = (await sim.storedFileContent(id, items[0].id)).toString();
			expect(content).toContain('2024-05-01,2024-05-31'); // the last full month
		});

		it('keeps files in_progress until fileDelayMs has passed', async () => {
			const slow = await start({ port: 0, fileDelayMs: 300, today: TODAY });
			try {
				const { id } = await createReport(slow, {
					parameters: { ...reportBody(slow).parameters, formats: ['csv', 'html'] },
				});
				const early = (await call(slow, 'GET', `/reports/${id}/stored`)).body.items;
				expect(early.map((i: { status: string; size: number }) => [i.status, i.size])).toEqual([
					['in_progress', 0],
					['in_progress', 0],
				]);
				const notReady = await call(slow, 'GET', `/reports/${id}/stored/${early[0].id}`);
				expectApiError(notReady, 409, 409);
				await sleep(350);
				const later = (await call(slow, 'GET', `/reports/${id}/stored`)).body.items;
				expect(later.map((i: { status: string }) => i.status)).toEqual(['saved', 'saved']);
				expect(later[0].size).toBeGreaterThan(0);
				expect((await call(slow, 'GET', `/reports/${id}/stored/${early[0].id}`)).status).toBe(200);
			} finally {
				await slow.close();
			}
		});

		it('pads files to storedFileMinBytes and delivers 5 MB intact', async () => {
			const big = await start({
				port: 0,
				fileDelayMs: 0,
				today: TODAY,
				storedFileMinBytes: 5_000_000,
			});
			try {
				const { id } = await createReport(big, {
					parameters: { ...reportBody(big).parameters, formats: ['csv', 'json_v2_0'] },
				});
				const items = (await call(big, 'GET', `/reports/${id}/stored`)).body.items;
				for (const item of items) {
					const raw = await rawDownload(big, `/reports/${id}/stored/${item.id}`);
					expect(raw.bytes.length).toBe(item.size);
					const content = gunzipSync(raw.bytes);
					expect(content.length).toBeGreaterThanOrEqual(5_000_000);
					expect(content.equals(await big.storedFileContent(id, item.id))).toBe(true);
					if (item.report_format === 'json_v2_0') {
						expect(JSON.parse(content.toString()).tenants.length).toBeGreaterThan(1000);
					}
				}
			} finally {
				await big.close();
			}
		});
	});

	describe('faults', () => {
		it('tooManyRequests: the next N API requests get 429 with Retry-After; token requests pass', async () => {
			sim.setFaults({ tooManyRequests: { count: 2, retryAfter: '3' } });
			await clientToken(sim);
			for (let i = 0; i < 2; i++) {
				const answer = await call(sim, 'GET', '/users/me');
				expectApiError(answer, 429, 429);
				expect(answer.headers.get('retry-after')).toBe('3');
			}
			expect((await call(sim, 'GET', '/users/me')).status).toBe(200);
		});

		it('serverErrors: 503 by default, or the status asked for', async () => {
			sim.setFaults({ serverErrors: { count: 1 } });
			expectApiError(await call(sim, 'GET', '/users/me'), 503, 503);
			expect((await call(sim, 'GET', '/users/me')).status).toBe(200);
			sim.setFaults({ serverErrors: { count: 1, status: 500 } });
			expectApiError(await call(sim, 'GET', '/users/me'), 500, 1000);
		});

		it('dropConnections: the socket closes without an answer, and the request is still recorded', async () => {
			sim.setFaults({ dropConnections: 1 });
			await expect(call(sim, 'GET', '/users/me')).rejects.toThrow();
			expect((await call(sim, 'GET', '/users/me')).status).toBe(200);
			expect(sim.requests.map((r) => r.path)).toEqual(['/api/2/users/me', '/api/2/users/me']);
		});

		it('requestsPerSecond: requests beyond the limit in one second get 429 + Retry-After: 1', async () => {
			sim.setFaults({ requestsPerSecond: 3 });
			const statuses: number[] = [];
			let retryAfter: string | null = null;
			for (let i = 0; i < 5; i++) {
				const answer = await call(sim, 'GET', '/users/me');
				statuses.push(answer.status);
				if (answer.status === 429) retryAfter = answer.headers.get('retry-after');
			}
			expect(statuses).toEqual([200, 200, 200, 429, 429]);
			expect(retryAfter).toBe('1');
			await sleep(1050);
			expect((await call(sim, 'GET', '/users/me')).status).toBe(200);
		});

		it('latencyMs delays every answer', async () => {
			sim.setFaults({ latencyMs: 150 });
			const started = Date.now();
			await call(sim, 'GET', '/users/me');
			expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		});

		it('paths restricts faults, and can include the token endpoint', async () => {
			sim.setFaults({ serverErrors: { count: 5 }, paths: ['/api/2/reports'] });
			expect((await call(sim, 'GET', '/users/me')).status).toBe(200);
			expectApiError(await call(sim, 'POST', '/reports', { body: reportBody(sim) }), 503);

			sim.setFaults({ serverErrors: { count: 1 }, paths: ['/api/2/idp/token'] });
			const res = await tokenRequest(sim);
			expect(res.status).toBe(503);
			expect(sim.tokenRequests()).toBe(0);
			await clientToken(sim);
			expect(sim.tokenRequests()).toBe(1);
		});
	});

	describe('routing and bookkeeping', () => {
		it('answers 404 for unknown paths and 405 for unsupported methods', async () => {
			expectApiError(await call(sim, 'GET', '/nothing/here'), 404, 404);
			const res = await fetch(`${sim.url}/elsewhere`);
			expect(res.status).toBe(404);
			const patch = await call(sim, 'PATCH', `/reports/${OTHER_TENANT}`, { body: {} });
			expectApiError(patch, 405, 405);
			expect(patch.headers.get('allow')).toBe('GET, PUT, DELETE');
		});

		it('records every request with its parsed body, and reset() forgets everything', async () => {
			const started = Date.now();
			await clientToken(sim);
			await createReport(sim);
			const [token, create] = sim.requests;
			expect(token).toMatchObject({
				method: 'POST',
				path: '/api/2/idp/token',
				body: { grant_type: 'client_credentials' },
			});
			expect(create).toMatchObject({
				method: 'POST',
				path: '/api/2/reports',
				query: {},
				body: reportBody(sim),
			});
			expect(create.headers.authorization).toBe(`Bearer ${sim.credentials.accessToken}`);
			expect(create.at).toBeGreaterThanOrEqual(started);
			expect(create.at).toBeLessThanOrEqual(Date.now());
			expect(create.at).toBeGreaterThanOrEqual(token.at);
			expect(sim.reports()[0]).toMatchObject({
				scheduled: false,
				createdByTenantId: sim.credentials.tenantId,
			});
			sim.reset();
			expect(sim.requests).toHaveLength(0);
			expect(sim.reports()).toHaveLength(0);
			expect(sim.tokenRequests()).toBe(0);
		});
	});
});

function withParams(sim: Simulator, changes: Record<string, unknown>) {
	const body = reportBody(sim);
	return { ...body, parameters: { ...body.parameters, ...changes } };
}
