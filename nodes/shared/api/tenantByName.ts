import { NodeOperationError } from 'n8n-workflow';

import { tenantLabel } from '../pickers/tenantLabel';
import type { AcronisClient } from '../transport/client';
import type { Tenant } from './tenants';
import { fetchTenants, findTenants, listTenantTree, SEARCH_MIN_LENGTH } from './tenants';

/** Search results read to find a name: the exact match is among the first of them. */
const SEARCH_LIMIT = 50;
/** Tenants a short name (which the search may refuse) is looked for among. */
const TREE_MAX = 5000;
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
	const wanted = comparable(name);
	const [candidates, [root]] = await Promise.all([
		candidatesFor(client, rootTenantId, name, itemIndex),
		fetchTenants(client, [rootTenantId], itemIndex, 'full'),
	]);
	// The tree a short name is looked for in holds the root already.
	const all =
		root === undefined
			? candidates
			: [root, ...candidates.filter((tenant) => tenant.id !== root.id)];
	const matches = all.filter(
		(tenant) => comparable(tenant.name) === wanted || comparable(tenant.customer_id) === wanted,
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

/** Tenants whose name or customer ID may be `name`, with their details. */
async function candidatesFor(
	client: AcronisClient,
	rootTenantId: string,
	name: string,
	itemIndex: number,
): Promise<Tenant[]> {
	if (name.trim().length < SEARCH_MIN_LENGTH) {
		// In full detail: a short text may be a customer ID.
		return await listTenantTree(client, rootTenantId, TREE_MAX, { itemIndex, lod: 'full' });
	}
	const found = await findTenants(client, rootTenantId, name.trim(), SEARCH_LIMIT, itemIndex);
	if (found.length === 0) return [];
	// The search does not give customer IDs: the details do. Its parents' names are kept.
	const parents = new Map(found.map((tenant) => [tenant.id, tenant.parentName]));
	const details = await fetchTenants(
		client,
		found.map((tenant) => tenant.id),
		itemIndex,
		'full',
	);
	return details.map((tenant) => ({ ...tenant, parentName: parents.get(tenant.id) }));
}

function comparable(text: string | null | undefined): string {
	return (text ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
}
