import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { today } from '../dates';
import type { FieldValues } from './fieldValues';
import { modelFillable } from './modelFillable';
import { optionsCollection } from './options';
import { periodFields, readPeriod } from './period';
import {
	hideZeroUsageField,
	kindField,
	levelField,
	readFormats,
	readReportOptions,
	recipientsField,
	showSkusField,
} from './report';
import type { TenantChoice } from './tenant';
import { readTenant } from './tenant';
import { toIsoDate, toNonEmptyUuidList, toOption } from './validation';
import { defaultSince } from './versions';

/**
 * The fields of a new report (Create, and Generate and Download, which creates one too), and
 * the POST /reports payload they make.
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

/**
 * Who gets the report, for Create. A node added today saves it, so that it runs as it comes
 * (Send by Email needs recipients first).
 */
export const deliveryFields: INodeProperties[] = [
	...defaultSince(resultActionField, 1.2, 'save'),
	{ ...recipientsField, required: true, displayOptions: { show: { resultAction: ['send'] } } },
];

/** What the report is about: shared by Create and Generate and Download. */
export const reportParameterFields: INodeProperties[] = [
	...modelFillable(kindField),
	...modelFillable(levelField),
	...periodFields,
];

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

/** A report to create: its tenant, and the POST /reports payload but for its tenant_id. */
export interface NewReport {
	tenant: TenantChoice;
	body: IDataObject;
}

/** The report the fields describe, checked before anything is sent. */
export function readNewReport(
	values: FieldValues,
	/** Set by operations that create a report of a fixed kind rather than asking for these. */
	fixed?: { resultAction: 'save'; scheduleType: 'once'; formats?: string[] },
): NewReport {
	const resultAction =
		fixed?.resultAction ?? toOption(values, resultActionField, values.get(resultActionField.name));
	const recipients =
		resultAction === 'send'
			? toNonEmptyUuidList(values, recipientsField, values.get(recipientsField.name, ''), {
					message: `${recipientsField.displayName} must name at least one user when Result Action is "Send by Email"`,
					description: 'Choose the users who receive the report, or choose "Save for Download".',
				})
			: [];
	const kind = toOption(values, kindField, values.get(kindField.name));
	const level = toOption(values, levelField, values.get(levelField.name));
	const formats = fixed?.formats ?? readFormats(values);
	const scheduleType =
		fixed?.scheduleType ?? toOption(values, scheduleTypeField, values.get(scheduleTypeField.name));
	const period = readPeriod(values, today(values.timezone), today('UTC'));
	const options = readReportOptions(values, values.get(reportOptionsField.name, {}) as IDataObject);
	// Empty: none is sent, and the data center generates the report on its own today, as in
	// Acronis's samples. A day the node worked out could be tomorrow there: no file, no error.
	const generationDate = fixed ? '' : values.get(generationDateField.name, '');
	const generationDay =
		generationDate === '' || generationDate === undefined
			? undefined
			: toIsoDate(values, generationDateField, generationDate);

	const parameters: IDataObject = { kind, level };
	if (period !== undefined) parameters.period = period;
	parameters.formats = formats;
	Object.assign(parameters, options);

	// Keys in the order of the API documentation's example.
	const body: IDataObject = {};
	if (resultAction === 'send') body.recipients = recipients;
	body.parameters = parameters;
	body.schedule = { type: scheduleType };
	if (scheduleType === 'once' && generationDay !== undefined) body.generation_date = generationDay;
	body.result_action = resultAction;
	return { tenant: readTenant(values), body };
}

/** The payload to send, with the report's tenant in its place among the parameters. */
export function newReportBody(report: NewReport, tenantId: string): IDataObject {
	const { kind, ...rest } = report.body.parameters as IDataObject;
	return { ...report.body, parameters: { kind, tenant_id: tenantId, ...rest } };
}
