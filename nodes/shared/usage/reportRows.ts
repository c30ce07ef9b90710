import type { IDataObject } from 'n8n-workflow';

import { csvRecordBatchesAs, setOwn } from './csvParser';
import { JsonStreamReader } from './jsonStream';
import type { TextSource } from './textStream';
import { readBatches } from './textStream';

/**
 * A usage report file as rows: one per usage line, the same columns whichever of the two
 * machine-readable formats the file is in, flat and named for a database table or a sheet:
 * the tenant (tenant_id, tenant_name, tenant_kind), the offering item and its metric
 * (offering_item, usage_name, edition, type, unit, sku_code and sku_name when the report has
 * SKUs), the period, and the usage values (usage_absolute_total, usage_delta_trial, …) as
 * numbers. Columns the layout does not name here are kept, flattened the same way.
 */

/** The formats rows can be read from; the others are for people (csv, html) or legacy. */
export const ROW_FORMATS = ['csv_v2_0', 'json_v2_0'] as const;
export type RowFormat = (typeof ROW_FORMATS)[number];

export function isRowFormat(format: string): format is RowFormat {
	return (ROW_FORMATS as readonly string[]).includes(format);
}

/** What every row of a file carries besides its own columns. */
export interface RowSource {
	report_id: string;
	report_format: RowFormat;
	stored_file_id: string;
}

/** A name in a file, e.g. "usage.delta.trial", as the row's column: "usage_delta_trial". */
const RENAMED: Record<string, string> = {
	name: 'offering_item',
	measurement_unit: 'unit',
	// json_v2_0 names the tenant's UUID so; its tenant_id is the API v1 number.
	tenant_uuid: 'tenant_id',
	tenant_id: 'tenant_legacy_id',
	range_start: 'period_start',
	range_end: 'period_end',
};

/** The columns of csv_v2_0, as rows name them: a json_v2_0 row has each too, null if absent. */
const COLUMNS = [
	'tenant_id',
	'tenant_name',
	'tenant_kind',
	'user_id',
	'user_login',
	'period_start',
	'period_end',
	'application_id',
	'offering_item',
	'usage_name',
	'edition',
	'type',
	'unit',
	'infra_id',
	'infra_owner_id',
	'infra_backend_type',
	...['absolute', 'delta', 'effective'].flatMap((measure) =>
		['production', 'trial', 'total'].map((part) => `usage_${measure}_${part}`),
	),
];

/** Written by json_v2_0 beside the usage object whose values they repeat. */
const REPEATED_IN_JSON = new Set(['value', 'absolute_value', 'infra_id']);

/** The file's rows, a batch at a time, as they come off the stream. */
export async function* reportRows(
	body: TextSource,
	source: RowSource,
): AsyncGenerator<IDataObject[], void, undefined> {
	if (source.report_format === 'csv_v2_0') {
		yield* csvRecordBatchesAs(body, (header) => csvRowMaker(header, source));
		return;
	}
	for await (const items of readBatches(body, new JsonStreamReader({ arrays: ['tenants'] }))) {
		const rows: IDataObject[] = [];
		for (const item of items) {
			if (item.kind === 'element' && isObject(item.value)) {
				rows.push({ ...source, ...jsonRow(item.value) });
			}
		}
		if (rows.length > 0) yield rows;
	}
}

/**
 * csv_v2_0 records as rows: dotted names flattened, usage values as numbers, empty cells null.
 * Each row copies one row of nulls: V8 makes an object given many computed names one at a time
 * a hash table, three times the size.
 */
function csvRowMaker(header: string[], source: RowSource): (fields: string[]) => IDataObject {
	const columns = header.map((name) => RENAMED[name] ?? name.replace(/\./g, '_'));
	const numeric = header.map((name) => name.startsWith('usage.'));
	const empty: IDataObject = { ...source };
	for (const column of columns) setOwn(empty, column, null);
	return (fields) => {
		const row: IDataObject = { ...empty };
		for (let index = 0; index < columns.length; index++) {
			const text = fields[index];
			row[columns[index]] =
				text === '' ? null : numeric[index] && isNumber(text) ? Number(text) : text;
		}
		return row;
	};
}

/** A json_v2_0 tenants[] entry: nested objects flattened, dates of date-times kept as dates. */
function jsonRow(entry: IDataObject): IDataObject {
	const row: IDataObject = Object.fromEntries(COLUMNS.map((column) => [column, null]));
	const add = (path: string[], value: unknown) => {
		if (isObject(value)) {
			for (const [key, inner] of Object.entries(value)) add([...path, key], inner);
			return;
		}
		const [first] = path;
		if (path.length === 1 && REPEATED_IN_JSON.has(first)) return;
		const column = path.length === 1 ? (RENAMED[first] ?? first) : path.join('_');
		row[column] =
			(column === 'period_start' || column === 'period_end') && typeof value === 'string'
				? value.slice(0, 10)
				: (value as IDataObject[string]);
	};
	for (const [key, value] of Object.entries(entry)) add([key], value);
	return row;
}

function isNumber(text: string): boolean {
	return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text);
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
