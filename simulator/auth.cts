/**
 * Tokens: POST /idp/token (client credentials grant) and the bearer check every other endpoint
 * makes. Issued tokens are random opaque strings held in memory with their expiry and use count.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import { API_CLIENT, STATIC_ACCESS_TOKEN, TOKEN_USER } from './directory.cjs';
import { TokenEndpointError, unauthorized } from './errors.cjs';
import { mediaType } from './http.cjs';

/** Who a valid token speaks for. */
export interface Principal {
	kind: 'client' | 'user';
	/** The API client id or the user id. */
	subjectId: string;
	tenantId: string;
}

interface IssuedToken {
	principal: Principal;
	expiresAt: number;
	uses: number;
}

export interface TokenAnswer {
	access_token: string;
	token_type: 'bearer';
	expires_in: number;
	expires_on: number;
	id_token: string;
}

export class TokenStore {
	private readonly issued = new Map<string, IssuedToken>();
	private readonly signingKey = randomBytes(32);
	/** Uses after which an issued token stops working (the expireTokensAfterRequests fault). */
	useLimit: number | undefined;

	constructor(
		private readonly lifetimeSeconds: number,
		private readonly issuer: () => string,
	) {}

	/** Handles POST /idp/token; throws TokenEndpointError in the identity provider's shape. */
	grant(req: IncomingMessage, raw: Buffer): TokenAnswer {
		if (mediaType(req) !== 'application/x-www-form-urlencoded') {
			throw new TokenEndpointError(
				415,
				'invalid_request',
				'Content-Type must be application/x-www-form-urlencoded',
			);
		}
		const form = new URLSearchParams(raw.toString('utf8'));
		const client = clientCredentials(req, form);
		if (!client) {
			throw new TokenEndpointError(
				401,
				'invalid_client',
				'Client authentication failed: send the client id and secret with HTTP Basic authentication',
			);
		}
		if (client.id !== API_CLIENT.clientId || client.secret !== API_CLIENT.clientSecret) {
			throw new TokenEndpointError(
				401,
				'invalid_client',
				'Client authentication failed: unknown client or wrong secret',
			);
		}
		const grantType = form.get('grant_type');
		if (!grantType) {
			throw new TokenEndpointError(400, 'invalid_request', 'grant_type is required');
		}
		if (grantType !== 'client_credentials') {
			throw new TokenEndpointError(
				400,
				'unsupported_grant_type',
				`Grant type "${grantType}" is not supported for this client: use client_credentials`,
			);
		}
		return this.issue({
			kind: 'client',
			subjectId: API_CLIENT.clientId,
			tenantId: API_CLIENT.tenantId,
		});
	}

	/** The principal of an `Authorization: Bearer …` header; throws a 401 ApiError otherwise. */
	authenticate(header: string | undefined): Principal {
		const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
		if (!match) {
			throw unauthorized('Access token is missing: send Authorization: Bearer <access token>');
		}
		const token = match[1];
		if (token === STATIC_ACCESS_TOKEN) {
			return { kind: 'user', subjectId: TOKEN_USER.id, tenantId: TOKEN_USER.tenantId };
		}
		const issued = this.issued.get(token);
		if (!issued) throw unauthorized('Access token is invalid');
		if (Date.now() >= issued.expiresAt) throw unauthorized('Access token has expired');
		issued.uses += 1;
		if (this.useLimit !== undefined && issued.uses > this.useLimit) {
			throw unauthorized('Access token has expired');
		}
		return issued.principal;
	}

	/** Every token issued so far expires now (the revokeTokensAfterRequests fault). */
	expireAll(): void {
		for (const token of this.issued.values()) token.expiresAt = 0;
	}

	/** Restart use counting (when the fault settings change). */
	resetUses(): void {
		for (const token of this.issued.values()) token.uses = 0;
	}

	private issue(principal: Principal): TokenAnswer {
		const now = Date.now();
		const expiresAt = now + this.lifetimeSeconds * 1000;
		const accessToken = randomBytes(32).toString('base64url');
		this.issued.set(accessToken, { principal, expiresAt, uses: 0 });
		return {
			access_token: accessToken,
			token_type: 'bearer',
			expires_in: this.lifetimeSeconds,
			expires_on: Math.floor(expiresAt / 1000),
			id_token: this.idToken(principal, now, expiresAt),
		};
	}

	/** A JWT-shaped id token (HS256 with a per-run key); clients are not expected to verify it. */
	private idToken(principal: Principal, now: number, expiresAt: number): string {
		const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
		const header = encode({ alg: 'HS256', typ: 'JWT' });
		const payload = encode({
			iss: this.issuer(),
			sub: principal.subjectId,
			aud: principal.subjectId,
			iat: Math.floor(now / 1000),
			exp: Math.floor(expiresAt / 1000),
			tenant_id: principal.tenantId,
		});
		const signature = createHmac('sha256', this.signingKey)
			.update(`${header}.${payload}`)
			.digest('base64url');
		return `${header}.${payload}.${signature}`;
	}
}

/** Client id and secret from HTTP Basic auth, else from the form body (client_secret_post). */
function clientCredentials(
	req: IncomingMessage,
	form: URLSearchParams,
): { id: string; secret: string } | undefined {
	const basic = /^Basic\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
	if (basic) {
		const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon < 0) return undefined;
		// RFC 6749 §2.3.1: both parts are form-url-encoded before going into the header.
		return {
			id: safeDecode(decoded.slice(0, colon)),
			secret: safeDecode(decoded.slice(colon + 1)),
		};
	}
	const id = form.get('client_id');
	const secret = form.get('client_secret');
	return id !== null && secret !== null ? { id, secret } : undefined;
}

function safeDecode(value: string): string {
	try {
		return decodeURIComponent(value.replace(/\+/g, ' '));
	} catch {
		return value;
	}
}
