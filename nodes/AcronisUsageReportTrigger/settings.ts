import type { IDataObject, INodeProperties } from 'n8n-workflow';

import {
	binaryPropertyField,
	optionsCollection,
	readBinaryPropertyName,
	readTenantId,
	tenantIdField,
} from '../shared/descriptions';
import type { Parameters } from '../shared/parameters';
import { toBoolean, toNonEmptyUuidList, toOption } from '../shared/validation';

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

const reportIdsField: INodeProperties = {
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
	/** The reports entered by the user; undefined watches every report of `tenantId`. */
	reportIds?: string[];
	/** undefined: the credential's tenant. */
	tenantId?: string;
	download: boolean;
	binaryPropertyName: string;
	includeExisting: boolean;
}

/** Every parameter, checked before the first request. */
export function readTriggerSettings(params: Parameters): TriggerSettings {
	const reports = toOption<'all' | 'selected'>(
		params,
		reportsField,
		params.get(reportsField.name, 'all'),
	);
	const reportIds =
		reports === 'selected'
			? [
					...new Set(
						toNonEmptyUuidList(params, reportIdsField, params.get(reportIdsField.name, ''), {
							message: 'Report Names or IDs is empty',
							description: 'Choose the reports to watch, or watch all reports of the tenant.',
						}),
					),
				]
			: undefined;
	const tenantId = reports === 'all' ? readTenantId(params) : undefined;
	const download = toBoolean(params, downloadField, params.get(downloadField.name, true));
	const binaryPropertyName = download
		? readBinaryPropertyName(params)
		: (binaryPropertyField.default as string);
	const options = params.get(optionsField.name, {}) as IDataObject;
	const includeExisting = toBoolean(params, includeExistingField, options.includeExisting ?? false);
	return { reportIds, tenantId, download, binaryPropertyName, includeExisting };
}
