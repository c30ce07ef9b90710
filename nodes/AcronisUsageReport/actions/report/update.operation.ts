import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { Parameters } from '../../../shared/parameters';
import type { AcronisClient } from '../../../shared/transport/client';
import { updateReport } from '../../../shared/transport/reports';
import { fail, toBoolean, toNonEmptyUuidList, toOption } from '../../../shared/validation';
import {
	hideZeroUsageField,
	kindField,
	levelField,
	readReportId,
	recipientsField,
	reportIdField,
	reportTenantField,
	showSkusField,
} from './common.descriptions';

const updateFieldsField: INodeProperties = {
	displayName: 'Update Fields',
	name: 'updateFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	options: [
		kindField,
		levelField,
		{
			...recipientsField,
			hint: 'Replaces the current list; only for reports sent by email',
		},
		hideZeroUsageField,
		showSkusField,
	],
};

export const description = updateDisplayOptions({ show: { operation: ['update'] } }, [
	reportTenantField,
	reportIdField,
	{
		displayName:
			'Only scheduled reports can be changed: monthly ones, and one-time ones not generated yet. These settings can be changed:',
		name: 'updateNotice',
		type: 'notice',
		default: '',
	},
	updateFieldsField,
]);

interface UpdateInput {
	reportId: string;
	changes: IDataObject;
}

export function prepare(params: Parameters): UpdateInput {
	const reportId = readReportId(params);
	const fields = params.get(updateFieldsField.name, {}) as IDataObject;

	// Only what the user set is sent: the API changes what it receives and nothing else.
	const changes: IDataObject = {};
	if (fields.recipients !== undefined) {
		changes.recipients = toNonEmptyUuidList(params, recipientsField, fields.recipients, {
			message: `${recipientsField.displayName} must name at least one user`,
			description: 'Choose at least one user, or remove the field.',
		});
	}
	const parameters: IDataObject = {};
	if (fields.kind !== undefined) parameters.kind = toOption(params, kindField, fields.kind);
	if (fields.level !== undefined) parameters.level = toOption(params, levelField, fields.level);
	if (fields.hideZeroUsage !== undefined) {
		parameters.hide_zero_usage = toBoolean(params, hideZeroUsageField, fields.hideZeroUsage);
	}
	if (fields.showSkus !== undefined) {
		parameters.show_skus = toBoolean(params, showSkusField, fields.showSkus);
	}
	if (Object.keys(parameters).length > 0) changes.parameters = parameters;

	if (Object.keys(changes).length === 0) {
		fail(
			params,
			'Nothing to update: Update Fields is empty',
			'Add Kind, Level, Recipients, Hide Zero Usage or Show SKUs under Update Fields.',
		);
	}
	return { reportId, changes };
}

export async function execute(
	{ reportId, changes }: UpdateInput,
	client: AcronisClient,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return [{ json: await updateReport(client, reportId, changes, itemIndex) }];
}
