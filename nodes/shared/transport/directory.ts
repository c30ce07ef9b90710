import type { IDataObject } from 'n8n-workflow';

import { chunks, mapConcurrently } from '../concurrency';
import type { AcronisClient } from './client';

/** The tenant tree and its users, as the pickers of the editor show them. */

export interface Tenant {
	id: string;
	name: string;
	/** root, partner, folder, customer or unit. */
	kind: string;
	/** Unknown (undefined) where the API does not say, as in search results. */
	enabled?: boolean;
}

export interface User {
	id: string;
	login: string;
	tenant_id: string;
	contact?: { email?: string | null; firstname?: string | null; lastname?: string | null };
}

/** GET /tenants and GET /users take at most this many UUIDs. */
const BATCH_SIZE = 100;

/**
 * A tenant and every tenant below it, one page at a time, sorted by their level in the tree.
 * A later page sends the cursor the previous page answered with, and the page size: Acronis
 * documents `after` as used together with `limit`.
 */
export async function listSubtree(
	client: AcronisClient,
	rootTenantId: string,
	page: { after?: string; limit: number },
): Promise<{ tenants: Tenant[]; after?: string }> {
	const qs: IDataObject =
		page.after === undefined
			? { subtree_root_id: rootTenantId, lod: 'basic', limit: page.limit }
			: { after: page.after, limit: page.limit };
	const { body } = await client.request<{
		items?: Tenant[];
		paging?: { cursors?: { after?: string } };
	}>({ method: 'GET', path: '/tenants', qs });
	const tenants = body.items ?? [];
	const after = body.paging?.cursors?.after;
	// The last page may still carry a cursor; an empty page ends the listing either way.
	return { tenants, after: tenants.length > 0 && after ? after : undefined };
}

/** Tenants below (and including) `rootTenantId` whose name or contact matches `text`. */
export async function searchTenants(
	client: AcronisClient,
	rootTenantId: string,
	text: string,
	limit: number,
): Promise<Tenant[]> {
	const { body } = await client.request<{
		items?: Array<{ obj_type: string; id: string; name?: string; kind?: string }>;
	}>({ method: 'GET', path: '/search', qs: { tenant: rootTenantId, text, limit } });
	return (body.items ?? [])
		.filter((item) => item.obj_type === 'tenant')
		.map((item) => ({ id: item.id, name: item.name ?? item.id, kind: item.kind ?? 'tenant' }));
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

/** Tenants by id (name, kind, enabled), in batches the API accepts. */
export async function getTenants(
	client: AcronisClient,
	ids: string[],
	itemIndex = 0,
): Promise<Tenant[]> {
	const pages = await mapConcurrently(chunks(ids, BATCH_SIZE), 4, async (batch) => {
		const { body } = await client.request<{ items?: Tenant[] }>(
			{
				method: 'GET',
				path: '/tenants',
				// A report can name a tenant deleted since: its name is still wanted.
				qs: { uuids: batch.join(','), lod: 'basic', allow_deleted: true },
			},
			itemIndex,
		);
		return body.items ?? [];
	});
	return pages.flat();
}
