import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FieldValues } from './fieldValues';

/**
 * Turns parameter values into the forms the API accepts, or fails with an error that names
 * the field (by its display name, as the user sees it) and the accepted form. Values may come
 * from expressions, so surrounding spaces, numbers as strings and Date/Luxon objects are taken
 * where their meaning is clear.
 */

/** What an error names: the field as the user sees it. */
export type Field = Pick<INodeProperties, 'displayName'>;

/** A UUID as the API writes them, for the editor's own checks of an ID typed by hand. */
export const UUID_PATTERN =
	'^\\s*[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\s*$';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
	return UUID.test(value.trim());
}
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/;

class InputError extends NodeOperationError {}

export function fail(values: FieldValues, message: string, description: string): never {
	throw new InputError(values.node, message, { itemIndex: values.itemIndex, description });
}

export function toUuid(values: FieldValues, field: Field, value: unknown): string {
	return uuid(values, field.displayName, value);
}

/** A UUID, or undefined when the field is left empty. */
export function toOptionalUuid(
	values: FieldValues,
	field: Field,
	value: unknown,
): string | undefined {
	if (typeof value === 'string' && value.trim() === '') return undefined;
	return toUuid(values, field, value);
}

/** A text without surrounding spaces, or undefined when empty. */
export function toOptionalText(
	values: FieldValues,
	field: Field,
	value: unknown,
): string | undefined {
	if (typeof value !== 'string') {
		fail(
			values,
			`${field.displayName} must be a text, got ${describe(value)}`,
			'Enter the text, or make the expression return one.',
		);
	}
	const text = value.trim();
	return text === '' ? undefined : text;
}

/**
 * The entries of a list typed as text: one per line, or between semicolons, when the text has
 * any (a name may hold a comma: "Weber, Klein & Co. KG"); else between commas.
 */
export function splitList(text: string): string[] {
	return /[;\n]/.test(text) ? text.split(/[;\n]/) : text.split(',');
}

/** A list of UUIDs from an array, or from a string separated by commas, spaces or new lines. */
function toUuidList(values: FieldValues, field: Field, value: unknown): string[] {
	const entries = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(/[\s,;]+/)
			: value === undefined || value === null
				? []
				: [value];
	return entries
		.filter((entry) => !(typeof entry === 'string' && entry.trim() === ''))
		.map((entry, position) =>
			uuid(
				values,
				entries.length > 1 ? `${field.displayName} (entry ${position + 1})` : field.displayName,
				entry,
			),
		);
}

/** A list of UUIDs that names at least one; `empty` is the error when it names none. */
export function toNonEmptyUuidList(
	values: FieldValues,
	field: Field,
	value: unknown,
	empty: { message: string; description: string },
): string[] {
	const uuids = toUuidList(values, field, value);
	if (uuids.length === 0) fail(values, empty.message, empty.description);
	return uuids;
}

/** A calendar date as YYYY-MM-DD; the date part of an ISO date-time, Date or Luxon DateTime. */
export function toIsoDate(values: FieldValues, field: Field, value: unknown): string {
	const text = dateText(value);
	const match = text === undefined ? null : ISO_DATE.exec(text);
	if (match) {
		const [, year, month, day] = match;
		const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
		if (date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day)) {
			return `${year}-${month}-${day}`;
		}
	}
	return fail(
		values,
		`${field.displayName} must be a date in the form YYYY-MM-DD, got ${describe(value)}`,
		'For example 2026-10-01; an expression may also return a Date or a Luxon DateTime.',
	);
}

/** A whole number (a number, or digits in a string); `hint` is the error's description. */
export function toWholeNumber(
	values: FieldValues,
	field: Field,
	value: unknown,
	hint: string,
): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value;
	if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) {
		fail(values, `${field.displayName} must be a whole number, got ${describe(value)}`, hint);
	}
	return number;
}

/** One of the values a field offers, compared without surrounding spaces. */
export function toOption<T extends string>(
	values: FieldValues,
	field: Field & Pick<INodeProperties, 'options'>,
	value: unknown,
): T {
	const allowed = optionValues(field);
	const text = typeof value === 'string' ? value.trim() : value;
	if (!allowed.includes(text as string)) {
		fail(
			values,
			`${field.displayName} must be one of ${allowed.join(', ')}, got ${describe(value)}`,
			'Pick a value from the list, or make the expression return one of these values.',
		);
	}
	return text as T;
}

/** The values an options field offers, in the order it lists them. */
export function optionValues(field: Pick<INodeProperties, 'options'>): string[] {
	return (field.options ?? []).flatMap((option) =>
		'value' in option && typeof option.value === 'string' ? [option.value] : [],
	);
}

/** A yes/no value: a boolean, or "true"/"false" from an expression. */
export function toBoolean(values: FieldValues, field: Field, value: unknown): boolean {
	if (typeof value === 'boolean') return value;
	const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
	if (text === 'true' || text === 'false') return text === 'true';
	return fail(
		values,
		`${field.displayName} must be true or false, got ${describe(value)}`,
		'Switch the option on or off, or make the expression return true or false.',
	);
}

/** The name of a field to put output in (e.g. the binary field of a file): not empty. */
export function toFieldName(values: FieldValues, field: Field, value: unknown): string {
	const name = typeof value === 'string' ? value.trim() : '';
	if (name === '')
		fail(values, `${field.displayName} is empty`, 'Enter a field name such as "data".');
	return name;
}

function uuid(values: FieldValues, label: string, value: unknown): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!UUID.test(text)) {
		fail(
			values,
			`${label} must be a UUID, got ${describe(value)}`,
			'Use the form 20dffb36-d77b-45c6-b2fa-39276e98d5fc (8-4-4-4-12 hexadecimal digits).',
		);
	}
	return text.toLowerCase();
}

function dateText(value: unknown): string | undefined {
	if (typeof value === 'string') return value.trim();
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
	// A Luxon DateTime, from an expression such as {{ $now.minus({ months: 1 }) }}
	if (
		value &&
		typeof value === 'object' &&
		typeof (value as { toISODate?: unknown }).toISODate === 'function'
	) {
		return (value as { toISODate(): string | null }).toISODate() ?? undefined;
	}
	return undefined;
}

/** A value as an error quotes it: "nothing", or its text, cut short. */
export function describe(value: unknown): string {
	if (value === undefined || value === null || value === '') return 'nothing';
	let text: string;
	try {
		text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
	} catch {
		// A BigInt, or an object JSON cannot hold.
		text = String(value);
	}
	return `"${text.length > 60 ? `${text.slice(0, 57)}...` : text}"`;
}
