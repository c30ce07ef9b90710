import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions';
import type { Parameters } from '../../../shared/parameters';
import type { AcronisClient } from '../../../shared/transport/client';
import { getTenants } from '../../../shared/transport/directory';
import type { UsageEntry, UsageFilter } from '../../../shared/transport/usage';
import { getLiveUsage } from '../../../shared/transport/usage';
import { toUuidList } from '../../../shared/validation';

const tenantsField: INodeProperties = {
	displayName: 'Tenant Names or IDs',
	name: 'tenantIds',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getTenants' },
	default: [],
	description:
		'Tenants whose current usage to get; empty: the credential\'s own tenant. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	// n8n shows "Select" in an empty multiple choice, whatever its placeholder: said here.
	hint: "Empty: the credential's own tenant. An expression may return an array of tenant UUIDs or a text separating them by commas.",
};

const billingNotice: INodeProperties = {
	displayName:
		'Live usage is refreshed every few hours and is not meant for billing: bill from a usage report (Generate and Download, Output: Rows)',
	name: 'liveUsageNotice',
	type: 'notice',
	default: '',
};

const usageNamesOption: INodeProperties = {
	displayName: 'Usage Names',
	name: 'usageNames',
	type: 'string',
	default: '',
	placeholder: 'e.g. storage, workstations',
	description: 'Only these kinds of usage, separated by commas',
};

const editionsOption: INodeProperties = {
	displayName: 'Editions',
	name: 'editions',
	type: 'string',
	default: '',
	placeholder: 'e.g. standard, advanced',
	description: 'Only usage of these editions, separated by commas',
};

const optionsField = optionsCollection([editionsOption, usageNamesOption]);

export const description = updateDisplayOptions({ show: { operation: ['getLiveUsage'] } }, [
	billingNotice,
	tenantsField,
	optionsField,
]);

interface LiveUsageInput {
	/** The credential's tenant when empty. */
	tenantIds: string[];
	filter: UsageFilter;
}

export function prepare(params: Parameters): LiveUsageInput {
	const tenantIds = [
		...new Set(toUuidList(params, tenantsField, params.get(tenantsField.name, []))),
	];
	const options = params.get(optionsField.name, {}) as IDataObject;
	return {
		tenantIds,
		filter: { usageNames: names(options.usageNames), editions: names(options.editions) },
	};
}

/** One item per usage entry of each tenant, with the tenant's name and kind. */
export async function execute(
	{ tenantIds: given, filter }: LiveUsageInput,
	client: AcronisClient,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tenantIds = given.length > 0 ? given : [await client.credentialTenantId(itemIndex)];
	const [usage, tenants] = await Promise.all([
		getLiveUsage(client, tenantIds, filter, itemIndex),
		getTenants(client, tenantIds, itemIndex),
	]);
	const tenantById = new Map(tenants.map((tenant) => [tenant.id, tenant]));
	return usage.flatMap(({ tenantId, usages }) =>
		usages.map((entry) => ({ json: usageRow(tenantId, tenantById.get(tenantId), entry) })),
	);
}

/** A usage entry as a row: what a person reads first (tenant, offering item, figures), ids last. */
function usageRow(
	tenantId: string,
	tenant: { name: string; kind: string } | undefined,
	entry: UsageEntry,
): IDataObject {
	return {
		tenant_name: tenant?.name ?? null,
		tenant_kind: tenant?.kind ?? null,
		offering_item: entry.name,
		edition: entry.edition,
		value: entry.value,
		absolute_value: entry.absolute_value ?? null,
		unit: entry.measurement_unit,
		quota: entry.offering_item?.quota?.value ?? null,
		overage: entry.offering_item?.quota?.overage ?? null,
		enabled: entry.offering_item === undefined ? null : entry.offering_item.status === 1,
		usage_name: entry.usage_name,
		type: entry.type,
		range_start: entry.range_start,
		tenant_id: tenantId,
		application_id: entry.application_id,
		infra_id: entry.infra_id ?? null,
	};
}

function names(value: unknown): string[] | undefined {
	const list = String(value ?? '')
		.split(',')
		.map((name) => name.trim())
		.filter((name) => name !== '');
	return list.length > 0 ? list : undefined;
}
