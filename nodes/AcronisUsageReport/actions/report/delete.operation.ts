import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/fields/options';
import type { FieldValues } from '../../../shared/fields/fieldValues';
import type { AcronisClient } from '../../../shared/transport/client';
import { deleteReport, getReport } from '../../../shared/api/reports';
import { toWholeNumber } from '../../../shared/fields/validation';
import { readReportId, reportIdField } from '../../../shared/fields/report';
import { reportTenantField } from '../../../shared/fields/tenant';

const versionField: INodeProperties = {
	displayName: 'Version',
	name: 'version',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 1,
	description:
		'The "version" of the report you mean to delete: the API refuses the deletion if the report changed since. Without it, the node reads the current version first.',
};

const optionsField = optionsCollection([versionField]);

export const toolDescription =
	"Deletes an Acronis usage report and its files; returns deleted: true and its ID. Changes the account: only when asked to delete a report. Report: the report's ID (a UUID), as Get Many gives it.";

export const description = updateDisplayOptions({ show: { operation: ['delete'] } }, [
	reportTenantField,
	reportIdField,
	optionsField,
]);

interface DeleteInput {
	reportId: string;
	/** Read from the report first when not given. */
	version?: number;
}

export function prepare(values: FieldValues): DeleteInput {
	const reportId = readReportId(values);
	const { version } = values.get(optionsField.name, {}) as IDataObject;
	if (version === undefined) return { reportId };
	return {
		reportId,
		version: toWholeNumber(
			values,
			versionField,
			version,
			'For example 1; the value of "version" in the report returned by Get.',
		),
	};
}

export async function execute(
	{ reportId, version: givenVersion }: DeleteInput,
	client: AcronisClient,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const version =
		givenVersion ?? (await getReport<{ version: number }>(client, reportId, itemIndex)).version;
	await deleteReport(client, reportId, version, itemIndex);
	return [{ json: { deleted: true, id: reportId } }];
}
