import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getReport } from '../../../shared/api/reports';
import { waitForGeneratedFiles } from '../../../shared/api/waitForFiles';
import type { FieldValues } from '../../../shared/fields/fieldValues';
import type { Output } from '../../../shared/fields/output';
import {
	binaryPropertyField,
	downloadWaitFields,
	outputField,
	readOutput,
	readWaitTimeout,
	rowOptionsField,
} from '../../../shared/fields/output';
import { readReportId, reportIdField } from '../../../shared/fields/report';
import { modelFillable } from '../../../shared/fields/modelFillable';
import { reportTenantField } from '../../../shared/fields/tenant';
import { toOptionalUuid } from '../../../shared/fields/validation';
import { defaultSince } from '../../../shared/fields/versions';
import type { AcronisClient } from '../../../shared/transport/client';
import { ASK_FOR_FEWER_ROWS } from '../tool';
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

export const askForLess = ASK_FOR_FEWER_ROWS;

export const toolDescription =
	"Reads the generated files of an Acronis usage report and returns its usage lines: one per tenant, offering item and edition (per day in a daily report), with usage_absolute_total (the amount in use at the end of the period), usage_delta_total (its change over the period), unit (bytes for storage, seconds for time, empty for counts of devices, workstations, mailboxes…), period_start and period_end (YYYY-MM-DD). Report: the report's ID (a UUID), as Get Many gives it.";

export const description = updateDisplayOptions({ show: { operation: ['download'] } }, [
	reportTenantField,
	reportIdField,
	storedFileIdField,
	// A node added today gives rows, as Generate and Download does.
	...defaultSince(outputField, 1.2, 'rows').flatMap(modelFillable),
	{ ...binaryPropertyField, displayOptions: { show: { output: ['file'] } } },
	...downloadWaitFields,
	rowOptionsField,
]);

interface DownloadInput {
	reportId: string;
	/** Every file of the report when not given. */
	fileId?: string;
	output: Output;
	timeoutSeconds: number;
}

export function prepare(values: FieldValues): DownloadInput {
	return {
		reportId: readReportId(values),
		fileId: toOptionalUuid(values, storedFileIdField, values.get(storedFileIdField.name, '')),
		output: readOutput(values),
		timeoutSeconds: readWaitTimeout(values, { nothingMeansDefault: true }),
	};
}

export async function execute(
	{ reportId, fileId, output, timeoutSeconds }: DownloadInput,
	client: AcronisClient<IExecuteFunctions>,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	// The report first: whether a file is on its way at all, before any wait.
	const report = await getReport(client, reportId, itemIndex);
	const files = await waitForGeneratedFiles(client, report, { timeoutSeconds, fileId }, itemIndex);
	return await generatedFilesOutput(client, report, files, output, itemIndex);
}
