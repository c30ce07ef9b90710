import type { INodeProperties } from 'n8n-workflow';

import type { CalendarDate } from '../dates';
import { formatDate, monthToDate, previousMonth } from '../dates';
import type { FieldValues } from './fieldValues';
import { modelFillable } from './modelFillable';
import { fail, toIsoDate, toOption } from './validation';

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

export const periodFields: INodeProperties[] = [
	...modelFillable(periodField),
	periodStartField,
	periodEndField,
];

/**
 * The period to send; undefined for "Not Set". Previous Month and Month to Date are the
 * workflow's, but end no later than the data center's today (UTC): it refuses a period in the
 * future, and ahead of UTC the workflow's today is the data center's tomorrow.
 */
export function readPeriod(
	values: FieldValues,
	todayInWorkflow: CalendarDate,
	todayAtDataCenter: CalendarDate,
): { start: string; end: string } | undefined {
	const choice = toOption<'previousMonth' | 'monthToDate' | 'custom' | 'none'>(
		values,
		periodField,
		values.get(periodField.name),
	);
	if (choice === 'none') return undefined;
	if (choice !== 'custom') {
		const period = (choice === 'previousMonth' ? previousMonth : monthToDate)(todayInWorkflow);
		const start = formatDate(period.start);
		const latest = formatDate(todayAtDataCenter);
		// The last day of a month is counted once it is over, in UTC: a report made sooner would
		// miss part of that day's usage without saying so.
		if (choice === 'previousMonth' && formatDate(period.end) >= latest) {
			fail(
				values,
				`The previous month (${start.slice(0, 7)}) is not over at the data center yet: in UTC, its time, it is ${latest}`,
				"Run the workflow once the month is over in UTC; for billing, on the 2nd of the month after 6 am UTC, when Acronis's own monthly reports are made.",
			);
		}
		const end = formatDate(period.end) > latest ? latest : formatDate(period.end);
		if (start > end) {
			fail(
				values,
				`The month has not begun at the data center yet: Month to Date starts on ${start}, and in UTC, the data center's time, it is ${latest}`,
				'Run the workflow after midnight UTC, or choose Previous Month.',
			);
		}
		return { start, end };
	}
	const start = toIsoDate(values, periodStartField, values.get(periodStartField.name));
	const end = toIsoDate(values, periodEndField, values.get(periodEndField.name));
	if (start > end) {
		fail(
			values,
			`Period Start (${start}) is after Period End (${end})`,
			'Swap the two dates, or correct the one that is wrong.',
		);
	}
	return { start, end };
}
