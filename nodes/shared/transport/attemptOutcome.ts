/** How a request attempt went, as the limiter of items at once (./adaptiveConcurrency) reads it. */

/** What one request attempt says about the server's load. */
export type AttemptOutcome =
	/** An answer that is not about load (2xx to 4xx, but 429): the server kept up. */
	| 'ok'
	/** 429: the server counts requests and asks for fewer. */
	| 'throttled'
	/** 503: the server is overloaded or unavailable for now. */
	| 'overloaded'
	/** No answer in time (or a gateway's 504): the server or the way to it is overloaded. */
	| 'timeout'
	/** Any other failure: it says nothing about load, and changes nothing. */
	| 'failed';

const TIMEOUT_STATUSES = new Set([408, 504]);
const TIMEOUT_CODES = new Set([
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'ECONNABORTED',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** The outcome of an attempt from its HTTP status, or from the error code of one that got no answer. */
export function attemptOutcome({
	statusCode,
	errorCode,
}: {
	statusCode?: number;
	errorCode?: string;
}): AttemptOutcome {
	if (statusCode !== undefined) {
		if (statusCode === 429) return 'throttled';
		if (statusCode === 503) return 'overloaded';
		if (TIMEOUT_STATUSES.has(statusCode)) return 'timeout';
		return statusCode < 500 ? 'ok' : 'failed';
	}
	return errorCode !== undefined && TIMEOUT_CODES.has(errorCode) ? 'timeout' : 'failed';
}
