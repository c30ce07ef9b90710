import type { IDataObject } from 'n8n-workflow';

import { chunks, mapConcurrently } from '../transport/concurrency';
import type { AcronisClient } from '../transport/client';

/** The tenant tree and its users: for the editor's pickers, and tenants named in a field. */

export interface Tenant {
	id: string;
	name: string;
	/** root, partner, folder, customer or unit. */
	kind: string;
	/** Unknown (undefined) where the API does not say, as in search results. */
	enabled?: boolean;
	parent_id?: string;
	/** The provider's own id of a customer; only in full details (`fetchTenants` with 'full'). */
	customer_id?: string | null;
	/** The name of its parent, where a listing says it and the parent is below its root. */
	parentName?: string;
}

/**
 * The most tenants a whole tree is read for: the pickers' lists, a name shorter than the search
 * takes. Larger partners are found by search.
 */
export const TENANT_TREE_MAX = 5000;

/** Tenants asked for per request where a whole tree is read. */
const TREE_PAGE = 1000;

/** How a tree is read: for which item (its request settings and errors), in how much detail. */
interface TreeListing {
	itemIndex?: number;
	/** 'full' adds what the pickers need not, such as `customer_id`. */
	lod?: 'basic' | 'full';
}

export interface User {
	id: string;
	login: string;
	tenant_id: string;
	contact?: { email?: string | null; firstname?: string | null; lastname?: string | null };
}

/** Acronis's search is reported to refuse shorter text. */
export const SEARCH_MIN_LENGTH = 3;

/** GET /tenants and GET /users take at most this many UUIDs. */
const BATCH_SIZE = 100;

/**
 * A tenant and every tenant below it, one page at a time, sorted by their level in the tree.
 * A later page sends the cursor the previous page answered with, and the page size: Acronis
 * documents `after` as used together with `limit`.
 */
async function listSubtree(
	client: AcronisClient,
	rootTenantId: string,
	page: { after?: string; limit: number },
	{ itemIndex = 0, lod = 'basic' }: TreeListing,
): Promise<{ tenants: Tenant[]; after?: string }> {
	const qs: IDataObject =
		page.after === undefined
			? { subtree_root_id: rootTenantId, lod, limit: page.limit }
			: { after: page.after, limit: page.limit };
	const { body } = await client.request<{
		items?: Tenant[];
		paging?: { cursors?: { after?: string } };
	}>({ method: 'GET', path: '/tenants', qs }, itemIndex);
	const tenants = body.items ?? [];
	const after = body.paging?.cursors?.after;
	// The last page may still carry a cursor; an empty page ends the listing either way.
	return { tenants, after: tenants.length > 0 && after ? after : undefined };
}

/**
 * A tenant and the tenants below it, at most `max`, in tree order: each right under its
 * parent, sisters by name. The API lists a subtree level by level, so the whole of it is read
 * before it is put in order.
 */
export async function listTenantTree(
	client: AcronisClient,
	rootTenantId: string,
	max: number,
	listing: TreeListing = {},
): Promise<Tenant[]> {
	const tenants: Tenant[] = [];
	let after: string | undefined;
	do {
		const page = await listSubtree(client, rootTenantId, { after, limit: TREE_PAGE }, listing);
		tenants.push(...page.tenants);
		after = page.after;
	} while (after !== undefined && tenants.length < max);
	return treeOrder(tenants.slice(0, max), rootTenantId);
}

function treeOrder(tenants: Tenant[], rootTenantId: string): Tenant[] {
	const byId = new Map(tenants.map((tenant) => [tenant.id, tenant]));
	const children = new Map<string, Tenant[]>();
	for (const tenant of tenants) {
		if (tenant.id === rootTenantId || tenant.parent_id === undefined) continue;
		const sisters = children.get(tenant.parent_id) ?? [];
		sisters.push(tenant);
		children.set(tenant.parent_id, sisters);
	}
	const ordered: Tenant[] = [];
	const placed = new Set<string>();
	const visit = (tenant: Tenant) => {
		if (placed.has(tenant.id)) return;
		placed.add(tenant.id);
		const parent = tenant.parent_id === undefined ? undefined : byId.get(tenant.parent_id);
		const belowRoot = parent !== undefined && parent.id !== rootTenantId;
		ordered.push(belowRoot ? { ...tenant, parentName: parent.name } : { ...tenant });
		const sisters = [...(children.get(tenant.id) ?? [])].sort((a, b) =>
			a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }),
		);
		for (const child of sisters) visit(child);
	};
	const root = byId.get(rootTenantId);
	if (root) visit(root);
	// Any the listing gave without its parent: last, rather than lost.
	for (const tenant of tenants) visit(tenant);
	return ordered;
}

/**
 * Tenants below `rootTenantId` whose name, customer ID or contact matches `text`, as Acronis's
 * search matches: each word of `text` starts a word of the value.
 */
export async function findTenants(
	client: AcronisClient,
	rootTenantId: string,
	text: string,
	limit: number,
	itemIndex = 0,
): Promise<Tenant[]> {
	const { body } = await client.request<{
		items?: Array<{ obj_type: string; id: string; name?: string; kind?: string; path?: string[] }>;
	}>({ method: 'GET', path: '/search', qs: { tenant: rootTenantId, text, limit } }, itemIndex);
	return (body.items ?? [])
		.filter((item) => item.obj_type === 'tenant')
		.map((item) => ({
			id: item.id,
			name: item.name ?? item.id,
			kind: item.kind ?? 'tenant',
			// The names from the search's root down to the tenant's parent.
			parentName: item.path?.[item.path.length - 1],
		}));
}

/** The users of a tenant, with their names and email addresses. */
export async function listTenantUsers(client: AcronisClient, tenantId: string): Promise<User[]> {
	const { body } = await client.request<{ items?: string[] }>({
		method: 'GET',
		path: `/tenants/${tenantId}/users`,
	});
	const pages = await mapConcurrently(chunks(body.items ?? [], BATCH_SIZE), 4, async (batch) => {
		const { body: page } = await client.request<{ items?: User[] }>({
			method: 'GET',
			path: '/users',
			qs: { uuids: batch.join(',') },
		});
		return page.items ?? [];
	});
	return pages.flat();
}

/**
 * Tenants by id, in batches the API accepts: name, kind and enabled, and with 'full' the rest
 * of their details (customer ID…).
 */
export async function fetchTenants(
	client: AcronisClient,
	ids: string[],
	itemIndex = 0,
	details: 'basic' | 'full' = 'basic',
): Promise<Tenant[]> {
	const pages = await mapConcurrently(chunks(ids, BATCH_SIZE), 4, async (batch) => {
		const { body } = await client.request<{ items?: Tenant[] }>(
			{
				method: 'GET',
				path: '/tenants',
				// A report can name a tenant deleted since: its name is still wanted.
				qs: { uuids: batch.join(','), lod: details, allow_deleted: true },
			},
			itemIndex,
		);
		return body.items ?? [];
	});
	return pages.flat();
}
