import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fail, toBoolean, toNonEmptyUuidList, toOneOf } from '../../helpers/validation';
import { acronisApiRequest } from '../../transport';
import {
	hideZeroUsageField,
	KINDS,
	kindField,
	LEVELS,
	levelField,
	recipientsDescription,
	reportIdField,
	readReportId,
	showSkusField,
} from './common.descriptions';

const properties: INodeProperties[] = [
	reportIdField,
	{
		displayName:
			'Only scheduled reports can be updated (monthly ones, or one-time ones not generated yet), and of their parameters only these',
		name: 'updateNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			kindField,
			levelField,
			{
				displayName: 'Recipients',
				name: 'recipients',
				type: 'string',
				default: '',
				description: `${recipientsDescription}. Replaces the current list; only for reports whose result action is "send".`,
			},
			hideZeroUsageField,
			showSkusField,
		],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['update'] } }, properties);

interface UpdateInput {
	reportId: string;
	body: IDataObject;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): UpdateInput {
	const node = this.getNode();
	const reportId = readReportId(this, itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;

	// Only what the user set is sent: the API changes what it receives and nothing else.
	const body: IDataObject = {};
	if (fields.recipients !== undefined) {
		body.recipients = toNonEmptyUuidList(node, itemIndex, 'Recipients', fields.recipients, {
			message: 'Recipients is empty',
			description: 'Enter at least one user UUID, or remove the Recipients field.',
		});
	}
	const parameters: IDataObject = {};
	if (fields.kind !== undefined)
		parameters.kind = toOneOf(node, itemIndex, 'Kind', fields.kind, KINDS);
	if (fields.level !== undefined)
		parameters.level = toOneOf(node, itemIndex, 'Level', fields.level, LEVELS);
	if (fields.hideZeroUsage !== undefined)
		parameters.hide_zero_usage = toBoolean(
			node,
			itemIndex,
			'Hide Zero Usage',
			fields.hideZeroUsage,
		);
	if (fields.showSkus !== undefined)
		parameters.show_skus = toBoolean(node, itemIndex, 'Show SKUs', fields.showSkus);
	if (Object.keys(parameters).length > 0) body.parameters = parameters;

	if (Object.keys(body).length === 0) {
		fail(
			node,
			itemIndex,
			'Nothing to update: Update Fields is empty',
			'Add Kind, Level, Recipients, Hide Zero Usage or Show SKUs under Update Fields.',
		);
	}
	return { reportId, body };
}

export async function execute(
	this: IExecuteFunctions,
	{ reportId, body }: UpdateInput,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { body: report } = await acronisApiRequest(
		this,
		{ method: 'PUT', path: `/reports/${reportId}`, body },
		itemIndex,
	);
	return [{ json: report }];
}
