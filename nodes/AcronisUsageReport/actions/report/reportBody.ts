import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { today } from '../../../shared/dates';
import { formatsField, optionsCollection, readTenantId } from '../../../shared/descriptions';
import type { Parameters } from '../../../shared/parameters';
import type { AcronisClient } from '../../../shared/transport/client';
import {
	fail,
	optionValues,
	toBoolean,
	toIsoDate,
	toNonEmptyUuidList,
	toOption,
} from '../../../shared/validation';
import { defaultSince } from '../versions';
import {
	hideZeroUsageField,
	kindField,
	levelField,
	recipientsField,
	showSkusField,
} from './common.descriptions';
import { periodFields, readPeriod } from './period';

/**
 * The fields of a new report (Create, and Generate and Download, which creates one too), and
 * the POST /reports payload built from them.
 */

const resultActionField: INodeProperties = {
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
};

const newReportRecipientsField: INodeProperties = {
	...recipientsField,
	required: true,
	displayOptions: { show: { resultAction: ['send'] } },
};

/**
 * Who gets the report, for Create. A node added today saves it, so that it runs as it comes
 * (Send by Email needs recipients first).
 */
export const deliveryFields: INodeProperties[] = [
	...defaultSince(resultActionField, 1.2, 'save'),
	newReportRecipientsField,
];

/** What the report is about: shared by Create and Generate and Download. */
export const reportParameterFields: INodeProperties[] = [kindField, levelField, ...periodFields];

/** Optional report parameters: last, after the fields of the operation. */
export const reportOptionsField = optionsCollection([hideZeroUsageField, showSkusField]);

const scheduleTypeField: INodeProperties = {
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
	description: 'When the report is generated',
};

const generationDateField: INodeProperties = {
	displayName: 'Generation Date',
	name: 'generationDate',
	type: 'string',
	default: '',
	placeholder: 'Today',
	description:
		"Day the report is generated, as YYYY-MM-DD. Empty: the data center's today (UTC), at once.",
	displayOptions: { show: { scheduleType: ['once'] } },
};

/** When the report is generated, for Create. */
export const scheduleFields: INodeProperties[] = [scheduleTypeField, generationDateField];

/**
 * The POST /reports payload, but for a tenant left to the credential: then its
 * parameters.tenant_id is undefined, for withTenant to fill in.
 */
export interface ReportDraft {
	body: IDataObject;
}

/** The report the fields describe, checked before anything is sent. */
export function readReportDraft(
	params: Parameters,
	/** Set by operations that create a report of a fixed kind rather than asking for these. */
	fixed?: { resultAction: 'save'; scheduleType: 'once'; formats?: string[] },
): ReportDraft {
	const resultAction =
		fixed?.resultAction ?? toOption(params, resultActionField, params.get(resultActionField.name));
	const recipients =
		resultAction === 'send'
			? toNonEmptyUuidList(params, recipientsField, params.get(recipientsField.name, ''), {
					message: `${recipientsField.displayName} must name at least one user when Result Action is "Send by Email"`,
					description: 'Choose the users who receive the report, or choose "Save for Download".',
				})
			: [];

	const kind = toOption(params, kindField, params.get(kindField.name));
	const level = toOption(params, levelField, params.get(levelField.name));
	const formats = fixed?.formats ?? readFormats(params);
	const scheduleType =
		fixed?.scheduleType ?? toOption(params, scheduleTypeField, params.get(scheduleTypeField.name));
	const period = readPeriod(params, today(params.timezone), today('UTC'));

	const options = params.get(reportOptionsField.name, {}) as IDataObject;
	const hideZeroUsage =
		options.hideZeroUsage === undefined
			? undefined
			: toBoolean(params, hideZeroUsageField, options.hideZeroUsage);
	const showSkus =
		options.showSkus === undefined ? undefined : toBoolean(params, showSkusField, options.showSkus);
	// Empty: none is sent, and the data center generates the report on its own today, as in
	// Acronis's samples. A day the node worked out could be tomorrow there: no file, no error.
	const generationDate = fixed ? '' : params.get(generationDateField.name, '');
	const generationDay =
		generationDate === '' || generationDate === undefined
			? undefined
			: toIsoDate(params, generationDateField, generationDate);
	const tenantId = readTenantId(params);

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
	if (scheduleType === 'once' && generationDay !== undefined) {
		report.generation_date = generationDay;
	}
	report.result_action = resultAction;
	return { body: report };
}

/** The payload to send: the draft with the tenant, the credential's unless the user gave one. */
export async function withTenant(
	draft: ReportDraft,
	client: AcronisClient,
	itemIndex: number,
): Promise<IDataObject> {
	const parameters = draft.body.parameters as IDataObject;
	if (parameters.tenant_id !== undefined) return draft.body;
	const tenantId = await client.credentialTenantId(itemIndex);
	return { ...draft.body, parameters: { ...parameters, tenant_id: tenantId } };
}

function readFormats(params: Parameters): string[] {
	const formats = toList(params.get(formatsField.name, [])).map((format) =>
		toOption(params, formatsField, format),
	);
	if (formats.length === 0) {
		fail(
			params,
			'Formats must name at least one format',
			`Choose one or more of ${optionValues(formatsField).join(', ')}.`,
		);
	}
	// The API refuses a list that names a format twice (400 on parameters.formats).
	const repeated = formats.find((format, index) => formats.indexOf(format) !== index);
	if (repeated !== undefined) {
		fail(params, `Formats names "${repeated}" more than once`, 'List each format once.');
	}
	return formats;
}

function toList(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	if (typeof value === 'string') return value.split(',').filter((entry) => entry.trim() !== '');
	return value === undefined || value === null ? [] : [value];
}
