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
 * The columns' names and order are in rowColumns.ts, the kinds of their values in rowValues.ts.
 */
import type { IDataObject } from 'n8n-workflow';

import { csvRecordBatchesAs } from './csvHeader';
import { JsonStreamReader } from './json';
import { columnNames, jsonColumnName, rowTemplate } from './rowColumns';
import {
	csvColumnKind,
	INVALID,
	invalidValue,
	jsonColumnKind,
	jsonTyped,
	typed,
} from './rowValues';
import type { TextSource } from './text';
import { readBatches } from './text';

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
		const kinds = columns.map((column) => csvColumnKind(column));
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
		const name = jsonColumnName(path, field);
		const kind = jsonColumnKind(name);
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

/** Equal as JSON values are: the same primitives, or arrays and objects of equal values. */
function sameValue(a: unknown, b: unknown): boolean {
	return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
