import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { CREATING_START_CONCURRENCY, createReport } from '../../../shared/api/reports';
import { waitForGeneratedFiles } from '../../../shared/api/waitForFiles';
import type { FieldValues } from '../../../shared/fields/fieldValues';
import type { NewReport } from '../../../shared/fields/newReport';
import {
	newReportBody,
	readNewReport,
	reportOptionsField,
	reportParameterFields,
} from '../../../shared/fields/newReport';
import type { Output } from '../../../shared/fields/output';
import {
	binaryPropertyField,
	outputField,
	readOutput,
	readWaitTimeout,
	rowOptionsField,
	waitTimeoutField,
} from '../../../shared/fields/output';
import { formatsField } from '../../../shared/fields/report';
import { modelFillable } from '../../../shared/fields/modelFillable';
import { tenantIdField } from '../../../shared/fields/tenant';
import { toOption } from '../../../shared/fields/validation';
import { defaultSince } from '../../../shared/fields/versions';
import type { RowFormat } from '../../../shared/reportFiles/rows';
import type { AcronisClient } from '../../../shared/transport/client';
import { ASK_FOR_FEWER_ROWS } from '../tool';
import { generatedFilesOutput } from './generatedFilesOutput';

/** Rows of Generate and Download: the machine-readable format it creates the report in. */
export const rowFormatField: INodeProperties = {
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

/** Generating takes a while: waiting is the point of this operation. */
const generationWaitField = { ...waitTimeoutField, typeOptions: { minValue: 1 } };

const whenFile = { show: { output: ['file'] } };

export const askForLess = ASK_FOR_FEWER_ROWS;

export const startConcurrency = CREATING_START_CONCURRENCY;

export const toolDescription =
	"Answers how much Acronis Cyber Protect Cloud tenants used over a period: generates a usage report of a tenant (and, by Level, of the tenants below it), waits for it (a minute or two) and returns its usage lines: one per tenant, offering item and edition (per day in a daily report), with usage_absolute_total (the amount in use at the end of the period), usage_delta_total (its change over the period), unit (bytes for storage, seconds for time, empty for counts of devices, workstations, mailboxes…), period_start and period_end (YYYY-MM-DD); with Sum per Tenant and Offering Item, one line per tenant and offering item. Tenant: the tenant's exact name or customer ID, or its UUID; empty for the credential's own tenant. Period: previousMonth, monthToDate, or custom with Period Start and Period End as YYYY-MM-DD.";

export const description = updateDisplayOptions({ show: { operation: ['generateAndDownload'] } }, [
	tenantIdField,
	...reportParameterFields,
	// A node added today gives rows; version 1 nodes keep giving the file.
	...defaultSince(outputField, 1.1, 'rows').flatMap(modelFillable),
	{ ...formatsField, displayOptions: whenFile },
	...modelFillable(rowFormatField),
	{ ...binaryPropertyField, displayOptions: whenFile },
	generationWaitField,
	reportOptionsField,
	rowOptionsField,
]);

interface GenerateInput {
	report: NewReport;
	output: Output;
	timeoutSeconds: number;
}

export function prepare(values: FieldValues): GenerateInput {
	const output = readOutput(values);
	// Rows are read from a report made in their format alone.
	const formats =
		'rows' in output
			? [toOption<RowFormat>(values, rowFormatField, values.get(rowFormatField.name))]
			: undefined;
	const report = readNewReport(values, { resultAction: 'save', scheduleType: 'once', formats });
	return { report, output, timeoutSeconds: readWaitTimeout(values, { mustWait: true }) };
}

/**
 * The common "give me last month's usage" job in one step: a one-time report saved in the
 * cloud, generated now, waited for, and output as its files or as the usage lines they hold.
 */
export async function execute(
	{ report: newReport, output, timeoutSeconds }: GenerateInput,
	client: AcronisClient<IExecuteFunctions>,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tenantId = await client.resolveTenant(newReport.tenant, itemIndex);
	const body = newReportBody(newReport, tenantId);
	const report = await createReport(client, body, itemIndex);
	const formats = (body.parameters as IDataObject).formats as string[];
	const files = await waitForGeneratedFiles(client, report, { timeoutSeconds, formats }, itemIndex);
	return await generatedFilesOutput(client, report, files, output, itemIndex);
}
