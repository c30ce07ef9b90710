/**
 * Tenants, users, search and live usage: GET /tenants…, /users…, /search and
 * /tenants/…/usages, all within the credential's tenant and the tenants below it. A tenant or
 * user outside that tree, or unknown, is refused with 403 "Access denied" (code 1002).
 */
import type { Principal } from './auth.cjs';
import { isoSeconds } from './dates.cjs';
import type { Directory, Tenant, User } from './directory.cjs';
import {
	ApiError,
	CODE_TENANT_NOT_FOUND,
	type Details,
	accessDenied,
	invalid,
	notFound,
} from './errors.cjs';
import { sendJson } from './http.cjs';
import {
	type Query,
	atMostOne,
	booleanParam,
	dateTimeParam,
	enumParam,
	integerParam,
	listParam,
	pageQuery,
	paging,
	requiredParam,
	requires,
	uuidListParam,
	uuidParam,
} from './query.cjs';
import { type Route, SEGMENT, type Services, route } from './routing.cjs';
import {
	LODS,
	tenantBatchItem,
	tenantJson,
	tenantSearchItem,
	userBatchItem,
	userJson,
	userRole,
	userSearchItem,
} from './tenantViews.cjs';
import type { TenantKind, UsageOutput } from './types.cjs';
import { liveUsage, offeringItemsOf, usageToday } from './usageData.cjs';
import { isUuid } from './validation.cjs';

/** The tenant `id` if the credential may see it: 404 if not a UUID, else 403 unless in scope. */
export function visibleTenant(
	directory: Directory,
	principal: Principal,
	id: string,
	details: Details = {},
): Tenant {
	if (!isUuid(id)) {
		throw new ApiError(404, CODE_TENANT_NOT_FOUND, `Tenant ${id} not found`, { id, ...details });
	}
	const tenant = directory.tenant(id.toLowerCase());
	if (!tenant || !directory.isInScope(principal.tenantId, tenant.id)) {
		throw accessDenied(
			`Access denied: tenant ${id} is neither the credential's tenant nor below it`,
			{ tenant_id: id, ...details },
		);
	}
	return tenant;
}

function visibleUser(
	directory: Directory,
	principal: Principal,
	id: string,
	details: Details = {},
): User {
	const user = directory.user(id.toLowerCase());
	if (!user || !directory.isInScope(principal.tenantId, user.tenantId)) {
		throw accessDenied(`Access denied: user ${id} is not in the credential's tenant or below it`, {
			user_id: id,
			...details,
		});
	}
	return user;
}

export function directoryRoutes(services: Services): Route[] {
	const { directory, today } = services;
	return [
		{
			pattern: /^\/api\/2\/tenants$/,
			methods: {
				GET: ({ res, query }, principal) =>
					sendJson(res, 200, tenantBatch(directory, principal, query)),
			},
		},
		{
			// Before /tenants/{id}, which would take "usages" for a tenant id.
			pattern: /^\/api\/2\/tenants\/usages$/,
			methods: {
				GET: ({ res, query }, principal) => {
					requiredParam(query, 'tenants');
					const wanted = usageFilter(query);
					const left = services.faults.leftOutOfUsageBatches;
					const items = uuidListParam(query, 'tenants')!
						.map((id) => visibleTenant(directory, principal, id, { field: 'tenants' }))
						.filter((tenant) => !left.includes(tenant.id))
						.map((tenant) => ({
							tenant: tenant.id,
							usages: liveUsage(tenant, today()).filter(wanted),
						}));
					sendJson(res, 200, { items });
				},
			},
		},
		{
			pattern: route(`/api/2/tenants/${SEGMENT}`),
			methods: {
				GET: ({ res, params, query }, principal) => {
					const tenant = visibleTenant(directory, principal, params[0]);
					booleanParam(query, 'embed_path');
					booleanParam(query, 'allow_deleted');
					sendJson(res, 200, tenantJson(tenant, directory));
				},
			},
		},
		{
			pattern: route(`/api/2/tenants/${SEGMENT}/children`),
			methods: {
				GET: ({ res, params, query }, principal) => {
					const tenant = visibleTenant(directory, principal, params[0]);
					booleanParam(query, 'allow_deleted');
					const children = ordered(directory.childrenOf(tenant.id), tenantOrder(query, today()));
					sendJson(res, 200, { items: children.map((child) => child.id) });
				},
			},
		},
		{
			pattern: route(`/api/2/tenants/${SEGMENT}/users`),
			methods: {
				GET: ({ res, params, query }, principal) => {
					const tenant = visibleTenant(directory, principal, params[0]);
					booleanParam(query, 'include_hidden');
					booleanParam(query, 'allow_deleted');
					// Grandchildren: a customer's units; any other tenant's folders.
					const nestedKind = tenant.kind === 'customer' ? 'unit' : 'folder';
					const tenants = booleanParam(query, 'include_grand_children')
						? nestedOfKinds(directory, tenant, [nestedKind])
						: [tenant];
					const users = tenants.flatMap((t) => directory.usersOf(t.id));
					const items = ordered(users, userOrder(query, directory, tenant));
					sendJson(res, 200, { items: items.map((user) => user.id) });
				},
			},
		},
		{
			pattern: route(`/api/2/tenants/${SEGMENT}/usages`),
			methods: {
				GET: ({ res, params, query }, principal) => {
					const tenant = visibleTenant(directory, principal, params[0]);
					sendJson(res, 200, { items: liveUsage(tenant, today()).filter(usageFilter(query)) });
				},
			},
		},
		{
			pattern: /^\/api\/2\/users$/,
			methods: {
				GET: ({ res, query }, principal) =>
					sendJson(res, 200, userBatch(directory, principal, query)),
			},
		},
		{
			pattern: route(`/api/2/users/${SEGMENT}`),
			methods: {
				GET: ({ res, params, query }, principal) => {
					const [id] = params;
					if (!isUuid(id)) throw notFound(`User ${id} not found`, { id });
					booleanParam(query, 'allow_deleted');
					sendJson(res, 200, userJson(visibleUser(directory, principal, id), directory));
				},
			},
		},
		{
			pattern: /^\/api\/2\/search$/,
			methods: {
				GET: ({ res, query }, principal) => sendJson(res, 200, search(directory, principal, query)),
			},
		},
	];
}

/** GET /tenants: by uuids, as a parent's children, or as a subtree by level; paged. */
function tenantBatch(directory: Directory, principal: Principal, request: Query) {
	const { query, offset } = pageQuery(request, 'tenants');
	atMostOne(query, ['uuids', 'parent_id', 'subtree_root_id']);
	atMostOne(query, ['include_relative_path', 'parent_id', 'subtree_root_id']);
	const lod = enumParam(query, 'lod', LODS, 'full');
	const limit = integerParam(query, 'limit', 5000);
	const since = dateTimeParam(query, 'updated_since');
	const fill = {
		contacts: booleanParam(query, 'with_contacts'),
		offeringItems:
			booleanParam(query, 'with_offering_items') || booleanParam(query, 'expand_offering_items'),
	};
	const onlyWithInfra = booleanParam(query, 'with_infra_offering_items');
	const relativePath = booleanParam(query, 'include_relative_path');
	booleanParam(query, 'allow_deleted');

	const uuids = uuidListParam(query, 'uuids', 100);
	const parentId = uuidParam(query, 'parent_id');
	const rootId = uuidParam(query, 'subtree_root_id');
	let tenants: Tenant[];
	if (uuids) {
		tenants = uuids.map((id) => visibleTenant(directory, principal, id, { field: 'uuids' }));
		if (relativePath) {
			const onPaths = tenants.flatMap((t) => directory.pathBetween(principal.tenantId, t.id));
			tenants = [...new Set(onPaths)];
		}
	} else if (parentId) {
		const parent = visibleTenant(directory, principal, parentId, { field: 'parent_id' });
		tenants = ordered(directory.childrenOf(parent.id), byName);
	} else if (rootId) {
		const root = visibleTenant(directory, principal, rootId, { field: 'subtree_root_id' });
		tenants = byLevel(directory, root);
	} else {
		throw invalid('uuids', 'One of uuids, parent_id or subtree_root_id is required');
	}
	if (since !== undefined) tenants = tenants.filter((t) => Date.parse(t.updatedAt) > since);
	if (onlyWithInfra) {
		tenants = tenants.filter((t) => offeringItemsOf(t.kind).some((i) => i.type === 'infra'));
	}
	const page = tenants.slice(offset, offset + limit);
	return {
		items: page.map((tenant) => tenantBatchItem(tenant, directory, lod, fill)),
		...paging('tenants', query, offset + limit, tenants.length),
		timestamp: isoSeconds(Date.now()),
	};
}

/** GET /users: by uuids, or a whole subtree (narrowed "inside the organization"); paged. */
function userBatch(directory: Directory, principal: Principal, request: Query) {
	const { query, offset } = pageQuery(request, 'users');
	atMostOne(query, ['uuids', 'subtree_root_tenant_id', 'external_ids']);
	for (const name of ['access_policies', 'tenant_kinds', 'target_tenant_id']) {
		requires(query, name, 'inside_organization');
	}
	requires(query, 'inside_organization', 'subtree_root_tenant_id');
	requires(query, 'external_ids', 'tenant_id');
	const lod = enumParam(query, 'lod', LODS, 'full');
	const limit = integerParam(query, 'limit', 2000);
	const since = dateTimeParam(query, 'updated_since');
	const withPolicies = booleanParam(query, 'with_access_policies');
	booleanParam(query, 'allow_deleted');

	const uuids = uuidListParam(query, 'uuids', 100);
	const rootId = uuidParam(query, 'subtree_root_tenant_id');
	let users: User[];
	if (uuids) {
		users = uuids.map((id) => visibleUser(directory, principal, id, { field: 'uuids' }));
	} else if (rootId) {
		const root = visibleTenant(directory, principal, rootId, { field: 'subtree_root_tenant_id' });
		users = subtreeUsers(directory, principal, root, query);
	} else if (query.external_ids !== undefined) {
		const tenantId = uuidParam(query, 'tenant_id')!;
		visibleTenant(directory, principal, tenantId, { field: 'tenant_id' });
		users = []; // no simulated user comes from an external identity provider
	} else {
		throw invalid('uuids', 'One of uuids, subtree_root_tenant_id or external_ids is required');
	}
	if (query.origin_id !== undefined) users = []; // no simulated user has an origin
	if (since !== undefined) users = users.filter((u) => Date.parse(u.updatedAt) > since);
	const page = users.slice(offset, offset + limit);
	return {
		items: page.map((user) => userBatchItem(user, directory, lod, withPolicies)),
		...paging('users', query, offset + limit, users.length),
		timestamp: isoSeconds(Date.now()),
	};
}

function subtreeUsers(directory: Directory, principal: Principal, root: Tenant, query: Query) {
	let tenants = booleanParam(query, 'inside_organization')
		? nestedOfKinds(directory, root, ['folder', 'unit'])
		: [root, ...directory.descendantsOf(root.id)];
	const targetId = uuidParam(query, 'target_tenant_id');
	if (targetId !== undefined) {
		visibleTenant(directory, principal, targetId, { field: 'target_tenant_id' });
		const onPath = new Set(directory.pathBetween(root.id, targetId));
		tenants = tenants.filter((t) => onPath.has(t));
	}
	const kinds = listParam(query, 'tenant_kinds');
	if (kinds) tenants = tenants.filter((t) => kinds.includes(t.kind));
	const users = tenants.flatMap((t) => directory.usersOf(t.id));
	const roles = listParam(query, 'access_policies');
	return roles ? users.filter((u) => roles.includes(userRole(u, directory))) : users;
}

const SEARCH_MIN_LENGTH = 3;

/** The lower-case words of a text: its runs of letters and digits. */
function words(text: string): string[] {
	return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * GET /search: tenants below `tenant` (not itself) whose name, customer id or contact matches,
 * then users of `tenant` and below whose login, email or name matches; case-insensitive.
 */
function search(directory: Directory, principal: Principal, query: Query) {
	const root = visibleTenant(directory, principal, requiredParam(query, 'tenant'), {
		field: 'tenant',
	});
	const text = requiredParam(query, 'text').trim();
	// Reported for Acronis's search page, not confirmed: refusing shorter texts is our choice.
	if (text.length < SEARCH_MIN_LENGTH) {
		throw invalid('text', `text must have at least ${SEARCH_MIN_LENGTH} characters`);
	}
	const limit = integerParam(query, 'limit', 10);
	booleanParam(query, 'allow_deleted');
	// As Acronis documents it: lower-case words, each searched word the start of a word of the
	// value ("smit" finds "John Smith", "mith" finds nothing).
	const searched = words(text);
	const matches = (values: Array<string | null>): boolean =>
		values.some((value) => {
			if (value === null) return false;
			const own = words(value);
			return searched.every((word) => own.some((candidate) => candidate.startsWith(word)));
		});
	const path = (tenantId: string): string[] =>
		directory.pathBetween(root.id, tenantId).map((t) => t.name);
	const below = directory.descendantsOf(root.id);
	const items: Array<Record<string, unknown>> = [];
	for (const t of below) {
		if (items.length >= limit) break;
		const { firstname, lastname, email } = t.contact;
		if (matches([t.name, t.customerId, firstname, lastname, email])) {
			items.push(tenantSearchItem(t, path(t.parentId)));
		}
	}
	for (const user of [root, ...below].flatMap((t) => directory.usersOf(t.id))) {
		if (items.length >= limit) break;
		if (matches([user.login, user.email, user.firstName, user.lastName])) {
			items.push(userSearchItem(user, path(user.tenantId)));
		}
	}
	return { items };
}

/** `usage_names` and `editions` filters; items without an edition pass an editions filter. */
function usageFilter(query: Query): (item: UsageOutput) => boolean {
	const names = listParam(query, 'usage_names');
	const editions = listParam(query, 'editions');
	return (item) =>
		(!names || names.includes(item.usage_name)) &&
		(!editions || item.edition === null || editions.includes(item.edition));
}

// --- tree walks and orders --------------------------------------------------------------------

/** `root` and the tenants below it reachable through tenants of `kinds` only. */
function nestedOfKinds(directory: Directory, root: Tenant, kinds: TenantKind[]): Tenant[] {
	const result = [root];
	for (let i = 0; i < result.length; i++) {
		result.push(...directory.childrenOf(result[i].id).filter((t) => kinds.includes(t.kind)));
	}
	return result;
}

/** `root` and everything below it, level by level (as `subtree_root_id` is documented). */
function byLevel(directory: Directory, root: Tenant): Tenant[] {
	const result = [root];
	for (let i = 0; i < result.length; i++) {
		result.push(...ordered(directory.childrenOf(result[i].id), byName));
	}
	return result;
}

type Compare<T> = (a: T, b: T) => number;
type Order<T> = { compare?: Compare<T>; descending: boolean };

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

const byName: Order<Tenant> = {
	compare: (a, b) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id),
	descending: false,
};

function ordered<T>(list: readonly T[], order: Order<T>): T[] {
	const result = [...list];
	if (order.compare) result.sort(order.compare);
	return order.descending ? result.reverse() : result;
}

/** The `order` parameter: a key, reversed by a leading "-"; `name` by default. */
function orderKey(query: Query): { key: string; descending: boolean } {
	const order = query.order ?? 'name';
	return order.startsWith('-')
		? { key: order.slice(1), descending: true }
		: { key: order, descending: false };
}

/** Children's order: as_is, name, status (enabled first) or usage.<usage name>[.<storage>]. */
function tenantOrder(query: Query, today: string): Order<Tenant> {
	const { key, descending } = orderKey(query);
	const usage = /^usage\.([a-z0-9_]+)(?:\.([0-9a-f-]{36}))?$/.exec(key);
	let compare: Compare<Tenant> | undefined;
	if (key === 'name') compare = byName.compare;
	else if (key === 'status') compare = (a, b) => Number(b.enabled) - Number(a.enabled);
	else if (usage) {
		const value = (t: Tenant) => usageToday(t, usage[1], usage[2], today);
		compare = (a, b) => value(a) - value(b);
	} else if (key !== 'as_is') {
		throw invalid(
			'order',
			`order must be as_is, name, status or usage.<usage name>, optionally after "-" (got ${JSON.stringify(query.order)})`,
		);
	}
	return { compare: compare && ((a, b) => compare(a, b) || byName.compare!(a, b)), descending };
}

/**
 * Users' order: as_is, login, name, status, roles or level (the tenant's depth); mfa_status,
 * contact_types and usage are accepted and sort by name (all users are alike in those).
 */
function userOrder(query: Query, directory: Directory, tenant: Tenant): Order<User> {
	const { key, descending } = orderKey(query);
	const name = (u: User) => `${u.firstName} ${u.lastName}`.trim() || u.login;
	const byUserName: Compare<User> = (a, b) => collator.compare(name(a), name(b));
	const depth = (u: User) => directory.pathBetween(tenant.id, u.tenantId).length;
	const keys = new Map<string, Compare<User> | undefined>([
		['as_is', undefined],
		['login', (a, b) => collator.compare(a.login, b.login)],
		['name', byUserName],
		['status', (a, b) => Number(b.enabled) - Number(a.enabled)],
		['roles', (a, b) => collator.compare(userRole(a, directory), userRole(b, directory))],
		['level', (a, b) => depth(a) - depth(b)],
		['mfa_status', byUserName],
		['contact_types', byUserName],
	]);
	if (!keys.has(key) && !/^usage(\.[a-z0-9_]+)?$/.test(key)) {
		throw invalid(
			'order',
			`order must be one of ${[...keys.keys()].join(', ')} or usage.<usage name>, optionally after "-" (got ${JSON.stringify(query.order)})`,
		);
	}
	const compare = keys.has(key) ? keys.get(key) : byUserName;
	return {
		compare: compare && ((a, b) => compare(a, b) || byUserName(a, b) || a.id.localeCompare(b.id)),
		descending,
	};
}
