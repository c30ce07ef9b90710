import type { IDataObject, INode, INodeParameters, INodeType } from 'n8n-workflow';

import { AcronisApi } from '../../credentials/AcronisApi.credentials';
import { AcronisUsageReport } from '../../nodes/AcronisUsageReport/AcronisUsageReport.node';
import { AcronisUsageReportTrigger } from '../../nodes/AcronisUsageReportTrigger/AcronisUsageReportTrigger.node';
import type { Simulator } from '../../simulator/index.cjs';
import type { EditedNode } from '../harness/index.cjs';
import { disposeHarness, listSearch, loadOptions } from '../harness/index.cjs';
import type { CredentialMode } from './setup.cjs';
import {
	credentialRef,
	createThroughNode,
	outputJson,
	runNode,
	saveReportParameters,
	storeFor,
	useSimulator,
} from './setup.cjs';

/** The lists the editor shows, read through n8n-core's load-options context. */
const simulator = useSimulator({ fileDelayMs: 0, extraCustomers: 70 });
afterAll(disposeHarness);

function edited(
	parameters: INodeParameters,
	{ mode = 'apiClient', nodeType = new AcronisUsageReport() as INodeType } = {} as {
		mode?: CredentialMode;
		nodeType?: INodeType;
	},
): EditedNode {
	const node: INode = {
		id: 'edited',
		name: 'Edited',
		type: nodeType.description.name,
		typeVersion: 1.1,
		position: [0, 0],
		parameters,
		credentials: credentialRef(mode),
	};
	return {
		node,
		nodeType,
		credentialTypes: [new AcronisApi()],
		credentialStore: storeFor(simulator),
	};
}

const picked = (value: string) => ({ __rl: true, mode: 'list', value });
const kindName: Record<string, string> = {
	partner: 'Partner',
	folder: 'Folder',
	customer: 'Customer',
	unit: 'Unit',
};

/** Every page of the Tenant list, following its pagination tokens. */
async function allTenantPages(sim: Simulator, mode: CredentialMode = 'apiClient') {
	const pages = [];
	let token: string | undefined;
	do {
		const page = await listSearch(edited({}, { mode }), 'searchTenants', undefined, token);
		pages.push(page.results);
		token = page.paginationToken;
	} while (token !== undefined);
	expect(sim.tenants().length).toBeGreaterThan(pages[0].length);
	return pages;
}

describe('Tenant', () => {
	it.each(['apiClient', 'accessToken'] as const)(
		'lists the credential’s tenant and every tenant below it, page by page, each once (%s)',
		async (mode) => {
			const pages = await allTenantPages(simulator, mode);
			expect(pages.length).toBeGreaterThan(1);
			const listed = pages.flat();
			const expected = simulator.tenants().map((tenant) => ({
				name: `${tenant.name} (${kindName[tenant.kind] ?? 'Root'}${tenant.enabled ? '' : ', disabled'})`,
				value: tenant.id,
			}));
			expect([...listed].sort(byValue)).toEqual([...expected].sort(byValue));
			// The credential's own tenant comes first: the list is sorted by level.
			expect(listed[0].value).toBe(simulator.credentials.tenantId);
			expect(listed.map(({ value }) => value)).not.toContain(simulator.foreignTenantId);
			// Acronis's paging: every later page sends the page size with the cursor.
			const later = simulator.requests.filter((request) => request.query.after !== undefined);
			expect(later.length).toBe(pages.length - 1);
			for (const request of later) expect(request.query.limit).toBe('50');
		},
	);

	it('narrows the listed page itself for text too short for Acronis’s search', async () => {
		const page = await listSearch(edited({}), 'searchTenants', 'Co');
		expect(simulator.requests.filter((request) => request.path === '/api/2/search')).toEqual([]);
		const firstPage = await listSearch(edited({}), 'searchTenants');
		const startsACoWord = (name: string) =>
			/(^|[^\p{L}\p{N}])co/iu.test(name.replace(/ \(.*\)$/, ''));
		expect(page.results).toEqual(firstPage.results.filter(({ name }) => startsACoWord(name)));
		expect(page.results.length).toBeGreaterThan(0);
		expect(page.paginationToken).toBeDefined();
	});

	it('finds tenants by the start of their words, as Acronis’s search does', async () => {
		const { results } = await listSearch(edited({}), 'searchTenants', 'conto dent');
		expect(results.map(({ name }) => name)).toContain('Contoso Dental Clinic (Customer)');
		const [search] = simulator.requests.filter((request) => request.path === '/api/2/search');
		expect(search.query.text).toBe('conto dent');
		expect((await listSearch(edited({}), 'searchTenants', 'ental')).results).toEqual([]);
	});

	it('narrows the list to what a search finds, by name', async () => {
		const target = simulator.tenants().find((tenant) => tenant.name.includes('"Partners"'))!;
		const { results, paginationToken } = await listSearch(
			edited({}),
			'searchTenants',
			'jones & "partners',
		);
		expect(results).toContainEqual({
			name: `${target.name} (${kindName[target.kind]})`,
			value: target.id,
		});
		for (const { name } of results) expect(name.toLowerCase()).toContain('jones & "partners');
		expect(paginationToken).toBeUndefined();
	});

	it('finds nothing for a search that matches no tenant, and nothing outside the tree', async () => {
		const none = await listSearch(edited({}), 'searchTenants', 'no tenant is called this');
		expect(none.results).toEqual([]);
		const foreign = await listSearch(edited({}), 'searchTenants', simulator.foreignTenantId);
		expect(foreign.results).toEqual([]);
	});

	it('brings an API error in the middle of paging to the editor with Acronis’s message', async () => {
		const first = await listSearch(edited({}), 'searchTenants');
		simulator.setFaults({ serverErrors: { count: 10, status: 500 } });
		await expect(
			listSearch(edited({}), 'searchTenants', undefined, first.paginationToken),
		).rejects.toMatchObject({ httpCode: '500', message: 'Internal system error [1000]' });
	});

	it('offers the same tenants as a multiple choice, for Get Live Usage', async () => {
		const options = await loadOptions(edited({ operation: 'getLiveUsage' }), 'getTenants');
		expect(options.map(({ value }) => value).sort()).toEqual(
			simulator
				.tenants()
				.map(({ id }) => id)
				.sort(),
		);
	});
});

describe('Report', () => {
	it('lists the reports of the tenant chosen above, with a label a person recognises', async () => {
		const child = simulator.childTenantIds[0];
		const report = await createThroughNode(simulator, {
			...saveReportParameters(['csv', 'html'], 'custom'),
			periodStart: '2026-10-01',
			periodEnd: '2026-10-31',
			tenantId: picked(child),
		});
		await createThroughNode(simulator, saveReportParameters(['csv']));
		const { results } = await listSearch(
			edited({ operation: 'get', tenantId: picked(child) }),
			'searchReports',
		);
		expect(results).toEqual([
			{
				name: `Summary, 2026-10, CSV + HTML, saved ${report.generation_date as string}`,
				value: report.id,
			},
		]);
	});

	it('pages through many reports 20 at a time, and a search narrows them', async () => {
		const made: IDataObject[] = [];
		for (let index = 0; index < 23; index++) {
			made.push(
				await createThroughNode(simulator, {
					...saveReportParameters([index === 22 ? 'json_v2_0' : 'csv']),
				}),
			);
		}
		const first = await listSearch(edited({ operation: 'get' }), 'searchReports');
		const second = await listSearch(
			edited({ operation: 'get' }),
			'searchReports',
			undefined,
			first.paginationToken,
		);
		expect(first.results).toHaveLength(20);
		expect(second.paginationToken).toBeUndefined();
		expect([...first.results, ...second.results].map(({ value }) => value).sort()).toEqual(
			made.map(({ id }) => id).sort(),
		);
		const search = await listSearch(edited({ operation: 'get' }), 'searchReports', 'json v2');
		const searchNext = await listSearch(
			edited({ operation: 'get' }),
			'searchReports',
			'json v2',
			search.paginationToken,
		);
		expect([...search.results, ...searchNext.results].map(({ value }) => value)).toEqual([
			made[22].id,
		]);
	});

	it('lists nothing for a tenant without reports', async () => {
		const { results, paginationToken } = await listSearch(
			edited({ operation: 'get', tenantId: picked(simulator.childTenantIds[1]) }),
			'searchReports',
		);
		expect(results).toEqual([]);
		expect(paginationToken).toBeUndefined();
	});

	it('offers the tenant’s reports to the trigger as a multiple choice', async () => {
		const report = await createThroughNode(simulator, saveReportParameters(['csv']));
		const options = await loadOptions(
			edited({ reports: 'selected' }, { nodeType: new AcronisUsageReportTrigger() }),
			'getReports',
		);
		expect(options.map(({ value }) => value)).toEqual([report.id]);
	});
});

describe('Recipients', () => {
	it('lists the users of the chosen tenant and of the credential’s own, with names and emails', async () => {
		const child = simulator.childTenantIds[0];
		const options = await loadOptions(
			edited({ operation: 'create', tenantId: picked(child) }),
			'getRecipients',
		);
		const expected = simulator
			.users()
			.filter(({ tenantId }) => [child, simulator.credentials.tenantId].includes(tenantId));
		expect(options.map(({ value }) => value).sort()).toEqual(expected.map(({ id }) => id).sort());
		const someone = expected[0];
		expect(options).toContainEqual({
			name: `${someone.contact.firstname} ${someone.contact.lastname} <${someone.contact.email}>`,
			value: someone.id,
			description: `Login ${someone.login}`,
		});
	});

	it('sends the users picked from the list as the report’s recipients', async () => {
		const options = await loadOptions(edited({ operation: 'create' }), 'getRecipients');
		const chosen = options.slice(0, 2).map(({ value }) => value as string);
		const result = await runNode(simulator, {
			...saveReportParameters(['csv']),
			resultAction: 'send',
			recipients: chosen,
		});
		expect(outputJson(result)[0].recipients).toEqual(chosen);
	});
});

function byValue(a: { value: unknown }, b: { value: unknown }): number {
	return String(a.value).localeCompare(String(b.value));
}
