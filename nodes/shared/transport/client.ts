import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { TenantChoice } from '../fields/tenant';
import { comparableName } from '../fields/tenant';
import type { AdaptiveConcurrency } from './adaptiveConcurrency';
import { attemptOutcome } from './attemptOutcome';
import { apiError, networkCode, redirectError, requestFailure } from './errors';
import type { RequestSettings } from '../fields/requestOptions';
import { DEFAULT_SETTINGS } from '../fields/requestOptions';
import { parseRetryAfter, retryAfterNetworkError, retryAfterStatus } from './retry';
import { CredentialSession } from './credentialSession';
import { tenantIdByName } from '../api/tenantByName';

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
	/** A 404 answers instead of failing: for things that may have gone since they were listed. */
	notFoundIsAnswer?: boolean;
}

export interface AcronisResponse<T> {
	body: T;
	headers: Record<string, string | string[] | undefined>;
	statusCode: number;
}

/**
 * The one way to the Account Management API, one per execution of a node (the router's run
 * of all items, one poll of the trigger, or one list in the editor). It owns what the
 * execution's requests share: the credential and its token (./credentialSession); the request
 * settings; and the tenant the credential acts for, looked up once. Failures that may
 * pass are retried (./retry), and every failure leaves as a NodeApiError with the HTTP status
 * and Acronis's own code and message (./errors).
 */
export class AcronisClient<Context extends AcronisFunctions = AcronisFunctions> {
	private readonly session: CredentialSession;

	private credentialTenant?: Promise<string>;

	private readonly tenantsByName = new Map<string, Promise<string>>();

	/** Told how each attempt went, where items run as many at once as the API allows. */
	limiter?: AdaptiveConcurrency;

	constructor(
		readonly context: Context,
		/** The Request Options of an item; the trigger has none. */
		private readonly settingsOf: (itemIndex: number) => RequestSettings = () => DEFAULT_SETTINGS,
	) {
		this.session = new CredentialSession(context);
	}

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
			// Spaced out once the data center has throttled (see AdaptiveConcurrency).
			const paced = this.limiter?.delayBeforeAttempt() ?? 0;
			if (paced > 0) await sleep(paced);
			const tracked = this.limiter?.attempt();
			try {
				response = (await this.session.send(options)) as AcronisResponse<T>;
			} catch (error) {
				tracked?.end(attemptOutcome({ errorCode: networkCode(error) }));
				const delay = retriesLeft
					? retryAfterNetworkError(request.method, networkCode(error), attempt)
					: undefined;
				if (delay === undefined) throw requestFailure(this.node, request, error, itemIndex);
				await sleep(delay);
				continue;
			}
			const header = response.headers['retry-after'];
			const retryAfter = Array.isArray(header) ? header[0] : header;
			tracked?.end(
				attemptOutcome({ statusCode: response.statusCode }),
				retryAfter === undefined ? undefined : parseRetryAfter(retryAfter),
			);
			if (response.statusCode < 300) return response;
			if (response.statusCode < 400) throw redirectError(this.node, request, response, itemIndex);
			if (response.statusCode === 404 && request.notFoundIsAnswer) return response;

			const body = isStream(response.body) ? await readAll(response.body) : response.body;
			const delay = retriesLeft
				? retryAfterStatus(request.method, response.statusCode, retryAfter, attempt)
				: undefined;
			if (delay === undefined) {
				throw apiError(this.node, request, response.statusCode, body, itemIndex);
			}
			await sleep(delay);
		}
	}

	/** GET of something that may have gone since it was listed: undefined when the API says 404. */
	async find<T = IDataObject>(path: string, itemIndex: number): Promise<T | undefined> {
		const response = await this.request<T>(
			{ method: 'GET', path, notFoundIsAnswer: true },
			itemIndex,
		);
		return response.statusCode === 404 ? undefined : response.body;
	}

	/** The tenant a choice names: the credential's own, or the one given by ID or by name. */
	async resolveTenant(choice: TenantChoice, itemIndex: number): Promise<string> {
		if (choice === 'credential') return await this.credentialTenantId(itemIndex);
		if ('id' in choice) return choice.id;
		// Looked up once per name: many items (or tool calls) name the same few tenants.
		const key = comparableName(choice.name);
		let lookup = this.tenantsByName.get(key);
		if (lookup === undefined) {
			lookup = this.credentialTenantId(itemIndex).then(
				async (rootTenantId) => await tenantIdByName(this, rootTenantId, choice.name, itemIndex),
			);
			this.tenantsByName.set(key, lookup);
			// A failure is the item's own; the next item naming the tenant asks again.
			lookup.catch(() => this.tenantsByName.delete(key));
		}
		return await lookup;
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
	 * Who the credential acts as, and at which data center: what the trigger remembers the
	 * credential's tenant by, and the router how many items at once the data center took. The
	 * tenant can change only when this does.
	 */
	async credentialIdentity(): Promise<string> {
		return await this.session.identity();
	}

	private async lookUpCredentialTenant(itemIndex: number): Promise<string> {
		const data = await this.session.data();
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
}

function isStream(body: unknown): body is AsyncIterable<Buffer> {
	return typeof (body as AsyncIterable<Buffer> | undefined)?.[Symbol.asyncIterator] === 'function';
}

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(Buffer.from(chunk));
	return Buffer.concat(chunks);
}
