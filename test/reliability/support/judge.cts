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

/**
 * Recipients, as the field's hint and the README put it: an array of user UUIDs, or a text of
 * UUIDs with commas, semicolons, spaces or new lines between them; at least one. Written as a
 * grammar of the whole text, not as the node reads it (split, then check each piece): the two
 * agree only if both follow the description.
 */
const UUID_IN_TEXT = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const LIST_SEPARATOR = '[\\s,;]';
const UUID_LIST_TEXT = new RegExp(
	`^${LIST_SEPARATOR}*(${UUID_IN_TEXT}(${LIST_SEPARATOR}+${UUID_IN_TEXT})*)?${LIST_SEPARATOR}*$`,
	'i',
);

export function judgeUuidList(value: unknown): Verdict {
	let ids: string[];
	if (typeof value === 'string') {
		if (!UUID_LIST_TEXT.test(value)) return invalid;
		ids = value.match(new RegExp(UUID_IN_TEXT, 'gi')) ?? [];
	} else if (Array.isArray(value)) {
		// Each entry is one UUID field's value; an empty entry names nobody.
		const verdicts = value.filter((entry) => !isBlank(entry)).map(judgeUuid);
		if (verdicts.some((verdict) => verdict.verdict !== 'valid')) return invalid;
		ids = verdicts.map((verdict) => (verdict as { value: string }).value);
	} else {
		return invalid;
	}
	return ids.length > 0 ? valid(ids.map((id) => id.toLowerCase())) : invalid;
}

export function judgeEnum(value: unknown, allowed: readonly string[]): Verdict {
	if (typeof value !== 'string') return invalid;
	return allowed.includes(value.trim()) ? valid(value.trim()) : invalid;
}

/**
 * Formats: a list of known formats, or a text of them with commas between (an empty place
 * between two commas names none); at least one. As for recipients, a grammar of the text.
 */
export function judgeFormats(value: unknown, allowed: readonly string[]): Verdict {
	let formats: string[];
	if (typeof value === 'string') {
		// Longest first, so that "csv" does not take the start of "csv_v2_0".
		const names = [...allowed].sort((a, b) => b.length - a.length).join('|');
		const place = `\\s*(${names})?\\s*`;
		if (!new RegExp(`^${place}(,${place})*$`).test(value)) return invalid;
		formats = value.match(new RegExp(names, 'g')) ?? [];
	} else if (Array.isArray(value)) {
		const verdicts = value.map((entry) => judgeEnum(entry, allowed));
		if (verdicts.some((verdict) => verdict.verdict !== 'valid')) return invalid;
		formats = verdicts.map((verdict) => (verdict as { value: string }).value);
	} else {
		return invalid;
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

/** A whole number of seconds to wait that must be at least 1 (Generate and Download's wait). */
export function judgePositiveWholeNumber(value: unknown): Verdict {
	const verdict = judgeWholeNumber(value);
	return verdict.verdict !== 'invalid' && verdict.value === 0 ? invalid : verdict;
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
