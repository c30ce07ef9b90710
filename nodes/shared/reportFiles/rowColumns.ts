/**
 * The columns of a row: their names, taken from the file's with dots as "_" and a few renamed;
 * the core ones every row has; and the order rows show them in.
 */
import type { IDataObject } from 'n8n-workflow';

import { setOwn } from './csvHeader';
import type { RowFormat, RowSource } from './rows';

/** The order of the columns a row has; the file's other columns go between these two lists. */
const LEADING_COLUMNS = [
	'tenant_name',
	'tenant_kind',
	'offering_item',
	'edition',
	...['absolute', 'delta', 'effective'].flatMap((measure) =>
		['total', 'production', 'trial'].map((part) => `usage_${measure}_${part}`),
	),
	'value',
	'absolute_value',
	'unit',
	'period_start',
	'period_end',
	'date',
	'range_start',
	'range_end',
	'is_range',
	'usage_name',
	'type',
	'quota_value',
	'quota_overage',
	'quota_version',
	'offering_item_status',
	'pricing_currency',
	'pricing_mode',
	'pricing_price',
	'pricing_total_cost',
	'application_name',
	'infra_name',
	'tenant_customer_id',
	'user_login',
	'sku_code',
	'sku_name',
];
const TRAILING_COLUMNS = [
	'tenant_id',
	'tenant_legacy_id',
	'user_id',
	'application_id',
	'infra_id',
	'infra_owner_id',
	'infra_backend_type',
	'report_id',
	'report_format',
	'stored_file_id',
];
/** Filled in for every row when the file does not have them. */
const CORE_COLUMNS = [
	'tenant_name',
	'tenant_kind',
	'offering_item',
	'edition',
	'unit',
	'period_start',
	'period_end',
	'tenant_id',
];
/** The node's own: a file column of one of these names would hide which file a row is from. */
const SOURCE_COLUMNS = ['report_id', 'report_format', 'stored_file_id'];
const COLUMN_RANK = new Map(
	[...LEADING_COLUMNS, ...TRAILING_COLUMNS].map((name, index) => [
		name,
		index < LEADING_COLUMNS.length ? index : index + 1_000_000,
	]),
);
/** Where the file's columns that are not listed above go: between the two lists. */
const OTHER_RANK = LEADING_COLUMNS.length;

/** Names of the file that rows name otherwise, by format. */
const RENAMED: Record<RowFormat, Record<string, string>> = {
	csv_v2_0: { name: 'offering_item', measurement_unit: 'unit' },
	json_v2_0: {
		name: 'offering_item',
		measurement_unit: 'unit',
		tenant_uuid: 'tenant_id',
		// The tenant's API v1 number, beside its UUID.
		tenant_id: 'tenant_legacy_id',
		'offering_item.status': 'offering_item_status',
		// The same figure as csv_v2_0's quota.value.
		'offering_item.quota.value': 'quota_value',
		'offering_item.quota.overage': 'quota_overage',
		'offering_item.quota.version': 'quota_version',
	},
};

/** The row's name of each column of a file; two that would share a name fail the file. */
export function columnNames(columns: string[], format: RowFormat): string[] {
	const seen = new Map<string, string>();
	return columns.map((column) => {
		const name = RENAMED[format][column] ?? column.replace(/\./g, '_');
		const earlier = seen.get(name);
		if (earlier !== undefined) {
			throw new Error(`columns ${earlier} and ${column} would both be column ${name}`);
		}
		checkNotSourceColumn(name, column);
		seen.set(name, column);
		return name;
	});
}

/** The row's name of a json_v2_0 value at `path` in its entry (`field`: the path joined by "."). */
export function jsonColumnName(path: string[], field: string): string {
	const name = RENAMED.json_v2_0[field] ?? path.join('_');
	checkNotSourceColumn(name, field);
	return name;
}

function checkNotSourceColumn(name: string, column: string): void {
	if (SOURCE_COLUMNS.includes(name)) {
		throw new Error(`column ${column} has the name the node gives the ${name.replace(/_/g, ' ')}`);
	}
}

/**
 * A row of nulls with the file's columns and the core ones, in the order rows show them, the
 * source ids and the period filled in.
 */
export function rowTemplate(fileColumns: string[], source: RowSource): IDataObject {
	const names = [...new Set([...CORE_COLUMNS, ...fileColumns, ...SOURCE_COLUMNS])];
	const order = new Map(names.map((name, index) => [name, index]));
	const rank = (name: string) => COLUMN_RANK.get(name) ?? OTHER_RANK;
	names.sort((a, b) => rank(a) - rank(b) || order.get(a)! - order.get(b)!);
	const template: IDataObject = {};
	for (const name of names) setOwn(template, name, null);
	template.period_start = source.period?.start ?? null;
	template.period_end = source.period?.end ?? null;
	template.report_id = source.reportId;
	template.report_format = source.format;
	template.stored_file_id = source.storedFileId;
	return template;
}
