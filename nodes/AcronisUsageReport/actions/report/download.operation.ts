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
} from '../../../shared/descriptions';
import type { Parameters } from '../../../shared/parameters';
import type { AcronisClient } from '../../../shared/transport/client';
import { getReport } from '../../../shared/transport/reports';
import { waitForGeneratedFiles } from '../../../shared/transport/storedFiles';
import { toOptionalUuid } from '../../../shared/validation';
import { before, defaultSince, since } from '../versions';
import {
	checkWaitTimeout,
	outputField,
	readOutput,
	readReportId,
	reportIdField,
	reportTenantField,
	waitTimeoutField,
} from './common.descriptions';
import { generatedFilesOutput } from './generatedFilesOutput';

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
const version1Options = { ...optionsCollection([waitTimeoutField]), displayOptions: before(1.1) };

const downloadWaitField = { ...waitTimeoutField, displayOptions: since(1.1) };

export const description = updateDisplayOptions({ show: { operation: ['download'] } }, [
	reportTenantField,
	reportIdField,
	storedFileIdField,
	// A node added today gives rows, as Generate and Download does.
	...defaultSince(outputField, 1.2, 'rows'),
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
	// The report first: whether a file is on its way at all, before any wait.
	const report = await getReport(client, reportId, itemIndex);
	const files = await waitForGeneratedFiles(client, report, { timeoutSeconds, fileId }, itemIndex);
	return await generatedFilesOutput(client, report, files, binaryPropertyName, itemIndex);
}
