/** The endpoints: path patterns, allowed methods and their handlers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';

import type { Principal, TokenStore } from './auth.cjs';
import { isoSeconds } from './dates.cjs';
import { API_CLIENT, TOKEN_USER, findTenant, isInScope } from './directory.cjs';
import {
	ApiError,
	CODE_TENANT_NOT_FOUND,
	TokenEndpointError,
	accessDenied,
	notFound,
} from './errors.cjs';
import { jsonObjectBody, sendJson, sendNoContent } from './http.cjs';
import type { ReportStore } from './reports.cjs';
import { createFileGzip, fileStream } from './storedFiles.cjs';
import { isUuid, validateCreate, validateUpdate } from './validation.cjs';

export interface Exchange {
	req: IncomingMessage;
	res: ServerResponse;
	/** Path segments captured by the route pattern. */
	params: string[];
	query: Record<string, string>;
	raw: Buffer;
}

/** Public routes (the token endpoint) are called without a principal and must not read it. */
type Handler = (exchange: Exchange, principal: Principal) => void | Promise<void>;

export interface Route {
	pattern: RegExp;
	methods: Record<string, Handler>;
	/** No bearer token needed (the token endpoint itself). */
	isPublic?: boolean;
}

export interface Services {
	tokens: TokenStore;
	reports: ReportStore;
	today: () => string;
	minBytes: number;
	onTokenGranted: () => void;
}

const SEGMENT = '([^/]+)';

export function buildRoutes(services: Services): Route[] {
	const { tokens, reports } = services;
	return [
		{
			pattern: /^\/api\/2\/idp\/token$/,
			isPublic: true,
			methods: {
				POST: ({ req, res, raw }) => {
					try {
						const answer = tokens.grant(req, raw);
						services.onTokenGranted();
						sendJson(res, 200, answer, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
					} catch (error) {
						if (!(error instanceof TokenEndpointError)) throw error;
						sendJson(res, error.status, error.body(), { 'Cache-Control': 'no-store' });
					}
				},
			},
		},
		{
			pattern: route(`/api/2/clients/${SEGMENT}`),
			methods: {
				GET: ({ res, params }, principal) => {
					const [clientId] = params;
					if (
						clientId !== API_CLIENT.clientId ||
						!isInScope(principal.tenantId, API_CLIENT.tenantId)
					) {
						throw notFound(`API client ${clientId} not found`, { id: clientId });
					}
					sendJson(res, 200, apiClient());
				},
			},
		},
		{
			pattern: /^\/api\/2\/users\/me$/,
			methods: {
				GET: ({ res }, principal) => {
					// An API client's token has no user behind it; answering 404 here is our choice.
					if (principal.kind !== 'user') {
						throw notFound(
							'User not found: the access token belongs to an API client, not to a user (GET /clients/{client_id} gives its tenant)',
							{ client_id: principal.subjectId },
						);
					}
					sendJson(res, 200, tokenUser());
				},
			},
		},
		{
			pattern: /^\/api\/2\/reports$/,
			methods: {
				POST: ({ req, res, raw }, principal) => {
					const input = validateCreate(jsonObjectBody(req, raw), services.today());
					const tenantId = input.parameters.tenant_id;
					if (!isInScope(principal.tenantId, tenantId)) {
						throw accessDenied(
							`Access denied: tenant ${tenantId} is neither the credential's tenant nor below it`,
							{ field: 'parameters.tenant_id', tenant_id: tenantId },
						);
					}
					sendJson(res, 200, reports.create(input, principal));
				},
			},
		},
		{
			pattern: route(`/api/2/reports/${SEGMENT}`),
			methods: {
				GET: ({ res, params }, principal) => sendJson(res, 200, reports.get(params[0], principal)),
				PUT: ({ req, res, params, raw }, principal) => {
					reports.get(params[0], principal); // 404 before looking at the body
					const update = validateUpdate(jsonObjectBody(req, raw));
					sendJson(res, 200, reports.update(params[0], update, principal));
				},
				DELETE: ({ res, params, query }, principal) => {
					reports.remove(params[0], query.version, principal);
					sendNoContent(res);
				},
			},
		},
		{
			pattern: route(`/api/2/reports/${SEGMENT}/stored`),
			methods: {
				GET: async ({ res, params }, principal) => {
					sendJson(res, 200, { items: await reports.storedItems(params[0], principal) });
				},
			},
		},
		{
			pattern: route(`/api/2/reports/${SEGMENT}/stored/${SEGMENT}`),
			methods: {
				GET: ({ res, params }, principal) => {
					const file = reports.storedFile(params[0], params[1], principal);
					// Always gzip, whatever Accept-Encoding says: the real API does the same.
					res.writeHead(200, {
						'Content-Type': 'application/octet-stream',
						'Content-Encoding': 'gzip',
					});
					pipeline(
						fileStream(file.spec, file.format, services.minBytes),
						createFileGzip(),
						res,
						() => {
							// A client that hangs up mid-download is not an error of the simulator.
						},
					);
				},
			},
		},
		{
			pattern: route(`/api/2/tenants/${SEGMENT}/reports`),
			methods: {
				GET: ({ res, params }, principal) => {
					const [tenantId] = params;
					if (!isUuid(tenantId)) {
						throw new ApiError(404, CODE_TENANT_NOT_FOUND, `Tenant ${tenantId} not found`, {
							id: tenantId,
						});
					}
					if (!findTenant(tenantId) || !isInScope(principal.tenantId, tenantId)) {
						throw accessDenied(
							`Access denied: tenant ${tenantId} is neither the credential's tenant nor below it`,
							{ tenant_id: tenantId },
						);
					}
					sendJson(res, 200, { items: reports.idsForTenant(tenantId) });
				},
			},
		},
	];
}

/** A route pattern from a path with capture groups; path segments are matched literally. */
function route(path: string): RegExp {
	return new RegExp(`^${path}$`);
}

function apiClient(): Record<string, unknown> {
	return {
		client_id: API_CLIENT.clientId,
		tenant_id: API_CLIENT.tenantId,
		type: 'api_client',
		data: { client_name: API_CLIENT.name },
		token_endpoint_auth_method: 'client_secret_basic',
		client_secret_expires_at: 0,
		created_at: API_CLIENT.createdAt,
		created_by: TOKEN_USER.id,
		last_access_at: isoSeconds(Date.now()),
		last_access_from_ip: '127.0.0.1',
		status: 'enabled',
		redirect_uris: [],
	};
}

function tokenUser(): Record<string, unknown> {
	const user = TOKEN_USER;
	return {
		id: user.id,
		version: 3,
		tenant_id: user.tenantId,
		login: user.login,
		contact: {
			email: user.email,
			firstname: user.firstName,
			lastname: user.lastName,
			language: 'en',
		},
		enabled: true,
		activated: true,
		mfa_status: 'disabled',
		personal_tenant_id: '9c3e5a7b-1d0f-4e2a-8b4c-6d8f0a2c4e99',
		created_at: '2023-11-02T08:15:00+00:00',
		language: 'en',
		business_types: ['buyer'],
		notifications: ['quota', 'reports', 'backup_daily_report'],
		terms_accepted: true,
		tenant_kind: findTenant(user.tenantId)?.kind ?? 'partner',
		tenant_pricing_model: 'production',
		brand_id: 1,
	};
}
