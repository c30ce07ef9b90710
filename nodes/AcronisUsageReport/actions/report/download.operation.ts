import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	binaryPropertyField,
	optionsCollection,
	readBinaryPropertyName,
} from '../../../shared/descriptions';
import type { Parameters } from '../../../shared/parameters';
import type { AcronisClient } from '../../../shared/transport/client';
import { getReport } from '../../../shared/transport/reports';
import { downloadStoredFiles, waitForSavedFiles } from '../../../shared/transport/storedFiles';
import { toOptionalUuid } from '../../../shared/validation';
import {
	checkWaitTimeout,
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

const optionsField = optionsCollection([waitTimeoutField]);

export const description = updateDisplayOptions({ show: { operation: ['download'] } }, [
	reportIdField,
	storedFileIdField,
	binaryPropertyField,
	optionsField,
]);

interface DownloadInput {
	reportId: string;
	/** Every file of the report when not given. */
	fileId?: string;
	binaryPropertyName: string;
	timeoutSeconds: number;
}

export function prepare(params: Parameters): DownloadInput {
	const options = params.get(optionsField.name, {}) as IDataObject;
	return {
		reportId: readReportId(params),
		fileId: toOptionalUuid(params, storedFileIdField, params.get(storedFileIdField.name, '')),
		binaryPropertyName: readBinaryPropertyName(params),
		timeoutSeconds: checkWaitTimeout(params, options.waitTimeout ?? waitTimeoutField.default),
	};
}

export async function execute(
	{ reportId, fileId, binaryPropertyName, timeoutSeconds }: DownloadInput,
	client: AcronisClient,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const files = await waitForSavedFiles(client, reportId, { timeoutSeconds, fileId }, itemIndex);
	const report = await getReport(client, reportId, itemIndex);
	return await downloadStoredFiles(client, report, files, binaryPropertyName, itemIndex);
}
