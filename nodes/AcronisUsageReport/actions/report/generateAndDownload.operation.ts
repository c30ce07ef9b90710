import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	binaryPropertyField,
	formatsField,
	readBinaryPropertyName,
	tenantIdField,
} from '../../../shared/descriptions';
import type { Parameters } from '../../../shared/parameters';
import type { AcronisClient } from '../../../shared/transport/client';
import { createReport } from '../../../shared/transport/reports';
import { waitForGeneratedFiles } from '../../../shared/transport/storedFiles';
import { toOption } from '../../../shared/validation';
import { defaultSince } from '../versions';
import { checkWaitTimeout, outputField, readOutput, waitTimeoutField } from './common.descriptions';
import { generatedFilesOutput } from './generatedFilesOutput';
import type { ReportDraft } from './reportBody';
import {
	readReportDraft,
	reportOptionsField,
	reportParameterFields,
	withTenant,
} from './reportBody';

/** Generating takes a while: waiting is the point of this operation. */
const generationWaitField = { ...waitTimeoutField, typeOptions: { minValue: 1 } };

/** A node added today gives rows; version 1 nodes keep giving the file. */
const outputFields = defaultSince(outputField, 1.1, 'rows');

const rowFormatField: INodeProperties = {
	displayName: 'Format',
	name: 'rowFormat',
	type: 'options',
	options: [
		{ name: 'CSV (Version 2.0)', value: 'csv_v2_0' },
		{ name: 'JSON (Version 2.0)', value: 'json_v2_0' },
	],
	default: 'csv_v2_0',
	description: 'The file the rows are read from; both hold the same usage lines',
	displayOptions: { show: { output: ['rows'] } },
};

export const description = updateDisplayOptions({ show: { operation: ['generateAndDownload'] } }, [
	tenantIdField,
	...reportParameterFields,
	...outputFields,
	{ ...formatsField, displayOptions: { show: { output: ['file'] } } },
	rowFormatField,
	{ ...binaryPropertyField, displayOptions: { show: { output: ['file'] } } },
	generationWaitField,
	reportOptionsField,
]);

interface GenerateInput {
	report: ReportDraft;
	/** The binary field of each file; undefined when the output is rows. */
	binaryPropertyName?: string;
	timeoutSeconds: number;
}

export function prepare(params: Parameters): GenerateInput {
	const rows = readOutput(params) === 'rows';
	const binaryPropertyName = rows ? undefined : readBinaryPropertyName(params);
	const timeoutSeconds = checkWaitTimeout(
		params,
		params.get(generationWaitField.name, generationWaitField.default),
	);
	const formats = rows
		? [toOption(params, rowFormatField, params.get(rowFormatField.name, rowFormatField.default))]
		: undefined;
	const report = readReportDraft(params, { resultAction: 'save', scheduleType: 'once', formats });
	return { report, binaryPropertyName, timeoutSeconds };
}

/**
 * The common "give me last month's usage" job in one step: a one-time report saved in the
 * cloud, generated now, waited for, and output as its files or as the usage lines they hold.
 */
export async function execute(
	{ report: draft, binaryPropertyName, timeoutSeconds }: GenerateInput,
	client: AcronisClient<IExecuteFunctions>,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const body = await withTenant(draft, client, itemIndex);
	const report = await createReport(client, body, itemIndex);
	const formats = (body.parameters as IDataObject).formats as string[];
	const files = await waitForGeneratedFiles(client, report, { timeoutSeconds, formats }, itemIndex);
	return await generatedFilesOutput(client, report, files, binaryPropertyName, itemIndex);
}
