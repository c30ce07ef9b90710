import type { INodeProperties } from 'n8n-workflow';

import type { CalendarDate } from '../../../shared/dates';
import { formatDate, monthToDate, previousMonth } from '../../../shared/dates';
import type { Parameters } from '../../../shared/parameters';
import { fail, toIsoDate, toOption } from '../../../shared/validation';

/** The dates a new report covers (parameters.period). */

const periodField: INodeProperties = {
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
	description: 'The dates the report covers',
};

const periodStartField: INodeProperties = {
	displayName: 'Period Start',
	name: 'periodStart',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 2026-10-01',
	description: 'First day of the period, as YYYY-MM-DD (an expression may return a date)',
	displayOptions: { show: { period: ['custom'] } },
};

const periodEndField: INodeProperties = {
	displayName: 'Period End',
	name: 'periodEnd',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 2026-10-31',
	description:
		'Last day of the period, as YYYY-MM-DD, not in the future (an expression may return a date)',
	displayOptions: { show: { period: ['custom'] } },
};

export const periodFields: INodeProperties[] = [periodField, periodStartField, periodEndField];

/** The period to send; undefined for "Not Set". */
export function readPeriod(
	params: Parameters,
	todayInWorkflow: CalendarDate,
): { start: string; end: string } | undefined {
	const choice = toOption<'previousMonth' | 'monthToDate' | 'custom' | 'none'>(
		params,
		periodField,
		params.get(periodField.name),
	);
	if (choice === 'none') return undefined;
	if (choice !== 'custom') {
		const { start, end } = (choice === 'previousMonth' ? previousMonth : monthToDate)(
			todayInWorkflow,
		);
		return { start: formatDate(start), end: formatDate(end) };
	}
	const start = toIsoDate(params, periodStartField, params.get(periodStartField.name));
	const end = toIsoDate(params, periodEndField, params.get(periodEndField.name));
	if (start > end) {
		fail(
			params,
			`Period Start (${start}) is after Period End (${end})`,
			'Swap the two dates, or correct the one that is wrong.',
		);
	}
	return { start, end };
}
