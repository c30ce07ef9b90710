import type { INodeProperties } from 'n8n-workflow';

import type { Parameters } from '../../../shared/parameters';
import { toUuid, toWholeNumber } from '../../../shared/validation';

/**
 * Fields of more than one operation. Each is checked by the validator of its type, given the
 * field itself (which names it in errors and lists its allowed values).
 */

export const reportIdField: INodeProperties = {
	displayName: 'Report ID',
	name: 'reportId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '20dffb36-d77b-45c6-b2fa-39276e98d5fc',
	description: 'UUID of the report, as returned by Create or Get Many',
};

/** The item's Report ID, checked: it goes into the request path. */
export function readReportId(params: Parameters): string {
	return toUuid(params, reportIdField, params.get(reportIdField.name));
}

export const kindField: INodeProperties = {
	displayName: 'Kind',
	name: 'kind',
	type: 'options',
	options: [
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
			description:
				"Current metrics for the previous day, within each child tenant's billing period",
		},
		{
			name: 'Breakdown',
			value: 'usage_breakdown',
			description:
				'Usage broken down in detail (in the API reference, without a description in the guide)',
		},
	],
	default: 'usage_summary',
	description: 'Which usage metrics the report contains',
};

export const levelField: INodeProperties = {
	displayName: 'Level',
	name: 'level',
	type: 'options',
	options: [
		{
			name: 'The Tenant Itself',
			value: 'itself',
			description: 'Only the report tenant, without the tenants below it',
		},
		{
			name: 'Direct Customers and Partners',
			value: 'direct_partners',
			description: 'Only the tenants directly below the report tenant',
		},
		{
			name: 'All Partners',
			value: 'all_partners',
			description: 'Every partner tenant in the hierarchy',
		},
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
	],
	default: 'direct_partners',
	description: 'Which tenants below the report tenant the report covers',
};

export const recipientsField: INodeProperties = {
	displayName: 'Recipients',
	name: 'recipients',
	type: 'string',
	default: '',
	placeholder: 'ca451758-b48a-45d9-9ae6-8f1059f67619, ab00e527-219b-481b-b01b-311b5be0ed3c',
	description:
		'UUIDs of the users who receive the report by email, separated by commas (an expression may return an array)',
};

export const hideZeroUsageField: INodeProperties = {
	displayName: 'Hide Zero Usage',
	name: 'hideZeroUsage',
	type: 'boolean',
	default: false,
	description: 'Whether to leave out metrics whose usage is zero (parameters.hide_zero_usage)',
};

export const showSkusField: INodeProperties = {
	displayName: 'Show SKUs',
	name: 'showSkus',
	type: 'boolean',
	default: false,
	description: 'Whether to show the SKU of each metric (parameters.show_skus)',
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
