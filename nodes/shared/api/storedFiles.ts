import type { IDataObject, INode } from 'n8n-workflow';

import { formatDate, previousMonth } from '../dates';
import type { AcronisClient } from '../transport/client';

/** A report's generated ("stored") files: listing them, and what a file is called. */

/** One generated file of a report, as GET /reports/{id}/stored lists it. */
export interface StoredFile {
	id: string;
	report_format: string;
	size: number;
	status: 'in_progress' | 'saved' | 'failed' | string;
	created_at: string;
}

/** File extension and MIME type per report format. */
const FORMAT_FILES: Record<string, { extension: string; mimeType: string }> = {
	csv: { extension: 'csv', mimeType: 'text/csv' },
	csv_v2_0: { extension: 'csv', mimeType: 'text/csv' },
	html: { extension: 'html', mimeType: 'text/html' },
	json_v1: { extension: 'json', mimeType: 'application/json' },
	json_v2_0: { extension: 'json', mimeType: 'application/json' },
};

/**
 * A stored file as an item shows it, with its report. The API's `size` is the compressed size:
 * from node version 1.2 (trigger 1.1) it is called so, beside `file_size` of a downloaded file,
 * so that neither is taken for the other; saved workflows keep `size`.
 */
export function storedFileJson(node: INode, file: StoredFile, reportId: string): IDataObject {
	const namesSizes = node.typeVersion >= (node.type.endsWith('Trigger') ? 1.1 : 1.2);
	if (!namesSizes) return { ...file, report_id: reportId };
	const { size, ...rest } = file;
	return { ...rest, compressed_size: size, report_id: reportId };
}

export async function listStoredFiles(
	client: AcronisClient,
	reportId: string,
	itemIndex: number,
): Promise<StoredFile[]> {
	const { body } = await client.request<{ items?: StoredFile[] }>(
		{ method: 'GET', path: `/reports/${reportId}/stored` },
		itemIndex,
	);
	return body.items ?? [];
}

/** The report's stored files; undefined when the report is gone (deleted since it was listed). */
export async function findStoredFiles(
	client: AcronisClient,
	reportId: string,
	itemIndex: number,
): Promise<StoredFile[] | undefined> {
	const body = await client.find<{ items?: StoredFile[] }>(
		`/reports/${reportId}/stored`,
		itemIndex,
	);
	return body === undefined ? undefined : (body.items ?? []);
}

/**
 * The days a file covers: a monthly report's file the calendar month before it was generated
 * (Acronis generates a monthly report early in the month after the one it covers, on a UTC
 * schedule), any other report's its period. Null when the report does not say.
 */
export function coveredPeriod(
	report: IDataObject,
	file: StoredFile,
): { start: string; end: string } | null {
	const schedule = (report.schedule ?? {}) as IDataObject;
	if (schedule.type === 'monthly') {
		const created = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(file.created_at ?? ''));
		if (!created) return null;
		const [year, month, day] = created.slice(1).map(Number);
		const { start, end } = previousMonth({ year, month, day });
		return { start: formatDate(start), end: formatDate(end) };
	}
	const period = ((report.parameters ?? {}) as IDataObject).period as
		{ start?: unknown; end?: unknown } | undefined;
	return typeof period?.start === 'string' && typeof period.end === 'string'
		? { start: period.start, end: period.end }
		: null;
}

/** e.g. "acronis-usage_summary-5f0c8a5e-2026-10-01_2026-10-31.csv": tenant, kind, period, format. */
export function reportFileName(report: IDataObject, file: StoredFile): string {
	const parameters = (report.parameters ?? {}) as IDataObject;
	const period = coveredPeriod(report, file);
	const parts = [
		'acronis',
		String(parameters.kind ?? 'report'),
		String(parameters.tenant_id ?? '').slice(0, 8),
		period ? `${period.start}_${period.end}` : file.created_at?.slice(0, 10),
		file.report_format.endsWith('_v2_0') ? 'v2' : file.report_format === 'json_v1' ? 'v1' : '',
	].filter((part) => part);
	return `${parts.join('-').replace(/[^\w.-]+/g, '_')}.${formatFile(file.report_format).extension}`;
}

export function formatFile(format: string) {
	return FORMAT_FILES[format] ?? { extension: 'bin', mimeType: 'application/octet-stream' };
}
