import type {
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
	IPollFunctions,
} from 'n8n-workflow';

import { toFieldName, toOptionalUuid, toUuid } from '../../helpers/validation';

/** Field descriptions used by more than one operation; option lists follow the API reference. */

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
export function readReportId(ctx: IExecuteFunctions, itemIndex: number): string {
	return toUuid(ctx.getNode(), itemIndex, 'Report ID', ctx.getNodeParameter('reportId', itemIndex));
}

/** The Tenant ID field; undefined when left empty for the credential's tenant. */
export function readTenantId(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	return toOptionalUuid(
		ctx.getNode(),
		itemIndex,
		'Tenant ID',
		ctx.getNodeParameter('tenantId', itemIndex, ''),
	);
}

export const KINDS = ['usage_summary', 'usage_daily', 'usage_current', 'usage_breakdown'] as const;
export type ReportKind = (typeof KINDS)[number];

export const kindOptions: INodePropertyOptions[] = [
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
		description:
			'Usage broken down in detail (in the API reference, without a description in the guide)',
	},
];

export const kindField: INodeProperties = {
	displayName: 'Kind',
	name: 'kind',
	type: 'options',
	options: kindOptions,
	default: 'usage_summary',
	description: 'Which usage metrics the report contains',
};

export const LEVELS = [
	'itself',
	'direct_partners',
	'all_partners',
	'all_customers',
	'accounts',
] as const;
export type ReportLevel = (typeof LEVELS)[number];

export const levelOptions: INodePropertyOptions[] = [
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
];

export const levelField: INodeProperties = {
	displayName: 'Level',
	name: 'level',
	type: 'options',
	options: levelOptions,
	default: 'direct_partners',
	description: 'Which tenants below the report tenant the report covers',
};

export const recipientsDescription =
	'UUIDs of the users who receive the report by email, separated by commas (an expression may return an array)';

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

export const binaryPropertyField: INodeProperties = {
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	hint: 'The name of the output binary field to put the file in',
};

/** The binary field name, checked; the trigger's parameters have no item. */
export function readBinaryPropertyName(
	ctx: IExecuteFunctions | IPollFunctions,
	itemIndex: number,
): string {
	const value =
		'getInputData' in ctx
			? ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data')
			: ctx.getNodeParameter('binaryPropertyName', 'data');
	return toFieldName(ctx.getNode(), itemIndex, 'Put Output File in Field', value);
}

/** What a Wait Timeout that is not a whole number is told. */
export const WAIT_TIMEOUT_HINT = 'A number of seconds, for example 300.';

export const waitTimeoutField: INodeProperties = {
	displayName: 'Wait Timeout (Seconds)',
	name: 'waitTimeout',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 300,
	description:
		'How long to wait for the data center to finish generating the file (usually 1-2 minutes); 0 does not wait',
};
