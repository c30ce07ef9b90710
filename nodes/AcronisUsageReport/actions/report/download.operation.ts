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
import { waitForGeneratedFiles } from '../../../shared/transport/storedFiles';
import { toOptionalUuid } from '../../../shared/validation';
import {
	checkWaitTimeout,
	outputField,
	readOutput,
	readReportId,
	reportIdField,
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
	const files = await waitForGeneratedFiles(
		client,
		reportId,
		{ timeoutSeconds, fileId },
		itemIndex,
	);
	const report = await getReport(client, reportId, itemIndex);
	return await generatedFilesOutput(client, report, files, binaryPropertyName, itemIndex);
}
