import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { createHash } from 'node:crypto';

import type { AcronisFunctions } from './client';

const CREDENTIAL_TYPE = 'acronisApi';

/** The Session Token of a credential with a pasted access token, which has none. */
const PASTED_TOKEN = 'pasted access token';

/**
 * The credential as one execution uses it: read once (n8n would read it from its database and
 * decrypt it for every request: a third of the node's time per item, bench/), and the API
 * client's token, fetched by one request while the others wait, and renewed after a 401.
 */
export class CredentialSession {
	private credentials?: Promise<ICredentialsDecrypted>;

	/** Settles once the request that is fetching the API client's token has. */
	private tokenFetch?: Promise<unknown>;

	/** Tokens refused since the data center last accepted one (see `send`). */
	private tokensRefusedInARow = 0;

	constructor(private readonly context: AcronisFunctions) {}

	/** The credential's fields. */
	async data(): Promise<ICredentialDataDecryptedObject> {
		return (await this.credentialsOfExecution()).data ?? {};
	}

	/** Who the credential acts as; a pasted token is known by a digest of it, never by itself. */
	async identity(): Promise<string> {
		const data = await this.data();
		return data.authentication === 'accessToken'
			? `token ${createHash('sha256').update(String(data.accessToken)).digest('hex').slice(0, 16)} at ${String(data.url)}`
			: `API client ${String(data.clientId ?? '').trim()} at ${String(data.url)}`;
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
	async send(options: IHttpRequestOptions): Promise<unknown> {
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
		const { id, name } = this.context.getNode().credentials?.[CREDENTIAL_TYPE] ?? {
			id: null,
			name: '',
		};
		return { id: id ?? '', name, type: CREDENTIAL_TYPE, data };
	}
}
