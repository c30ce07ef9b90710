/** Calendar dates as the API writes them (YYYY-MM-DD, UTC). */

const DAY_MS = 86_400_000;

export function utcToday(): string {
	return new Date().toISOString().slice(0, 10);
}

/** A real calendar date in YYYY-MM-DD form (so 2024-02-30 is refused). */
export function isIsoDate(value: unknown): value is string {
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const time = Date.parse(`${value}T00:00:00Z`);
	return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/** Days since 1970-01-01. */
export function dayNumber(date: string): number {
	return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

export function fromDayNumber(day: number): string {
	return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
	return fromDayNumber(dayNumber(date) + days);
}

export function firstOfMonth(date: string): string {
	return `${date.slice(0, 7)}-01`;
}

/** The last full calendar month before `date`'s month. */
export function previousMonth(date: string): { start: string; end: string } {
	const end = addDays(firstOfMonth(date), -1);
	return { start: firstOfMonth(end), end };
}

/**
 * When a monthly report is next generated: the 2nd of the month (Acronis's scheduled usage
 * reports cover the last full month and go out on the second day of every month).
 */
export function nextMonthlyGeneration(today: string): string {
	const thisMonth = `${today.slice(0, 7)}-02`;
	if (thisMonth > today) return thisMonth;
	const nextMonth = addDays(firstOfMonth(today), 32);
	return `${nextMonth.slice(0, 7)}-02`;
}

/** ISO time as the API shows it, e.g. 2019-08-08T07:36:58+00:00. */
export function isoSeconds(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
