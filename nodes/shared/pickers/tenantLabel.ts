import type { Tenant } from '../api/tenants';

const TENANT_KINDS: Record<string, string> = {
	root: 'Root',
	partner: 'Partner',
	folder: 'Folder',
	customer: 'Customer',
	unit: 'Unit',
};

/** e.g. "Contoso Dental Downtown Office (Unit under Contoso Dental Clinic, disabled)". */
export function tenantLabel(tenant: Tenant): string {
	const kind = TENANT_KINDS[tenant.kind] ?? tenant.kind;
	const under = tenant.parentName === undefined ? '' : ` under ${tenant.parentName}`;
	const disabled = tenant.enabled === false ? ', disabled' : '';
	return `${tenant.name} (${kind}${under}${disabled})`;
}
