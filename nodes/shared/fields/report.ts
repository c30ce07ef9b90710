import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { FieldValues } from './fieldValues';
import { fail, optionValues, toBoolean, toOption, toUuid, UUID_PATTERN } from './validation';

/**
 * A report, and what it is about: the fields of more than one operation. Each is checked by the
 * validator of its type, given the field itself (which names it in errors and lists its allowed
 * values).
 */

export const reportIdField: INodeProperties = {
	displayName: 'Report',
	// Named so since the field took a typed UUID: saved workflows keep working.
	name: 'reportId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The usage report; the list shows the reports of the tenant above',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a report…',
			typeOptions: { searchListMethod: 'searchReports', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 20dffb36-d77b-45c6-b2fa-39276e98d5fc',
			validation: [
				{
					type: 'regex',
					properties: { regex: UUID_PATTERN, errorMessage: 'Enter a report UUID' },
				},
			],
		},
	],
};

/** The item's report, checked: its id goes into the request path. */
export function readReportId(values: FieldValues): string {
	return toUuid(values, reportIdField, values.get(reportIdField.name, '', { extractValue: true }));
}

/** The kinds of usage report, as the Kind field offers them and report labels name them. */
export const reportKindOptions: INodePropertyOptions[] = [
	{
		name: 'Summary',
		value: 'usage_summary',
		description:
			'Metrics at the end of the period, and the difference between the start and the end of the period',
	},
	{
		name: 'Daily',
		value: 'usage_daily',
		description: 'Metrics for each day of the period',
	},
	{
		name: 'Current',
		value: 'usage_current',
		description: "Current metrics for the previous day, within each child tenant's billing period",
	},
	{
		name: 'Breakdown',
		value: 'usage_breakdown',
		description: 'Usage broken down in detail',
	},
];

export const kindField: INodeProperties = {
	displayName: 'Kind',
	name: 'kind',
	type: 'options',
	options: reportKindOptions,
	default: 'usage_summary',
	description: 'Which usage metrics the report contains',
};

export const levelField: INodeProperties = {
	displayName: 'Level',
	name: 'level',
	type: 'options',
	options: [
		{
			name: 'All Customers and Partners',
			value: 'all_customers',
			description: 'Every customer and partner tenant in the hierarchy',
		},
		{
			name: 'All Customers and Partners, With User Accounts',
			value: 'accounts',
			description: 'Every customer and partner tenant, including user account details',
		},
		{
			name: 'All Partners',
			value: 'all_partners',
			description: 'Every partner tenant in the hierarchy',
		},
		{
			name: 'Direct Customers and Partners',
			value: 'direct_partners',
			description: 'Only the tenants directly below the report tenant',
		},
		{
			name: 'The Tenant Itself',
			value: 'itself',
			description: 'Only the report tenant, without the tenants below it',
		},
	],
	default: 'direct_partners',
	description: 'Which tenants below the report tenant the report covers',
};

export const recipientsField: INodeProperties = {
	displayName: 'Recipient Names or IDs',
	name: 'recipients',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getRecipients', loadOptionsDependsOn: ['tenantId.value'] },
	default: [],
	description:
		'Users who receive the report by email, of the tenant above and of your own. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	hint: 'An expression may return an array of user UUIDs or a text separating them by commas',
};

export const hideZeroUsageField: INodeProperties = {
	displayName: 'Hide Zero Usage',
	name: 'hideZeroUsage',
	type: 'boolean',
	default: false,
	description: 'Whether to leave out metrics whose usage is zero',
};

export const showSkusField: INodeProperties = {
	displayName: 'Show SKUs',
	name: 'showSkus',
	type: 'boolean',
	default: false,
	description: 'Whether to show the SKU of each metric',
};

/** The files a report is made in: Create and Generate and Download ask, report labels name them. */
export const formatsField: INodeProperties = {
	displayName: 'Formats',
	name: 'formats',
	type: 'multiOptions',
	options: [
		{ name: 'CSV', value: 'csv', description: 'Comma-separated values' },
		{
			name: 'CSV (Version 2.0)',
			value: 'csv_v2_0',
			description: 'Comma-separated values, version 2.0 layout: one usage line per row',
		},
		{ name: 'HTML', value: 'html', description: 'A web page' },
		{ name: 'JSON (Version 1)', value: 'json_v1', description: 'JSON, version 1 layout' },
		{
			name: 'JSON (Version 2.0)',
			value: 'json_v2_0',
			description: 'JSON, version 2.0 layout: one usage line per entry',
		},
	],
	default: ['csv'],
	description: 'File formats to generate',
};

/** Formats, checked: at least one, each once (the API refuses a list naming one twice). */
export function readFormats(values: FieldValues): string[] {
	const formats = toList(values.get(formatsField.name, [])).map((format) =>
		toOption(values, formatsField, format),
	);
	if (formats.length === 0) {
		fail(
			values,
			'Formats must name at least one format',
			`Choose one or more of ${optionValues(formatsField).join(', ')}.`,
		);
	}
	const repeated = formats.find((format, index) => formats.indexOf(format) !== index);
	if (repeated !== undefined) {
		fail(values, `Formats names "${repeated}" more than once`, 'List each format once.');
	}
	return formats;
}

/** Hide Zero Usage and Show SKUs from a collection, as the API's parameters; only those set. */
export function readReportOptions(values: FieldValues, collection: IDataObject): IDataObject {
	const parameters: IDataObject = {};
	if (collection.hideZeroUsage !== undefined) {
		parameters.hide_zero_usage = toBoolean(values, hideZeroUsageField, collection.hideZeroUsage);
	}
	if (collection.showSkus !== undefined) {
		parameters.show_skus = toBoolean(values, showSkusField, collection.showSkus);
	}
	return parameters;
}

function toList(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	if (typeof value === 'string') return value.split(',').filter((entry) => entry.trim() !== '');
	return value === undefined || value === null ? [] : [value];
}
