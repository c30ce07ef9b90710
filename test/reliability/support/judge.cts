/**
 * What the node should make of one field's value, restated from the README and the fields'
 * descriptions rather than taken from the node's code: "valid" with the value it should send,
 * "invalid", or "either" where the documented behaviour leaves room (a lenient reading).
 */

export type Verdict =
	| { verdict: 'valid'; value: unknown }
	| { verdict: 'invalid' }
	| { verdict: 'either'; value: unknown };

const valid = (value: unknown): Verdict => ({ verdict: 'valid', value });
const invalid: Verdict = { verdict: 'invalid' };
const either = (value: unknown): Verdict => ({ verdict: 'either', value });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Marks an item value that the parameter's expression turns into a JavaScript Date. */
export interface DateMarker {
	__date: string;
}
/** Marks an item value that the parameter's expression turns into a Luxon DateTime. */
export interface LuxonMarker {
	__luxon: string;
}

export function isBlank(value: unknown): boolean {
	return typeof value === 'string' && value.trim() === '';
}

export function judgeUuid(value: unknown): Verdict {
	if (typeof value !== 'string') return invalid;
	const text = value.trim();
	return UUID.test(text) ? valid(text.toLowerCase()) : invalid;
}

/** Tenant ID and Stored File ID: empty (or only spaces) means "not given". */
export function judgeOptionalUuid(value: unknown): Verdict {
	return isBlank(value) ? valid(undefined) : judgeUuid(value);
}

/** Recipients: an array, or a string separated by commas, semicolons, spaces or new lines. */
export function judgeUuidList(value: unknown): Verdict {
	const entries = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(/[\s,;]+/)
			: value === undefined || value === null
				? []
				: [value];
	const ids: string[] = [];
	for (const entry of entries) {
		if (isBlank(entry)) continue;
		const judged = judgeUuid(entry);
		if (judged.verdict !== 'valid') return invalid;
		ids.push(judged.value as string);
	}
	return ids.length > 0 ? valid(ids) : invalid;
}

export function judgeEnum(value: unknown, allowed: readonly string[]): Verdict {
	if (typeof value !== 'string') return invalid;
	return allowed.includes(value.trim()) ? valid(value.trim()) : invalid;
}

/** Formats: a list, or a comma-separated string; at least one known format. */
export function judgeFormats(value: unknown, allowed: readonly string[]): Verdict {
	const entries = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(',').filter((entry) => entry.trim() !== '')
			: value === undefined || value === null
				? []
				: [value];
	const formats: string[] = [];
	for (const entry of entries) {
		const judged = judgeEnum(entry, allowed);
		if (judged.verdict !== 'valid') return invalid;
		formats.push(judged.value as string);
	}
	return formats.length > 0 ? valid(formats) : invalid;
}

export function judgeBoolean(value: unknown): Verdict {
	if (typeof value === 'boolean') return valid(value);
	if (typeof value !== 'string') return invalid;
	const text = value.trim().toLowerCase();
	return text === 'true' || text === 'false' ? valid(text === 'true') : invalid;
}

/** A whole number ≥ 0: a number, or digits in a string; other numeric notations are lenient. */
export function judgeWholeNumber(value: unknown): Verdict {
	if (typeof value === 'number') {
		return Number.isSafeInteger(value) && value >= 0 ? valid(value) : invalid;
	}
	if (typeof value !== 'string') return invalid;
	const text = value.trim();
	if (text === '') return invalid;
	const number = Number(text);
	const whole = Number.isSafeInteger(number) && number >= 0;
	if (/^\d+$/.test(text)) return whole ? valid(number) : invalid;
	// "1e3", "0x10", "1.0", "+5": numbers, if not the digits the field asks for.
	return whole ? either(number) : invalid;
}

export function judgeFieldName(value: unknown): Verdict {
	return typeof value === 'string' && value.trim() !== '' ? valid(value.trim()) : invalid;
}

/** A calendar date: YYYY-MM-DD, the date part of an ISO date-time, a Date or a Luxon DateTime. */
export function judgeDate(value: unknown): Verdict {
	if (isMarker<DateMarker>(value, '__date')) {
		const date = new Date(value.__date);
		if (Number.isNaN(date.getTime())) return invalid;
		// A Date is taken in UTC, as its ISO form says.
		const text = date.toISOString();
		return /^\d{4}-/.test(text) ? valid(text.slice(0, 10)) : invalid;
	}
	if (isMarker<LuxonMarker>(value, '__luxon')) {
		const match = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2})?)?$/.exec(value.__luxon);
		// A DateTime without an offset is in the workflow's zone: its date is the one written.
		return match && isCalendarDate(match[1]) ? valid(match[1]) : invalid;
	}
	if (typeof value !== 'string') return invalid;
	const text = value.trim();
	const match = /^(\d{4}-\d{2}-\d{2})(?:([T ])(.*))?$/.exec(text);
	if (!match || !isCalendarDate(match[1])) return invalid;
	if (match[2] === undefined) return valid(match[1]);
	const time = /^\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;
	// "2017-05-01Tnonsense" is not a date-time; taking its date part is lenient, not wrong.
	return time.test(match[3]) ? valid(match[1]) : either(match[1]);
}

function isMarker<T>(value: unknown, key: string): value is T {
	return (
		typeof value === 'object' &&
		value !== null &&
		!Array.isArray(value) &&
		typeof (value as Record<string, unknown>)[key] === 'string'
	);
}

/** Proleptic Gregorian calendar, independent of Date's two-digit-year rules. */
function isCalendarDate(text: string): boolean {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (!match) return false;
	const [year, month, day] = match.slice(1).map(Number);
	if (month < 1 || month > 12 || day < 1) return false;
	const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
	const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
	return day <= days;
}
