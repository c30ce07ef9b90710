/**
 * The data center URL as users paste it turned into the API base every request is made
 * against: "https://eu2-cloud.acronis.com", with or without a trailing slash or "/api/2"; the
 * management portal's address bar ("https://eu2-cloud.acronis.com/mc/app;group_id=…"): its
 * path is dropped, the API lives at /api/2 of every data center; or a bare host
 * ("eu8.acronis.cloud", as Acronis's activation page writes it): https is assumed.
 * Plain http is refused off loopback: the bearer token would cross the network in clear.
 */
export function apiBaseUrl(dataCenterUrl: unknown): string {
	const raw = typeof dataCenterUrl === 'string' ? dataCenterUrl.trim() : '';
	const withScheme = /^[a-z][a-z\d+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
	if (raw === '' || !URL.canParse(withScheme)) {
		throw new Error(
			`Data Center URL "${raw}" is not a URL: use the address of your Acronis data center, for example https://eu2-cloud.acronis.com`,
		);
	}
	const url = new URL(withScheme);
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
		throw new Error(
			`Data Center URL must start with https:// (plain http is accepted only for 127.0.0.1 or localhost), got "${raw}"`,
		);
	}
	return `${url.origin}/api/2`;
}

function isLoopback(hostname: string): boolean {
	return (
		hostname === 'localhost' ||
		hostname === '[::1]' ||
		hostname === '::1' ||
		/^127(\.\d{1,3}){3}$/.test(hostname)
	);
}

export interface AcronisErrorDetails {
	/** Acronis's own error code, e.g. "reportNotFound" or "invalid_client". */
	code?: string;
	message?: string;
	details?: unknown;
}

/**
 * Reads an error body in either of the two shapes the platform answers with:
 * the Account Management API's `{"error": {"code", "message", "details"}}` and the
 * identity provider's OAuth `{"error": "invalid_client", "error_description"}`.
 */
export function readAcronisError(body: unknown): AcronisErrorDetails {
	const parsed = typeof body === 'string' ? parseJson(body) : body;
	if (!parsed || typeof parsed !== 'object') return {};
	const { error, error_description: description } = parsed as Record<string, unknown>;
	if (typeof error === 'string') {
		return { code: error, message: typeof description === 'string' ? description : undefined };
	}
	if (error && typeof error === 'object') {
		const { code, message, details } = error as Record<string, unknown>;
		return {
			code: code === undefined ? undefined : String(code),
			message: typeof message === 'string' ? message : undefined,
			details,
		};
	}
	return {};
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

const NETWORK_FAILURES: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was reset',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be resolved',
	ETIMEDOUT: 'the connection timed out',
	ECONNABORTED: 'the request timed out',
	EHOSTUNREACH: 'the host is unreachable',
	CERT_HAS_EXPIRED: "the server's TLS certificate has expired",
	DEPTH_ZERO_SELF_SIGNED_CERT: "the server's TLS certificate is self-signed",
};

/**
 * A network failure in words. Raw codes such as ECONNREFUSED are kept out of the message:
 * n8n replaces any message containing one with a generic text that would drop the advice.
 */
export function describeNetworkFailure(error: unknown): string {
	const failure = error as { code?: unknown; cause?: { code?: unknown } };
	const code = String(failure?.code ?? failure?.cause?.code ?? '');
	return NETWORK_FAILURES[code] ?? 'no answer came back';
}
