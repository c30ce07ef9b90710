/** The endpoints: path patterns, allowed methods and their handlers. */
import { pipeline } from 'node:stream';

import { isoSeconds } from './dates.cjs';
import { API_CLIENT, TOKEN_USER } from './directory.cjs';
import { TokenEndpointError, accessDenied, notFound, usageHistoryNotReady } from './errors.cjs';
import { jsonObjectBody, sendJson, sendNoContent } from './http.cjs';
import { type Route, SEGMENT, type Services, route } from './routing.cjs';
import { createFileGzip, fileStream } from './storedFiles.cjs';
import { directoryRoutes, visibleTenant } from './tenantRoutes.cjs';
import { userMe } from './tenantViews.cjs';
import { validateCreate, validateUpdate } from './validation.cjs';

export type { Route, Services } from './routing.cjs';

export function buildRoutes(services: Services): Route[] {
	const { tokens, reports, directory } = services;
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
						!directory.isInScope(principal.tenantId, API_CLIENT.tenantId)
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
					sendJson(res, 200, userMe(directory, principal.subjectId));
				},
			},
		},
		{
			pattern: /^\/api\/2\/reports$/,
			methods: {
				POST: ({ req, res, raw }, principal) => {
					const input = validateCreate(jsonObjectBody(req, raw), services.today());
					const tenantId = input.parameters.tenant_id;
					if (!directory.isInScope(principal.tenantId, tenantId)) {
						throw accessDenied(
							`Access denied: tenant ${tenantId} is neither the credential's tenant nor below it`,
							{ field: 'parameters.tenant_id', tenant_id: tenantId },
						);
					}
					// Every report in the window, whatever its period: the API does not say more.
					const time = services.timeOfDay();
					if (time >= '01:00' && time < '06:00') throw usageHistoryNotReady(false);
					if (services.faults.takeLateUsageHistory()) throw usageHistoryNotReady(true);
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
					const { encoding = 'gzip' } = services.reportFiles();
					// gzip whatever Accept-Encoding says, as Acronis's samples show; the other two
					// are what a client must cope with too (README).
					res.writeHead(200, {
						'Content-Type': 'application/octet-stream',
						...(encoding === 'gzip' ? { 'Content-Encoding': 'gzip' } : {}),
					});
					// A client that hangs up mid-download is not an error of the simulator.
					const ignoreHangUp = () => undefined;
					const content = fileStream(reports.source(file));
					if (encoding === 'plain') pipeline(content, res, ignoreHangUp);
					else pipeline(content, createFileGzip(), res, ignoreHangUp);
				},
			},
		},
		{
			pattern: route(`/api/2/tenants/${SEGMENT}/reports`),
			methods: {
				GET: ({ res, params }, principal) => {
					const { id: tenantId } = visibleTenant(directory, principal, params[0]);
					sendJson(res, 200, { items: reports.idsForTenant(tenantId) });
				},
			},
		},
		...directoryRoutes(services),
	];
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
