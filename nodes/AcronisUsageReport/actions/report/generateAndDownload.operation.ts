import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationContext } from '../../helpers/interfaces';
import { toWholeNumber } from '../../helpers/validation';
import { createReport } from '../../transport/reports';
import { downloadStoredFiles, waitForSavedFiles } from '../../transport/storedFiles';
import {
	binaryPropertyField,
	readBinaryPropertyName,
	WAIT_TIMEOUT_HINT,
	waitTimeoutField,
} from './common.descriptions';
import type { ReportDraft } from './create.operation';
import { readReport, reportParameterFields, withTenant } from './create.operation';

const properties: INodeProperties[] = [
	...reportParameterFields,
	binaryPropertyField,
	{ ...waitTimeoutField, typeOptions: { minValue: 1 } },
];

export const description = updateDisplayOptions(
	{ show: { operation: ['generateAndDownload'] } },
	properties,
);

interface GenerateInput {
	report: ReportDraft;
	binaryPropertyName: string;
	timeoutSeconds: number;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): GenerateInput {
	const node = this.getNode();
	const binaryPropertyName = readBinaryPropertyName(this, itemIndex);
	const timeoutSeconds = toWholeNumber(
		node,
		itemIndex,
		'Wait Timeout',
		this.getNodeParameter('waitTimeout', itemIndex, waitTimeoutField.default),
		WAIT_TIMEOUT_HINT,
	);
	const report = readReport(this, itemIndex, { resultAction: 'save', scheduleType: 'once' });
	return { report, binaryPropertyName, timeoutSeconds };
}

/**
 * The common "give me last month's usage as a file" job in one step: a one-time report saved
 * in the cloud, generated now, waited for, and each of its files output as binary data.
 */
export async function execute(
	this: IExecuteFunctions,
	{ report: draft, binaryPropertyName, timeoutSeconds }: GenerateInput,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const body = await withTenant(draft, context, itemIndex);
	const report = await createReport(this, body, itemIndex);
	const formats = (body.parameters as IDataObject).formats as string[];
	const files = await waitForSavedFiles(
		this,
		String(report.id),
		{ timeoutSeconds, formats },
		itemIndex,
	);
	return await downloadStoredFiles(this, report, files, binaryPropertyName, itemIndex);
}
