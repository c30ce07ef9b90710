/**
 * The simulator's own truth for tests: the tenant tree, users and live usage as plain objects,
 * worked out from the model rather than read back through the API.
 */
import { type Directory, ROOT_TENANT_ID } from './directory.cjs';
import type { SimulatorTenant, SimulatorUser, UsageOutput } from './types.cjs';
import { liveUsage } from './usageData.cjs';

/** The credential's tenant and every tenant below it, depth first. */
export function simulatorTenants(directory: Directory): SimulatorTenant[] {
	const root = directory.tenant(ROOT_TENANT_ID)!;
	return [root, ...directory.descendantsOf(ROOT_TENANT_ID)].map(
		({ version: _version, createdAt: _created, updatedAt: _updated, contact, ...tenant }) => ({
			...tenant,
			contact: { firstname: contact.firstname, lastname: contact.lastname, email: contact.email },
		}),
	);
}

export function simulatorUsers(directory: Directory): SimulatorUser[] {
	return simulatorTenants(directory).flatMap((t) =>
		directory.usersOf(t.id).map((u) => ({
			id: u.id,
			login: u.login,
			tenantId: u.tenantId,
			enabled: u.enabled,
			contact: { firstname: u.firstName, lastname: u.lastName, email: u.email },
		})),
	);
}

export function tenantLiveUsage(
	directory: Directory,
	tenantId: string,
	today: string,
): UsageOutput[] {
	const tenant = directory.tenant(tenantId);
	if (!tenant) throw new Error(`No tenant ${tenantId}`);
	return liveUsage(tenant, today);
}
