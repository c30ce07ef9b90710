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
import { buildReport, reportParameterFields } from './create.operation';

const properties: INodeProperties[] = [
	...reportParameterFields,
	binaryPropertyField,
	{ ...waitTimeoutField, typeOptions: { minValue: 1 } },
];

export const description = updateDisplayOptions(
	{ show: { operation: ['generateAndDownload'] } },
	properties,
);

/**
 * The common "give me last month's usage as a file" job in one step: a one-time report saved
 * in the cloud, generated now, waited for, and each of its files output as binary data.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
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

	const body = await buildReport(this, itemIndex, context, {
		resultAction: 'save',
		scheduleType: 'once',
	});
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
