import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

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

/**
 * A report as a person recognises it in a list: kind, when it runs, formats, what happens to
 * it and its date, e.g. "Summary report, 2026-10-01 to 2026-10-31, CSV + HTML, saved,
 * generated 2026-11-02".
 */
export function reportLabel(report: IDataObject): string {
	const parameters = (report.parameters ?? {}) as IDataObject;
	const schedule = (report.schedule ?? {}) as IDataObject;
	const period = parameters.period as { start?: string; end?: string } | undefined;
	const kind =
		reportKindOptions.find((option) => option.value === parameters.kind)?.name ??
		String(parameters.kind ?? 'Usage');
	const formats = Array.isArray(parameters.formats)
		? parameters.formats.map((format) => FORMAT_NAMES[String(format)] ?? String(format))
		: [];
	const monthly = schedule.type === 'monthly';
	const parts = [
		`${kind} report`,
		monthly ? 'monthly' : period?.start && period.end ? `${period.start} to ${period.end}` : '',
		formats.join(' + '),
		report.result_action === 'send' ? 'emailed' : 'saved',
		report.generation_date
			? `${monthly ? 'next' : 'generated'} ${String(report.generation_date)}`
			: '',
		schedule.enabled === false ? 'disabled' : '',
	];
	return parts.filter((part) => part !== '').join(', ');
}

const FORMAT_NAMES: Record<string, string> = {
	csv: 'CSV',
	csv_v2_0: 'CSV v2',
	html: 'HTML',
	json_v1: 'JSON v1',
	json_v2_0: 'JSON v2',
};
