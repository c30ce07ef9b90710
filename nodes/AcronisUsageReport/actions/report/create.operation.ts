import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { formatDate, monthToDate, previousMonth, today } from '../../helpers/dates';
import type { OperationContext } from '../../helpers/interfaces';
import { fail, toBoolean, toIsoDate, toNonEmptyUuidList, toOneOf } from '../../helpers/validation';
import { createReport } from '../../transport/reports';
import {
	hideZeroUsageField,
	KINDS,
	kindField,
	LEVELS,
	levelField,
	readTenantId,
	recipientsDescription,
	showSkusField,
} from './common.descriptions';

export const FORMATS = ['csv', 'html', 'json_v1', 'csv_v2_0', 'json_v2_0'] as const;
export const SCHEDULE_TYPES = ['once', 'monthly'] as const;
export const RESULT_ACTIONS = ['send', 'save'] as const;

const deliveryFields: INodeProperties[] = [
	{
		displayName: 'Result Action',
		name: 'resultAction',
		type: 'options',
		options: [
			{
				name: 'Send by Email',
				value: 'send',
				description: 'Email the generated report to the recipients',
			},
			{
				name: 'Save for Download',
				value: 'save',
				description:
					'Keep the generated report files in the cloud, to list and download with this node',
			},
		],
		default: 'send',
		description: 'What the data center does with the report once it is generated',
	},
	{
		displayName: 'Recipients',
		name: 'recipients',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'ca451758-b48a-45d9-9ae6-8f1059f67619, ab00e527-219b-481b-b01b-311b5be0ed3c',
		description: recipientsDescription,
		displayOptions: { show: { resultAction: ['send'] } },
	},
];

/** The report's parameters: shared with Generate and Download, which creates a report too. */
export const reportParameterFields: INodeProperties[] = [
	kindField,
	levelField,
	{
		displayName: 'Period',
		name: 'period',
		type: 'options',
		options: [
			{
				name: 'Previous Month',
				value: 'previousMonth',
				description: "The whole calendar month before today, in the workflow's time zone",
			},
			{
				name: 'Month to Date',
				value: 'monthToDate',
				description: 'From the first day of the current month to today',
			},
			{ name: 'Custom', value: 'custom', description: 'Start and end dates of your choice' },
			{
				name: 'Not Set',
				value: 'none',
				description: 'Send no period and let the data center choose, e.g. for Current reports',
			},
		],
		default: 'previousMonth',
		description: 'The dates the report covers (parameters.period)',
	},
	{
		displayName: 'Period Start',
		name: 'periodStart',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'First day of the period, YYYY-MM-DD',
		displayOptions: { show: { period: ['custom'] } },
	},
	{
		displayName: 'Period End',
		name: 'periodEnd',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'Last day of the period, YYYY-MM-DD; not in the future',
		displayOptions: { show: { period: ['custom'] } },
	},
	{
		displayName: 'Formats',
		name: 'formats',
		type: 'multiOptions',
		options: [
			{ name: 'CSV', value: 'csv', description: 'Comma-separated values' },
			{
				name: 'CSV (Version 2.0)',
				value: 'csv_v2_0',
				description: 'Comma-separated values, version 2.0 layout',
			},
			{ name: 'HTML', value: 'html', description: 'A web page' },
			{ name: 'JSON (Version 1)', value: 'json_v1', description: 'JSON, version 1 layout' },
			{
				name: 'JSON (Version 2.0)',
				value: 'json_v2_0',
				description: 'JSON, version 2.0 layout',
			},
		],
		default: ['csv'],
		description: 'File formats to generate (parameters.formats)',
	},
	{
		displayName: 'Tenant ID',
		name: 'tenantId',
		type: 'string',
		default: '',
		placeholder: "Leave empty for the credential's own tenant",
		description:
			'UUID of the tenant the report is about (parameters.tenant_id). Empty means the tenant of the API client or token in the credential.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [hideZeroUsageField, showSkusField],
	},
];

const scheduleFields: INodeProperties[] = [
	{
		displayName: 'Schedule',
		name: 'scheduleType',
		type: 'options',
		options: [
			{
				name: 'Once',
				value: 'once',
				description: 'Generate the report one time, on the generation date',
			},
			{
				name: 'Monthly',
				value: 'monthly',
				description:
					'Generate the report every month. Scheduled reports can be updated, enabled and disabled.',
			},
		],
		default: 'once',
		description: 'When the report is generated (schedule.type)',
	},
	{
		displayName: 'Generation Date',
		name: 'generationDate',
		type: 'dateTime',
		default: '',
		description:
			"Day the report is generated, YYYY-MM-DD. Leave empty for today in the workflow's time zone.",
		displayOptions: { show: { scheduleType: ['once'] } },
	},
];

export const description = updateDisplayOptions({ show: { operation: ['create'] } }, [
	...deliveryFields,
	...reportParameterFields,
	...scheduleFields,
]);

export function prepare(this: IExecuteFunctions, itemIndex: number): ReportDraft {
	return readReport(this, itemIndex);
}

export async function execute(
	this: IExecuteFunctions,
	draft: ReportDraft,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const body = await withTenant(draft, context, itemIndex);
	return [{ json: await createReport(this, body, itemIndex) }];
}

/**
 * The POST /reports payload, but for a tenant left to the credential: then its
 * parameters.tenant_id is undefined, for withTenant to fill in.
 */
export interface ReportDraft {
	body: IDataObject;
}

/** The POST /reports payload from the node's fields, checked before anything is sent. */
export function readReport(
	ctx: IExecuteFunctions,
	itemIndex: number,
	/** Set by operations that create a report of a fixed kind rather than asking for these. */
	fixed?: { resultAction: 'save'; scheduleType: 'once' },
): ReportDraft {
	const node = ctx.getNode();
	const param = (name: string, fallback?: unknown) =>
		ctx.getNodeParameter(name, itemIndex, fallback);

	const resultAction =
		fixed?.resultAction ??
		toOneOf(node, itemIndex, 'Result Action', param('resultAction'), RESULT_ACTIONS);
	const recipients =
		resultAction === 'send'
			? toNonEmptyUuidList(node, itemIndex, 'Recipients', param('recipients', ''), {
					message: 'Recipients are required when Result Action is "Send by Email"',
					description:
						'Enter the UUIDs of the users who receive the report, or choose "Save for Download".',
				})
			: [];

	const kind = toOneOf(node, itemIndex, 'Kind', param('kind'), KINDS);
	const level = toOneOf(node, itemIndex, 'Level', param('level'), LEVELS);
	const formats = toList(param('formats', [])).map((format) =>
		toOneOf(node, itemIndex, 'Formats', format, FORMATS),
	);
	if (formats.length === 0) {
		fail(
			node,
			itemIndex,
			'Formats must name at least one format',
			`Choose one or more of ${FORMATS.join(', ')}.`,
		);
	}
	// The API refuses a list that names a format twice (400 on parameters.formats).
	const repeated = formats.find((format, index) => formats.indexOf(format) !== index);
	if (repeated !== undefined) {
		fail(node, itemIndex, `Formats names "${repeated}" more than once`, 'List each format once.');
	}
	const scheduleType =
		fixed?.scheduleType ??
		toOneOf(node, itemIndex, 'Schedule', param('scheduleType'), SCHEDULE_TYPES);
	const todayInWorkflow = today(ctx.getTimezone());
	const period = reportPeriod(ctx, itemIndex, todayInWorkflow);

	const options = param('options', {}) as IDataObject;
	const hideZeroUsage =
		options.hideZeroUsage === undefined
			? undefined
			: toBoolean(node, itemIndex, 'Hide Zero Usage', options.hideZeroUsage);
	const showSkus =
		options.showSkus === undefined
			? undefined
			: toBoolean(node, itemIndex, 'Show SKUs', options.showSkus);
	const generationDate = fixed ? '' : param('generationDate', '');
	const generationDay =
		generationDate === '' || generationDate === undefined
			? formatDate(todayInWorkflow)
			: toIsoDate(node, itemIndex, 'Generation Date', generationDate);
	const tenantId = readTenantId(ctx, itemIndex);

	// tenant_id is filled in by withTenant, in its place among the keys.
	const parameters: IDataObject = { kind, tenant_id: tenantId, level };
	if (period !== undefined) parameters.period = period;
	parameters.formats = formats;
	if (hideZeroUsage !== undefined) parameters.hide_zero_usage = hideZeroUsage;
	if (showSkus !== undefined) parameters.show_skus = showSkus;

	// Keys in the order of the API documentation's example.
	const report: IDataObject = {};
	if (resultAction === 'send') report.recipients = recipients;
	report.parameters = parameters;
	report.schedule = { type: scheduleType };
	if (scheduleType === 'once') report.generation_date = generationDay;
	report.result_action = resultAction;
	return { body: report };
}

/** The payload to send: the draft with the tenant, the credential's unless the user gave one. */
export async function withTenant(
	draft: ReportDraft,
	context: OperationContext,
	itemIndex: number,
): Promise<IDataObject> {
	const parameters = draft.body.parameters as IDataObject;
	if (parameters.tenant_id !== undefined) return draft.body;
	const tenantId = await context.credentialTenantId(itemIndex);
	return { ...draft.body, parameters: { ...parameters, tenant_id: tenantId } };
}

function reportPeriod(
	ctx: IExecuteFunctions,
	itemIndex: number,
	todayInWorkflow: ReturnType<typeof today>,
): { start: string; end: string } | undefined {
	const node = ctx.getNode();
	const choice = toOneOf(node, itemIndex, 'Period', ctx.getNodeParameter('period', itemIndex), [
		'previousMonth',
		'monthToDate',
		'custom',
		'none',
	] as const);
	if (choice === 'none') return undefined;
	if (choice !== 'custom') {
		const { start, end } = (choice === 'previousMonth' ? previousMonth : monthToDate)(
			todayInWorkflow,
		);
		return { start: formatDate(start), end: formatDate(end) };
	}
	const start = toIsoDate(
		node,
		itemIndex,
		'Period Start',
		ctx.getNodeParameter('periodStart', itemIndex),
	);
	const end = toIsoDate(
		node,
		itemIndex,
		'Period End',
		ctx.getNodeParameter('periodEnd', itemIndex),
	);
	if (start > end) {
		fail(
			node,
			itemIndex,
			`Period Start (${start}) is after Period End (${end})`,
			'Swap the two dates, or correct the one that is wrong.',
		);
	}
	return { start, end };
}

function toList(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	if (typeof value === 'string') return value.split(',').filter((entry) => entry.trim() !== '');
	return value === undefined || value === null ? [] : [value];
}
