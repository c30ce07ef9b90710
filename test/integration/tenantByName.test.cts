import type { INodeParameters } from 'n8n-workflow';

import type { SimulatorTenant } from '../../simulator/index.cjs';
import { AcronisApi } from '../../credentials/AcronisApi.credentials';
import { AcronisUsageReport } from '../../nodes/AcronisUsageReport/AcronisUsageReport.node';
import { disposeHarness, listSearch } from '../harness/index.cjs';
import {
	apiRequests,
	createThroughNode,
	credentialRef,
	outputJson,
	runNode,
	saveReportParameters,
	storeFor,
	useSimulator,
} from './setup.cjs';

/**
 * A tenant given by its name or customer ID, as people type it and as a model fills it in: one
 * exact match is used, none or several fail with the candidates.
 */
const simulator = useSimulator({ fileDelayMs: 0 });
afterAll(disposeHarness);

const byName = (value: string) => ({ __rl: true, mode: 'name', value });

function tenantNamed(name: string): SimulatorTenant {
	const tenant = simulator.tenants().find((candidate) => candidate.name === name);
	if (tenant === undefined) throw new Error(`The simulator has no tenant ${name}`);
	return tenant;
}

/** Get Many of the tenant given by name: the requests say which tenant the node took. */
async function reportsOf(tenantId: INodeParameters['tenantId'], items?: object[]) {
	return await runNode(
		simulator,
		{ operation: 'getAll', returnAll: true, tenantId },
		{ items: items as never, typeVersion: 1.2 },
	);
}

function ownTenant(): SimulatorTenant {
	return simulator.tenants().find(({ id }) => id === simulator.credentials.tenantId)!;
}

/** Runs `body` while `tenant` has another customer ID (the simulator keeps it across reset). */
async function withCustomerId(
	tenant: SimulatorTenant,
	customerId: string,
	body: () => Promise<void>,
): Promise<void> {
	const before = tenant.customerId;
	simulator.setCustomerId(tenant.id, customerId);
	try {
		await body();
	} finally {
		simulator.setCustomerId(tenant.id, before);
	}
}

function listedTenants(): string[] {
	return apiRequests(simulator)
		.filter(({ path }) => /^\/api\/2\/tenants\/[^/]+\/reports$/.test(path))
		.map(({ path }) => path.split('/')[4]);
}

describe('Tenant by name', () => {
	it('takes the tenant whose name it is, case and spaces aside, never one whose name starts so', async () => {
		const clinic = tenantNamed('Contoso Dental Clinic');
		const report = await createThroughNode(simulator, {
			...saveReportParameters(['csv']),
			tenantId: { __rl: true, mode: 'id', value: clinic.id },
		});
		const result = await reportsOf(byName('  contoso   DENTAL clinic '));
		expect(outputJson(result).map((json) => json.id)).toEqual([report.id]);
		expect(listedTenants()).toEqual([clinic.id]);
		// The data center's search found it: a word search, matched exactly here.
		const searches = apiRequests(simulator).filter(({ path }) => path === '/api/2/search');
		expect(searches.map(({ query }) => query.text)).toEqual(['contoso   DENTAL clinic']);
		// The details of what it found, and of the credential's tenant, in one request.
		expect(apiRequests(simulator).filter(({ path }) => path === '/api/2/tenants')).toHaveLength(1);
	});

	it('takes a customer ID, and the credential’s own tenant by its name', async () => {
		const fabrikam = tenantNamed('Fabrikam Logistics');
		expect(fabrikam.customerId).toMatch(/\S/);
		await reportsOf(byName(fabrikam.customerId!.toLowerCase()));
		expect(listedTenants()).toEqual([fabrikam.id]);

		simulator.requests.length = 0;
		const own = ownTenant();
		await reportsOf(byName(own.name));
		expect(listedTenants()).toEqual([own.id]);
	});

	it('fails on a name no tenant has, listing the tenants it may have meant, before any report request', async () => {
		const result = await reportsOf(byName('Contoso Dental'));
		expect(result.error?.message).toBe(
			'No tenant is named "Contoso Dental" at or below Northwind IT Services',
		);
		const description = result.error?.description ?? '';
		for (const name of [
			'Contoso Dental Clinic (Customer',
			'Contoso Dental Downtown Office (Unit under Contoso Dental Clinic',
		]) {
			expect(description).toContain(name);
		}
		expect(description).toContain(tenantNamed('Contoso Dental Clinic').id);
		expect(listedTenants()).toEqual([]);
	});

	it('fails on a name two tenants answer to, naming both with their IDs', async () => {
		const fabrikam = tenantNamed('Fabrikam Logistics');
		const tailspin = tenantNamed('Tailspin Bakery');
		// Customer IDs are free text a partner types: one may equal another tenant's name.
		await withCustomerId(tailspin, 'Fabrikam Logistics', async () => {
			const result = await reportsOf(byName('Fabrikam Logistics'));
			expect(result.error?.message).toBe('2 tenants are named "Fabrikam Logistics"');
			expect(result.error?.description).toContain(`ID ${fabrikam.id}`);
			expect(result.error?.description).toContain(`Tailspin Bakery (Customer`);
			expect(result.error?.description).toContain(`ID ${tailspin.id}`);
			expect(listedTenants()).toEqual([]);
		});
	});

	it('finds a name shorter than the search takes among the tenants it lists', async () => {
		const result = await reportsOf(byName('Co'));
		expect(result.error?.message).toBe('No tenant is named "Co" at or below Northwind IT Services');
		const paths = apiRequests(simulator).map(({ path }) => path);
		expect(paths).not.toContain('/api/2/search');
		expect(paths).toContain('/api/2/tenants');
	});

	it('finds a short customer ID below the credential’s tenant among the tenants it lists', async () => {
		const tailspin = tenantNamed('Tailspin Bakery');
		await withCustomerId(tailspin, 'T7', async () => {
			await reportsOf(byName('t7'));
			expect(listedTenants()).toEqual([tailspin.id]);
		});
	});

	it('takes the credential’s own tenant by a short customer ID: one tenant, not two', async () => {
		const own = ownTenant();
		await withCustomerId(own, 'NW', async () => {
			const result = await reportsOf(byName('NW'));
			expect(result.error).toBeUndefined();
			expect(listedTenants()).toEqual([own.id]);
		});
	});

	it('looks a name up once for all the items that give it', async () => {
		const clinic = tenantNamed('Contoso Dental Clinic');
		const items = [{ tenant: 'Contoso Dental Clinic' }, { tenant: 'contoso dental clinic' }, {}];
		await reportsOf({ __rl: true, mode: 'name', value: '={{ $json.tenant ?? "" }}' }, items);
		expect(listedTenants().sort()).toEqual(
			[clinic.id, clinic.id, simulator.credentials.tenantId].sort(),
		);
		expect(apiRequests(simulator).filter(({ path }) => path === '/api/2/search')).toHaveLength(1);
	});

	it('in Get Live Usage, takes names, customer IDs and UUIDs together', async () => {
		const tailspin = tenantNamed('Tailspin Bakery');
		const fabrikam = tenantNamed('Fabrikam Logistics');
		const clinic = tenantNamed('Contoso Dental Clinic');
		const tenantsOf = async (tenantIds: string) => {
			const rows = outputJson(await runNode(simulator, { operation: 'getLiveUsage', tenantIds }));
			return [...new Set(rows.map((row) => row.tenant_id))];
		};
		expect(await tenantsOf(`Tailspin Bakery, ${fabrikam.customerId!}, ${clinic.id}`)).toEqual([
			tailspin.id,
			fabrikam.id,
			clinic.id,
		]);
		// A name with a comma: the tenants go one per line, or between semicolons.
		const weber = tenantNamed('Weber, Klein & Co. KG');
		expect(await tenantsOf(`Weber, Klein & Co. KG; Tailspin Bakery`)).toEqual([
			weber.id,
			tailspin.id,
		]);
		expect(await tenantsOf(`Weber, Klein & Co. KG\n${clinic.id}`)).toEqual([weber.id, clinic.id]);
	});

	it('in Get Live Usage, a name no tenant has fails the item with what it may have meant', async () => {
		const result = await runNode(
			simulator,
			{ operation: 'getLiveUsage', tenantIds: 'Tailspin' },
			{ continueOnFail: true },
		);
		expect(outputJson(result)).toEqual([
			expect.objectContaining({
				error: 'No tenant is named "Tailspin" at or below Northwind IT Services',
			}),
		]);
		expect(apiRequests(simulator).filter(({ path }) => path.endsWith('/usages'))).toEqual([]);
	});

	it('in the editor, lists the reports of the tenant typed by name', async () => {
		const clinic = tenantNamed('Contoso Dental Clinic');
		const report = await createThroughNode(simulator, {
			...saveReportParameters(['csv']),
			tenantId: { __rl: true, mode: 'id', value: clinic.id },
		});
		await createThroughNode(simulator, saveReportParameters(['csv']));
		const { results } = await listSearch(
			{
				node: {
					id: 'edited',
					name: 'Edited',
					type: 'n8n-nodes-acronis.acronisUsageReport',
					typeVersion: 1.2,
					position: [0, 0],
					parameters: { operation: 'get', tenantId: byName('Contoso Dental Clinic') },
					credentials: credentialRef('apiClient'),
				},
				nodeType: new AcronisUsageReport(),
				credentialTypes: [new AcronisApi()],
				credentialStore: storeFor(simulator),
			},
			'searchReports',
		);
		expect(results.map(({ value }) => value)).toEqual([report.id]);
	});
});
