import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { describeNetworkFailure, readAcronisError } from '../../../credentials/acronisPlatform';
import type { AcronisRequest, AcronisResponse } from './client';

/**
 * How a failed request reaches the user: every failure is a NodeApiError with the HTTP status
 * and Acronis's own code and message. Built from plain facts only: n8n's own error holds the
 * request, and with it the token.
 */

/** An error answer of the API, with its status and Acronis's code and message. */
export function apiError(
	node: INode,
	request: AcronisRequest,
	statusCode: number,
	body: unknown,
	itemIndex: number,
): NodeApiError {
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
	const { code, message, details } = readAcronisError(text);
	const summary = message ?? defaultMessage(statusCode);
	const advice =
		statusCode === 404 ? notFoundAdvice(request) : usageHistoryAdvice(request, statusCode, summary);
	return new NodeApiError(
		node,
		{ httpCode: String(statusCode), code: code ?? null, message: summary } as JsonObject,
		{
			httpCode: String(statusCode),
			message: `${summary}${code ? ` [${code}]` : ''}`,
			description: `${advice ? `${advice} ` : ''}${describeRequest(request, statusCode, details)}`,
			itemIndex,
		},
	);
}

/** What a 404 of a report, a stored file or a tenant most likely means, and the field to check. */
function notFoundAdvice(request: Pick<AcronisRequest, 'path'>): string | undefined {
	const cannotSee =
		'or it is outside what the credential can see (an API client sees its own tenant and the tenants below it: check the credential)';
	if (/^\/reports\/[^/]+\/stored\/[^/]+$/.test(request.path)) {
		return `The report has no such stored file: check Stored File ID (List Files gives a report's files); the file may have been removed, ${cannotSee}.`;
	}
	if (/^\/reports\/[^/]+(\/stored)?$/.test(request.path)) {
		return `Check Report: the report may have been deleted, its ID may be mistyped, ${cannotSee}.`;
	}
	if (/^\/tenants\/[^/]+/.test(request.path)) {
		return `Check Tenant: the tenant may have been deleted, its ID may be mistyped, ${cannotSee}.`;
	}
	return undefined;
}

/**
 * What to do when a report cannot be created because Acronis's usage history is not ready: the
 * API documents a 400 "not ready (from 1 to 6 am)" and a 500 "not ready but should be (after
 * 6 am)", known here by their message (the hours are taken as UTC, the data center's time).
 */
function usageHistoryAdvice(
	request: Pick<AcronisRequest, 'method' | 'path'>,
	statusCode: number,
	message: string,
): string | undefined {
	if (request.method !== 'POST' || request.path !== '/reports') return undefined;
	if (!/usage history|not ready/i.test(message)) return undefined;
	if (statusCode === 400) {
		return "Acronis prepares the previous day's usage from 1 to 6 am (UTC) and makes no report meanwhile. Run the workflow after 6 am UTC; a monthly billing run on the 2nd of the month, after 6 am UTC.";
	}
	if (statusCode === 500) {
		return "Acronis's usage history should be ready by now (after 6 am UTC) but is late: try again in an hour or so.";
	}
	return undefined;
}

/** Redirects are not followed (see the credential): one means the Data Center URL is off. */
export function redirectError(
	node: INode,
	request: AcronisRequest,
	response: AcronisResponse<unknown>,
	itemIndex: number,
): NodeApiError {
	const location = response.headers.location;
	const target =
		typeof location === 'string' && URL.canParse(location) ? new URL(location).origin : '';
	const message = `The data center redirected the request${target ? ` to ${target}` : ''}`;
	return new NodeApiError(node, { message } as JsonObject, {
		httpCode: String(response.statusCode),
		message,
		description: `${request.method} ${request.path} answered HTTP ${response.statusCode}. Check the Data Center URL in the credential: use the address of the data center your account lives in${target ? `, perhaps ${target}` : ''}.`,
		itemIndex,
	});
}

/**
 * A thrown failure: no answer at all, or an error of the credential's own (a refused client
 * secret, a Data Center URL that is not https).
 */
export function requestFailure(
	node: INode,
	request: AcronisRequest,
	error: unknown,
	itemIndex: number,
): NodeApiError {
	// n8n-core wraps what went wrong in a NodeApiError whose cause is the original error.
	const cause = ((error as { cause?: unknown }).cause ?? error) as {
		response?: { status?: number; data?: unknown };
		code?: string;
		message?: string;
	};
	if (cause.response?.status) {
		return apiError(node, request, cause.response.status, cause.response.data, itemIndex);
	}
	if (cause.code) {
		const reason = describeNetworkFailure(cause);
		return new NodeApiError(node, { message: reason } as JsonObject, {
			message: `Could not reach the Acronis data center: ${reason}`,
			description: `${request.method} ${request.path} got no answer. Check the Data Center URL in the credential and the network.`,
			itemIndex,
		});
	}
	const message = cause.message ?? 'The request to the Acronis API failed';
	return new NodeApiError(node, { message } as JsonObject, { message, itemIndex });
}

/** The network error code (ECONNRESET, ...) of a request that got no answer. */
export function networkCode(error: unknown): string | undefined {
	const cause = ((error as { cause?: unknown }).cause ?? error) as {
		code?: unknown;
		response?: unknown;
	};
	return cause.response === undefined && typeof cause.code === 'string' ? cause.code : undefined;
}

function describeRequest(request: AcronisRequest, statusCode: number, details: unknown): string {
	const detailText =
		details && typeof details === 'object' && Object.keys(details).length > 0
			? ` The data center added: ${JSON.stringify(details)}`
			: '';
	return `${request.method} ${request.path} answered HTTP ${statusCode}.${detailText}`;
}

function defaultMessage(statusCode: number): string {
	switch (statusCode) {
		case 401:
			return 'The data center rejected the credentials: the access token is wrong or has expired';
		case 403:
			return 'The credential is not allowed to do this in this tenant';
		case 404:
			return 'Not found';
		case 429:
			return 'Too many requests';
		default:
			return `HTTP ${statusCode}`;
	}
}
