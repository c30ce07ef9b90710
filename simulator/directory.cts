/**
 * The simulated organisation as a tree (see `organisation.ts` for its data): tenants, users, the
 * API client, lookups and the credential's scope. Fixed ids, so a credential saved in n8n keeps
 * working across restarts of the simulator and report contents stay comparable.
 */
import { addDays, isoSeconds } from './dates.cjs';
import { fnv1a, uuidFrom } from './hash.cjs';
import {
	CONTACT_FIRST_NAMES,
	CONTACT_LAST_NAMES,
	CONTOSO_ID,
	FABRIKAM_ID,
	MSP,
	PLATFORM,
	ROOT_TENANT_ID,
	TAILSPIN_ID,
	TOKEN_USER_SEED,
	type TenantSeed,
	type UserSeed,
} from './organisation.cjs';
import type { ReportLevel, SimulatorTenant } from './types.cjs';

export { ROOT_TENANT_ID };

export interface Contact {
	id: string;
	firstname: string;
	lastname: string;
	email: string;
}

/** A tenant as tests see it (`SimulatorTenant`), with what the API's objects add. */
export interface Tenant extends Omit<SimulatorTenant, 'contact'> {
	version: number;
	createdAt: string;
	updatedAt: string;
	contact: Contact;
}

export interface User {
	id: string;
	login: string;
	email: string;
	firstName: string;
	lastName: string;
	tenantId: string;
	enabled: boolean;
	version: number;
	createdAt: string;
	updatedAt: string;
	contactId: string;
	personalTenantId: string;
}

/** The user of the static access token (the only fields the token check needs). */
export const TOKEN_USER = { id: TOKEN_USER_SEED.id!, tenantId: ROOT_TENANT_ID };

/** The customers below the root, handed to tests as valid report tenants. */
export const CUSTOMER_TENANT_IDS = [CONTOSO_ID, FABRIKAM_ID, TAILSPIN_ID];

/** Users of the credential's tenant usable as report recipients (the token user first). */
export const RECIPIENT_USER_IDS = (MSP.users ?? []).map((seed) => userId(seed, ROOT_TENANT_ID));

export const API_CLIENT = {
	clientId: '7e1f3a5c-9b8d-4f0a-8b2c-4d6e8a0c2e19',
	clientSecret: 'sim-secret-b7c41d9e2f6a4058a3e1c9d7f5b2e8a6',
	name: 'n8n usage reports',
	tenantId: ROOT_TENANT_ID,
	createdAt: '2024-01-15T09:30:00+00:00',
};

/** A fixed opaque bearer token for the "pasted access token" mode; it never expires. */
export const STATIC_ACCESS_TOKEN = 'sim-user-token-4c2a9e7b1f3d5a8c6e0b2d4f6a8c0e1b';

/** The platform's root tenant (it owns the Acronis-hosted storage). */
export const PLATFORM_ROOT_ID = tenantId(PLATFORM);

/** A tenant that exists but lies outside the credential's tree (another MSP). */
export const FOREIGN_TENANT_ID = tenantId({ name: 'Litware Managed Services', kind: 'partner' });

/** API v1 ids count up from here, in the order tenants are listed. */
const FIRST_LEGACY_ID = 1_326_400;

export class Directory {
	private readonly byId = new Map<string, Tenant>();
	private readonly children = new Map<string, Tenant[]>();
	private readonly usersById = new Map<string, User>();
	private readonly usersByTenant = new Map<string, User[]>();

	/** `extraCustomers` generated customers are added below the credential's tenant. */
	constructor(extraCustomers = 0) {
		this.addTree(PLATFORM, undefined);
		for (let n = 1; n <= extraCustomers; n++) {
			const name = `Generated Customer ${String(n).padStart(6, '0')}`;
			this.addTenant({ name, kind: 'customer', id: uuidFrom(`tenant:extra:${n}`) }, ROOT_TENANT_ID);
		}
	}

	tenant(id: string): Tenant | undefined {
		return this.byId.get(id);
	}

	/** Children in the order they were created (the API's `as_is` order). */
	childrenOf(id: string): Tenant[] {
		return this.children.get(id) ?? [];
	}

	/** All tenants below `id`, depth first (not `id` itself). */
	descendantsOf(id: string): Tenant[] {
		const result: Tenant[] = [];
		const visit = (parent: string): void => {
			for (const child of this.childrenOf(parent)) {
				result.push(child);
				visit(child.id);
			}
		};
		visit(id);
		return result;
	}

	/** The tenants from `fromId` (included) down to `id` (included); empty if `id` is not below it. */
	pathBetween(fromId: string, id: string): Tenant[] {
		const path: Tenant[] = [];
		for (let tenant = this.byId.get(id); tenant; tenant = this.parentOf(tenant)) {
			path.unshift(tenant);
			if (tenant.id === fromId) return path;
		}
		return [];
	}

	/** Whether a credential of `ownTenantId` may act on `tenantId`: its own tenant or one below it. */
	isInScope(ownTenantId: string, tenantId: string): boolean {
		return this.pathBetween(ownTenantId, tenantId).length > 0;
	}

	/**
	 * The tenants a report of `level` about `tenantId` lists, and whether users are included.
	 * Folders only group tenants: "direct" customers and partners include those inside folders.
	 */
	tenantsForLevel(tenantId: string, level: ReportLevel): { tenants: Tenant[]; withUsers: boolean } {
		const self = this.tenant(tenantId);
		switch (level) {
			case 'itself':
				return { tenants: self ? [self] : [], withUsers: false };
			case 'direct_partners':
				return { tenants: this.directThroughFolders(tenantId), withUsers: false };
			case 'all_partners':
				return {
					tenants: this.descendantsOf(tenantId).filter((t) => t.kind === 'partner'),
					withUsers: false,
				};
			case 'all_customers':
				return { tenants: this.descendantsOf(tenantId), withUsers: false };
			case 'accounts':
				return { tenants: this.descendantsOf(tenantId), withUsers: true };
		}
	}

	user(id: string): User | undefined {
		return this.usersById.get(id);
	}

	usersOf(tenantId: string): User[] {
		return this.usersByTenant.get(tenantId) ?? [];
	}

	/** Every tenant the simulator holds, depth first from the platform's root. */
	allTenants(): Tenant[] {
		return [...this.byId.values()];
	}

	private parentOf(tenant: Tenant): Tenant | undefined {
		return tenant.parentId === tenant.id ? undefined : this.byId.get(tenant.parentId);
	}

	private directThroughFolders(id: string): Tenant[] {
		return this.childrenOf(id).flatMap((child) =>
			child.kind === 'folder' ? [child, ...this.directThroughFolders(child.id)] : [child],
		);
	}

	private addTree(seed: TenantSeed, parentId: string | undefined): void {
		const tenant = this.addTenant(seed, parentId);
		for (const child of seed.children ?? []) this.addTree(child, tenant.id);
	}

	private addTenant(seed: TenantSeed, parentId: string | undefined): Tenant {
		const id = tenantId(seed);
		const h = fnv1a(id);
		const created = stamp(h);
		const legacyId = FIRST_LEGACY_ID + this.byId.size;
		const domain = emailDomain(seed.name);
		const first = CONTACT_FIRST_NAMES[h % CONTACT_FIRST_NAMES.length];
		const last = CONTACT_LAST_NAMES[(h >>> 8) % CONTACT_LAST_NAMES.length];
		const tenant: Tenant = {
			id,
			name: seed.name,
			kind: seed.kind,
			parentId: parentId ?? id,
			enabled: seed.enabled ?? true,
			pricingMode: seed.trial ? 'trial' : 'production',
			legacyId,
			customerId: seed.kind === 'customer' ? `PSA-${legacyId}` : null,
			version: 1 + (h % 5),
			createdAt: created,
			updatedAt: laterStamp(created, h),
			contact: {
				id: uuidFrom(`contact:${id}`),
				firstname: first,
				lastname: last,
				email: `${asciiSlug(first)}.${asciiSlug(last)}@${domain}`,
			},
		};
		this.byId.set(id, tenant);
		if (parentId !== undefined) listIn(this.children, parentId).push(tenant);
		for (const userSeed of seed.users ?? []) this.addUser(userSeed, tenant, domain);
		return tenant;
	}

	private addUser(seed: UserSeed, tenant: Tenant, domain: string): void {
		const id = userId(seed, tenant.id);
		const h = fnv1a(id);
		const created = stamp(h);
		const user: User = {
			id,
			login: seed.login,
			email: `${seed.login}@${domain}`,
			firstName: seed.firstName,
			lastName: seed.lastName,
			tenantId: tenant.id,
			enabled: seed.enabled ?? true,
			version: 1 + (h % 4),
			createdAt: created,
			updatedAt: laterStamp(created, h),
			contactId: uuidFrom(`contact:${id}`),
			personalTenantId: uuidFrom(`personal-tenant:${id}`),
		};
		this.usersById.set(id, user);
		listIn(this.usersByTenant, tenant.id).push(user);
	}
}

function listIn<T>(map: Map<string, T[]>, key: string): T[] {
	let list = map.get(key);
	if (!list) map.set(key, (list = []));
	return list;
}

function tenantId(seed: TenantSeed): string {
	return seed.id ?? uuidFrom(`tenant:${seed.name}`);
}

function userId(seed: UserSeed, ownerTenantId: string): string {
	return seed.id ?? uuidFrom(`user:${seed.login}@${ownerTenantId}`);
}

/** A creation time between 2018 and 2022, at a whole second. */
function stamp(h: number): string {
	const day = addDays('2018-01-01', h % 1800);
	return isoSeconds(Date.parse(`${day}T00:00:00Z`) + ((h >>> 11) % 86_400) * 1000);
}

/** A last update up to about 200 days after creation. */
function laterStamp(created: string, h: number): string {
	return isoSeconds(Date.parse(created) + ((h >>> 5) % 200) * 86_400_000 + 3_600_000);
}

/** A made-up mail domain from a tenant's name, e.g. "contoso-dental-clinic.example.com". */
function emailDomain(name: string): string {
	return `${asciiSlug(name).split('-').slice(0, 3).join('-')}.example.com`;
}

function asciiSlug(text: string): string {
	return text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[øØ]/g, 'o')
		.replace(/[æÆ]/g, 'ae')
		.replace(/ß/g, 'ss')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
}
