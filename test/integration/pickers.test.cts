import type { IDataObject, INode, INodeParameters, INodeType } from 'n8n-workflow';

import { AcronisApi } from '../../credentials/AcronisApi.credentials';
import { AcronisUsageReport } from '../../nodes/AcronisUsageReport/AcronisUsageReport.node';
import { AcronisUsageReportTrigger } from '../../nodes/AcronisUsageReportTrigger/AcronisUsageReportTrigger.node';
import type { Simulator, SimulatorTenant } from '../../simulator/index.cjs';
import { start } from '../../simulator/index.cjs';
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

interface EditedOptions {
	mode?: CredentialMode;
	nodeType?: INodeType;
}

/** A node open in the editor, with a credential for the file's simulator. */
function edited(parameters: INodeParameters, options: EditedOptions = {}): EditedNode {
	return editedFor(simulator, parameters, options);
}

function editedFor(
	sim: Simulator,
	parameters: INodeParameters,
	{ mode = 'apiClient', nodeType = new AcronisUsageReport() as INodeType }: EditedOptions = {},
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
		credentialStore: storeFor(sim),
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
		const page = await listSearch(editedFor(sim, {}, { mode }), 'searchTenants', undefined, token);
		pages.push(page.results);
		token = page.paginationToken;
	} while (token !== undefined);
	expect(sim.tenants().length).toBeGreaterThan(pages[0].length);
	return pages;
}

/**
 * The simulator's tenants as the Tenant list shows them: in tree order, each right under its
 * parent and sisters by name, a tenant below the first level naming its parent.
 */
function tenantTree(sim: Simulator): Array<{ name: string; value: string }> {
	const tenants = sim.tenants();
	const root = sim.credentials.tenantId;
	const byId = new Map(tenants.map((tenant) => [tenant.id, tenant]));
	const listed: Array<{ name: string; value: string }> = [];
	const visit = (tenant: SimulatorTenant) => {
		const parent = byId.get(tenant.parentId);
		const under = tenant.id !== root && parent && parent.id !== root ? ` under ${parent.name}` : '';
		const kind = kindName[tenant.kind] ?? 'Root';
		listed.push({
			name: `${tenant.name} (${kind}${under}${tenant.enabled ? '' : ', disabled'})`,
			value: tenant.id,
		});
		tenants
			.filter((child) => child.parentId === tenant.id && child.id !== tenant.id)
			.sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }))
			.forEach(visit);
	};
	visit(byId.get(root)!);
	return listed;
}

describe('Tenant', () => {
	it.each(['apiClient', 'accessToken'] as const)(
		'lists the credential’s tenant and every tenant below it in tree order, page by page, each once (%s)',
		async (mode) => {
			const pages = await allTenantPages(simulator, mode);
			expect(pages.length).toBeGreaterThan(1);
			const listed = pages.flat();
			expect(listed).toEqual(tenantTree(simulator));
			expect(listed[0].value).toBe(simulator.credentials.tenantId);
			expect(listed.map(({ value }) => value)).not.toContain(simulator.foreignTenantId);
			const unit = listed.find(({ name }) => name.startsWith('Contoso Dental Downtown Office'))!;
			expect(unit.name).toBe('Contoso Dental Downtown Office (Unit under Contoso Dental Clinic)');
			expect(listed[listed.indexOf(unit) - 1].name).toMatch(/^Contoso Dental Clinic \(/);
		},
	);

	it('reads a tree larger than one page of the API with the cursor and the page size', async () => {
		const large = await start({ port: 0, fileDelayMs: 0, extraCustomers: 1100 });
		try {
			const pages = await allTenantPages(large);
			expect(pages.flat()).toEqual(tenantTree(large));
			const listings = large.requests.filter((request) => request.path === '/api/2/tenants');
			const later = listings.filter((request) => request.query.after !== undefined);
			expect(later.length).toBeGreaterThan(0);
			// Acronis's paging: every later page sends the page size with the cursor.
			for (const request of later) expect(request.query.limit).toBe('1000');
		} finally {
			await large.close();
		}
	});

	it('narrows the tree itself for text too short for Acronis’s search', async () => {
		const page = await listSearch(edited({}), 'searchTenants', 'Co');
		expect(simulator.requests.filter((request) => request.path === '/api/2/search')).toEqual([]);
		const startsACoWord = (name: string) =>
			/(^|[^\p{L}\p{N}])co/iu.test(name.replace(/ \(.*\)$/, ''));
		expect(page.results).toEqual(
			tenantTree(simulator)
				.filter(({ name }) => startsACoWord(name))
				.slice(0, 50),
		);
		expect(page.results.length).toBeGreaterThan(0);
	});

	it('finds tenants by the start of their words, as Acronis’s search does', async () => {
		const { results } = await listSearch(edited({}), 'searchTenants', 'conto dent');
		expect(results.map(({ name }) => name)).toEqual(
			expect.arrayContaining([
				'Contoso Dental Clinic (Customer)',
				'Contoso Dental Downtown Office (Unit under Contoso Dental Clinic)',
			]),
		);
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
		expect(results).toContainEqual(tenantTree(simulator).find(({ value }) => value === target.id));
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

	it('offers the same tenants in the same tree order as a multiple choice, for Get Live Usage', async () => {
		const options = await loadOptions(edited({ operation: 'getLiveUsage' }), 'getTenants');
		expect(options).toEqual(tenantTree(simulator));
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
				name: `Summary, 2026-10, CSV + HTML, saved for download, generated ${report.generation_date as string}`,
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
		const search = await listSearch(
			edited({ operation: 'get' }),
			'searchReports',
			'json (version 2.0)',
		);
		// The one match is among the last reports: the first answer holds it, not an empty page.
		expect(search.results.map(({ value }) => value)).toEqual([made[22].id]);
		expect(search.paginationToken).toBeUndefined();
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
