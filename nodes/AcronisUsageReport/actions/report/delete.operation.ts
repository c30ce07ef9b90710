import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions';
import type { Parameters } from '../../../shared/parameters';
import type { AcronisClient } from '../../../shared/transport/client';
import { deleteReport, getReport } from '../../../shared/transport/reports';
import { toWholeNumber } from '../../../shared/validation';
import { readReportId, reportIdField, reportTenantField } from './common.descriptions';

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

export function prepare(params: Parameters): DeleteInput {
	const reportId = readReportId(params);
	const { version } = params.get(optionsField.name, {}) as IDataObject;
	if (version === undefined) return { reportId };
	return {
		reportId,
		version: toWholeNumber(
			params,
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
