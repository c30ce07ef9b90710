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
import type { ReportFormat, UsageRecord, UsageValues } from './types.cjs';
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
}

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
	const { spec, directory, padding } = source;
	const render = RENDERERS[source.format](spec, directory);
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
	for (const owner of reportOwners(directory, spec.parameters)) {
		const records = ownerRecords(owner, spec);
		onRows?.(records);
		append(render.rows(owner, records, first), records.length);
		if (batch.length >= CHUNK_CHARS) {
			yield Buffer.from(batch, 'utf8');
			batch = '';
		}
	}
	const templates = new Map<string, { text: string; records: UsageRecord[] }>();
	for (let n = 1; bytes + tailBytes < padding.minBytes || rows < padding.minRows; n++) {
		const pattern = n % PADDING_PATTERNS;
		const key = `${pattern}:${first}`;
		let template = templates.get(key);
		if (template === undefined) {
			const owner = paddingTemplate(spec.parameters, pattern);
			const records = ownerRecords(owner, spec);
			template = { text: render.rows(owner, records, first), records };
			templates.set(key, template);
		}
		const filler = paddingTenant(spec.parameters, n);
		onRows?.(recordsFor(template.records, filler));
		append(
			template.text
				.replaceAll(PADDING_SLOTS.id, filler.id)
				.replaceAll(PADDING_SLOTS.name, filler.name)
				.replaceAll(String(PADDING_SLOTS.legacyId), String(filler.legacyId)),
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

const RENDERERS: Record<ReportFormat, (spec: ContentSpec, directory: Directory) => Renderer> = {
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

// --- csv_v2_0: one machine-readable column set for every kind ---------------------------------

const USAGE_COLUMNS = ['absolute', 'delta', 'effective'].flatMap((measure) =>
	['production', 'trial', 'total'].map((part) => `usage.${measure}.${part}`),
);

/** The csv_v2_0 header; the `sku.*` columns only in reports made with show_skus. */
export function csvV2Columns(showSkus: boolean): string[] {
	return [
		'tenant.id',
		'tenant.name',
		'tenant.kind',
		'user.id',
		'user.login',
		'period.start',
		'period.end',
		'application.id',
		'name',
		'usage_name',
		'edition',
		'type',
		'measurement_unit',
		'infra.id',
		'infra.owner_id',
		'infra.backend_type',
		...(showSkus ? ['sku.code', 'sku.name'] : []),
		...USAGE_COLUMNS,
	];
}

/** UTF-8 byte order mark: spreadsheet programs need it to read the names right. */
const BOM = '\uFEFF';

function csvV2(spec: ContentSpec): Renderer {
	const showSkus = spec.parameters.show_skus === true;
	return {
		head: BOM + csvLine(csvV2Columns(showSkus)),
		rows: (_owner, records) =>
			records
				.map((record) =>
					csvLine([
						record.tenant.id,
						record.tenant.name,
						record.tenant.kind,
						record.user?.id ?? '',
						record.user?.login ?? '',
						record.period.start,
						record.period.end,
						record.applicationId,
						record.offeringItem,
						record.usageName,
						record.edition ?? '',
						record.type,
						record.measurementUnit,
						record.infra?.id ?? '',
						record.infra?.ownerId ?? '',
						record.infra?.backendType ?? '',
						...(showSkus ? [record.sku?.code ?? '', record.sku?.name ?? ''] : []),
						...[record.absolute, record.delta, record.effective].flatMap(valueCells),
					]),
				)
				.join(''),
		tail: '',
	};
}

function valueCells(values: UsageValues): string[] {
	return [String(values.production), String(values.trial), String(values.total)];
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
		rows: (owner, records, first) => {
			if (records.length === 0) return '';
			const objects = records.map((record) =>
				JSON.stringify({
					tenant_uuid: record.tenant.id,
					tenant_id: owner.tenant.legacyId,
					tenant_name: record.tenant.name,
					tenant_kind: record.tenant.kind,
					...(record.user ? { user: record.user } : {}),
					application_id: record.applicationId,
					name: record.offeringItem,
					edition: record.edition,
					usage_name: record.usageName,
					type: record.type,
					measurement_unit: record.measurementUnit,
					...(record.infra
						? {
								infra_id: record.infra.id,
								infra: {
									id: record.infra.id,
									owner_id: record.infra.ownerId,
									backend_type: record.infra.backendType,
								},
							}
						: {}),
					...(record.sku ? { sku: record.sku } : {}),
					range_start: `${record.period.start}T00:00:00`,
					range_end: `${record.period.end}T23:59:59`,
					value: record.absolute.total,
					absolute_value: record.effective.total,
					usage: { absolute: record.absolute, delta: record.delta, effective: record.effective },
				}),
			);
			return (first ? '' : ',') + objects.join(',');
		},
		tail: ']}',
	};
}

function unixSeconds(iso: string): number {
	return Date.parse(iso) / 1000;
}

// --- text helpers ---------------------------------------------------------------------------

function csvLine(cells: string[]): string {
	return cells.map(csvCell).join(',') + '\r\n';
}

function csvCell(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
