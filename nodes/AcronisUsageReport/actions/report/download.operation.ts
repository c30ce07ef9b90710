import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	binaryPropertyField,
	optionsCollection,
	readBinaryPropertyName,
	tenantIdField,
} from '../../../shared/descriptions';
import type { Parameters } from '../../../shared/parameters';
import type { AcronisClient } from '../../../shared/transport/client';
import { getReport } from '../../../shared/transport/reports';
import type { StoredFile } from '../../../shared/transport/storedFiles';
import {
	downloadStoredFiles,
	readStoredFileRows,
	waitForSavedFiles,
} from '../../../shared/transport/storedFiles';
import { ROW_FORMATS } from '../../../shared/usage/reportRows';
import { toOptionalUuid } from '../../../shared/validation';
import {
	checkWaitTimeout,
	outputField,
	readOutput,
	readReportId,
	reportIdField,
	waitTimeoutField,
} from './common.descriptions';

const storedFileIdField: INodeProperties = {
	displayName: 'Stored File ID',
	name: 'storedFileId',
	type: 'string',
	default: '',
	placeholder: 'Leave empty for every file of the report',
	description:
		'ID of one generated file, as returned by List Files. Empty downloads each file of the report, one item per file.',
};

/** Version 1 nodes keep Wait Timeout under Options, where their workflows saved it. */
const version1Options = {
	...optionsCollection([waitTimeoutField]),
	displayOptions: { show: { '@version': [1] } },
};

const downloadWaitField = {
	...waitTimeoutField,
	displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } },
};

export const description = updateDisplayOptions({ show: { operation: ['download'] } }, [
	tenantIdField,
	reportIdField,
	storedFileIdField,
	outputField,
	{ ...binaryPropertyField, displayOptions: { show: { output: ['file'] } } },
	downloadWaitField,
	version1Options,
]);

interface DownloadInput {
	reportId: string;
	/** Every file of the report when not given. */
	fileId?: string;
	/** The binary field of each file; undefined when the output is rows. */
	binaryPropertyName?: string;
	timeoutSeconds: number;
}

export function prepare(params: Parameters): DownloadInput {
	const waitTimeout =
		params.node.typeVersion >= 1.1
			? params.get(downloadWaitField.name, waitTimeoutField.default)
			: (params.get(version1Options.name, {}) as IDataObject).waitTimeout;
	return {
		reportId: readReportId(params),
		fileId: toOptionalUuid(params, storedFileIdField, params.get(storedFileIdField.name, '')),
		binaryPropertyName: readOutput(params) === 'rows' ? undefined : readBinaryPropertyName(params),
		timeoutSeconds: checkWaitTimeout(params, waitTimeout ?? waitTimeoutField.default),
	};
}

export async function execute(
	{ reportId, fileId, binaryPropertyName, timeoutSeconds }: DownloadInput,
	client: AcronisClient<IExecuteFunctions>,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const files = await waitForSavedFiles(client, reportId, { timeoutSeconds, fileId }, itemIndex);
	if (binaryPropertyName === undefined) {
		const rows = [];
		for (const file of rowFiles(files, fileId)) {
			rows.push(...(await readStoredFileRows(client, reportId, file, itemIndex)));
		}
		return rows.map((json) => ({ json }));
	}
	const report = await getReport(client, reportId, itemIndex);
	return await downloadStoredFiles(client, report, files, binaryPropertyName, itemIndex);
}

/**
 * The files to read rows from: the one asked for, or every file of one machine-readable format
 * (each generation of a monthly report has its own), CSV before JSON: both hold the same
 * lines, and reading both would count every line twice.
 */
function rowFiles(files: StoredFile[], fileId: string | undefined): StoredFile[] {
	if (fileId !== undefined) return files;
	for (const format of ROW_FORMATS) {
		const ofFormat = files.filter((file) => file.report_format === format);
		if (ofFormat.length > 0) return ofFormat;
	}
	// None can be read: the first one says why, with the fix.
	return files.slice(0, 1);
}
