import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/fields/options';
import type { FieldValues } from '../../../shared/fields/fieldValues';
import type { AcronisClient } from '../../../shared/transport/client';
import { fetchTenants } from '../../../shared/api/tenants';
import type { UsageEntry, UsageFilter } from '../../../shared/api/liveUsage';
import { getLiveUsage } from '../../../shared/api/liveUsage';
import type { TenantChoice } from '../../../shared/fields/tenant';
import { readTenantList } from '../../../shared/fields/tenant';
import {
	onlyOfferingItemsOption,
	readRowSelection,
	sumOption,
	toNames,
} from '../../../shared/fields/rowSelection';
import type { RowSelection } from '../../../shared/rows/selection';
import { selectRows } from '../../../shared/rows/selection';
import { ASK_FOR_FEWER_ROWS } from '../tool';

const tenantsField: INodeProperties = {
	displayName: 'Tenant Names or IDs',
	name: 'tenantIds',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getTenants' },
	default: [],
	description:
		'Tenants whose current usage to get; empty: the credential\'s own tenant. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	// n8n shows "Select" in an empty multiple choice, whatever its placeholder: said here.
	hint: "Empty: the credential's own tenant. An expression may return an array of tenant UUIDs, names or customer IDs, or a text separating them by commas (by semicolons or new lines where a name holds a comma).",
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

const optionsField = optionsCollection([
	editionsOption,
	onlyOfferingItemsOption,
	sumOption,
	usageNamesOption,
]);

export const askForLess = ASK_FOR_FEWER_ROWS;

export const toolDescription =
	"Returns the current usage of Acronis Cyber Protect Cloud tenants, refreshed every few hours (not for billing: a usage report is): one line per tenant, offering item and edition, with value (the amount in use), unit (bytes, seconds, or quantity for counts of devices, workstations, mailboxes…), quota and overage; with Sum per Tenant and Offering Item, one line per tenant and offering item. Tenants: exact names, customer IDs or UUIDs, separated by commas (by semicolons where a name holds a comma); empty for the credential's own tenant.";

export const description = updateDisplayOptions({ show: { operation: ['getLiveUsage'] } }, [
	billingNotice,
	tenantsField,
	optionsField,
]);

interface LiveUsageInput {
	/** The credential's tenant when empty. */
	tenants: TenantChoice[];
	/** What the API leaves out. */
	filter: UsageFilter;
	/** What is left out here, and whether the rest is summed. */
	selection: RowSelection;
}

export function prepare(values: FieldValues): LiveUsageInput {
	const tenants = readTenantList(values, tenantsField, values.get(tenantsField.name, []));
	const options = values.get(optionsField.name, {}) as IDataObject;
	return {
		tenants,
		filter: {
			usageNames: toNames(values, usageNamesOption, options.usageNames),
			editions: toNames(values, editionsOption, options.editions),
		},
		// Its options have no Only Tenants or Only Editions: those stay unset.
		selection: readRowSelection(values, options),
	};
}

/** One item per usage entry of each tenant, with the tenant's name and kind. */
export async function execute(
	{ tenants: given, filter, selection }: LiveUsageInput,
	client: AcronisClient,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const choices: TenantChoice[] = given.length > 0 ? given : ['credential'];
	const resolved = await Promise.all(
		choices.map(async (choice) => await client.resolveTenant(choice, itemIndex)),
	);
	// A name and an ID may name the same tenant.
	const tenantIds = [...new Set(resolved)];
	const [usage, tenants] = await Promise.all([
		getLiveUsage(client, tenantIds, filter, itemIndex),
		fetchTenants(client, tenantIds, itemIndex),
	]);
	const tenantById = new Map(tenants.map((tenant) => [tenant.id, tenant]));
	const rows = usage.flatMap(({ tenantId, usages }) =>
		usages.map((entry) => usageRow(tenantId, tenantById.get(tenantId), entry)),
	);
	return selectRows(rows, selection).map((json) => ({ json }));
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
