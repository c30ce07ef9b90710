/** Calendar arithmetic in the workflow's time zone, with no date library (no runtime dependencies). */

export interface CalendarDate {
	year: number;
	month: number; // 1-12
	day: number;
}

export function today(timeZone: string, now = new Date()): CalendarDate {
	const [year, month, day] = new Intl.DateTimeFormat('en-CA', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
	})
		.format(now)
		.split('-')
		.map(Number);
	return { year, month, day };
}

export function formatDate({ year, month, day }: CalendarDate): string {
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function previousMonth(date: CalendarDate): { start: CalendarDate; end: CalendarDate } {
	const year = date.month === 1 ? date.year - 1 : date.year;
	const month = date.month === 1 ? 12 : date.month - 1;
	// Day 0 of the next month is the last day of this one.
	const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
	return { start: { year, month, day: 1 }, end: { year, month, day: lastDay } };
}

export function monthToDate(date: CalendarDate): { start: CalendarDate; end: CalendarDate } {
	return { start: { ...date, day: 1 }, end: date };
}
