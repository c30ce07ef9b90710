import type { IDataObject } from 'n8n-workflow';

import { disposeHarness } from '../harness/index.cjs';
import {
	apiRequests,
	createThroughNode,
	outputJson,
	runNode,
	saveReportParameters,
	seedCreateParameters,
	seedReportBody,
	storeFor,
	UNKNOWN_ID,
	useSimulator,
} from './setup.cjs';

const simulator = useSimulator();
afterAll(disposeHarness);

/** A monthly report: scheduled, so it may be updated, enabled and disabled. */
const createScheduledReport = (): Promise<IDataObject> =>
	createThroughNode(simulator, {
		...saveReportParameters(['csv'], 'none'),
		kind: 'usage_daily',
		level: 'direct_partners',
		scheduleType: 'monthly',
	});

/** A one-time report saved to the cloud, generated at once. */
const createSaved = (): Promise<IDataObject> =>
	createThroughNode(simulator, saveReportParameters(['csv']));

describe('Create', () => {
	it('sends the seed page body field by field and outputs the report unchanged', async () => {
		const { tenantId } = simulator.credentials;
		const result = await runNode(simulator, seedCreateParameters(tenantId));

		const [request] = apiRequests(simulator);
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/api/2/reports');
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.headers.authorization).toMatch(/^Bearer \S+$/);
		expect(request.body).toEqual(seedReportBody(tenantId));
		// Same order of keys as the documented payload.
		expect(Object.keys(request.body as object)).toEqual(Object.keys(seedReportBody(tenantId)));

		const [report] = outputJson(result);
		expect(report).toEqual(simulator.reports()[0].report);
		expect(report).toMatchObject({
			version: 1,
			result_action: 'send',
			schedule: { type: 'once', enabled: true },
		});
		expect(result.outputOf('Acronis Usage Report')[0].pairedItem).toEqual({ item: 0 });
	});

	it.each(['apiClient', 'accessToken'] as const)(
		"defaults the tenant to the credential's own (%s), looked up once per execution",
		async (mode) => {
			const parameters = { ...seedCreateParameters(''), tenantId: '' };
			const result = await runNode(simulator, parameters, { mode, items: [{}, {}, {}] });

			const reports = outputJson(result);
			expect(reports).toHaveLength(3);
			for (const report of reports) {
				expect((report.parameters as IDataObject).tenant_id).toBe(simulator.credentials.tenantId);
			}
			const lookups = apiRequests(simulator).filter((request) => request.method === 'GET');
			expect(lookups.map((request) => request.path)).toEqual([
				mode === 'apiClient'
					? `/api/2/clients/${simulator.credentials.clientId}`
					: '/api/2/users/me',
			]);
		},
	);

	it('computes "Previous Month" in the workflow time zone and leaves recipients out of save reports', async () => {
		await runNode(simulator, {
			operation: 'create',
			resultAction: 'save',
			kind: 'usage_current',
			level: 'all_customers',
			period: 'previousMonth',
			formats: ['json_v2_0', 'csv_v2_0'],
			scheduleType: 'once',
			tenantId: simulator.childTenantIds[0],
			options: { hideZeroUsage: true, showSkus: 'false' },
		});
		const [request] = apiRequests(simulator);
		const body = request.body as IDataObject;
		expect(body).not.toHaveProperty('recipients');
		const parameters = body.parameters as IDataObject;
		const { start: periodStart, end: periodEnd } = parameters.period as {
			start: string;
			end: string;
		};
		expect(periodStart).toMatch(/^\d{4}-\d{2}-01$/);
		expect(periodEnd.slice(0, 7)).toBe(periodStart.slice(0, 7));
		const endDate = new Date(`${periodEnd}T00:00:00Z`);
		endDate.setUTCDate(endDate.getUTCDate() + 1);
		expect(endDate.getUTCDate()).toBe(1); // the end is the last day of that month
		expect(parameters).toMatchObject({
			hide_zero_usage: true,
			show_skus: false,
			formats: ['json_v2_0', 'csv_v2_0'],
		});
		// Empty Generation Date: none is sent, the data center generates it on its own today.
		expect(body).not.toHaveProperty('generation_date');
	});

	it('sends the Generation Date given, for a report due on that day', async () => {
		await runNode(simulator, seedCreateParameters(simulator.credentials.tenantId));
		const [request] = apiRequests(simulator);
		expect(request.body).toMatchObject({ generation_date: '2017-05-08' });
	});

	it('says when Acronis makes no report while it prepares usage (1 to 6 am), and when to run', async () => {
		simulator.setClock({ timeOfDay: '03:15' });
		const result = await runNode(
			simulator,
			{ operation: 'generateAndDownload', output: 'rows', rowFormat: 'csv_v2_0' },
			{ typeVersion: 1.1 },
		);
		expect(result.error).toMatchObject({
			httpCode: '400',
			message: "Usage history is not ready and shouldn't be ready yet (from 1 to 6 am) [400]",
		});
		expect(result.error?.description).toMatch(/from 1 to 6 am \(UTC\).*after 6 am UTC.*2nd/);
		expect(simulator.reports()).toEqual([]);
	});

	it('says so when the usage history is late after 6 am, and does not create the report twice', async () => {
		simulator.setFaults({ usageHistoryLate: { count: 1 } });
		const result = await runNode(simulator, {
			...seedCreateParameters(simulator.credentials.tenantId),
			resultAction: 'save',
			formats: ['csv_v2_0'],
		});
		expect(result.error).toMatchObject({ httpCode: '500' });
		expect(result.error?.description).toMatch(/should be ready by now.*try again/);
		expect(apiRequests(simulator).filter((r) => r.method === 'POST')).toHaveLength(1);
	});

	it('sends no generation_date for monthly reports', async () => {
		const result = await runNode(simulator, {
			...seedCreateParameters(simulator.credentials.tenantId),
			scheduleType: 'monthly',
		});
		expect(outputJson(result)[0].schedule).toEqual({ type: 'monthly', enabled: true });
		const [request] = apiRequests(simulator);
		expect(request.body).not.toHaveProperty('generation_date');
		expect(request.body).toMatchObject({ schedule: { type: 'monthly' } });
	});
});

describe('Get', () => {
	it('returns the report by its id', async () => {
		const created = await createScheduledReport();
		const result = await runNode(simulator, { operation: 'get', reportId: created.id as string });
		expect(apiRequests(simulator).map((request) => [request.method, request.path])).toEqual([
			['GET', `/api/2/reports/${created.id}`],
		]);
		expect(outputJson(result)).toEqual([created]);
	});

	it('answers an unknown id with the API status and message', async () => {
		const result = await runNode(
			simulator,
			{ operation: 'get', reportId: UNKNOWN_ID },
			{ continueOnFail: true },
		);
		const [error] = outputJson(result);
		expect(error.details).toMatchObject({ httpCode: '404' });
		expect(error.error).toEqual(expect.any(String));
		// What to check: the field, and what a report not found most likely means.
		expect((error.details as IDataObject).description).toMatch(
			/^Check Report: the report may have been deleted, its ID may be mistyped, or it is outside what the credential can see/,
		);
	});
});

describe('Update', () => {
	it('sends only the fields the user set', async () => {
		const created = await createScheduledReport();
		const result = await runNode(simulator, {
			operation: 'update',
			reportId: created.id as string,
			updateFields: { level: 'accounts' },
		});
		const [request] = apiRequests(simulator);
		expect([request.method, request.path]).toEqual(['PUT', `/api/2/reports/${created.id}`]);
		expect(request.body).toEqual({ parameters: { level: 'accounts' } });
		const [report] = outputJson(result);
		expect(report).toMatchObject({
			parameters: { level: 'accounts', kind: 'usage_daily' },
			version: 2,
		});
	});

	it('sends the seed page body for recipients, kind and level', async () => {
		const created = await createScheduledReport();
		await runNode(simulator, {
			operation: 'update',
			reportId: created.id as string,
			updateFields: {
				recipients: 'ca451758-b48a-45d9-9ae6-8f1059f67619',
				kind: 'usage_current',
				level: 'direct_partners',
			},
		});
		expect(apiRequests(simulator)[0].body).toEqual({
			recipients: ['ca451758-b48a-45d9-9ae6-8f1059f67619'],
			parameters: { kind: 'usage_current', level: 'direct_partners' },
		});
	});

	it('brings "Only scheduled reports can be updated" to the user with its code', async () => {
		const { tenantId } = simulator.credentials;
		const [generated] = outputJson(await runNode(simulator, seedCreateParameters(tenantId)));
		const result = await runNode(
			simulator,
			{
				operation: 'update',
				reportId: generated.id as string,
				updateFields: { kind: 'usage_daily' },
			},
			{ continueOnFail: true },
		);
		const [error] = outputJson(result);
		expect(error.error).toMatch(/Only scheduled reports can be updated/);
		expect(error.details).toMatchObject({ httpCode: '400', code: '1027' });
	});
});

describe.each([
	['enable', true],
	['disable', false],
] as const)('%s', (operation, enabled) => {
	it(`sends exactly {"schedule":{"enabled":${enabled}}}`, async () => {
		const created = await createScheduledReport();
		const result = await runNode(simulator, { operation, reportId: created.id as string });
		const [request] = apiRequests(simulator);
		expect([request.method, request.path]).toEqual(['PUT', `/api/2/reports/${created.id}`]);
		expect(request.body).toEqual({ schedule: { enabled } });
		expect(JSON.stringify(request.body)).toBe(`{"schedule":{"enabled":${enabled}}}`);
		expect(outputJson(result)[0]).toMatchObject({ id: created.id, schedule: { enabled } });
	});
});

describe('Delete', () => {
	it('deletes with the version given, and outputs what it deleted', async () => {
		const report = await createSaved();
		const result = await runNode(simulator, {
			operation: 'delete',
			reportId: report.id as string,
			options: { version: 1 },
		});
		expect(outputJson(result)).toEqual([{ deleted: true, id: report.id }]);
		const [request] = apiRequests(simulator);
		expect([request.method, request.path, request.query]).toEqual([
			'DELETE',
			`/api/2/reports/${report.id}`,
			{ version: '1' },
		]);
		expect(simulator.reports()).toHaveLength(0);
	});

	it('reads the current version first when none is given', async () => {
		const [monthly] = outputJson(
			await runNode(simulator, {
				...saveReportParameters(['csv'], 'none'),
				scheduleType: 'monthly',
			}),
		);
		await runNode(simulator, { operation: 'disable', reportId: monthly.id as string });
		simulator.requests.length = 0;
		await runNode(simulator, { operation: 'delete', reportId: monthly.id as string });
		expect(
			apiRequests(simulator).map((r) => `${r.method} ${r.path} ${JSON.stringify(r.query)}`),
		).toEqual([
			`GET /api/2/reports/${monthly.id} {}`,
			`DELETE /api/2/reports/${monthly.id} {"version":"2"}`,
		]);
	});

	it('reports a stale version with the API code', async () => {
		const report = await createSaved();
		const result = await runNode(
			simulator,
			{ operation: 'delete', reportId: report.id as string, options: { version: 7 } },
			{ continueOnFail: true },
		);
		expect(outputJson(result)[0]).toMatchObject({ details: { httpCode: '409', code: '1001' } });
		expect(simulator.reports()).toHaveLength(1);
	});
});

describe('Get Many', () => {
	it("lists the credential's tenant reports, with a limit or all of them", async () => {
		const created = [];
		for (let index = 0; index < 3; index++) created.push(await createSaved());
		const limited = outputJson(await runNode(simulator, { operation: 'getAll', limit: 2 }));
		expect(limited).toHaveLength(2);
		const all = outputJson(await runNode(simulator, { operation: 'getAll', returnAll: true }));
		const byId = (a: IDataObject, b: IDataObject) => String(a.id).localeCompare(String(b.id));
		expect([...all].sort(byId)).toEqual([...created].sort(byId));
	});

	it("lists another tenant's reports", async () => {
		const tenantId = simulator.childTenantIds[0];
		await runNode(simulator, { ...saveReportParameters(['csv']), tenantId });
		await createSaved();
		const reports = outputJson(
			await runNode(simulator, { operation: 'getAll', tenantId, returnAll: true }),
		);
		expect(reports).toHaveLength(1);
		expect((reports[0].parameters as IDataObject).tenant_id).toBe(tenantId);
	});
});

describe('many items', () => {
	it('runs 50 items with per-item expressions on exactly one token', async () => {
		const store = storeFor(simulator);
		const ids: string[] = [];
		for (let index = 0; index < 5; index++) {
			ids.push((await createScheduledReport()).id as string);
		}
		const tokensBefore = simulator.tokenRequests();
		const decryptionsBefore = store.decryptions;
		const items = Array.from({ length: 50 }, (_, index) => ({
			id: ids[index % ids.length],
			index,
		}));
		const result = await runNode(
			simulator,
			{ operation: 'get', reportId: '={{ $json.id }}' },
			{ items, store },
		);
		const outputs = result.outputOf('Acronis Usage Report');
		expect(outputs.map((item) => item.json.id)).toEqual(items.map((item) => item.id));
		expect(outputs.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(simulator.tokenRequests() - tokensBefore).toBe(1);
		// The credential is read once per execution, not once per request.
		expect(store.decryptions - decryptionsBefore).toBe(1);

		// A second execution reuses the token n8n stored with the credential.
		const fresh = storeFor(simulator);
		const tokensBeforeFresh = simulator.tokenRequests();
		await runNode(
			simulator,
			{ operation: 'get', reportId: '={{ $json.id }}' },
			{ items, store: fresh },
		);
		await runNode(
			simulator,
			{ operation: 'get', reportId: '={{ $json.id }}' },
			{ items, store: fresh },
		);
		expect(simulator.tokenRequests() - tokensBeforeFresh).toBe(1);
	});

	it('fetches one token when the first items fail, with Continue', async () => {
		const id = (await createScheduledReport()).id as string;
		const tokensBefore = simulator.tokenRequests();
		const items = [UNKNOWN_ID, UNKNOWN_ID, ...Array.from({ length: 18 }, () => id)].map(
			(reportId) => ({ id: reportId }),
		);
		const result = await runNode(
			simulator,
			{ operation: 'get', reportId: '={{ $json.id }}' },
			{ items, continueOnFail: true },
		);
		const outputs = result.outputOf('Acronis Usage Report');
		expect(
			outputs.map(
				(item) => (item.json.details as IDataObject | undefined)?.httpCode ?? item.json.id,
			),
		).toEqual(items.map((item) => (item.id === UNKNOWN_ID ? '404' : id)));
		expect(simulator.tokenRequests() - tokensBefore).toBe(1);
	});
});
