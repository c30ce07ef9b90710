/**
 * The kind of value each column of a row holds, by format (number, boolean, date), and a file's
 * value read as that kind: numbers as numbers, dates as YYYY-MM-DD. A value that is not of its
 * column's kind is INVALID, for the reader to fail the file with `invalidValue`.
 */

/** What a value of a column must be; other columns keep what the file says. */
export type Kind = 'number' | 'boolean' | 'date' | 'dateTime';
const CSV_KINDS: Record<string, Kind> = {
	'pricing.price': 'number',
	'pricing.total_cost': 'number',
	'quota.value': 'number',
	is_range: 'boolean',
	date: 'date',
	'period.start': 'date',
	'period.end': 'date',
};
const JSON_KINDS: Record<string, Kind> = {
	value: 'number',
	absolute_value: 'number',
	tenant_legacy_id: 'number',
	offering_item_status: 'number',
	quota_value: 'number',
	quota_overage: 'number',
	quota_version: 'number',
	is_range: 'boolean',
	range_start: 'dateTime',
	range_end: 'dateTime',
};

/** The kind of a csv_v2_0 column; usage figures are numbers, whatever the file adds to usage.*. */
export function csvColumnKind(column: string): Kind | undefined {
	return CSV_KINDS[column] ?? (column.startsWith('usage.') ? 'number' : undefined);
}

/** The kind of a json_v2_0 column, by the name it has in a row. */
export function jsonColumnKind(name: string): Kind | undefined {
	return JSON_KINDS[name];
}

/** A json_v2_0 value as its column's kind; numbers in text are taken. */
export function jsonTyped(value: unknown, kind: Kind): unknown {
	if (kind === 'number' && typeof value === 'number') return checkedNumber(value);
	if (kind === 'boolean' && typeof value === 'boolean') return value;
	return typeof value === 'string' ? typed(value, kind) : INVALID;
}

const KIND_NAMES: Record<Kind, string> = {
	number: 'a number',
	boolean: 'True or False',
	date: 'a date (YYYY-MM-DD)',
	dateTime: 'a date or date-time',
};

/** What `typed` gives for a value that is not of its column's kind. */
export const INVALID = Symbol('invalid');

export function invalidValue(where: string, value: unknown, kind: Kind): Error {
	const tooLarge =
		kind === 'number' && (typeof value === 'number' || NUMBER.test(String(value).trim()));
	return new Error(
		`${where}: ${JSON.stringify(value)} ${tooLarge ? 'is too large to be read exactly' : `is not ${KIND_NAMES[kind]}`}`,
	);
}

/** A cell as its column's kind, or INVALID. */
export function typed(text: string, kind: Kind): number | boolean | string | typeof INVALID {
	const value = text.trim();
	switch (kind) {
		case 'number':
			return NUMBER.test(value) ? checkedNumber(Number(value)) : INVALID;
		case 'boolean':
			if (/^true$/i.test(value)) return true;
			return /^false$/i.test(value) ? false : INVALID;
		case 'date':
			return dayOf(value) ?? INVALID;
		case 'dateTime':
			// A midnight is the day; any other time is kept as written.
			return dayOf(value) ?? value;
	}
}

const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** Integers beyond 2^53 cannot be held exactly: INVALID rather than changed. */
function checkedNumber(value: number): number | typeof INVALID {
	return Number.isInteger(value) && !Number.isSafeInteger(value) ? INVALID : value;
}

/** YYYY-MM-DD, or a date-time at midnight (00:00:00, any fraction of zeros, UTC). */
function dayOf(text: string): string | undefined {
	const match = /^(\d{4}-\d{2}-\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)?)?$/.exec(text);
	if (!match) return undefined;
	const day = match[1];
	const time = Date.parse(`${day}T00:00:00Z`);
	return !Number.isNaN(time) && new Date(time).toISOString().startsWith(day) ? day : undefined;
}
