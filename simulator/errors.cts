/**
 * Error answers. The Account Management API wraps errors as
 * {"error":{"code","message","domain","details"}}, where `code` is a platform code (1001 Version
 * mismatch, 1002 Access denied, 1005 Tenant not found, 1027 business rules…) or the HTTP status.
 * The identity provider (/idp/token) answers in the flat OAuth shape {"error","error_description"}.
 */

const DOMAIN = 'PlatformAccountServer';

export const CODE_VERSION_MISMATCH = 1001;
const CODE_ACCESS_DENIED = 1002;
export const CODE_TENANT_NOT_FOUND = 1005;
const CODE_BUSINESS_RULE = 1027;

export type Details = Record<string, unknown>;

export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: number,
		message: string,
		readonly details: Details = {},
		readonly headers: Record<string, string> = {},
	) {
		super(message);
	}

	body(): { error: { code: number; message: string; domain: string; details: Details } } {
		return {
			error: { code: this.code, message: this.message, domain: DOMAIN, details: this.details },
		};
	}
}

/** An error of POST /idp/token, in the identity provider's flat shape. */
export class TokenEndpointError extends Error {
	constructor(
		readonly status: number,
		readonly error: string,
		readonly description: string,
	) {
		super(description);
	}

	body(): { error: string; error_description: string } {
		return { error: this.error, error_description: this.description };
	}
}

/** 400 for a request body that does not match the schema; `field` is a dotted path. */
export function invalid(field: string, message: string, extra: Details = {}): ApiError {
	return new ApiError(400, 400, message, { field, ...extra });
}

/** 400 for a well-formed request that breaks one of the API's rules. */
export function ruleBroken(message: string, details: Details = {}): ApiError {
	return new ApiError(400, CODE_BUSINESS_RULE, message, details);
}

export function notFound(message: string, details: Details = {}): ApiError {
	return new ApiError(404, 404, message, details);
}

export function accessDenied(message: string, details: Details = {}): ApiError {
	return new ApiError(403, CODE_ACCESS_DENIED, message, details);
}

export function unauthorized(message: string): ApiError {
	return new ApiError(
		401,
		401,
		message,
		{},
		{
			'WWW-Authenticate': 'Bearer error="invalid_token"',
		},
	);
}

const SERVER_ERROR_MESSAGES: Record<number, string> = {
	500: 'Internal system error',
	502: 'Bad gateway',
	503: 'Service temporarily unavailable',
	504: 'Gateway timeout',
};

/** A 5xx; 500 carries the platform's "Internal system error" code 1000. */
/**
 * POST /reports while the usage history is being prepared: the API documents 400 "not ready and
 * not expected to be yet (from 1 to 6 am)" and 500 "not ready but should be available already
 * (after 6 am)". Their bodies are not documented: code and wording here are our choice.
 */
export function usageHistoryNotReady(late: boolean): ApiError {
	return late
		? new ApiError(
				500,
				500,
				'Usage history is not ready but should be available already (after 6 am)',
			)
		: new ApiError(
				400,
				400,
				"Usage history is not ready and shouldn't be ready yet (from 1 to 6 am)",
			);
}

export function serverError(status: number): ApiError {
	const message = SERVER_ERROR_MESSAGES[status] ?? 'Server error';
	return new ApiError(status, status === 500 ? 1000 : status, message, {
		info: 'Retry the request later',
	});
}

export function tooManyRequests(retryAfter: string): ApiError {
	return new ApiError(
		429,
		429,
		'Too many requests',
		{ info: `Retry after ${retryAfter}` },
		{ 'Retry-After': retryAfter },
	);
}
