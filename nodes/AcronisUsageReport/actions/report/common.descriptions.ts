import type { INodeProperties } from 'n8n-workflow';

import { tenantIdField } from '../../../shared/descriptions';
import type { Parameters } from '../../../shared/parameters';
import { reportKindOptions } from '../../../shared/reportLabel';
import { toOption, toUuid, toWholeNumber, UUID_PATTERN } from '../../../shared/validation';

/**
 * Fields of more than one operation. Each is checked by the validator of its type, given the
 * field itself (which names it in errors and lists its allowed values).
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

/**
 * Above a Report: the tenant whose reports its list shows, and nothing else, so it is shown
 * only while the Report is picked from the list.
 */
export const reportTenantField: INodeProperties = {
	...tenantIdField,
	description:
		"The tenant whose reports the Report list shows. Empty: the credential's own tenant.",
	displayOptions: { show: { 'reportId.mode': ['list'] } },
};

/** The item's report, checked: its id goes into the request path. */
export function readReportId(params: Parameters): string {
	return toUuid(params, reportIdField, params.get(reportIdField.name, '', { extractValue: true }));
}

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

export const waitTimeoutField: INodeProperties = {
	displayName: 'Wait Timeout (Seconds)',
	name: 'waitTimeout',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 300,
	description:
		'How long to wait for the data center to finish generating the file (usually 1-2 minutes); 0 does not wait',
};

export function checkWaitTimeout(params: Parameters, value: unknown): number {
	return toWholeNumber(params, waitTimeoutField, value, 'A number of seconds, for example 300.');
}

/** What a download gives: the file, or the usage lines it holds as items. */
export const outputField: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	type: 'options',
	options: [
		{
			name: 'File',
			value: 'file',
			description: 'The report file as binary data, to mail or to store',
		},
		{
			name: 'Rows',
			value: 'rows',
			description:
				'One item per usage line of the report, for billing, a sheet or a database (CSV and JSON version 2.0 files)',
		},
	],
	default: 'file',
};

export function readOutput(params: Parameters): 'file' | 'rows' {
	return toOption(params, outputField, params.get(outputField.name, outputField.default));
}
