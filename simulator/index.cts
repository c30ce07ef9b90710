/**
 * A local simulator of the part of the Acronis Account Management API v2 this package uses:
 * tokens, the credential's tenant, usage reports and their stored files, plus injected faults.
 *
 *   const sim = await start({ fileDelayMs: 0 });
 *   // credential: Data Center URL sim.url, client sim.credentials.clientId / clientSecret
 *   await sim.close();
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

import { TokenStore } from './auth.cjs';
import { isIsoDate, utcToday } from './dates.cjs';
import {
	API_CLIENT,
	CUSTOMER_TENANT_IDS,
	Directory,
	FOREIGN_TENANT_ID,
	RECIPIENT_USER_IDS,
	STATIC_ACCESS_TOKEN,
	TOKEN_USER,
} from './directory.cjs';
import { ApiError, notFound } from './errors.cjs';
import { Faults } from './faults.cjs';
import { BodyTooLarge, bodyForLog, mediaType, queryRecord, readBody, sendJson } from './http.cjs';
import { ReportStore } from './reports.cjs';
import { type Route, buildRoutes } from './routes.cjs';
import { fileContent, fileRecords } from './storedFiles.cjs';
import { simulatorTenants, simulatorUsers, tenantLiveUsage } from './truth.cjs';
import type {
	FaultOptions,
	RecordedRequest,
	ReportFileOptions,
	Simulator,
	SimulatorOptions,
} from './types.cjs';

export type {
	FaultOptions,
	RecordedRequest,
	ReportBody,
	ReportFileOptions,
	ReportFormat,
	ReportKind,
	ReportLevel,
	ReportParameters,
	Simulator,
	SimulatorOptions,
	SimulatorTenant,
	SimulatorUser,
	StoredFileFacts,
	StoredItem,
	StoredReportState,
	TenantKind,
	UsageOutput,
	UsageRecord,
	UsageValues,
} from './types.cjs';

const HOST = '127.0.0.1';

export async function start(options: SimulatorOptions = {}): Promise<Simulator> {
	let clock = checkedClock(options);
	let reportFiles: ReportFileOptions = { ...options.reportFiles };
	const today = (): string => clock.today ?? utcToday();
	const padding = {
		minBytes: options.storedFileMinBytes ?? 0,
		minRows: options.storedFileMinRows ?? 0,
	};
	const directory = new Directory(options.extraCustomers ?? 0);
	let baseUrl = '';
	let tokenGrants = 0;
	const requests: RecordedRequest[] = [];
	const faults = new Faults();
	const tokens = new TokenStore(options.tokenLifetimeSeconds ?? 7200, () => baseUrl);
	const reports = new ReportStore({
		fileDelayMs: options.fileDelayMs ?? 1500,
		padding,
		directory,
		today,
		reportFiles: () => reportFiles,
		fileFails: (format) => faults.takeFailedFile(format),
	});
	const routes = buildRoutes({
		tokens,
		reports,
		directory,
		today,
		timeOfDay: () => clock.timeOfDay,
		reportFiles: () => reportFiles,
		faults,
		onTokenGranted: () => (tokenGrants += 1),
	});
	const pendingDelays = new Set<NodeJS.Timeout>();

	const setFaults = (settings: FaultOptions): void => {
		faults.set(settings);
		tokens.useLimit = faults.tokenUseLimit;
		tokens.resetUses();
	};
	setFaults(options.faults ?? {});

	const delay = (ms: number): Promise<void> =>
		new Promise((resolve) => {
			const timer = setTimeout(() => {
				pendingDelays.delete(timer);
				resolve();
			}, ms);
			pendingDelays.add(timer);
		});

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', `http://${HOST}`);
		const method = req.method ?? 'GET';
		const query = queryRecord(url);
		let raw: Buffer;
		try {
			raw = await readBody(req);
		} catch (error) {
			if (!(error instanceof BodyTooLarge)) return void req.socket.destroy();
			requests.push(record(req, res, url.pathname, query, undefined));
			return sendError(res, new ApiError(413, 413, 'The request body is too large'));
		}
		requests.push(record(req, res, url.pathname, query, bodyForLog(raw, mediaType(req))));

		if (faults.latencyMs > 0) await delay(faults.latencyMs);
		if (faults.revokeTokensBefore(url.pathname)) tokens.expireAll();
		const fault = faults.decide(url.pathname);
		if (fault?.kind === 'drop') return void req.socket.destroy();
		if (fault?.kind === 'error') return sendError(res, fault.error);

		try {
			const { route, params } = matchRoute(routes, url.pathname);
			const handler = route.methods[method];
			if (!handler) {
				const allowed = Object.keys(route.methods);
				throw new ApiError(
					405,
					405,
					`Method ${method} is not allowed on ${url.pathname}`,
					{ allowed },
					{ Allow: allowed.join(', ') },
				);
			}
			// Public handlers (the token endpoint) never read the principal.
			const principal = route.isPublic ? undefined : tokens.authenticate(req.headers.authorization);
			await handler({ req, res, params, query, raw }, principal!);
		} catch (error) {
			sendError(res, error);
		}
	}

	const listener = (req: IncomingMessage, res: ServerResponse) => {
		handle(req, res).catch((error: unknown) => sendError(res, error));
	};
	const server = options.tls ? createTlsServer(options.tls, listener) : createServer(listener);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, HOST, () => {
			server.off('error', reject);
			resolve();
		});
	});
	baseUrl = `${options.tls ? 'https' : 'http'}://${HOST}:${(server.address() as AddressInfo).port}`;

	return {
		url: baseUrl,
		credentials: {
			clientId: API_CLIENT.clientId,
			clientSecret: API_CLIENT.clientSecret,
			accessToken: STATIC_ACCESS_TOKEN,
			tenantId: TOKEN_USER.tenantId,
			userId: TOKEN_USER.id,
		},
		childTenantIds: [...CUSTOMER_TENANT_IDS],
		foreignTenantId: FOREIGN_TENANT_ID,
		recipientUserIds: [...RECIPIENT_USER_IDS],
		requests,
		tokenRequests: () => tokenGrants,
		setFaults,
		reports: () => reports.snapshot(),
		generate: (reportId) => reports.generate(reportId),
		api: async (method, apiPath, body) => {
			const response = await fetch(`${baseUrl}/api/2${apiPath}`, {
				method,
				headers: {
					Authorization: `Bearer ${STATIC_ACCESS_TOKEN}`,
					...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
				},
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			const text = await response.text();
			if (!response.ok) throw new Error(`${method} ${apiPath}: HTTP ${response.status} ${text}`);
			return text ? (JSON.parse(text) as Record<string, unknown>) : {};
		},
		storedFileContent: async (reportId, storedId) =>
			fileContent(reports.sourceById(reportId, storedId)),
		reportUsage: (reportId, storedId) => fileRecords(reports.sourceById(reportId, storedId)),
		storedFileFacts: (reportId, storedId) => {
			const { spec, format, layout } = reports.sourceById(reportId, storedId);
			const { kind, level } = spec.parameters;
			return {
				format,
				kind,
				level,
				period: { ...spec.period },
				generatedOn: spec.generatedOn,
				layout,
			};
		},
		liveUsage: (tenantId) => tenantLiveUsage(directory, tenantId, today()),
		tenants: () => simulatorTenants(directory),
		users: () => simulatorUsers(directory),
		setClock: (change) => {
			clock = checkedClock({ ...clock, ...change });
		},
		setReportFiles: (change) => {
			reportFiles = { ...reportFiles, ...change };
		},
		setCustomerId: (tenantId, customerId) => {
			const tenant = directory.tenant(tenantId);
			if (tenant === undefined) throw new Error(`No tenant ${tenantId} in the simulator`);
			tenant.customerId = customerId;
		},
		reset: () => {
			reports.clear();
			requests.length = 0;
			tokenGrants = 0;
			setFaults({});
			clock = checkedClock(options);
			reportFiles = { ...options.reportFiles };
		},
		close: () =>
			new Promise<void>((resolve) => {
				reports.abortSizing();
				for (const timer of pendingDelays) clearTimeout(timer);
				pendingDelays.clear();
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/** The simulator's date (the real UTC date when not given) and time of day, checked. */
function checkedClock(clock: { today?: string; timeOfDay?: string }): {
	today?: string;
	timeOfDay: string;
} {
	if (clock.today !== undefined && !isIsoDate(clock.today)) {
		throw new Error(`today must be a date in YYYY-MM-DD format, got ${clock.today}`);
	}
	const timeOfDay = clock.timeOfDay ?? '12:00';
	if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(timeOfDay)) {
		throw new Error(`timeOfDay must be HH:MM (UTC), got ${timeOfDay}`);
	}
	return { today: clock.today, timeOfDay };
}

/** The log entry of a request; its answer's status is filled in once the answer is sent. */
function record(
	req: IncomingMessage,
	res: ServerResponse,
	path: string,
	query: Record<string, string>,
	body: unknown,
): RecordedRequest {
	const entry: RecordedRequest = {
		method: req.method ?? 'GET',
		path,
		query,
		headers: { ...req.headers },
		body,
		at: Date.now(),
	};
	res.once('finish', () => (entry.status = res.statusCode));
	return entry;
}

function matchRoute(routes: Route[], path: string): { route: Route; params: string[] } {
	for (const route of routes) {
		const match = route.pattern.exec(path);
		if (match) return { route, params: match.slice(1).map(decodeSegment) };
	}
	throw notFound(`No such endpoint: ${path}`, { path });
}

function decodeSegment(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

/** Any failure as the API's error body; a stream already under way is cut instead. */
function sendError(res: ServerResponse, error: unknown): void {
	if (res.headersSent) {
		res.destroy();
		return;
	}
	const apiError =
		error instanceof ApiError
			? error
			: new ApiError(500, 1000, 'Internal system error', { info: String(error) });
	sendJson(res, apiError.status, apiError.body(), apiError.headers);
}
