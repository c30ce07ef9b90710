import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Turns parameter values into the forms the API accepts, or fails with an error that names
 * the field and the accepted form. Values may come from expressions, so surrounding spaces,
 * numbers as strings and Date/Luxon objects are taken where their meaning is clear.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/;

class InputError extends NodeOperationError {}

export function fail(node: INode, itemIndex: number, message: string, description: string): never {
	throw new InputError(node, message, { itemIndex, description });
}

export function toUuid(node: INode, itemIndex: number, field: string, value: unknown): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!UUID.test(text)) {
		fail(
			node,
			itemIndex,
			`${field} must be a UUID, got ${describe(value)}`,
			`Use the form 20dffb36-d77b-45c6-b2fa-39276e98d5fc (8-4-4-4-12 hexadecimal digits).`,
		);
	}
	return text.toLowerCase();
}

/** A UUID, or undefined when the field is left empty. */
export function toOptionalUuid(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
): string | undefined {
	if (typeof value === 'string' && value.trim() === '') return undefined;
	return toUuid(node, itemIndex, field, value);
}

/** A list of UUIDs from an array, or from a string separated by commas, spaces or new lines. */
export function toUuidList(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
): string[] {
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
			toUuid(
				node,
				itemIndex,
				entries.length > 1 ? `${field} (entry ${position + 1})` : field,
				entry,
			),
		);
}

/** A list of UUIDs that names at least one; `empty` is the error when it names none. */
export function toNonEmptyUuidList(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	empty: { message: string; description: string },
): string[] {
	const uuids = toUuidList(node, itemIndex, field, value);
	if (uuids.length === 0) fail(node, itemIndex, empty.message, empty.description);
	return uuids;
}

/** A calendar date as YYYY-MM-DD; the date part of an ISO date-time, Date or Luxon DateTime. */
export function toIsoDate(node: INode, itemIndex: number, field: string, value: unknown): string {
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
		node,
		itemIndex,
		`${field} must be a date in the form YYYY-MM-DD, got ${describe(value)}`,
		'For example 2026-10-01; an expression may also return a Date or a Luxon DateTime.',
	);
}

/** A whole number (a number, or digits in a string); `hint` is the error's description. */
export function toWholeNumber(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	hint = 'For example 1.',
): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value;
	if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) {
		fail(node, itemIndex, `${field} must be a whole number, got ${describe(value)}`, hint);
	}
	return number;
}

/** One of a fixed list of values, compared without surrounding spaces. */
export function toOneOf<T extends string>(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	allowed: readonly T[],
): T {
	const text = typeof value === 'string' ? value.trim() : value;
	if (!allowed.includes(text as T)) {
		fail(
			node,
			itemIndex,
			`${field} must be one of ${allowed.join(', ')}, got ${describe(value)}`,
			'Pick a value from the list, or make the expression return one of these values.',
		);
	}
	return text as T;
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

function describe(value: unknown): string {
	if (value === undefined || value === null || value === '') return 'nothing';
	const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
	return `"${text.length > 60 ? `${text.slice(0, 57)}...` : text}"`;
}

/** A yes/no value: a boolean, or "true"/"false" from an expression. */
export function toBoolean(node: INode, itemIndex: number, field: string, value: unknown): boolean {
	if (typeof value === 'boolean') return value;
	const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
	if (text === 'true' || text === 'false') return text === 'true';
	return fail(
		node,
		itemIndex,
		`${field} must be true or false, got ${describe(value)}`,
		'Switch the option on or off, or make the expression return true or false.',
	);
}

/** The name of a field to put output in (e.g. the binary field of a file): not empty. */
export function toFieldName(node: INode, itemIndex: number, field: string, value: unknown): string {
	const name = typeof value === 'string' ? value.trim() : '';
	if (name === '') {
		fail(node, itemIndex, `${field} is empty`, 'Enter a field name such as "data".');
	}
	return name;
}
