/** The simulator's public types; `index.cts` re-exports them. */

export interface SimulatorOptions {
	/** 0 = a random free port (default). The host is always 127.0.0.1. */
	port?: number;
	/** Lifetime of tokens issued by POST /idp/token. Default 7200 (the real API: 2 hours). */
	tokenLifetimeSeconds?: number;
	/** How long stored files stay `in_progress` after a `save` report is generated. Default 1500. */
	fileDelayMs?: number;
	/** Pad generated files with extra customer tenants until they are at least this many bytes. */
	storedFileMinBytes?: number;
	/** Pad generated files with filler customers until they hold at least this many usage rows. */
	storedFileMinRows?: number;
	/** Generated customer tenants added below the credential's tenant (a large tree to page). */
	extraCustomers?: number;
	/** The simulator's "today" as YYYY-MM-DD; default the real UTC date. */
	today?: string;
	faults?: FaultOptions;
	/** Serve https with this key and certificate (PEM) instead of plain http. */
	tls?: { key: string | Buffer; cert: string | Buffer };
	/**
	 * The simulator's time of day (UTC) as HH:MM, for the usage-history window of POST /reports
	 * (no report can be created from 01:00 to 06:00). Default 12:00, whatever the real time, so
	 * that tests and the demo do not depend on when they run.
	 */
	timeOfDay?: string;
	/** How report files are written and sent where Acronis's documentation does not say. */
	reportFiles?: ReportFileOptions;
}

/**
 * The choices where nothing public decides how a real report file looks or is sent (see
 * simulator/README.md): tests vary them so the package copes with each.
 */
export interface ReportFileOptions {
	/** csv_v2_0 starts with a UTF-8 byte order mark. Default false. */
	csvByteOrderMark?: boolean;
	/** csv_v2_0 line ending. Default LF. */
	csvLineEnding?: '\n' | '\r\n';
	/**
	 * What the `date` column of a summary or current report holds: the last day of the period
	 * (default, as in Acronis's sample) or the day the report was generated. Daily reports: the day.
	 */
	csvDate?: 'periodEnd' | 'generationDay';
	/** csv_v2_0 also has `period.start` and `period.end` columns. Default false (the sample has none). */
	csvPeriodColumns?: boolean;
	/**
	 * "accounts" reports also have a row per user account and offering item (`user.id`,
	 * `user.login` columns; a `user` object in json_v2_0). Default false: Acronis's sample, of
	 * level accounts, has none.
	 */
	userRows?: boolean;
	/**
	 * How a stored file is sent: gzip with `Content-Encoding: gzip` (default: Acronis's samples
	 * need `curl --compressed`), gzip without that header, or plain.
	 */
	encoding?: 'gzip' | 'raw-gzip' | 'plain';
}

export interface FaultOptions {
	/** Delay before every answer. */
	latencyMs?: number;
	/** The next `count` API requests get 429 with this Retry-After value (default "1"). */
	tooManyRequests?: { count: number; retryAfter?: string };
	/** The next `count` API requests get this 5xx status (default 503). */
	serverErrors?: { count: number; status?: number };
	/** Each issued token stops working (401) after this many uses. */
	expireTokensAfterRequests?: number;
	/**
	 * Once: after this many more API requests, every token issued so far stops working (401,
	 * "expired"), as when a stored token reaches its end mid-run. Tokens issued later work.
	 */
	revokeTokensAfterRequests?: number;
	/** The next N API requests: the socket is destroyed without an answer. */
	dropConnections?: number;
	/** Requests beyond this many within a sliding 1 s window get 429 + Retry-After: 1. */
	requestsPerSecond?: number;
	/** Restrict the faults above (not latency, not token expiry) to paths starting with one of these. */
	paths?: string[];
	/**
	 * The next `count` POST /reports get 500 "usage history is not ready but should be available
	 * already (after 6 am)", as the API documents for a late usage history.
	 */
	usageHistoryLate?: { count: number };
	/**
	 * The next `count` stored files generated (of these formats, or any) end `failed` instead of
	 * `saved`.
	 */
	failedFiles?: { count: number; formats?: ReportFormat[] };
	/**
	 * Tenants GET /tenants/usages leaves out of its answer (whether the real API ever does is
	 * not documented; a client must not lose them silently).
	 */
	leftOutOfUsageBatches?: string[];
}

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	/** Parsed JSON or form body; the raw text when it could not be parsed; undefined when empty. */
	body: unknown;
	/** Date.now() when the request had been read. */
	at: number;
	/** The answer's HTTP status, once sent; undefined for a dropped connection. */
	status?: number;
}

export type ReportKind = 'usage_daily' | 'usage_summary' | 'usage_current' | 'usage_breakdown';
export type ReportLevel =
	'itself' | 'direct_partners' | 'all_partners' | 'all_customers' | 'accounts';
export type ReportFormat = 'csv' | 'html' | 'json_v1' | 'csv_v2_0' | 'json_v2_0';
export type ScheduleType = 'once' | 'monthly';
export type ResultAction = 'send' | 'save';

export interface ReportParameters {
	kind: ReportKind;
	tenant_id: string;
	level: ReportLevel;
	formats: ReportFormat[];
	period?: { start: string; end: string };
	hide_zero_usage?: boolean;
	show_skus?: boolean;
}

/** A report exactly as GET /reports/{id} answers it. */
export interface ReportBody {
	id: string;
	version: number;
	generation_date: string;
	recipients?: string[];
	result_action: ResultAction;
	parameters: ReportParameters;
	schedule: { type: ScheduleType; enabled: boolean };
}

/** One item of GET /reports/{id}/stored. */
export interface StoredItem {
	id: string;
	report_format: ReportFormat;
	/** Compressed size in bytes; 0 while in progress (and until first listed once saved). */
	size: number;
	created_at: string;
	status: 'in_progress' | 'saved' | 'failed';
}

/** What a stored file was made from (see Simulator.storedFileFacts). */
export interface StoredFileFacts {
	format: ReportFormat;
	kind: ReportKind;
	level: ReportLevel;
	/** The days the file covers. */
	period: { start: string; end: string };
	/** The simulator's today when it was generated. */
	generatedOn: string;
	layout: ReportFileOptions;
}

/** Read-only snapshot of a report the simulator holds. */
export interface StoredReportState {
	report: ReportBody;
	/** Tenant of the credential that created it. */
	createdByTenantId: string;
	/** Updatable / enable-disable-able: monthly, or once and not generated yet. */
	scheduled: boolean;
	stored: StoredItem[];
	createdAt: number;
}

export interface Simulator {
	/** The data center URL, e.g. http://127.0.0.1:41234 (https with `tls`; the API is under /api/2). */
	url: string;
	credentials: {
		clientId: string;
		clientSecret: string;
		/** A static, non-expiring user token; its user belongs to tenantId. */
		accessToken: string;
		tenantId: string;
		userId: string;
	};
	/** Customer tenants below tenantId (valid report tenants too). */
	childTenantIds: string[];
	/** A tenant that exists outside the credential's tree: every endpoint refuses it. */
	foreignTenantId: string;
	/** Users of tenantId usable as report recipients (the token user first). */
	recipientUserIds: string[];
	/** Every request received, in order (including /idp/token and faulted ones). */
	requests: RecordedRequest[];
	/** How many POST /idp/token were answered 200. */
	tokenRequests(): number;
	/** Replace the fault settings (and restart their counters). */
	setFaults(faults: FaultOptions): void;
	reports(): StoredReportState[];
	/** Make a `save` report produce a new set of stored files now. */
	generate(reportId: string): void;
	/**
	 * A request to the simulated API over HTTP with the static access token, for setting up
	 * tests (it shows in `requests`); the answer's JSON, or an error naming the call.
	 */
	api(method: string, apiPath: string, body?: unknown): Promise<Record<string, unknown>>;
	/** The uncompressed content of a stored file, as a download decompresses to. */
	storedFileContent(reportId: string, storedId: string): Promise<Buffer>;
	/**
	 * The usage rows a stored file holds (filler customers included), in file order, as plain
	 * objects: what a parser of that file must produce, worked out without reading the file.
	 */
	reportUsage(reportId: string, storedId: string): UsageRecord[];
	/** What a stored file was made from: its report's kind, level and period, its day, its layout. */
	storedFileFacts(reportId: string, storedId: string): StoredFileFacts;
	/** A tenant's live usage items, exactly as GET /tenants/{id}/usages answers them today. */
	liveUsage(tenantId: string): UsageOutput[];
	/** The credential's tenant and every tenant below it, depth first. */
	tenants(): SimulatorTenant[];
	/** The users of those tenants. */
	users(): SimulatorUser[];
	/** Set the simulator's clock: its date and time of day (UTC), as the start options do. */
	setClock(clock: { today?: string; timeOfDay?: string }): void;
	/** Change how report files are written and sent from now on (see ReportFileOptions). */
	setReportFiles(options: ReportFileOptions): void;
	/**
	 * Give a customer the customer ID a partner types in the portal (free text: two partners may
	 * give the same); null removes it. Kept across `reset`.
	 */
	setCustomerId(tenantId: string, customerId: string | null): void;
	/**
	 * Forget reports, requests, faults and the token request count (issued tokens stay valid);
	 * the clock and the report file options go back to the start options.
	 */
	reset(): void;
	close(): Promise<void>;
}

export type TenantKind = 'root' | 'partner' | 'folder' | 'customer' | 'unit';

export interface SimulatorTenant {
	id: string;
	name: string;
	kind: TenantKind;
	/** The parent's id; the platform's root tenant is its own parent, as in the real API. */
	parentId: string;
	enabled: boolean;
	/** "trial": the tenant's usage counts as trial usage. */
	pricingMode: 'production' | 'trial';
	/** The API v1 numeric id, which usage objects and json_v2_0 files carry. */
	legacyId: number;
	/** An id from the MSP's own systems (the API's `customer_id`); customers only. */
	customerId: string | null;
	contact: { firstname: string; lastname: string; email: string };
}

export interface SimulatorUser {
	id: string;
	login: string;
	tenantId: string;
	enabled: boolean;
	contact: { firstname: string; lastname: string; email: string };
}

export interface UsageValues {
	production: number;
	trial: number;
	/** production + trial */
	total: number;
}

/** One usage row of a report: one owner, offering item and period (a day for usage_daily). */
export interface UsageRecord {
	tenant: {
		id: string;
		name: string;
		kind: TenantKind;
		/** The API v1 number of the tenant (json_v2_0's tenant_id). */
		legacyId: number;
		/** The MSP's own id of a customer (csv_v2_0's tenant.customer_id). */
		customerId: string | null;
	};
	/** The user account of a row of an "accounts" report; absent on tenant rows. */
	user?: { id: string; login: string };
	period: { start: string; end: string };
	application: { id: string; name: string };
	/** The offering item's name (csv_v2_0 column `name`). */
	offeringItem: string;
	usageName: string;
	edition: string | null;
	type: 'count' | 'infra';
	measurementUnit: 'quantity' | 'bytes' | 'seconds';
	/** Usage counted over a range of time (compute points, notarizations): csv_v2_0's is_range. */
	isRange: boolean;
	infra: { id: string; ownerId: string; name: string } | null;
	/** The offering item's state: on (1) or off (0), and its quota (null: none). */
	offeringItemStatus: number;
	quota: { value: number | null; overage: number | null; version: number };
	/** What the tenant is charged, where the MSP priced the offering item. */
	pricing: { currency: string; mode: string; price: string; totalCost: string } | null;
	/** Only in reports made with show_skus. */
	sku?: { code: string; name: string };
	/** Usage on the period's last day. */
	absolute: UsageValues;
	/** Change since the day before the period. */
	delta: UsageValues;
	/** The highest daily usage within the period. */
	effective: UsageValues;
}

/** One item of GET /tenants/{id}/usages (the API's `usageOutput`). */
export interface UsageOutput {
	application_id: string;
	name: string;
	edition: string | null;
	usage_name: string;
	type: 'count' | 'feature' | 'infra';
	measurement_unit: 'bytes' | 'quantity' | 'seconds' | 'n/a';
	infra_id?: string;
	tenant_uuid: string;
	/** The API v1 numeric id of the tenant. */
	tenant_id: number;
	range_start: string;
	absolute_value: number;
	value: number;
	offering_item?: {
		status: number;
		quota?: { value: number | null; overage: number | null; version: number };
	};
}
