/**
 * Tenants, users and search results as the API's JSON, field by field after its schemas:
 * `tenant`, `tenantBatch` items by level of detail (`lod`), `user`, `userBatch` items, `userMe`,
 * contacts (`items`, `items_2`), access policies (`items_1`) and `global_search` items.
 */
import { isoSeconds } from './dates.cjs';
import type { Directory, Tenant, User } from './directory.cjs';
import { uuidFrom } from './hash.cjs';
import { tenantOfferingItems } from './usageData.cjs';

export type Lod = 'stamps' | 'basic' | 'full';
export const LODS: readonly Lod[] = ['stamps', 'basic', 'full'];

const BRAND_UUID = uuidFrom('brand:default');
const DEFAULT_IDP_ID = uuidFrom('idp:default');
const DAY_MS = 86_400_000;

/** GET /tenants/{id}: the `tenant` schema. */
export function tenantJson(tenant: Tenant, directory: Directory): Record<string, unknown> {
	const { contacts, ...rest } = tenantBatchItem(tenant, directory, 'full', {});
	const { barrier: _barrier, offering_items: _items, ...single } = rest;
	return { ...single, contacts };
}

/** One item of GET /tenants at a level of detail, with contacts / offering items when asked. */
export function tenantBatchItem(
	tenant: Tenant,
	directory: Directory,
	lod: Lod,
	fill: { contacts?: boolean; offeringItems?: boolean },
): Record<string, unknown> {
	const stamps = {
		id: tenant.id,
		parent_id: tenant.parentId,
		version: tenant.version,
		created_at: tenant.createdAt,
		updated_at: tenant.updatedAt,
		deleted_at: null,
		contacts: fill.contacts ? [batchContact(tenant)] : [],
		offering_items: fill.offeringItems ? tenantOfferingItems(tenant) : [],
	};
	if (lod === 'stamps') return stamps;
	const basic = { ...stamps, name: tenant.name, kind: tenant.kind, enabled: tenant.enabled };
	if (lod === 'basic') return basic;
	return {
		...basic,
		production_start_date:
			tenant.pricingMode === 'production' ? shiftedStamp(tenant.createdAt, 30) : null,
		customer_type: 'default',
		customer_id: tenant.customerId,
		brand_id: 1,
		brand_uuid: BRAND_UUID,
		brand_enabled: false,
		barrier: 0,
		internal_tag: null,
		language: 'en',
		owner_id: null,
		has_children: directory.childrenOf(tenant.id).length > 0,
		default_idp_id: DEFAULT_IDP_ID,
		update_lock: { enabled: false, owner_id: null },
		ancestral_access: true,
		mfa_status: 'disabled',
		pricing_mode: tenant.pricingMode,
		contact: tenantContact(tenant),
	};
}

function tenantContact(tenant: Tenant): Record<string, unknown> {
	return {
		id: tenant.contact.id,
		created_at: tenant.createdAt,
		updated_at: tenant.updatedAt,
		types: ['primary', 'billing'],
		email: tenant.contact.email,
		firstname: tenant.contact.firstname,
		lastname: tenant.contact.lastname,
		phone: null,
		email_confirmed: true,
	};
}

/** A contact in a batch (`items_2`): the tenant's own, which references it. */
function batchContact(tenant: Tenant): Record<string, unknown> {
	return {
		...tenantContact(tenant),
		tenant_id: tenant.id,
		user_id: null,
		fax: null,
		language: 'en',
		deleted_at: null,
		email_domain_type: 'private',
	};
}

/** GET /users/{id}: the `user` schema. */
export function userJson(user: User, directory: Directory): Record<string, unknown> {
	const tenant = directory.tenant(user.tenantId);
	const { access_policies: _policies, ...full } = userBatchItem(user, directory, 'full', false);
	return {
		...full,
		terms_accepted: true,
		tenant_kind: tenant?.kind ?? 'customer',
		tenant_pricing_model: tenant?.pricingMode ?? 'production',
		brand_id: BRAND_UUID,
	};
}

/** GET /users/me: the `userMe` schema (a full user and the tenant's kind and pricing). */
export function userMe(directory: Directory, userId: string): Record<string, unknown> {
	const user = directory.user(userId);
	if (!user) throw new Error(`The token user ${userId} is not in the directory`);
	return { ...userJson(user, directory), login_totp_time: null };
}

/** One item of GET /users at a level of detail. */
export function userBatchItem(
	user: User,
	directory: Directory,
	lod: Lod,
	withAccessPolicies: boolean,
): Record<string, unknown> {
	const stamps = {
		id: user.id,
		version: user.version,
		tenant_id: user.tenantId,
		created_at: user.createdAt,
		updated_at: user.updatedAt,
		deleted_at: null,
		access_policies: withAccessPolicies ? [accessPolicy(user, directory)] : [],
		origin_id: null,
		origin_external_id: null,
		disable_after: null,
	};
	if (lod === 'stamps') return stamps;
	const basic = {
		...stamps,
		personal_tenant_id: user.personalTenantId,
		login: user.login,
		enabled: user.enabled,
	};
	if (lod === 'basic') return basic;
	return {
		...basic,
		contact: {
			id: user.contactId,
			created_at: user.createdAt,
			updated_at: user.updatedAt,
			types: [],
			email: user.email,
			firstname: user.firstName,
			lastname: user.lastName,
		},
		activated: true,
		language: 'en',
		business_types: ['buyer'],
		notifications: ['quota', 'reports', 'backup_daily_report'],
		idp_id: DEFAULT_IDP_ID,
		mfa_status: 'disabled',
	};
}

/**
 * The user's role: the administrator role of its tenant's kind; the second user of a tenant is a
 * read-only administrator.
 */
export function userRole(user: User, directory: Directory): string {
	if (directory.usersOf(user.tenantId).indexOf(user) === 1) return 'readonly_admin';
	const kind = directory.tenant(user.tenantId)?.kind;
	if (kind === 'customer') return 'company_admin';
	if (kind === 'unit') return 'unit_admin';
	return 'partner_admin';
}

function accessPolicy(user: User, directory: Directory): Record<string, unknown> {
	return {
		id: uuidFrom(`policy:${user.id}`),
		version: 1,
		created_at: user.createdAt,
		updated_at: user.createdAt,
		deleted_at: null,
		trustee_id: user.id,
		trustee_type: 'user',
		issuer_id: user.tenantId,
		tenant_id: user.tenantId,
		role_id: userRole(user, directory),
	};
}

/** GET /search items; `path` names the tenants from the search root down to the item's parent. */
export function tenantSearchItem(tenant: Tenant, path: string[]): Record<string, unknown> {
	return {
		obj_type: 'tenant',
		id: tenant.id,
		parent_id: tenant.parentId,
		path,
		kind: tenant.kind,
		name: tenant.name,
		first_name: tenant.contact.firstname,
		last_name: tenant.contact.lastname,
		deleted_at: null,
	};
}

export function userSearchItem(user: User, path: string[]): Record<string, unknown> {
	return {
		obj_type: 'user',
		id: user.id,
		parent_id: user.tenantId,
		path,
		login: user.login,
		first_name: user.firstName,
		last_name: user.lastName,
		deleted_at: null,
	};
}

function shiftedStamp(stamp: string, days: number): string {
	return isoSeconds(Date.parse(stamp) + days * DAY_MS);
}
