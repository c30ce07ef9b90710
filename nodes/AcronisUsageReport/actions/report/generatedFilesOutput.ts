import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { downloadStoredFiles, readStoredFileRows } from '../../../shared/api/fileContent';
import type { StoredFile } from '../../../shared/api/storedFiles';
import { storedFileJson } from '../../../shared/api/storedFiles';
import type { GeneratedFiles } from '../../../shared/api/waitForFiles';
import { failedFileError, failedFileJson } from '../../../shared/api/waitForFiles';
import type { Output } from '../../../shared/fields/output';
import { ROW_FORMATS } from '../../../shared/reportFiles/rows';
import { selectRows } from '../../../shared/rows/selection';
import type { AcronisClient } from '../../../shared/transport/client';
import { errorItem } from '../errorItems';

/**
 * What Download File and Generate and Download give for a report's generated files: each saved
 * file as an item with the file, or the usage rows of one machine-readable format. A file the
 * data center failed to make never hides the others: with files it is an item of its own that
 * says so (an error item under "On Error: Continue"); with rows, whose sum would silently miss
 * its lines, it stops the node, or under "Continue" is an error item beside the others' rows.
 */
export async function generatedFilesOutput(
	client: AcronisClient<IExecuteFunctions>,
	report: IDataObject,
	{ saved, failed }: GeneratedFiles,
	output: Output,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const reportId = String(report.id);
	const continueOnFail = client.context.continueOnFail();
	const failedItem = (file: StoredFile): INodeExecutionData => {
		if (!continueOnFail) return { json: failedFileJson(client, reportId, file, itemIndex) };
		const error = failedFileError(client, reportId, file, itemIndex);
		return errorItem(error, itemIndex, storedFileJson(client.node, file, reportId));
	};

	if ('file' in output) {
		const { binaryPropertyName } = output.file;
		const items = await downloadStoredFiles(client, report, saved, binaryPropertyName, itemIndex);
		return [...items, ...failed.map(failedItem)];
	}
	const { files, failed: failedOfFormat } = rowFiles(saved, failed);
	if (failedOfFormat.length > 0 && !continueOnFail) {
		throw failedFileError(client, reportId, failedOfFormat[0], itemIndex);
	}
	const rows: INodeExecutionData[] = [];
	for (const file of files) {
		const fileRows = await readStoredFileRows(client, report, file, itemIndex);
		for (const json of selectRows(fileRows, output.rows.selection)) rows.push({ json });
	}
	return [...rows, ...failedOfFormat.map(failedItem)];
}

/**
 * The files to read rows from: every file of one machine-readable format (each generation of a
 * monthly report has its own), CSV before JSON: both hold the same lines, and reading both would
 * count every line twice. None readable: the first file, which says why with the fix.
 */
function rowFiles(
	saved: StoredFile[],
	failed: StoredFile[],
): { files: StoredFile[]; failed: StoredFile[] } {
	for (const format of ROW_FORMATS) {
		const ofFormat = saved.filter((file) => file.report_format === format);
		if (ofFormat.length > 0) {
			return { files: ofFormat, failed: failed.filter((file) => file.report_format === format) };
		}
	}
	return { files: saved.slice(0, 1), failed: [] };
}
