/**
 * The contents of stored report files in each format, produced as a stream of chunks so that a
 * file padded to 100 MB or 100,000 rows is never held in memory whole, and served
 * gzip-compressed as the real API does (its stored `size` is the compressed size). Every format
 * renders the same usage rows (`usageData.ts`), which `fileRecords` hands to tests as objects.
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createGzip, type Gzip } from 'node:zlib';

import type { Directory } from './directory.cjs';
import type { ReportFileOptions, ReportFormat, UsageRecord } from './types.cjs';
import {
	type ContentSpec,
	PADDING_SLOTS,
	type UsageOwner,
	ownerRecords,
	paddingTenant,
	paddingTemplate,
	recordsFor,
	reportOwners,
} from './usageData.cjs';

/** Filler customers are added until the file reaches both limits. */
export interface Padding {
	minBytes: number;
	minRows: number;
}

/** Everything a stored file is made from. */
export interface FileSource {
	spec: ContentSpec;
	format: ReportFormat;
	directory: Directory;
	padding: Padding;
	/** How the file is written where Acronis's documentation does not say. */
	layout: ReportFileOptions;
}

/** Where a filler template's text is cut: at each placeholder, kept in the pieces. */
const PADDING_SLOT_PATTERN = new RegExp(
	`(${[PADDING_SLOTS.id, PADDING_SLOTS.name, String(PADDING_SLOTS.legacyId)].join('|')})`,
);

/** Chunks handed to the stream are about this big. */
const CHUNK_CHARS = 256 * 1024;

/** How many distinct usage patterns filler customers cycle through. */
const PADDING_PATTERNS = 16;

/** Speed over ratio: a 100 MB file must compress in a second or two. */
export function createFileGzip(): Gzip {
	return createGzip({ level: constants.Z_BEST_SPEED });
}

/** A readable stream of a file's uncompressed bytes. */
export function fileStream(source: FileSource): Readable {
	return Readable.from(fileChunks(source), { objectMode: false });
}

/** The whole uncompressed file (for tests that compare contents). */
export function fileContent(source: FileSource): Buffer {
	return Buffer.concat([...fileChunks(source)]);
}

/** The usage rows the file holds, in file order, without keeping its text. */
export function fileRecords(source: FileSource): UsageRecord[] {
	const records: UsageRecord[] = [];
	const chunks = fileChunks(source, (rows) => records.push(...rows));
	while (!chunks.next().done) {
		// the text is dropped: only the rows are wanted
	}
	return records;
}

/** The gzip size of a file, computed by streaming it through the compressor. */
export async function compressedSize(source: FileSource, signal?: AbortSignal): Promise<number> {
	let size = 0;
	const counter = new Writable({
		write(chunk: Buffer, _encoding, done) {
			size += chunk.length;
			done();
		},
	});
	await pipeline(fileStream(source), createFileGzip(), counter, { signal });
	return size;
}

/**
 * Head, the rows of each owner, tail; filler customers are added after the report's own rows
 * until the file reaches `padding`. `onRows` sees every owner's rows as they are written.
 */
function* fileChunks(
	source: FileSource,
	onRows?: (rows: UsageRecord[]) => void,
): Generator<Buffer> {
	const { spec, directory, padding, layout } = source;
	const render = RENDERERS[source.format](spec, directory, layout);
	const tailBytes = Buffer.byteLength(render.tail);
	let batch = render.head;
	let bytes = Buffer.byteLength(batch);
	let rows = 0;
	let first = true;
	const append = (piece: string, rowCount: number): void => {
		if (piece.length > 0) first = false;
		bytes += Buffer.byteLength(piece);
		rows += rowCount;
		batch += piece;
	};
	for (const owner of reportOwners(directory, spec.parameters, layout.userRows === true)) {
		const records = ownerRecords(owner, spec);
		onRows?.(records);
		append(render.rows(owner, records, first), records.length);
		if (batch.length >= CHUNK_CHARS) {
			yield Buffer.from(batch, 'utf8');
			batch = '';
		}
	}
	const templates = new Map<string, { pieces: string[]; records: UsageRecord[] }>();
	for (let n = 1; bytes + tailBytes < padding.minBytes || rows < padding.minRows; n++) {
		const pattern = n % PADDING_PATTERNS;
		const key = `${pattern}:${first}`;
		let template = templates.get(key);
		if (template === undefined) {
			const owner = paddingTemplate(spec.parameters, pattern);
			const records = ownerRecords(owner, spec);
			// The text cut at each placeholder, which stays in the list to be swapped per filler.
			const pieces = render.rows(owner, records, first).split(PADDING_SLOT_PATTERN);
			template = { pieces, records };
			templates.set(key, template);
		}
		const filler = paddingTenant(spec.parameters, n);
		const slotValues: Record<string, string> = {
			[PADDING_SLOTS.id]: filler.id,
			[PADDING_SLOTS.name]: filler.name,
			[String(PADDING_SLOTS.legacyId)]: String(filler.legacyId),
		};
		onRows?.(recordsFor(template.records, filler));
		append(
			template.pieces.map((piece) => slotValues[piece] ?? piece).join(''),
			template.records.length,
		);
		if (batch.length >= CHUNK_CHARS) {
			yield Buffer.from(batch, 'utf8');
			batch = '';
		}
	}
	yield Buffer.from(batch + render.tail, 'utf8');
}

interface Renderer {
	head: string;
	/** The text of one owner's rows; `first` tells whether anything was written before them. */
	rows(owner: UsageOwner, records: UsageRecord[], first: boolean): string;
	tail: string;
}

const RENDERERS: Record<
	ReportFormat,
	(spec: ContentSpec, directory: Directory, layout: ReportFileOptions) => Renderer
> = {
	csv: csvV1,
	html,
	json_v1: jsonV1,
	csv_v2_0: csvV2,
	json_v2_0: jsonV2,
};

/** The tenant above an owner's rows: the user's tenant, else the tenant's parent. */
function parentOf(
	owner: UsageOwner,
	spec: ContentSpec,
	directory: Directory,
): { id: string; name: string } {
	if (owner.user) return owner.tenant;
	const parentId = directory.tenant(owner.tenant.id)?.parentId ?? spec.parameters.tenant_id;
	return { id: parentId, name: directory.tenant(parentId)?.name ?? '' };
}

/** How a human-readable table names a row's owner. */
function ownerLabel(owner: UsageOwner): { id: string; name: string; kind: string } {
	return owner.user
		? { id: owner.user.id, name: owner.user.login, kind: 'user' }
		: { id: owner.tenant.id, name: owner.tenant.name, kind: owner.tenant.kind };
}

// --- csv and html: the human-readable table --------------------------------------------------

function tableHeader(spec: ContentSpec): string[] {
	const columns = ['Tenant name', 'Tenant ID', 'Tenant type', 'Parent tenant', 'Metric', 'Edition'];
	if (spec.parameters.show_skus) columns.push('SKU');
	columns.push('Unit');
	if (spec.parameters.kind === 'usage_summary') {
		columns.push(
			'Period start',
			'Period end',
			'Usage at period start',
			'Usage at period end',
			'Difference',
		);
	} else {
		columns.push('Date', 'Usage');
	}
	return columns;
}

function tableRows(
	owner: UsageOwner,
	records: UsageRecord[],
	spec: ContentSpec,
	directory: Directory,
): string[][] {
	const label = ownerLabel(owner);
	const parent = parentOf(owner, spec, directory).name;
	return records.map((record) => {
		const row = [label.name, label.id, label.kind, parent, record.offeringItem];
		row.push(record.edition ?? '');
		if (record.sku) row.push(record.sku.code);
		row.push(record.measurementUnit);
		const { absolute, delta } = record;
		if (spec.parameters.kind === 'usage_summary') {
			row.push(record.period.start, record.period.end);
			row.push(String(absolute.total - delta.total), String(absolute.total), String(delta.total));
		} else {
			row.push(record.period.end, String(absolute.total));
		}
		return row;
	});
}

function csvV1(spec: ContentSpec, directory: Directory): Renderer {
	return {
		head: csvLine(tableHeader(spec)),
		rows: (owner, records) => tableRows(owner, records, spec, directory).map(csvLine).join(''),
		tail: '',
	};
}

function html(spec: ContentSpec, directory: Directory): Renderer {
	const { kind, level, tenant_id: tenantId } = spec.parameters;
	const title = `Usage report: ${directory.tenant(tenantId)?.name ?? tenantId}`;
	const head =
		'<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>' +
		escapeHtml(title) +
		'</title></head>\n<body>\n<h1>' +
		escapeHtml(title) +
		'</h1>\n<p>' +
		escapeHtml(`${kind}, level ${level}, ${spec.period.start} to ${spec.period.end}`) +
		'</p>\n<table>\n<thead><tr>' +
		tableHeader(spec)
			.map((c) => `<th>${escapeHtml(c)}</th>`)
			.join('') +
		'</tr></thead>\n<tbody>\n';
	return {
		head,
		rows: (owner, records) =>
			tableRows(owner, records, spec, directory)
				.map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>\n`)
				.join(''),
		tail: '</tbody>\n</table>\n</body>\n</html>\n',
	};
}

// --- csv_v2_0: the columns of Acronis's own sample file ------------------------------------

/**
 * The csv_v2_0 columns Acronis's sample file has (29, sorted by name with `edition` added last),
 * and how each cell is written: empty for none, True/False, no unit for counts, as the sample.
 */
const CSV_V2_CELLS: Record<string, (record: UsageRecord, date: string) => string> = {
	'application.id': (r) => r.application.id,
	'application.name': (r) => r.application.name,
	date: (_r, date) => date,
	// Empty in every row of the sample, even where infra.id is set.
	'infra.backend_type': () => '',
	'infra.id': (r) => r.infra?.id ?? '',
	'infra.name': (r) => r.infra?.name ?? '',
	'infra.owner_id': (r) => r.infra?.ownerId ?? '',
	is_range: (r) => (r.isRange ? 'True' : 'False'),
	measurement_unit: (r) => (r.measurementUnit === 'quantity' ? '' : r.measurementUnit),
	name: (r) => r.offeringItem,
	'pricing.currency': (r) => r.pricing?.currency ?? '',
	'pricing.mode': (r) => r.pricing?.mode ?? '',
	'pricing.price': (r) => r.pricing?.price ?? '',
	'pricing.total_cost': (r) => r.pricing?.totalCost ?? '',
	'quota.value': (r) => (r.quota.value === null ? '' : String(r.quota.value)),
	'tenant.customer_id': (r) => r.tenant.customerId ?? '',
	'tenant.id': (r) => r.tenant.id,
	'tenant.kind': (r) => r.tenant.kind,
	'tenant.name': (r) => r.tenant.name,
	...usageCells(),
	edition: (r) => r.edition ?? '',
};

/** Columns of our choice, each behind an option: none is in Acronis's sample. */
const CSV_V2_OPTIONAL_CELLS: Record<string, (record: UsageRecord) => string> = {
	'period.start': (r) => r.period.start,
	'period.end': (r) => r.period.end,
	'sku.code': (r) => r.sku?.code ?? '',
	'sku.name': (r) => r.sku?.name ?? '',
	'user.id': (r) => r.user?.id ?? '',
	'user.login': (r) => r.user?.login ?? '',
};

function usageCells(): Record<string, (record: UsageRecord) => string> {
	const cells: Record<string, (record: UsageRecord) => string> = {};
	for (const measure of ['absolute', 'delta', 'effective'] as const) {
		for (const part of ['production', 'total', 'trial'] as const) {
			cells[`usage.${measure}.${part}`] = (r) => String(r[measure][part]);
		}
	}
	return cells;
}

/**
 * The csv_v2_0 header: Acronis's columns, with the optional ones that apply sorted in among them,
 * `edition` last as in the sample.
 */
export function csvV2Columns(spec: ContentSpec, layout: ReportFileOptions): string[] {
	const optional = [
		...(layout.csvPeriodColumns ? ['period.start', 'period.end'] : []),
		...(spec.parameters.show_skus ? ['sku.code', 'sku.name'] : []),
		...(layout.userRows && spec.parameters.level === 'accounts' ? ['user.id', 'user.login'] : []),
	];
	const sorted = Object.keys(CSV_V2_CELLS).filter((column) => column !== 'edition');
	return [...[...sorted, ...optional].sort(), 'edition'];
}

/** UTF-8 byte order mark. */
const BOM = '\uFEFF';

function csvV2(spec: ContentSpec, _directory: Directory, layout: ReportFileOptions): Renderer {
	const columns = csvV2Columns(spec, layout);
	const cells = columns.map((column) => CSV_V2_CELLS[column] ?? CSV_V2_OPTIONAL_CELLS[column]);
	const end = layout.csvLineEnding ?? '\n';
	const line = (values: string[]) => values.map(csvCell).join(',') + end;
	const daily = spec.parameters.kind === 'usage_daily';
	const date = (record: UsageRecord) =>
		daily || layout.csvDate !== 'generationDay' ? record.period.end : spec.generatedOn;
	return {
		head: (layout.csvByteOrderMark ? BOM : '') + line(columns),
		rows: (_owner, records) =>
			records
				.map((record) => {
					const day = date(record);
					return line(cells.map((cell) => cell(record, day)));
				})
				.join(''),
		tail: '',
	};
}

// --- json_v1: flat rows --------------------------------------------------------------------

function jsonV1(spec: ContentSpec, directory: Directory): Renderer {
	const { kind, level, tenant_id: tenantId } = spec.parameters;
	const report = {
		kind,
		level,
		tenant_id: tenantId,
		period: spec.period,
		generated_on: spec.generatedOn,
	};
	return {
		head: `{"report":${JSON.stringify(report)},"rows":[`,
		rows: (owner, records, first) => {
			if (records.length === 0) return '';
			const label = ownerLabel(owner);
			const parentId = parentOf(owner, spec, directory).id;
			const rows = records.map((record) => {
				const row: Record<string, unknown> = {
					tenant_id: label.id,
					tenant_name: label.name,
					tenant_kind: label.kind,
					parent_tenant_id: parentId,
					usage_name: record.offeringItem,
					edition: record.edition,
					measurement_unit: record.measurementUnit,
				};
				if (record.sku) row.sku = record.sku.code;
				if (kind === 'usage_summary') {
					row.start_value = record.absolute.total - record.delta.total;
					row.end_value = record.absolute.total;
				} else {
					row.date = record.period.end;
					row.value = record.absolute.total;
				}
				return JSON.stringify(row);
			});
			return (first ? '' : ',') + rows.join(',');
		},
		tail: ']}',
	};
}

// --- json_v2_0: {"params":{…},"tenants":[one tenant service usage object per row]} ----------

/** Report kind numbers: 4, 5 and 8 are Acronis's; 9 for usage_breakdown is made up. */
const V2_KIND: Record<string, number> = {
	usage_daily: 4,
	usage_summary: 5,
	usage_current: 8,
	usage_breakdown: 9,
};
/** Report level numbers: 1 to 4 are Acronis's; 0 for "itself" is made up. */
const V2_LEVEL: Record<string, number> = {
	itself: 0,
	direct_partners: 1,
	all_customers: 2,
	accounts: 3,
	all_partners: 4,
};

function jsonV2(spec: ContentSpec, directory: Directory): Renderer {
	const p = spec.parameters;
	const tenant = directory.tenant(p.tenant_id);
	const params = {
		kind: V2_KIND[p.kind],
		gen_date: unixSeconds(`${spec.generatedOn}T00:00:00Z`),
		begin_date: unixSeconds(`${spec.period.start}T00:00:00Z`),
		end_date: unixSeconds(`${spec.period.end}T23:59:59Z`),
		group_id: tenant?.legacyId ?? null,
		name: tenant?.name ?? '',
		report_level: V2_LEVEL[p.level],
		report_type: V2_KIND[p.kind],
	};
	return {
		head: `{"params":${JSON.stringify(params)},"tenants":[`,
		rows: (_owner, records, first) => {
			if (records.length === 0) return '';
			const objects = records.map((record) => JSON.stringify(tenantServiceUsage(record)));
			return (first ? '' : ',') + objects.join(',');
		},
		tail: ']}',
	};
}

/**
 * A row as Acronis documents a tenant service usage object: no tenant name, no nested usage, no
 * period end. `value` is the usage at the end of the period and `absolute_value` the highest
 * within it (our reading of "current" and "accumulated"). `sku` (with show_skus) and `user`
 * (user rows) are our choice.
 */
function tenantServiceUsage(record: UsageRecord): Record<string, unknown> {
	return {
		tenant_uuid: record.tenant.id,
		tenant_id: record.tenant.legacyId,
		application_id: record.application.id,
		edition: record.edition,
		...(record.infra ? { infra_id: record.infra.id } : {}),
		measurement_unit: record.measurementUnit,
		name: record.offeringItem,
		offering_item: { status: record.offeringItemStatus, quota: record.quota },
		range_start: `${record.period.start}T00:00:00`,
		usage_name: record.usageName,
		value: record.absolute.total,
		absolute_value: record.effective.total,
		type: record.type,
		...(record.sku ? { sku: record.sku } : {}),
		...(record.user ? { user: record.user } : {}),
	};
}

function unixSeconds(iso: string): number {
	return Date.parse(iso) / 1000;
}

// --- text helpers ---------------------------------------------------------------------------

/** A line of the human-readable csv: CRLF, as before. */
function csvLine(cells: string[]): string {
	return cells.map(csvCell).join(',') + '\r\n';
}

function csvCell(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
