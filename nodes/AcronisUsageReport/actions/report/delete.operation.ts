import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { toWholeNumber } from '../../helpers/validation';
import { acronisApiRequest } from '../../transport';
import { getReport } from '../../transport/reports';
import { reportIdField, readReportId } from './common.descriptions';

const properties: INodeProperties[] = [
	reportIdField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Version',
				name: 'version',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1,
				description:
					'The "version" of the report you mean to delete: the API refuses the deletion if the report changed since. Without it, the node reads the current version first.',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['delete'] } }, properties);

interface DeleteInput {
	reportId: string;
	/** Read from the report first when not given. */
	version?: number;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): DeleteInput {
	const reportId = readReportId(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return options.version === undefined
		? { reportId }
		: {
				reportId,
				version: toWholeNumber(
					this.getNode(),
					itemIndex,
					'Version',
					options.version,
					'For example 1; the value of "version" in the report returned by Get.',
				),
			};
}

export async function execute(
	this: IExecuteFunctions,
	{ reportId, version: givenVersion }: DeleteInput,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const version =
		givenVersion !== undefined
			? givenVersion
			: (await getReport<{ version: number }>(this, reportId, itemIndex)).version;
	await acronisApiRequest(
		this,
		{ method: 'DELETE', path: `/reports/${reportId}`, qs: { version } },
		itemIndex,
	);
	return [{ json: { deleted: true, id: reportId } }];
}
