/**
 * The contents of stored report files in each format, produced as a stream of chunks so that a
 * file padded to 100 MB is never held in memory whole, and served gzip-compressed as the real
 * API does (its stored `size` is the compressed size).
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createGzip, type Gzip } from 'node:zlib';

import type { ReportFormat } from './types.cjs';
import {
	type ContentSpec,
	type Entity,
	type MetricUsage,
	PADDING_ID_SLOT,
	PADDING_NAME_SLOT,
	entityUsage,
	paddingEntity,
	paddingTemplate,
	reportEntities,
	tenantName,
} from './usageData.cjs';

/** Chunks handed to the stream are about this big. */
const CHUNK_CHARS = 256 * 1024;

/** How many distinct usage patterns filler customers cycle through. */
const PADDING_PATTERNS = 16;

/** Speed over ratio: a 100 MB file must compress in a second or two. */
export function createFileGzip(): Gzip {
	return createGzip({ level: constants.Z_BEST_SPEED });
}

/** A readable stream of a file's uncompressed bytes. */
export function fileStream(spec: ContentSpec, format: ReportFormat, minBytes: number): Readable {
	return Readable.from(fileChunks(spec, format, minBytes), { objectMode: false });
}

/** The whole uncompressed file (for tests that compare contents). */
export function fileContent(spec: ContentSpec, format: ReportFormat, minBytes: number): Buffer {
	return Buffer.concat([...fileChunks(spec, format, minBytes)]);
}

/** The gzip size of a file, computed by streaming it through the compressor. */
export async function compressedSize(
	spec: ContentSpec,
	format: ReportFormat,
	minBytes: number,
	signal?: AbortSignal,
): Promise<number> {
	let size = 0;
	const counter = new Writable({
		write(chunk: Buffer, _encoding, done) {
			size += chunk.length;
			done();
		},
	});
	await pipeline(fileStream(spec, format, minBytes), createFileGzip(), counter, { signal });
	return size;
}

/**
 * Head, one piece per entity, tail; filler customers are added after the report's own entities
 * until the file reaches `minBytes`. All text is ASCII, so string length counts bytes.
 */
function* fileChunks(spec: ContentSpec, format: ReportFormat, minBytes: number): Generator<Buffer> {
	const render = RENDERERS[format](spec);
	let batch = render.head;
	let written = batch.length;
	let first = true;
	const append = (piece: string): void => {
		if (piece.length > 0) first = false;
		written += piece.length;
		batch += piece;
	};
	for (const entity of reportEntities(spec.parameters)) {
		append(render.entity(entity, entityUsage(entity, spec), first));
		if (batch.length >= CHUNK_CHARS) {
			yield Buffer.from(batch, 'utf8');
			batch = '';
		}
	}
	const templates = new Map<string, string>();
	for (let n = 1; written + render.tail.length < minBytes; n++) {
		const pattern = n % PADDING_PATTERNS;
		const key = `${pattern}:${first}`;
		let template = templates.get(key);
		if (template === undefined) {
			const entity = paddingTemplate(spec.parameters, pattern);
			template = render.entity(entity, entityUsage(entity, spec), first);
			templates.set(key, template);
		}
		const filler = paddingEntity(spec.parameters, n);
		append(
			template.replaceAll(PADDING_ID_SLOT, filler.id).replaceAll(PADDING_NAME_SLOT, filler.name),
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
	/** The text of one entity; `first` tells whether anything was written before it. */
	entity(entity: Entity, usage: MetricUsage[], first: boolean): string;
	tail: string;
}

const RENDERERS: Record<ReportFormat, (spec: ContentSpec) => Renderer> = {
	csv: csvV1,
	html,
	json_v1: jsonV1,
	csv_v2_0: csvV2,
	json_v2_0: jsonV2,
};

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

function tableRows(entity: Entity, usage: MetricUsage[], spec: ContentSpec): string[][] {
	const parent = tenantName(entity.parentId);
	const rows: string[][] = [];
	for (const { metric, points, startValue } of usage) {
		const lead = [entity.name, entity.id, entity.kind, parent, metric.name, metric.edition];
		if (spec.parameters.show_skus) lead.push(metric.sku);
		lead.push(metric.unit);
		if (spec.parameters.kind === 'usage_summary') {
			const end = points[0].value;
			const start = startValue ?? 0;
			rows.push([
				...lead,
				spec.period.start,
				spec.period.end,
				String(start),
				String(end),
				String(end - start),
			]);
		} else {
			for (const point of points) rows.push([...lead, point.date, String(point.value)]);
		}
	}
	return rows;
}

function csvV1(spec: ContentSpec): Renderer {
	return {
		head: csvLine(tableHeader(spec)),
		entity: (entity, usage) => tableRows(entity, usage, spec).map(csvLine).join(''),
		tail: '',
	};
}

function html(spec: ContentSpec): Renderer {
	const { kind, level, tenant_id: tenantId } = spec.parameters;
	const title = `Usage report: ${tenantName(tenantId) || tenantId}`;
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
		entity: (entity, usage) =>
			tableRows(entity, usage, spec)
				.map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>\n`)
				.join(''),
		tail: '</tbody>\n</table>\n</body>\n</html>\n',
	};
}

// --- csv_v2_0: one machine-readable column set for every kind ---------------------------------

function csvV2(spec: ContentSpec): Renderer {
	const showSkus = spec.parameters.show_skus === true;
	const header = [
		'date_from',
		'date_to',
		'tenant_id',
		'tenant_name',
		'tenant_kind',
		'parent_tenant_id',
		'usage_name',
		'edition',
		'measurement_unit',
		...(showSkus ? ['sku'] : []),
		'start_value',
		'end_value',
		'usage_value',
	];
	const summary = spec.parameters.kind === 'usage_summary';
	return {
		head: csvLine(header),
		entity: (entity, usage) => {
			let text = '';
			for (const { metric, points, startValue } of usage) {
				const who = [
					entity.id,
					entity.name,
					entity.kind,
					entity.parentId,
					metric.name,
					metric.edition,
					metric.unit,
				];
				if (showSkus) who.push(metric.sku);
				for (const point of points) {
					const dates = summary ? [spec.period.start, spec.period.end] : [point.date, point.date];
					const values = summary
						? [String(startValue ?? 0), String(point.value), String(point.value)]
						: ['', '', String(point.value)];
					text += csvLine([...dates, ...who, ...values]);
				}
			}
			return text;
		},
		tail: '',
	};
}

// --- json_v1: flat rows --------------------------------------------------------------------

function jsonV1(spec: ContentSpec): Renderer {
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
		entity: (entity, usage, first) => {
			const rows: string[] = [];
			for (const { metric, points, startValue } of usage) {
				for (const point of points) {
					const row: Record<string, unknown> = {
						tenant_id: entity.id,
						tenant_name: entity.name,
						tenant_kind: entity.kind,
						parent_tenant_id: entity.parentId || null,
						usage_name: metric.name,
						edition: metric.edition,
						measurement_unit: metric.unit,
					};
					if (spec.parameters.show_skus) row.sku = metric.sku;
					if (kind === 'usage_summary') {
						row.start_value = startValue ?? 0;
						row.end_value = point.value;
					} else {
						row.date = point.date;
						row.value = point.value;
					}
					rows.push(JSON.stringify(row));
				}
			}
			if (rows.length === 0) return '';
			return (first ? '' : ',') + rows.join(',');
		},
		tail: ']}',
	};
}

// --- json_v2_0: {"params":{…},"tenants":[…]} ---------------------------------------------------

/** Numeric codes used inside json_v2_0 params (levels and kind 4 = daily as in Acronis's notes). */
const V2_KIND: Record<string, number> = {
	usage_current: 1,
	usage_summary: 2,
	usage_breakdown: 3,
	usage_daily: 4,
};
const V2_LEVEL: Record<string, number> = {
	itself: 0,
	direct_partners: 1,
	all_customers: 2,
	accounts: 3,
	all_partners: 4,
};

function jsonV2(spec: ContentSpec): Renderer {
	const p = spec.parameters;
	const params = {
		kind: V2_KIND[p.kind],
		report_level: V2_LEVEL[p.level],
		tenant_id: p.tenant_id,
		start_date: spec.period.start,
		end_date: spec.period.end,
		hide_zero_usage: p.hide_zero_usage === true,
		show_skus: p.show_skus === true,
		generated_at: spec.generatedOn,
	};
	return {
		head: `{"params":${JSON.stringify(params)},"tenants":[`,
		entity: (entity, usage, first) => {
			const usages = usage.map(({ metric, points, startValue }) => {
				const item: Record<string, unknown> = {
					name: metric.name,
					edition: metric.edition,
					measurement_unit: metric.unit,
				};
				if (p.show_skus) item.sku = metric.sku;
				if (p.kind === 'usage_daily') item.values = points;
				else if (p.kind === 'usage_summary') {
					item.start_value = startValue ?? 0;
					item.end_value = points[0].value;
				} else item.value = points[0].value;
				return item;
			});
			const tenant = {
				id: entity.id,
				name: entity.name,
				kind: entity.kind,
				parent_id: entity.parentId || null,
				usages,
			};
			return (first ? '' : ',') + JSON.stringify(tenant);
		},
		tail: ']}',
	};
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
