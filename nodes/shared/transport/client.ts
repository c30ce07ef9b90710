import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';
import { createHash } from 'node:crypto';

import type { AdaptiveConcurrency } from '../adaptiveConcurrency';
import { attemptOutcome } from '../adaptiveConcurrency';
import { apiError, networkCode, redirectError, requestFailure } from './errors';
import type { RequestSettings } from './requestOptions';
import { DEFAULT_SETTINGS } from './requestOptions';
import { retryAfterNetworkError, retryAfterStatus } from './retry';

export const CREDENTIAL_TYPE = 'acronisApi';

/** The Session Token of a credential with a pasted access token, which has none. */
const PASTED_TOKEN = 'pasted access token';

/** Where requests are made from: an execution, a poll, or a list shown in the editor. */
export type AcronisFunctions = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

/** Contexts that can store a downloaded file as n8n binary data. */
export type FileFunctions = IExecuteFunctions | IPollFunctions;

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
 * The one way to the Account Management API, one per execution of a node (the router's run
 * of all items, one poll of the trigger, or one list in the editor). It owns what the
 * execution's requests share: the credential, read once (n8n would read it from its database
 * and decrypt it for every request: a third of the node's time per item, bench/); the API
 * client's token, fetched by one request while the others wait, and renewed after a 401; the
 * request settings; and the tenant the credential acts for, looked up once. Failures that may
 * pass are retried (./retry), and every failure leaves as a NodeApiError with the HTTP status
 * and Acronis's own code and message (./errors).
 */
export class AcronisClient<Context extends AcronisFunctions = AcronisFunctions> {
	private credentials?: Promise<ICredentialsDecrypted>;

	/** Settles once the request that is fetching the API client's token has. */
	private tokenFetch?: Promise<unknown>;

	/** Tokens refused since the data center last accepted one (see `send`). */
	private tokensRefusedInARow = 0;

	private credentialTenant?: Promise<string>;

	constructor(
		readonly context: Context,
		/** The Request Options of an item; the trigger has none. */
		private readonly settingsOf: (itemIndex: number) => RequestSettings = () => DEFAULT_SETTINGS,
		/** Told how each attempt went, where items run as many at once as the API allows. */
		private readonly limiter?: AdaptiveConcurrency,
	) {}

	get node(): INode {
		return this.context.getNode();
	}

	async request<T = IDataObject>(
		request: AcronisRequest,
		itemIndex = 0,
	): Promise<AcronisResponse<T>> {
		const { maxRetries, timeoutMs } = this.settingsOf(itemIndex);
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
			const tracked = this.limiter?.attempt();
			try {
				response = (await this.send(options)) as AcronisResponse<T>;
			} catch (error) {
				tracked?.end(attemptOutcome({ errorCode: networkCode(error) }));
				const delay = retriesLeft
					? retryAfterNetworkError(request.method, networkCode(error), attempt)
					: undefined;
				if (delay === undefined) throw requestFailure(this.node, request, error, itemIndex);
				await sleep(delay);
				continue;
			}
			tracked?.end(attemptOutcome({ statusCode: response.statusCode }));
			if (response.statusCode < 300) return response;
			if (response.statusCode < 400) throw redirectError(this.node, request, response, itemIndex);

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
			if (delay === undefined) {
				throw apiError(this.node, request, response.statusCode, body, itemIndex);
			}
			await sleep(delay);
		}
	}

	/** The tenant the credential acts for: the API client's own, or the token user's. */
	async credentialTenantId(itemIndex: number): Promise<string> {
		if (this.credentialTenant === undefined) {
			this.credentialTenant = this.lookUpCredentialTenant(itemIndex);
			// A failure is the item's own; the next item that needs the tenant asks again.
			this.credentialTenant.catch(() => (this.credentialTenant = undefined));
		}
		return await this.credentialTenant;
	}

	/**
	 * Who the credential acts as, to remember its tenant by across executions: its tenant can
	 * change only when this does.
	 */
	async credentialIdentity(): Promise<string> {
		const { data = {} } = await this.credentialsOfExecution();
		// A pasted token is known by a digest of it, never by itself.
		return data.authentication === 'accessToken'
			? `token ${createHash('sha256').update(String(data.accessToken)).digest('hex').slice(0, 16)} at ${String(data.url)}`
			: `API client ${String(data.clientId ?? '').trim()} at ${String(data.url)}`;
	}

	private async lookUpCredentialTenant(itemIndex: number): Promise<string> {
		const { data = {} } = await this.credentialsOfExecution();
		const path =
			data.authentication === 'accessToken'
				? '/users/me'
				: `/clients/${encodeURIComponent(String(data.clientId ?? '').trim())}`;
		const { body } = await this.request({ method: 'GET', path }, itemIndex);
		if (typeof body.tenant_id !== 'string') {
			throw new NodeOperationError(
				this.node,
				`GET ${path} did not say which tenant the credential belongs to`,
				{ itemIndex, description: 'Choose the tenant in the node.' },
			);
		}
		return body.tenant_id;
	}

	/**
	 * One attempt, authenticated by n8n with the execution's credential, and the token renewal of
	 * an API client. n8n fetches a token (the credential's preAuthentication) for a request made
	 * while the credential has none; requests made meanwhile wait for it instead of each asking
	 * for a token of their own. A 401 means the token expired or was revoked: the token is
	 * dropped, so the next request fetches a new one, and the request is repeated with it. Only
	 * a second token refused in a row, with no request accepted in between, is taken as the
	 * credential's fault: a token that dies again while many requests are in flight still lets
	 * some of them through, and the others are repeated once more.
	 * n8n would do this itself on a thrown 401, but only n8n-core 2.11 and later can be asked to
	 * throw on a 401 alone; handling it here works the same on every version.
	 */
	private async send(options: IHttpRequestOptions): Promise<unknown> {
		const credentials = await this.credentialsOfExecution();
		const data = credentials.data ?? {};
		if (data.authentication !== 'apiClient') return await this.authenticated(options, credentials);

		for (;;) {
			while (!data.sessionToken && this.tokenFetch !== undefined) await this.tokenFetch;
			const token = data.sessionToken;
			const request = this.authenticated(options, credentials);
			if (!token) {
				// Waiters only need to know it is over; its error is its own caller's.
				const settled = request.catch(() => undefined);
				this.tokenFetch = settled;
				void settled.then(() => {
					if (this.tokenFetch === settled) this.tokenFetch = undefined;
				});
			}
			const response = (await request) as { statusCode?: number };
			if (response.statusCode !== 401) {
				this.tokensRefusedInARow = 0;
				return response;
			}
			// The token this request was sent with: the one it found, or the one it fetched.
			// Another request may have renewed it already; then this one only repeats.
			const refused = token || data.sessionToken;
			if (data.sessionToken === refused) {
				data.sessionToken = '';
				this.tokensRefusedInARow++;
			}
			if (this.tokensRefusedInARow >= 2) return response;
		}
	}

	private async authenticated(
		options: IHttpRequestOptions,
		credentialsDecrypted: ICredentialsDecrypted,
	): Promise<unknown> {
		// n8n-core changes the options it is given (abort signal, empty body): a copy per attempt.
		return await this.context.helpers.httpRequestWithAuthentication.call(
			this.context,
			CREDENTIAL_TYPE,
			{ ...options },
			{ credentialsDecrypted },
		);
	}

	/** n8n writes a renewed token into this same object (preAuthentication). */
	private async credentialsOfExecution(): Promise<ICredentialsDecrypted> {
		if (this.credentials === undefined) {
			this.credentials = this.readCredentials();
			// A failure is the item's own; the next request asks n8n again.
			this.credentials.catch(() => (this.credentials = undefined));
		}
		return await this.credentials;
	}

	private async readCredentials(): Promise<ICredentialsDecrypted> {
		const data = { ...(await this.context.getCredentials(CREDENTIAL_TYPE)) };
		// n8n runs the credential's preAuthentication while the hidden Session Token is empty;
		// for a pasted token it only tries the token, which the credential test is for: marked
		// here (never stored), an execution's requests skip it.
		if (data.authentication === 'accessToken') data.sessionToken = PASTED_TOKEN;
		const { id, name } = this.node.credentials?.[CREDENTIAL_TYPE] ?? { id: null, name: '' };
		return { id: id ?? '', name, type: CREDENTIAL_TYPE, data };
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
