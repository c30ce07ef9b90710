import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationContext } from '../../helpers/interfaces';
import { toFieldName, toWholeNumber } from '../../helpers/validation';
import { acronisApiRequest } from '../../transport';
import { downloadStoredFile, waitForSavedFiles } from '../../transport/storedFiles';
import { binaryPropertyField, waitTimeoutField } from './common.descriptions';
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
	const binaryPropertyName = toFieldName(
		node,
		itemIndex,
		'Put Output File in Field',
		this.getNodeParameter('binaryPropertyName', itemIndex, 'data'),
	);
	const timeoutSeconds = toWholeNumber(
		node,
		itemIndex,
		'Wait Timeout',
		this.getNodeParameter('waitTimeout', itemIndex, 300),
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
	const { body: report } = await acronisApiRequest(
		this,
		{ method: 'POST', path: '/reports', body },
		itemIndex,
	);
	const formats = (body.parameters as IDataObject).formats as string[];
	const files = await waitForSavedFiles(
		this,
		String(report.id),
		{ timeoutSeconds, formats },
		itemIndex,
	);
	const items: INodeExecutionData[] = [];
	for (const file of files) {
		items.push(await downloadStoredFile(this, report, file, binaryPropertyName, itemIndex));
	}
	return items;
}
