import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { describeNetworkFailure, readAcronisError } from '../../../credentials/acronisPlatform';
import { retryAfterNetworkError, retryAfterStatus } from './retry';
import { requestSettings } from './settings';

export const CREDENTIAL_TYPE = 'acronisApi';

export type AcronisFunctions = IExecuteFunctions | IPollFunctions;

export interface AcronisRequest {
	method: IHttpRequestMethods;
	/** Path below /api/2, e.g. "/reports/{id}"; the credential supplies the data center's base. */
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	/** 'stream' for report files, which can be large; JSON otherwise. */
	encoding?: 'stream';
}

export interface AcronisResponse<T> {
	body: T;
	headers: Record<string, string | string[] | undefined>;
	statusCode: number;
}

/**
 * The one place requests to the Account Management API are made: the credential adds the
 * data center's base URL and the bearer token (renewing it on a 401), failures that may pass
 * are retried (./retry), and every failure leaves here as a NodeApiError carrying the HTTP
 * status and Acronis's own code and message.
 */
export async function acronisApiRequest<T = IDataObject>(
	ctx: AcronisFunctions,
	request: AcronisRequest,
	itemIndex = 0,
): Promise<AcronisResponse<T>> {
	const { maxRetries, timeoutMs } = requestSettings(ctx, itemIndex);
	const options: IHttpRequestOptions = {
		method: request.method,
		url: request.path,
		body: request.body,
		qs: request.qs,
		json: request.encoding === undefined,
		encoding: request.encoding,
		timeout: timeoutMs,
		returnFullResponse: true,
		// Every answer comes back as a response, 401 included: the token is renewed here (see
		// `send`), the same way on every n8n version.
		ignoreHttpStatusErrors: true,
	};
	for (let attempt = 0; ; attempt++) {
		const retriesLeft = attempt < maxRetries;
		let response: AcronisResponse<T>;
		try {
			response = (await send(ctx, options)) as AcronisResponse<T>;
		} catch (error) {
			const delay = retriesLeft
				? retryAfterNetworkError(request.method, networkCode(error), attempt)
				: undefined;
			if (delay === undefined) throw requestFailure(ctx, request, error, itemIndex);
			await sleep(delay);
			continue;
		}
		if (response.statusCode < 300) return response;
		if (response.statusCode < 400) throw redirectError(ctx, request, response, itemIndex);

		const body = isStream(response.body) ? await readAll(response.body) : response.body;
		const retryAfter = response.headers['retry-after'];
		const delay = retriesLeft
			? retryAfterStatus(
					request.method,
					response.statusCode,
					Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
					attempt,
				)
			: undefined;
		if (delay === undefined) throw apiError(ctx, request, response.statusCode, body, itemIndex);
		await sleep(delay);
	}
}

/** Settles once the request of an execution that is getting the API client a token has. */
const tokenFetchByExecution = new WeakMap<AcronisFunctions, Promise<unknown>>();

/**
 * One attempt, authenticated by n8n with the execution's credential, and the token renewal of
 * an API client. n8n fetches a token (the credential's preAuthentication) for a request made
 * while the credential has none; requests made meanwhile wait for it instead of each asking for
 * a token of their own. A 401 means the token expired or was revoked: the token is dropped, so
 * the next request fetches a new one, and the request is repeated once with it. n8n would do
 * this itself on a thrown 401, but only n8n-core 2.11 and later can be asked to throw on a 401
 * alone; handling it here works the same on every version.
 */
async function send(ctx: AcronisFunctions, options: IHttpRequestOptions): Promise<unknown> {
	const credentialsDecrypted = await credentialsOfExecution(ctx);
	const data = credentialsDecrypted.data ?? {};
	if (data.authentication !== 'apiClient')
		return await authenticated(ctx, options, credentialsDecrypted);

	for (let renewed = false; ; renewed = true) {
		let tokenFetch = tokenFetchByExecution.get(ctx);
		while (!data.sessionToken && tokenFetch !== undefined) {
			await tokenFetch;
			tokenFetch = tokenFetchByExecution.get(ctx);
		}
		const token = data.sessionToken;
		const request = authenticated(ctx, options, credentialsDecrypted);
		if (!token) {
			// Waiters only need to know it is over; its error is its own caller's.
			const settled = request
				.catch(() => undefined)
				.finally(() => tokenFetchByExecution.delete(ctx));
			tokenFetchByExecution.set(ctx, settled);
		}
		const response = (await request) as { statusCode?: number };
		if (response.statusCode !== 401 || renewed) return response;
		// The token this request was sent with: the one it found, or the one it fetched. Another
		// request may have renewed it already; then this one only repeats.
		const refused = token || data.sessionToken;
		if (data.sessionToken === refused) data.sessionToken = '';
	}
}

function authenticated(
	ctx: AcronisFunctions,
	options: IHttpRequestOptions,
	credentialsDecrypted: ICredentialsDecrypted,
): Promise<unknown> {
	// n8n-core changes the options it is given (abort signal, empty body): a copy per attempt.
	return ctx.helpers.httpRequestWithAuthentication.call(
		ctx,
		CREDENTIAL_TYPE,
		{ ...options },
		{ credentialsDecrypted },
	);
}

const credentialsByExecution = new WeakMap<AcronisFunctions, Promise<ICredentialsDecrypted>>();

/**
 * The credential, read once per execution of the node. Left to itself, n8n reads it from its
 * database and decrypts it again for every request: a third of the node's time per item
 * (bench/). n8n writes a renewed token into this same object (preAuthentication), so every
 * later request of the execution uses it. Keyed by the execution's own context, so nothing
 * outlives the execution.
 */
export async function credentialsOfExecution(
	ctx: AcronisFunctions,
): Promise<ICredentialsDecrypted<ICredentialDataDecryptedObject>> {
	let credentials = credentialsByExecution.get(ctx);
	if (credentials === undefined) {
		credentials = readCredentials(ctx);
		credentialsByExecution.set(ctx, credentials);
		// A failure is the item's own; the next request asks n8n again.
		credentials.catch(() => credentialsByExecution.delete(ctx));
	}
	return await credentials;
}

async function readCredentials(ctx: AcronisFunctions): Promise<ICredentialsDecrypted> {
	const data = await ctx.getCredentials(CREDENTIAL_TYPE);
	const { id, name } = ctx.getNode().credentials?.[CREDENTIAL_TYPE] ?? { id: null, name: '' };
	return { id: id ?? '', name, type: CREDENTIAL_TYPE, data: { ...data } };
}

/** Redirects are not followed (see the credential): one means the Data Center URL is off. */
function redirectError(
	context: AcronisFunctions,
	request: AcronisRequest,
	response: AcronisResponse<unknown>,
	itemIndex: number,
): NodeApiError {
	const location = response.headers.location;
	const target =
		typeof location === 'string' && URL.canParse(location) ? new URL(location).origin : '';
	const message = `The data center redirected the request${target ? ` to ${target}` : ''}`;
	return new NodeApiError(context.getNode(), { message } as JsonObject, {
		httpCode: String(response.statusCode),
		message,
		description: `${request.method} ${request.path} answered HTTP ${response.statusCode}. Check the Data Center URL in the credential: use the address of the data center your account lives in${target ? `, perhaps ${target}` : ''}.`,
		itemIndex,
	});
}

/** The network error code (ECONNRESET, ...) of a request that got no answer. */
function networkCode(error: unknown): string | undefined {
	const cause = ((error as { cause?: unknown }).cause ?? error) as {
		code?: unknown;
		response?: unknown;
	};
	return cause.response === undefined && typeof cause.code === 'string' ? cause.code : undefined;
}

/** Whether a request failed because the API does not know the id (HTTP 404). */
export function isNotFound(error: unknown): boolean {
	return error instanceof NodeApiError && error.httpCode === '404';
}

/** An error answer of the API, with its status and Acronis's code and message. */
function apiError(
	context: AcronisFunctions,
	request: AcronisRequest,
	statusCode: number,
	body: unknown,
	itemIndex: number,
): NodeApiError {
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
	const { code, message, details } = readAcronisError(text);
	const summary = message ?? defaultMessage(statusCode);
	// Built from plain facts only: the original error holds the request and its token.
	return new NodeApiError(
		context.getNode(),
		{ httpCode: String(statusCode), code: code ?? null, message: summary } as JsonObject,
		{
			httpCode: String(statusCode),
			message: `${summary}${code ? ` [${code}]` : ''}`,
			description: describeRequest(request, statusCode, details),
			itemIndex,
		},
	);
}

/**
 * A thrown failure: a 401 that survived a token renewal, no answer at all, or an error of the
 * credential's own (a refused client secret, a Data Center URL that is not https).
 */
function requestFailure(
	context: AcronisFunctions,
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
		return apiError(context, request, cause.response.status, cause.response.data, itemIndex);
	}
	if (cause.code) {
		const reason = describeNetworkFailure(cause);
		return new NodeApiError(context.getNode(), { message: reason } as JsonObject, {
			message: `Could not reach the Acronis data center: ${reason}`,
			description: `${request.method} ${request.path} got no answer. Check the Data Center URL in the credential and the network.`,
			itemIndex,
		});
	}
	const message = cause.message ?? 'The request to the Acronis API failed';
	return new NodeApiError(context.getNode(), { message } as JsonObject, { message, itemIndex });
}

function describeRequest(request: AcronisRequest, statusCode: number, details: unknown): string {
	const detailText =
		details && typeof details === 'object' && Object.keys(details).length > 0
			? ` Details: ${JSON.stringify(details)}`
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

function isStream(body: unknown): body is AsyncIterable<Buffer> {
	return typeof (body as AsyncIterable<Buffer> | undefined)?.[Symbol.asyncIterator] === 'function';
}

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(Buffer.from(chunk));
	return Buffer.concat(chunks);
}
