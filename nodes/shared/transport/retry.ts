import type { IHttpRequestMethods } from 'n8n-workflow';

/**
 * When a failed attempt is repeated. Reads (GET) and the API's idempotent writes (PUT, DELETE)
 * are repeated after a 429, a 5xx or a lost connection. A POST creates a report, so it is
 * repeated only when it surely was not processed: a 429, or a connection that was refused.
 */
const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
const IDEMPOTENT: ReadonlySet<IHttpRequestMethods> = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
const LOST_CONNECTION = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'EAI_AGAIN',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;
/** A longer Retry-After than this is not waited for: the item fails with the 429. */
const MAX_RETRY_AFTER_MS = 120_000;

export function retryAfterStatus(
	method: IHttpRequestMethods,
	statusCode: number,
	retryAfter: string | undefined,
	attempt: number,
	now = Date.now(),
): number | undefined {
	if (!RETRY_STATUSES.has(statusCode)) return undefined;
	if (statusCode !== 429 && !IDEMPOTENT.has(method)) return undefined;
	if ((statusCode === 429 || statusCode === 503) && retryAfter !== undefined) {
		const wait = parseRetryAfter(retryAfter, now);
		if (wait !== undefined) return wait <= MAX_RETRY_AFTER_MS ? wait : undefined;
	}
	return backoff(attempt);
}

export function retryAfterNetworkError(
	method: IHttpRequestMethods,
	code: string | undefined,
	attempt: number,
): number | undefined {
	if (code === undefined || !LOST_CONNECTION.has(code)) return undefined;
	if (!IDEMPOTENT.has(method) && code !== 'ECONNREFUSED') return undefined;
	return backoff(attempt);
}

/** Seconds, or an HTTP date; undefined when neither. */
export function parseRetryAfter(value: string, now = Date.now()): number | undefined {
	const text = value.trim();
	if (/^\d+$/.test(text)) return Number(text) * 1000;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Capped exponential backoff with jitter, so parallel items do not retry in step. */
function backoff(attempt: number): number {
	const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
	return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}
