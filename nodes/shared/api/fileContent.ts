import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BodyStream } from '../reportFiles/body';
import { arrivedBody, fileBytes, inflatedFile } from '../reportFiles/body';
import type { RowFormat, TenantName } from '../reportFiles/rows';
import { isRowFormat, nameTenants, readReportRows } from '../reportFiles/rows';
import type { AcronisClient, FileFunctions } from '../transport/client';
import type { StoredFile } from './storedFiles';
import { coveredPeriod, formatFile, reportFileName, storedFileJson } from './storedFiles';
import { fetchTenants } from './tenants';

/** What a report's stored file holds: the file itself, or its usage rows. */

/** A response body n8n's binary data store takes: a stream, not loaded into memory. */
type FileStream = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];

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
		const tenants = await fetchTenants(client, ids, itemIndex);
		return new Map<string, TenantName>(tenants.map(({ id, name, kind }) => [id, { name, kind }]));
	});
	return rows;
}
