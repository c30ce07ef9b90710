import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { FieldValues } from '../shared/fields/fieldValues';
import { optionsCollection } from '../shared/fields/options';
import { binaryPropertyField, readBinaryPropertyName } from '../shared/fields/output';
import type { TenantChoice } from '../shared/fields/tenant';
import { readTenant, tenantIdField } from '../shared/fields/tenant';
import { toBoolean, toNonEmptyUuidList, toOption } from '../shared/fields/validation';

/** The trigger's fields, and what a poll reads of them. */

const reportsField: INodeProperties = {
	displayName: 'Reports',
	name: 'reports',
	type: 'options',
	options: [
		{
			name: 'All Reports of a Tenant',
			value: 'all',
			description: 'Every usage report about the tenant, including ones created later',
		},
		{
			name: 'Selected Reports',
			value: 'selected',
			description: 'Only the reports you choose',
		},
	],
	default: 'all',
	description: 'Which reports to watch for new files',
};

export const reportIdsField: INodeProperties = {
	displayName: 'Report Names or IDs',
	// Named so since the field took typed UUIDs: saved workflows keep working.
	name: 'reportIds',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getReports', loadOptionsDependsOn: ['tenantId.value'] },
	default: [],
	required: true,
	description:
		'The reports to watch, of the tenant above. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	hint: 'An expression may return an array of report UUIDs or a text separating them by commas',
	displayOptions: { show: { reports: ['selected'] } },
};

const downloadField: INodeProperties = {
	displayName: 'Download File',
	name: 'download',
	type: 'boolean',
	default: true,
	description: 'Whether to download each new file into the binary data of its item',
};

const includeExistingField: INodeProperties = {
	displayName: 'Include Existing Files',
	name: 'includeExisting',
	type: 'boolean',
	default: false,
	description:
		'Whether the first poll after activation emits the files that already exist; by default it only remembers them',
};

const optionsField = optionsCollection([includeExistingField]);

/** What starts the workflow: n8n names the trigger in its list after this field's action. */
const eventField: INodeProperties = {
	displayName: 'Trigger On',
	name: 'event',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'New Report File',
			value: 'newReportFile',
			description: 'A usage report was generated and its file saved in the cloud',
			action: 'On a new usage report file',
		},
	],
	default: 'newReportFile',
};

export const triggerProperties: INodeProperties[] = [
	eventField,
	reportsField,
	tenantIdField,
	reportIdsField,
	downloadField,
	{ ...binaryPropertyField, displayOptions: { show: { download: [true] } } },
	optionsField,
];

export interface TriggerSettings {
	/** The reports chosen, or every report of a tenant, including ones created later. */
	watch: { reportIds: string[] } | { tenant: TenantChoice };
	download: boolean;
	binaryPropertyName: string;
	includeExisting: boolean;
}

/** Every parameter, checked before the first request. */
export function readTriggerSettings(values: FieldValues): TriggerSettings {
	const reports = toOption<'all' | 'selected'>(
		values,
		reportsField,
		values.get(reportsField.name, 'all'),
	);
	const watch =
		reports === 'selected'
			? {
					reportIds: [
						...new Set(
							toNonEmptyUuidList(values, reportIdsField, values.get(reportIdsField.name, ''), {
								message: `${reportIdsField.displayName} is empty`,
								description: 'Choose the reports to watch, or watch all reports of the tenant.',
							}),
						),
					],
				}
			: { tenant: readTenant(values) };
	const download = toBoolean(values, downloadField, values.get(downloadField.name, true));
	const binaryPropertyName = download
		? readBinaryPropertyName(values)
		: (binaryPropertyField.default as string);
	const options = values.get(optionsField.name, {}) as IDataObject;
	const includeExisting = toBoolean(values, includeExistingField, options.includeExisting ?? false);
	return { watch, download, binaryPropertyName, includeExisting };
}
