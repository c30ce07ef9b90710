import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fail, toOptionalUuid, toWholeNumber } from '../../helpers/validation';
import { getReport } from '../../transport/reports';
import type { StoredFile } from '../../transport/storedFiles';
import {
	downloadStoredFiles,
	listStoredFiles,
	waitForSavedFiles,
} from '../../transport/storedFiles';
import {
	binaryPropertyField,
	reportIdField,
	WAIT_TIMEOUT_HINT,
	waitTimeoutField,
	readBinaryPropertyName,
	readReportId,
} from './common.descriptions';

const properties: INodeProperties[] = [
	reportIdField,
	{
		displayName: 'Stored File ID',
		name: 'storedFileId',
		type: 'string',
		default: '',
		placeholder: 'Leave empty for every file of the report',
		description:
			'ID of one generated file, as returned by List Files. Empty downloads each file of the report, one item per file.',
	},
	binaryPropertyField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [waitTimeoutField],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['download'] } }, properties);

interface DownloadInput {
	reportId: string;
	/** Every file of the report when not given. */
	fileId?: string;
	binaryPropertyName: string;
	timeoutSeconds: number;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): DownloadInput {
	const node = this.getNode();
	const reportId = readReportId(this, itemIndex);
	const fileId = toOptionalUuid(
		node,
		itemIndex,
		'Stored File ID',
		this.getNodeParameter('storedFileId', itemIndex, ''),
	);
	const binaryPropertyName = readBinaryPropertyName(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const timeoutSeconds = toWholeNumber(
		node,
		itemIndex,
		'Wait Timeout',
		options.waitTimeout ?? waitTimeoutField.default,
		WAIT_TIMEOUT_HINT,
	);
	return { reportId, fileId, binaryPropertyName, timeoutSeconds };
}

export async function execute(
	this: IExecuteFunctions,
	{ reportId, fileId, binaryPropertyName, timeoutSeconds }: DownloadInput,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const files: StoredFile[] =
		timeoutSeconds > 0
			? await waitForSavedFiles(this, reportId, { timeoutSeconds, fileId }, itemIndex)
			: savedNow(
					this,
					itemIndex,
					reportId,
					fileId,
					await listStoredFiles(this, reportId, itemIndex),
				);
	const report = await getReport(this, reportId, itemIndex);
	return await downloadStoredFiles(this, report, files, binaryPropertyName, itemIndex);
}

function savedNow(
	ctx: IExecuteFunctions,
	itemIndex: number,
	reportId: string,
	fileId: string | undefined,
	listed: StoredFile[],
): StoredFile[] {
	const files = fileId === undefined ? listed : listed.filter((file) => file.id === fileId);
	const notSaved = files.find((file) => file.status !== 'saved');
	if (files.length === 0 || notSaved) {
		fail(
			ctx.getNode(),
			itemIndex,
			files.length === 0
				? `Report ${reportId} has no stored file${fileId ? ` ${fileId}` : 's'}`
				: `The ${notSaved!.report_format} file of report ${reportId} is ${notSaved!.status}, not saved`,
			'Set "Wait Timeout" above 0 to wait for the data center to finish generating it.',
		);
	}
	return files;
}
