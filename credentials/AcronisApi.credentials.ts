import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { apiBaseUrl, describeNetworkFailure, readAcronisError } from './acronisPlatform';

export class AcronisApi implements ICredentialType {
	name = 'acronisApi';

	displayName = 'Acronis Cyber Protect Cloud API';

	icon = { light: 'file:../icons/acronis.svg', dark: 'file:../icons/acronis.dark.svg' } as const;

	documentationUrl =
		'https://github.com/n8n-nodes-acronis/n8n-nodes-acronis#credential-acronis-cyber-protect-cloud-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Data Center URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://eu2-cloud.acronis.com',
			description:
				'The address of the data center your account lives in, as in the address bar of the management portal',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'API Client',
					value: 'apiClient',
					description:
						'Client ID and secret of an API client; access tokens are obtained and renewed automatically',
				},
				{
					name: 'Access Token',
					value: 'accessToken',
					description: 'A bearer token obtained elsewhere; it stops working when it expires',
				},
			],
			default: 'apiClient',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description:
				'Created in the management portal under Settings → API clients → Create API client',
			displayOptions: { show: { authentication: ['apiClient'] } },
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Shown once, when the API client is created',
			displayOptions: { show: { authentication: ['apiClient'] } },
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['accessToken'] } },
		},
		{
			// Filled by preAuthentication; n8n empties and refills it when a request answers 401.
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		if (credentials.authentication === 'accessToken') {
			// A pasted token has nothing to renew: nothing is stored. n8n calls this when it tests
			// the credential (the nodes' requests skip it), and a wrong URL or token is then named
			// in words, where n8n's own test would show a bare network code.
			await checkAccessToken(this, credentials);
			return {};
		}
		return { sessionToken: await requestClientToken(this, credentials) };
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const token =
			credentials.authentication === 'accessToken'
				? credentials.accessToken
				: credentials.sessionToken;
		return {
			...requestOptions,
			baseURL: apiBaseUrl(credentials.url),
			headers: { ...requestOptions.headers, Authorization: `Bearer ${token as string}` },
			// The bearer token is for this data center only, and n8n 1.x sends it along on any
			// redirect: none is followed (the node reports a redirect as a wrong Data Center URL).
			disableFollowRedirect: true,
		};
	}

	// Both endpoints say which tenant the credential acts for; they also make a cheap test.
	test: ICredentialTestRequest = {
		request: {
			url: '={{ $credentials.authentication === "accessToken" ? "/users/me" : "/clients/" + encodeURIComponent($credentials.clientId) }}',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'The data center rejected the access token: it is wrong or has expired',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'No Acronis API answered at this Data Center URL: check the URL',
				},
			},
		],
	};
}

/** One request with a pasted access token: the errors name the URL it tried. */
async function checkAccessToken(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<void> {
	const url = `${apiBaseUrl(credentials.url)}/users/me`;
	const response = await platformRequest(helper, {
		method: 'GET',
		url,
		headers: { Authorization: `Bearer ${String(credentials.accessToken ?? '')}` },
	});
	if (response.statusCode < 300) return;
	const { code, message } = readAcronisError(response.body);
	const said = code ? ` (${code}${message ? `: ${message}` : ''})` : '';
	if (response.statusCode === 401) {
		throw new Error(
			`The data center at ${url} rejected the access token${said}: it is wrong or has expired`,
		);
	}
	if (response.statusCode === 404 && code === undefined) throw noApiAt(url);
	if (response.statusCode < 400) throw redirected(url, response);
	throw new Error(`GET ${url} failed with HTTP ${response.statusCode}${said}`);
}

/** Client-credentials grant against the data center's identity provider. */
async function requestClientToken(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<string> {
	const tokenUrl = `${apiBaseUrl(credentials.url)}/idp/token`;
	const response = await platformRequest(helper, {
		method: 'POST',
		url: tokenUrl,
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: 'grant_type=client_credentials',
		auth: {
			username: String(credentials.clientId ?? '').trim(),
			password: String(credentials.clientSecret ?? ''),
		},
	});
	const body = response.body as { access_token?: unknown } | undefined;
	if (response.statusCode === 200 && typeof body?.access_token === 'string') {
		return body.access_token;
	}
	const { code, message } = readAcronisError(response.body);
	if (response.statusCode === 400 || response.statusCode === 401) {
		throw new Error(
			`The data center rejected the client ID or client secret (${code ?? response.statusCode}${message ? `: ${message}` : ''}): check them, or create a new API client in the management portal`,
		);
	}
	if (response.statusCode === 404) throw noApiAt(tokenUrl);
	if (response.statusCode >= 300 && response.statusCode < 400) throw redirected(tokenUrl, response);
	throw new Error(
		`Getting an access token failed with HTTP ${response.statusCode}${code ? ` (${code}${message ? `: ${message}` : ''})` : ''}`,
	);
}

interface PlatformResponse {
	statusCode: number;
	body: unknown;
	headers?: Record<string, unknown>;
}

/**
 * A request of the credential itself: every answer comes back (none is followed, the token is
 * for this data center only), and a request that gets none fails with a fresh error naming the
 * URL: n8n's own error carries the request, and with it the secret.
 */
async function platformRequest(
	helper: IHttpRequestHelper,
	options: IHttpRequestOptions,
): Promise<PlatformResponse> {
	try {
		return (await helper.helpers.httpRequest({
			...options,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
		})) as PlatformResponse;
	} catch (error) {
		throw new Error(
			`Could not reach ${options.url}: ${describeNetworkFailure(error)}. Check the Data Center URL in the credential.`,
		);
	}
}

function noApiAt(url: string): Error {
	return new Error(
		`No Acronis API answered at ${url}: check the Data Center URL in the credential`,
	);
}

/** A redirect is not followed (the token is for this data center only): the URL is off. */
function redirected(url: string, response: PlatformResponse): Error {
	const location = response.headers?.location;
	const target =
		typeof location === 'string' && URL.canParse(location) ? ` to ${new URL(location).origin}` : '';
	return new Error(
		`The data center redirected the request for ${url}${target}: check the Data Center URL in the credential (use the address of the data center your account lives in)`,
	);
}
