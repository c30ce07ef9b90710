/**
 * The simulated organisation: a partner tenant (the credentials' tenant) with customers and a
 * sub-partner, their users, and the API client. Fixed ids, so a credential saved in n8n keeps
 * working across restarts of the simulator and report contents stay comparable.
 */
import type { ReportLevel } from './types.cjs';

export type TenantKind = 'partner' | 'customer';

export interface Tenant {
	id: string;
	name: string;
	kind: TenantKind;
	parentId?: string;
}

export interface User {
	id: string;
	login: string;
	email: string;
	firstName: string;
	lastName: string;
	tenantId: string;
}

export const ROOT_TENANT_ID = '5f0c8a5e-1d2b-4c7e-9a41-7b3e2d9c6f10';
const SUB_PARTNER_ID = '8b2d4e6f-3a5c-4e7d-8f91-2c4e6a8b0d12';
const CONTOSO_ID = 'c1a7e3f5-6b8d-4a2c-9e4f-1b3d5f7a9c21';
const FABRIKAM_ID = 'd2b8f4a6-7c9e-4b3d-8f5a-2c4e6b8d0e32';
const TAILSPIN_ID = 'e3c9a5b7-8d0f-4c4e-9a6b-3d5f7c9e1f43';

export const TENANTS: readonly Tenant[] = [
	{ id: ROOT_TENANT_ID, name: 'Northwind IT Services', kind: 'partner' },
	{ id: CONTOSO_ID, name: 'Contoso Dental Clinic', kind: 'customer', parentId: ROOT_TENANT_ID },
	{ id: FABRIKAM_ID, name: 'Fabrikam Logistics', kind: 'customer', parentId: ROOT_TENANT_ID },
	{
		id: SUB_PARTNER_ID,
		name: 'Northwind East Reseller',
		kind: 'partner',
		parentId: ROOT_TENANT_ID,
	},
	{ id: TAILSPIN_ID, name: 'Tailspin Bakery', kind: 'customer', parentId: SUB_PARTNER_ID },
];

/** The customers below the root, handed to tests as valid report tenants. */
export const CUSTOMER_TENANT_IDS = [CONTOSO_ID, FABRIKAM_ID, TAILSPIN_ID];

export const USERS: readonly User[] = [
	user('0a4e6c8f-2b1d-4e3f-8a5c-7d9f1b3e5a01', 'alex.morgan', 'Alex', 'Morgan', ROOT_TENANT_ID),
	user('1b5f7d9a-3c2e-4f4a-9b6d-8e0a2c4f6b02', 'jamie.lee', 'Jamie', 'Lee', ROOT_TENANT_ID),
	user('2c6a8e0b-4d3f-4a5b-8c7e-9f1b3d5a7c03', 'sam.rivera', 'Sam', 'Rivera', ROOT_TENANT_ID),
	user('3d7b9f1c-5e4a-4b6c-9d8f-0a2c4e6b8d04', 'dr.chen', 'Li', 'Chen', CONTOSO_ID),
	user('4e8c0a2d-6f5b-4c7d-8e9a-1b3d5f7c9e05', 'reception', 'Maria', 'Santos', CONTOSO_ID),
	user('5f9d1b3e-7a6c-4d8e-9f0b-2c4e6a8d0f06', 'it.admin', 'Omar', 'Haddad', FABRIKAM_ID),
	user('6a0e2c4f-8b7d-4e9f-8a1c-3d5f7b9e1a07', 'owner', 'Grace', 'Kim', TAILSPIN_ID),
];

/** The user of the static access token: an administrator of the root tenant. */
export const TOKEN_USER = USERS[0];

export const RECIPIENT_USER_IDS = USERS.filter((u) => u.tenantId === ROOT_TENANT_ID).map(
	(u) => u.id,
);

export const API_CLIENT = {
	clientId: '7e1f3a5c-9b8d-4f0a-8b2c-4d6e8a0c2e19',
	clientSecret: 'sim-secret-b7c41d9e2f6a4058a3e1c9d7f5b2e8a6',
	name: 'n8n usage reports',
	tenantId: ROOT_TENANT_ID,
	createdAt: '2024-01-15T09:30:00+00:00',
};

/** A fixed opaque bearer token for the "pasted access token" mode; it never expires. */
export const STATIC_ACCESS_TOKEN = 'sim-user-token-4c2a9e7b1f3d5a8c6e0b2d4f6a8c0e1b';

function user(
	id: string,
	login: string,
	firstName: string,
	lastName: string,
	tenantId: string,
): User {
	return {
		id,
		login,
		firstName,
		lastName,
		tenantId,
		email: `${login}@${tenantId.slice(0, 8)}.example.com`,
	};
}

export function findTenant(id: string): Tenant | undefined {
	return TENANTS.find((t) => t.id === id);
}

export function childrenOf(id: string): Tenant[] {
	return TENANTS.filter((t) => t.parentId === id);
}

/** All tenants below `id`, depth first (not `id` itself). */
export function descendantsOf(id: string): Tenant[] {
	return childrenOf(id).flatMap((child) => [child, ...descendantsOf(child.id)]);
}

/** Whether a credential of `ownTenantId` may act on `tenantId`: its own tenant or one below it. */
export function isInScope(ownTenantId: string, tenantId: string): boolean {
	return ownTenantId === tenantId || descendantsOf(ownTenantId).some((t) => t.id === tenantId);
}

/** The tenants a report of `level` about `tenantId` lists, and whether users are included. */
export function tenantsForLevel(
	tenantId: string,
	level: ReportLevel,
): { tenants: Tenant[]; withUsers: boolean } {
	const self = findTenant(tenantId);
	switch (level) {
		case 'itself':
			return { tenants: self ? [self] : [], withUsers: false };
		case 'direct_partners':
			return { tenants: childrenOf(tenantId), withUsers: false };
		case 'all_partners':
			return {
				tenants: descendantsOf(tenantId).filter((t) => t.kind === 'partner'),
				withUsers: false,
			};
		case 'all_customers':
			return { tenants: descendantsOf(tenantId), withUsers: false };
		case 'accounts':
			return { tenants: descendantsOf(tenantId), withUsers: true };
	}
}

export function usersOf(tenantId: string): User[] {
	return USERS.filter((u) => u.tenantId === tenantId);
}
