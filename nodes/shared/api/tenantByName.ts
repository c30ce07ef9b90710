import { NodeOperationError } from 'n8n-workflow';

import { comparableName } from '../fields/tenant';
import { tenantLabel } from '../pickers/tenantLabel';
import type { AcronisClient } from '../transport/client';
import type { Tenant } from './tenants';
import {
	fetchTenants,
	findTenants,
	listTenantTree,
	SEARCH_MIN_LENGTH,
	TENANT_TREE_MAX,
} from './tenants';

/** Search results read to find a name: the exact match is among the first of them. */
const SEARCH_LIMIT = 50;
/** Candidates an error lists. */
const LISTED = 8;

/**
 * The tenant at or below `rootTenantId` whose name or customer ID is `name`, spaces and case
 * aside: found by Acronis's search, then matched exactly, so that "Contoso" never stands for
 * "Contoso Dental". None, or more than one, fails with the candidates, so that a person or a
 * model can say which.
 */
export async function tenantIdByName(
	client: AcronisClient,
	rootTenantId: string,
	name: string,
	itemIndex: number,
): Promise<string> {
	const wanted = comparableName(name);
	const { root, candidates } = await candidatesFor(client, rootTenantId, name, itemIndex);
	const all = root === undefined ? candidates : [root, ...candidates];
	const matches = all.filter(
		(tenant) =>
			comparableName(tenant.name) === wanted || comparableName(tenant.customer_id) === wanted,
	);
	if (matches.length === 1) return matches[0].id;

	const listed = (tenants: Tenant[]) =>
		tenants
			.slice(0, LISTED)
			.map((tenant) => {
				const customerId = tenant.customer_id ? `, customer ID ${tenant.customer_id}` : '';
				return `${tenantLabel(tenant)}${customerId}, ID ${tenant.id}`;
			})
			.join('; ');
	if (matches.length > 1) {
		throw new NodeOperationError(
			client.node,
			`${matches.length} tenants are named "${name.trim()}"`,
			{
				itemIndex,
				description: `Give the one meant by its ID (Tenant: By ID) or its customer ID: ${listed(matches)}.`,
			},
		);
	}
	const within = root === undefined ? '' : ` at or below ${root.name}`;
	throw new NodeOperationError(client.node, `No tenant is named "${name.trim()}"${within}`, {
		itemIndex,
		description:
			candidates.length > 0
				? `A tenant is found by its exact name or customer ID. Close matches: ${listed(candidates)}.`
				: 'A tenant is found by its exact name or customer ID, among the tenants the credential can see; nothing close was found. Check the spelling, or pick the tenant from the list.',
	});
}

/**
 * The root tenant and the tenants below it whose name or customer ID may be `name`, with their
 * details: a short name among the whole tree, a longer one among what the search finds.
 */
async function candidatesFor(
	client: AcronisClient,
	rootTenantId: string,
	name: string,
	itemIndex: number,
): Promise<{ root?: Tenant; candidates: Tenant[] }> {
	const isRoot = (tenant: Tenant) => tenant.id === rootTenantId;
	if (name.trim().length < SEARCH_MIN_LENGTH) {
		// In full detail: a short text may be a customer ID.
		const tree = await listTenantTree(client, rootTenantId, TENANT_TREE_MAX, {
			itemIndex,
			lod: 'full',
		});
		return { root: tree.find(isRoot), candidates: tree.filter((tenant) => !isRoot(tenant)) };
	}
	const found = await findTenants(client, rootTenantId, name.trim(), SEARCH_LIMIT, itemIndex);
	// The search gives no customer IDs, and not the root: the details do, in one request. The
	// search's parents' names are kept.
	const parents = new Map(found.map((tenant) => [tenant.id, tenant.parentName]));
	const details = await fetchTenants(
		client,
		[rootTenantId, ...found.map((tenant) => tenant.id)],
		itemIndex,
		'full',
	);
	return {
		root: details.find(isRoot),
		candidates: details
			.filter((tenant) => !isRoot(tenant))
			.map((tenant) => ({ ...tenant, parentName: parents.get(tenant.id) })),
	};
}
