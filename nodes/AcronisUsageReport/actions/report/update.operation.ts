import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { FieldValues } from '../../../shared/fields/fieldValues';
import type { AcronisClient } from '../../../shared/transport/client';
import { updateReport } from '../../../shared/api/reports';
import { fail, toNonEmptyUuidList, toOption } from '../../../shared/fields/validation';
import {
	hideZeroUsageField,
	kindField,
	levelField,
	readReportId,
	readReportOptions,
	recipientsField,
	reportIdField,
	showSkusField,
} from '../../../shared/fields/report';
import { reportTenantField } from '../../../shared/fields/tenant';

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

export const toolDescription =
	"Changes a scheduled Acronis usage report (kind, level, recipients, hiding zero usage, showing SKUs); returns the report as changed. Changes the account. Report: the report's ID (a UUID), as Get Many gives it.";

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

export function prepare(values: FieldValues): UpdateInput {
	const reportId = readReportId(values);
	const fields = values.get(updateFieldsField.name, {}) as IDataObject;

	// Only what the user set is sent: the API changes what it receives and nothing else.
	const changes: IDataObject = {};
	if (fields.recipients !== undefined) {
		changes.recipients = toNonEmptyUuidList(values, recipientsField, fields.recipients, {
			message: `${recipientsField.displayName} must name at least one user`,
			description: 'Choose at least one user, or remove the field.',
		});
	}
	const parameters: IDataObject = {};
	if (fields.kind !== undefined) parameters.kind = toOption(values, kindField, fields.kind);
	if (fields.level !== undefined) parameters.level = toOption(values, levelField, fields.level);
	Object.assign(parameters, readReportOptions(values, fields));
	if (Object.keys(parameters).length > 0) changes.parameters = parameters;

	if (Object.keys(changes).length === 0) {
		fail(
			values,
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
