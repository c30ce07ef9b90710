import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { formatDate, previousMonth, today } from '../dates';
import type { RowFormat, TenantName } from '../usage/reportRows';
import { isRowFormat, nameTenants, readReportRows } from '../usage/reportRows';
import type { AcronisClient, FileFunctions } from './client';
import { getTenants } from './directory';
import type { BodyStream } from './fileBody';
import { arrivedBody, fileBytes, inflatedFile } from './fileBody';

/** A response body n8n's binary data store takes: a stream, not loaded into memory. */
type FileStream = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];

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

export interface FilesWanted {
	/** 0 takes one look: the files must be generated already. */
	timeoutSeconds: number;
	/** One file of the report; every file when not given. */
	fileId?: string;
	/** The formats a report was just created with: each must have its file. */
	formats?: string[];
}

/** A report's generated files: the saved ones, and those the data center failed to make. */
export interface GeneratedFiles {
	saved: StoredFile[];
	failed: StoredFile[];
}

/**
 * The report's files once none of the wanted ones is still being generated, polling until then:
 * generation "in most cases takes 1-2 minutes", the API documentation says, and it recommends
 * polling. A report that has no file and none on its way fails at once, saying what it waits
 * for. A failed file does not stop the wait for the others; the item fails only when nothing
 * was saved (or the one file asked for failed).
 */
export async function waitForGeneratedFiles(
	client: AcronisClient,
	report: IDataObject,
	{ timeoutSeconds, fileId, formats }: FilesWanted,
	itemIndex: number,
): Promise<GeneratedFiles> {
	const reportId = String(report.id);
	const fail = (message: string, description: string): never => {
		throw new NodeOperationError(client.node, message, { itemIndex, description });
	};
	const deadline = Date.now() + timeoutSeconds * 1000;
	// Looks at 0, 2, 6, 14 s, then every 10 s: a file saved after 2 minutes is seen within
	// 10 s, by the 15th look.
	let pause = 2000;
	for (;;) {
		const listed = await listStoredFiles(client, reportId, itemIndex);
		const notComing = listed.length === 0 ? noFileComing(report) : undefined;
		if (notComing) fail(notComing.message, notComing.description);
		const files = fileId === undefined ? listed : listed.filter((file) => file.id === fileId);
		// Files are listed as soon as generation starts: an id not listed will not appear.
		if (fileId !== undefined && files.length === 0) {
			fail(
				`Report ${reportId} has no stored file ${fileId}`,
				'Use an id from the List Files operation of the same report.',
			);
		}
		const inProgress = files.filter((file) => file.status !== 'saved' && file.status !== 'failed');
		const missingFormat = formats?.some(
			(format) => !files.some((file) => file.report_format === format),
		);
		if (files.length > 0 && inProgress.length === 0 && !missingFormat) {
			const generated = {
				saved: files.filter((file) => file.status === 'saved'),
				failed: files.filter((file) => file.status === 'failed'),
			};
			if (generated.saved.length === 0)
				throw failedFileError(client, reportId, generated.failed[0], itemIndex);
			return generated;
		}
		if (timeoutSeconds === 0) {
			const notSaved = inProgress[0];
			fail(
				notSaved === undefined
					? `Report ${reportId} has no stored files`
					: `The ${notSaved.report_format} file of report ${reportId} is ${notSaved.status}, not saved`,
				'Set "Wait Timeout (Seconds)" above 0 to wait for the data center to finish generating it.',
			);
		}
		if (Date.now() >= deadline) {
			const progress =
				files.length === 0
					? 'no stored files yet'
					: files.map((file) => `${file.report_format} ${file.status}`).join(', ');
			fail(
				`The report file was not ready within ${timeoutSeconds} second${timeoutSeconds === 1 ? '' : 's'}`,
				`Report ${reportId}: ${progress}. Generation usually takes 1-2 minutes; raise "Wait Timeout (Seconds)" or try again later.`,
			);
		}
		// The last look is at the deadline itself.
		await sleep(Math.min(pause, deadline - Date.now()));
		pause = Math.min(pause * 2, 10000);
	}
}

/**
 * Why a report that has no file will not have one soon: sent by email, disabled, or due later
 * (a monthly report before its first run, a one-time report dated later). Undefined when a
 * file may be on its way.
 */
export function noFileComing(
	report: IDataObject,
	todayAtDataCenter = formatDate(today('UTC')),
): { message: string; description: string } | undefined {
	const id = String(report.id);
	const schedule = (report.schedule ?? {}) as IDataObject;
	const due = typeof report.generation_date === 'string' ? report.generation_date : '';
	const now = 'Generate and Download makes a report now.';
	if (report.result_action === 'send') {
		return {
			message: `Report ${id} is sent by email: the data center keeps no files of it`,
			description: `Reports with Result Action "Save for Download" keep their files. ${now}`,
		};
	}
	if (schedule.enabled === false) {
		return {
			message: `Report ${id} is disabled and has no files`,
			description: `Enable it to have it generated. ${now}`,
		};
	}
	if (due <= todayAtDataCenter) return undefined;
	return schedule.type === 'monthly'
		? {
				message: `Monthly report ${id} has no file yet: its first file is due on ${due}`,
				description: `Acronis makes monthly reports at the turn of the month (UTC). Download its file from that day on. ${now}`,
			}
		: {
				message: `One-time report ${id} has no file yet: it is due on ${due}`,
				description: `Download its file from that day on. ${now}`,
			};
}

/** The error of a file the data center failed to generate: the report's other files are fine. */
export function failedFileError(
	client: AcronisClient,
	reportId: string,
	file: StoredFile,
	itemIndex: number,
): NodeOperationError {
	return new NodeOperationError(
		client.node,
		`The data center failed to generate the ${file.report_format} file of report ${reportId}`,
		{
			itemIndex,
			description: `Stored file ${file.id}, created ${file.created_at}, has status "failed" and no content; the report's other files are not affected. To get it, generate the report again.`,
		},
	);
}

/**
 * One stored file as n8n binary data, always the file itself (never its gzip). A body n8n's
 * HTTP client inflated, or one sent plain, is streamed into n8n's binary data store, so a large
 * report is never held in memory whole; a gzip body sent without Content-Encoding is inflated
 * here first, whole (n8n's store takes a Node stream, which a node may not make).
 */
export async function downloadStoredFile(
	client: AcronisClient<FileFunctions>,
	report: IDataObject,
	file: StoredFile,
	binaryPropertyName: string,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const reportId = String(report.id);
	const { body } = await client.request<BodyStream>(
		{ method: 'GET', path: `/reports/${reportId}/stored/${file.id}`, encoding: 'stream' },
		itemIndex,
	);
	const arrived = await arrivedBody(body);
	const content = arrived.gzip ? await inflatedFile(arrived.stream) : arrived.stream;
	const { mimeType } = formatFile(file.report_format);
	const { helpers } = client.context;
	const binary = await helpers.prepareBinaryData(
		content as FileStream,
		reportFileName(report, file),
		mimeType,
	);
	const json = {
		...storedFileJson(client.node, file, reportId),
		file_name: binary.fileName,
		file_size: await binaryBytes(helpers, binary),
	};
	return { json, binary: { [binaryPropertyName]: binary } };
}

/** The bytes of a file in n8n's binary store: n8n 2.x says; n8n 1.x is asked or counted. */
async function binaryBytes(
	helpers: FileFunctions['helpers'],
	binary: IBinaryData,
): Promise<number | null> {
	if (typeof binary.bytes === 'number') return binary.bytes;
	if (binary.id) return (await helpers.getBinaryMetadata(binary.id)).fileSize ?? null;
	return Buffer.byteLength(binary.data, 'base64');
}

/**
 * The usage rows of a stored file in a machine-readable format, read as the file streams in:
 * the file is never held whole, as text or otherwise, only the rows it yields. Tenants a
 * json_v2_0 file names without their names are looked up, a hundred per request.
 */
export async function readStoredFileRows(
	client: AcronisClient,
	report: IDataObject,
	file: StoredFile,
	itemIndex: number,
): Promise<IDataObject[]> {
	const reportId = String(report.id);
	const format = file.report_format;
	if (!isRowFormat(format)) {
		throw new NodeOperationError(
			client.node,
			`The ${format} file of report ${reportId} has no rows to read`,
			{
				itemIndex,
				description:
					'Rows are read from the CSV (Version 2.0) and JSON (Version 2.0) formats: create the report with one of them, or set Output to File.',
			},
		);
	}
	const { body } = await client.request<BodyStream>(
		{ method: 'GET', path: `/reports/${reportId}/stored/${file.id}`, encoding: 'stream' },
		itemIndex,
	);
	const source = {
		reportId,
		format: format as RowFormat,
		storedFileId: file.id,
		period: coveredPeriod(report, file),
	};
	let rows: IDataObject[];
	try {
		rows = await readReportRows(fileBytes(await arrivedBody(body)), source);
	} catch (error) {
		throw new NodeOperationError(
			client.node,
			`The ${format} file of report ${reportId} could not be read: ${(error as Error).message}`,
			{ itemIndex, description: 'The data center sent a file that does not follow its format.' },
		);
	}
	await nameTenants(rows, async (ids) => {
		const tenants = await getTenants(client, ids, itemIndex);
		return new Map<string, TenantName>(tenants.map(({ id, name, kind }) => [id, { name, kind }]));
	});
	return rows;
}

/**
 * The days a file covers: a monthly report's file the calendar month before it was generated
 * (Acronis generates monthly reports on the first day of a month, in UTC), any other report's
 * its period. Null when the report does not say.
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

/** Each file as an item of its own, downloaded one after the other, in the given order. */
export async function downloadStoredFiles(
	client: AcronisClient<FileFunctions>,
	report: IDataObject,
	files: StoredFile[],
	binaryPropertyName: string,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const items: INodeExecutionData[] = [];
	for (const file of files) {
		items.push(await downloadStoredFile(client, report, file, binaryPropertyName, itemIndex));
	}
	return items;
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

function formatFile(format: string) {
	return FORMAT_FILES[format] ?? { extension: 'bin', mimeType: 'application/octet-stream' };
}
