import type { IDataObject } from 'n8n-workflow';

import { csvRecordBatchesAs, setOwn } from './csvParser';
import { JsonStreamReader } from './jsonStream';
import type { TextSource } from './textStream';
import { readBatches } from './textStream';

/**
 * A usage report file as rows, one per usage line, flat and named for a table, a sheet or a
 * database, losing nothing the file holds:
 * - columns every row has, whatever the format: tenant_name, tenant_kind, offering_item,
 *   edition, unit, period_start, period_end, tenant_id and the report, format and file ids,
 *   filled from the report when the file does not carry them (null when neither does);
 * - then every value of the file under a stable name, dots and nesting flattened with "_":
 *   usage_absolute_total… from csv_v2_0, value and absolute_value from json_v2_0, and columns
 *   this package does not know, kept as they come;
 * - numbers as numbers, is_range as a boolean, dates as YYYY-MM-DD. A cell that should be one
 *   of these and is not fails the file, naming its row and column: billing data is not guessed.
 * Columns a person reads come first (tenant, offering item, figures, unit, period), ids last.
 */

/** The formats rows can be read from; the others are for people (csv, html) or legacy. */
export const ROW_FORMATS = ['csv_v2_0', 'json_v2_0'] as const;
export type RowFormat = (typeof ROW_FORMATS)[number];

export function isRowFormat(format: string): format is RowFormat {
	return (ROW_FORMATS as readonly string[]).includes(format);
}

/** What the reader knows of a file besides its content. */
export interface RowSource {
	reportId: string;
	format: RowFormat;
	storedFileId: string;
	/** The period the file covers, from its report, for files that do not say. */
	period: { start: string; end: string } | null;
}

/** A tenant's name and kind, which json_v2_0 rows do not carry. */
export interface TenantName {
	name: string;
	kind: string;
}

/** Looks up tenants by id; tenants it does not know keep no name. */
export type TenantLookup = (tenantIds: string[]) => Promise<Map<string, TenantName>>;

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

/** What a value of a column must be; other columns keep what the file says. */
type Kind = 'number' | 'boolean' | 'date' | 'dateTime';
const CSV_KINDS: Record<string, Kind> = {
	'pricing.price': 'number',
	'pricing.total_cost': 'number',
	'quota.value': 'number',
	is_range: 'boolean',
	date: 'date',
	'period.start': 'date',
	'period.end': 'date',
};
const JSON_KINDS: Record<string, Kind> = {
	value: 'number',
	absolute_value: 'number',
	tenant_legacy_id: 'number',
	offering_item_status: 'number',
	quota_value: 'number',
	quota_overage: 'number',
	quota_version: 'number',
	is_range: 'boolean',
	range_start: 'dateTime',
	range_end: 'dateTime',
};

/**
 * The rows of a stored file, read as it streams in. A json_v2_0 file names its tenants without
 * their names: `nameTenants` fills them in.
 */
export async function readReportRows(body: TextSource, source: RowSource): Promise<IDataObject[]> {
	if (source.format === 'csv_v2_0') return await csvRows(body, source);
	return await jsonRows(body, source);
}

// --- csv_v2_0 ---------------------------------------------------------------------------------

/**
 * Each record becomes a copy of one row of the file's columns: worked out once per file, as V8
 * makes an object given many computed names one at a time a hash table, three times the size.
 */
async function csvRows(body: TextSource, source: RowSource): Promise<IDataObject[]> {
	const rows: IDataObject[] = [];
	let recordNumber = 0;
	let header: string[] | undefined;
	const makeRow = (columns: string[]) => {
		header = columns;
		const names = columnNames(columns, 'csv_v2_0');
		const kinds = columns.map((column) => CSV_KINDS[column] ?? csvUsageKind(column));
		const template = rowTemplate(names, source);
		return (fields: string[]): IDataObject => {
			recordNumber++;
			const row: IDataObject = { ...template };
			for (let index = 0; index < names.length; index++) {
				const text = fields[index];
				const kind = kinds[index];
				if (text === '') continue;
				if (kind === undefined) {
					row[names[index]] = text;
					continue;
				}
				const value = typed(text, kind);
				if (value === INVALID) {
					throw invalidValue(`row ${recordNumber}, column ${columns[index]}`, text, kind);
				}
				row[names[index]] = value;
			}
			return row;
		};
	};
	for await (const batch of csvRecordBatchesAs(body, makeRow)) rows.push(...batch);
	if (header === undefined) throw new Error('the file is empty: it has not even a header');
	return rows;
}

/** Usage figures are numbers, whatever the file adds to usage.* later. */
function csvUsageKind(column: string): Kind | undefined {
	return column.startsWith('usage.') ? 'number' : undefined;
}

// --- json_v2_0 --------------------------------------------------------------------------------

/**
 * `{"params": {…}, "tenants": [tenant service usage objects]}`: one row per object, its nested
 * objects flattened. Rows are made once the file is read, so that every row has the columns any
 * of them has.
 */
async function jsonRows(body: TextSource, source: RowSource): Promise<IDataObject[]> {
	const entries: Array<Map<string, unknown>> = [];
	const names = new Set<string>();
	let params: unknown;
	const reader = new JsonStreamReader({ arrays: ['tenants'] });
	for await (const items of readBatches(body, reader)) {
		for (const item of items) {
			if (item.key === 'params' && item.kind === 'member') params = item.value;
			if (item.key !== 'tenants') continue;
			if (item.kind === 'member') throw new Error('"tenants" is not an array');
			const entry = flattenEntry(item.value, item.index);
			for (const name of entry.keys()) names.add(name);
			entries.push(entry);
		}
	}
	if (!reader.arraysFound.has('tenants')) {
		throw new Error('the file has no "tenants" array of usage objects');
	}

	const columns = [...names];
	const template = rowTemplate(columns, {
		...source,
		period: paramsPeriod(params) ?? source.period,
	});
	return entries.map((entry) => {
		const row: IDataObject = { ...template };
		for (const [name, value] of entry) row[name] = value as IDataObject[string];
		return row;
	});
}

/**
 * One entry of `tenants` as the row's columns and values, checked. Two fields that flatten to
 * one column must agree (an id written twice), or the file fails.
 */
function flattenEntry(entry: unknown, index: number): Map<string, unknown> {
	const where = `tenants entry ${index + 1}`;
	if (!isObject(entry)) throw new Error(`${where} is not an object`);
	const row = new Map<string, unknown>();
	const from = new Map<string, string>();
	const add = (path: string[], value: unknown): void => {
		if (isObject(value) && Object.keys(value).length > 0) {
			for (const [key, inner] of Object.entries(value)) add([...path, key], inner);
			return;
		}
		const field = path.join('.');
		const name = RENAMED.json_v2_0[field] ?? path.join('_');
		checkNotSourceColumn(name, field);
		const kind = JSON_KINDS[name];
		const typedValue = kind === undefined || value === null ? value : jsonTyped(value, kind);
		if (typedValue === INVALID) throw invalidValue(`${where}, ${field}`, value, kind!);
		const earlier = from.get(name);
		if (earlier !== undefined && !sameValue(row.get(name), typedValue)) {
			throw new Error(
				`${where}: ${earlier} and ${field} would both be column ${name}, with different values`,
			);
		}
		from.set(name, field);
		row.set(name, typedValue);
	};
	for (const [key, value] of Object.entries(entry)) add([key], value);
	return row;
}

/** A json_v2_0 value as its column's kind; numbers in text are taken. */
function jsonTyped(value: unknown, kind: Kind): unknown {
	if (kind === 'number' && typeof value === 'number') return checkedNumber(value);
	if (kind === 'boolean' && typeof value === 'boolean') return value;
	return typeof value === 'string' ? typed(value, kind) : INVALID;
}

/** The period of `params`: begin_date and end_date are UNIX times (UTC dates here). */
function paramsPeriod(params: unknown): { start: string; end: string } | null {
	if (!isObject(params)) return null;
	const { begin_date: begin, end_date: end } = params;
	if (typeof begin !== 'number' || typeof end !== 'number') return null;
	const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);
	return { start: day(begin), end: day(end) };
}

/** Fills in the tenant name and kind of rows whose file does not give them, each tenant asked once. */
export async function nameTenants(rows: IDataObject[], lookUpTenants: TenantLookup): Promise<void> {
	const unnamed = new Set<string>();
	for (const row of rows) {
		if (row.tenant_name === null && typeof row.tenant_id === 'string') unnamed.add(row.tenant_id);
	}
	if (unnamed.size === 0) return;
	const tenants = await lookUpTenants([...unnamed]);
	for (const row of rows) {
		const tenant = row.tenant_name === null ? tenants.get(row.tenant_id as string) : undefined;
		if (tenant === undefined) continue;
		row.tenant_name = tenant.name;
		if (row.tenant_kind === null) row.tenant_kind = tenant.kind;
	}
}

// --- both -------------------------------------------------------------------------------------

/** The row's name of each column of a file; two that would share a name fail the file. */
function columnNames(columns: string[], format: RowFormat): string[] {
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

function checkNotSourceColumn(name: string, column: string): void {
	if (SOURCE_COLUMNS.includes(name)) {
		throw new Error(`column ${column} has the name the node gives the ${name.replace('_', ' ')}`);
	}
}

/**
 * A row of nulls with the file's columns and the core ones, in the order rows show them, the
 * source ids and the period filled in.
 */
function rowTemplate(fileColumns: string[], source: RowSource): IDataObject {
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

const KIND_NAMES: Record<Kind, string> = {
	number: 'a number',
	boolean: 'True or False',
	date: 'a date (YYYY-MM-DD)',
	dateTime: 'a date or date-time',
};

/** What `typed` gives for a value that is not of its column's kind. */
const INVALID = Symbol('invalid');

function invalidValue(where: string, value: unknown, kind: Kind): Error {
	const tooLarge =
		kind === 'number' && (typeof value === 'number' || NUMBER.test(String(value).trim()));
	return new Error(
		`${where}: ${JSON.stringify(value)} ${tooLarge ? 'is too large to be read exactly' : `is not ${KIND_NAMES[kind]}`}`,
	);
}

/** A cell as its column's kind, or INVALID. */
function typed(text: string, kind: Kind): number | boolean | string | typeof INVALID {
	const value = text.trim();
	switch (kind) {
		case 'number':
			return NUMBER.test(value) ? checkedNumber(Number(value)) : INVALID;
		case 'boolean':
			if (/^true$/i.test(value)) return true;
			return /^false$/i.test(value) ? false : INVALID;
		case 'date':
			return dayOf(value) ?? INVALID;
		case 'dateTime':
			// A midnight is the day; any other time is kept as written.
			return dayOf(value) ?? value;
	}
}

const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** Integers beyond 2^53 cannot be held exactly: INVALID rather than changed. */
function checkedNumber(value: number): number | typeof INVALID {
	return Number.isInteger(value) && !Number.isSafeInteger(value) ? INVALID : value;
}

/** YYYY-MM-DD, or a date-time at midnight (00:00:00, any fraction of zeros, UTC). */
function dayOf(text: string): string | undefined {
	const match = /^(\d{4}-\d{2}-\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)?)?$/.exec(text);
	if (!match) return undefined;
	const day = match[1];
	const time = Date.parse(`${day}T00:00:00Z`);
	return !Number.isNaN(time) && new Date(time).toISOString().startsWith(day) ? day : undefined;
}

/** Equal as JSON values are: the same primitives, or arrays and objects of equal values. */
function sameValue(a: unknown, b: unknown): boolean {
	return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
