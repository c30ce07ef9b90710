import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { formatsField, reportKindOptions } from '../fields/report';

/**
 * A report as a person recognises it in a list: kind, month or period (or "monthly"), formats
 * as the Formats field names them, what happens to it and when, e.g. "Summary, 2026-10, CSV +
 * HTML, saved for download, generated 2026-11-02" or "Daily, monthly, CSV (Version 2.0), emailed,
 * next 2026-12-02".
 */
export function reportLabel(report: IDataObject, todayAtDataCenter: string): string {
	const parameters = (report.parameters ?? {}) as IDataObject;
	const schedule = (report.schedule ?? {}) as IDataObject;
	const nameOf = (options: INodePropertyOptions[], value: unknown) =>
		options.find((option) => option.value === value)?.name ?? String(value);
	const formats = Array.isArray(parameters.formats)
		? parameters.formats.map((format) =>
				nameOf(formatsField.options as INodePropertyOptions[], format),
			)
		: [];
	const monthly = schedule.type === 'monthly';
	const date = typeof report.generation_date === 'string' ? report.generation_date : '';
	const when = monthly ? 'next' : date > todayAtDataCenter ? 'due' : 'generated';
	const parts = [
		parameters.kind === undefined ? 'Usage' : nameOf(reportKindOptions, parameters.kind),
		monthly ? 'monthly' : periodText(parameters.period as { start?: string; end?: string }),
		formats.join(' + '),
		report.result_action === 'send' ? 'emailed' : 'saved for download',
		date === '' ? '' : `${when} ${date}`,
		schedule.enabled === false ? 'disabled' : '',
	];
	return parts.filter((part) => part !== '').join(', ');
}
/** A whole calendar month as "2026-10", any other period as "2026-10-05 to 2026-10-19". */
function periodText(period: { start?: string; end?: string } | undefined): string {
	if (!period?.start || !period.end) return '';
	const [year, month, day] = period.start.split('-').map(Number);
	const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
	const wholeMonth =
		day === 1 && period.end === `${period.start.slice(0, 8)}${String(lastDay).padStart(2, '0')}`;
	return wholeMonth ? period.start.slice(0, 7) : `${period.start} to ${period.end}`;
}
