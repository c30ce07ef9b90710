/**
 * Query parameters of the GET endpoints, read with errors that name the parameter (400, code
 * 400, details.field), and the paging cursors of GET /tenants and GET /users.
 */
import { invalid } from './errors.cjs';
import { isPlainObject } from './http.cjs';
import { isUuid } from './validation.cjs';

export type Query = Record<string, string>;

export function requiredParam(query: Query, name: string): string {
	const value = query[name];
	if (value === undefined || value.trim() === '') {
		throw invalid(name, `The ${name} query parameter is required`);
	}
	return value;
}

export function uuidParam(query: Query, name: string): string | undefined {
	const value = query[name];
	if (value === undefined) return undefined;
	if (!isUuid(value)) throw invalid(name, `${name} must be a UUID (got ${JSON.stringify(value)})`);
	return value.toLowerCase();
}

/** A comma-separated list of UUIDs (the `uuids` and `tenants` parameters), duplicates dropped. */
export function uuidListParam(query: Query, name: string, max?: number): string[] | undefined {
	const value = query[name];
	if (value === undefined) return undefined;
	const ids = value.split(',');
	const bad = ids.find((id) => !isUuid(id));
	if (bad !== undefined) {
		throw invalid(
			name,
			`${name} must be a comma-separated list of UUIDs; ${JSON.stringify(bad)} is not one`,
		);
	}
	const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
	if (max !== undefined && unique.length > max) {
		throw invalid(name, `${name} may list at most ${max} UUIDs (got ${unique.length})`);
	}
	return unique;
}

/** A comma-separated list of names (usage_names, editions, tenant_kinds...). */
export function listParam(query: Query, name: string): string[] | undefined {
	const value = query[name];
	if (value === undefined) return undefined;
	return value
		.split(',')
		.map((item) => item.trim())
		.filter((item) => item !== '');
}

export function booleanParam(query: Query, name: string): boolean {
	const value = query[name];
	if (value === undefined || value === 'false' || value === '0') return false;
	if (value === 'true' || value === '1') return true;
	throw invalid(name, `${name} must be true or false (got ${JSON.stringify(value)})`);
}

export function integerParam(query: Query, name: string, fallback: number): number {
	const value = query[name];
	if (value === undefined) return fallback;
	if (!/^\d+$/.test(value) || Number(value) < 1) {
		throw invalid(
			name,
			`${name} must be a whole number of at least 1 (got ${JSON.stringify(value)})`,
		);
	}
	return Number(value);
}

export function enumParam<T extends string>(
	query: Query,
	name: string,
	allowed: readonly T[],
	fallback: T,
): T {
	const value = query[name];
	if (value === undefined) return fallback;
	if (!allowed.includes(value as T)) {
		throw invalid(
			name,
			`${name} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`,
			{
				allowed,
			},
		);
	}
	return value as T;
}

/** An RFC 3339 time (`updated_since`) as milliseconds. */
export function dateTimeParam(query: Query, name: string): number | undefined {
	const value = query[name];
	if (value === undefined) return undefined;
	const time = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/i.test(value)
		? Date.parse(/(Z|[+-]\d{2}:\d{2})$/i.test(value) ? value : `${value}Z`)
		: NaN;
	if (Number.isNaN(time)) {
		throw invalid(name, `${name} must be an RFC 3339 date and time, e.g. 2024-05-01T00:00:00Z`);
	}
	return time;
}

/** At most one of `names` may be given. */
export function atMostOne(query: Query, names: string[]): void {
	const given = names.filter((name) => query[name] !== undefined);
	if (given.length > 1) {
		throw invalid(given[1], `${given.join(' and ')} cannot be combined`);
	}
}

/** `name` needs `other` (e.g. tenant_kinds needs inside_organization). */
export function requires(query: Query, name: string, other: string): void {
	if (query[name] !== undefined && query[other] === undefined) {
		throw invalid(name, `${name} can only be used together with ${other}`);
	}
}

// --- cursors --------------------------------------------------------------------------------

interface Cursor {
	/** The endpoint the cursor belongs to. */
	e: string;
	/** The query of the first page: every filter and sort argument, and the page size. */
	q: Query;
	/** How many items earlier pages held. */
	o: number;
}

/**
 * The query and offset of a page: the request's own on a first page; the cursor's on a later one,
 * where only `limit` may change (the cursor carries the filters, as the API documents); a later
 * page must say its `limit`.
 */
export function pageQuery(query: Query, endpoint: string): { query: Query; offset: number } {
	if (query.after === undefined) return { query, offset: 0 };
	// Acronis's paging page: "after" is used together with "limit". Refusing one without the
	// other is our choice.
	if (query.limit === undefined) {
		throw invalid('limit', 'limit is required with after: send the page size with every page');
	}
	const cursor = decodeCursor(query.after, endpoint);
	const later: Query = { ...cursor.q };
	if (query.limit !== undefined) later.limit = query.limit;
	return { query: later, offset: cursor.o };
}

/**
 * The `paging` member of a page's answer: a cursor when more items follow, else nothing.
 * `query` is the page's query as `pageQuery` gave it (it has no `after`).
 */
export function paging(
	endpoint: string,
	query: Query,
	nextOffset: number,
	total: number,
): { paging?: { cursors: { after: string } } } {
	if (nextOffset >= total) return {};
	const cursor: Cursor = { e: endpoint, q: query, o: nextOffset };
	return {
		paging: { cursors: { after: Buffer.from(JSON.stringify(cursor)).toString('base64url') } },
	};
}

function decodeCursor(text: string, endpoint: string): Cursor {
	let cursor: unknown;
	try {
		cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
	} catch {
		cursor = undefined;
	}
	if (
		!isPlainObject(cursor) ||
		cursor.e !== endpoint ||
		!isPlainObject(cursor.q) ||
		!Number.isInteger(cursor.o)
	) {
		throw invalid(
			'after',
			`after is not a cursor of this endpoint: pass paging.cursors.after of the previous page unchanged`,
		);
	}
	return cursor as unknown as Cursor;
}
