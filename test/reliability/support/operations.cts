/**
 * One model per operation: the fields it reads (as expressions on the item, so every item of a
 * run has its own values), generators for them, and what the node should do with an item:
 * which fields it must or may refuse, and, when it accepts the item, which requests it makes.
 */
import fc from 'fast-check';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { inspect, isDeepStrictEqual } from 'node:util';

import type { RecordedRequest, Simulator } from '../../../simulator/index.cjs';
import type { CredentialMode } from '../../integration/setup.cjs';
import type { Fixtures } from './fixtures.cjs';
import { UNKNOWN_ID } from './fixtures.cjs';
import type { Verdict } from './judge.cjs';
import {
	isBlank,
	judgeBoolean,
	judgeDate,
	judgeEnum,
	judgeFieldName,
	judgeFormats,
	judgeOptionalUuid,
	judgePositiveWholeNumber,
	judgeUuid,
	judgeUuidList,
	judgeWholeNumber,
} from './judge.cjs';
import type { Field, RefName } from './values.cjs';
import {
	booleanField,
	dateField,
	enumField,
	FORMAT_VALUES,
	fieldNameField,
	formatsField,
	optionalUuidField,
	quarterDateField,
	recipientsField,
	requestOptionField,
	resolveRefs,
	uuidField,
	waitTimeoutField,
	wholeNumberField,
} from './values.cjs';

const KINDS = ['usage_summary', 'usage_daily', 'usage_current', 'usage_breakdown'];
const KIND_LABELS = ['Summary', 'Daily', 'Current', 'Breakdown'];
const LEVELS = ['itself', 'direct_partners', 'all_partners', 'all_customers', 'accounts'];
const LEVEL_LABELS = ['The Tenant Itself', 'All Partners', 'Direct Customers and Partners'];
const PERIODS = ['previousMonth', 'monthToDate', 'custom', 'none'];
const PERIOD_LABELS = ['Previous Month', 'Month to Date', 'Custom', 'Not Set'];

/** What one run shares: the credential, and which optional fields are set at all. */
export interface Shape {
	mode: CredentialMode;
	/** Keys present in the operation's collection (Update Fields, Options). */
	keys: string[];
	/** Request Options keys set (values per item). */
	requestOptions: string[];
}

export interface Env {
	simulator: Simulator;
	fixtures: Fixtures;
}

export interface Expectation {
	/** Fields that are invalid: the node must refuse the item, naming one of them. */
	invalid: string[];
	/** Fields the node may refuse or take (documented behaviour leaves room). */
	maybe: string[];
	/** The values of those fields, for messages. */
	values: string[];
	/** For an item the node accepted: what is wrong with its requests and outputs. */
	check(requests: RecordedRequest[], outputs: INodeExecutionData[]): string[];
	/** Creates a report: an API schema error (400 with code 400) means a bad request body. */
	createsReport?: boolean;
}

export interface OperationModel {
	operation: string;
	runs: number;
	itemsPerRun: number;
	fields: Record<string, Field>;
	/** Collection keys of which each run sets a random subset. */
	optionalKeys: string[];
	/** Whether runs set Request Options Max Retries / Timeout from the item. */
	requestOptions: boolean;
	parameters(shape: Shape): INodeParameters;
	expect(json: IDataObject, shape: Shape, env: Env): Expectation;
}

const expr = (name: string) => `={{ $json.${name} }}`;

/** A collection key the run sets, to a value: an expression's undefined counts as not set. */
const isSet = (json: IDataObject, shape: Shape, key: string) =>
	shape.keys.includes(key) && json[key] !== undefined;

/** Turns the item's { __date } / { __luxon } markers into a Date / Luxon DateTime. */
const dateExpr = (name: string) =>
	`={{ $json.${name} && $json.${name}.__luxon !== undefined ? DateTime.fromISO($json.${name}.__luxon) : $json.${name} && $json.${name}.__date !== undefined ? new Date($json.${name}.__date) : $json.${name} }}`;

function requestOptions(shape: Shape): INodeParameters {
	// One item at a time: each item's requests are then exactly those logged during it.
	const options: INodeParameters = { concurrency: 1 };
	for (const key of shape.requestOptions) options[key] = expr(`request_${key}`);
	return { requestOptions: options };
}

const requestOptionFields = {
	request_maxRetries: requestOptionField,
	request_timeout: requestOptionField,
};

/** Collects what the item's fields come to. */
class Verdicts {
	readonly invalid: string[] = [];
	readonly maybe: string[] = [];
	/** The invalid or doubtful values, for messages. */
	readonly values: string[] = [];

	/** The value the node should use; undefined when the field is invalid. */
	take(field: string, verdict: Verdict, raw?: unknown): unknown {
		if (verdict.verdict !== 'valid') {
			this.values.push(
				`${field} = ${inspect(raw, { depth: 2, breakLength: Infinity, maxStringLength: 80 })}`,
			);
		}
		if (verdict.verdict === 'invalid') {
			this.invalid.push(field);
			return undefined;
		}
		if (verdict.verdict === 'either') this.maybe.push(field);
		return verdict.value;
	}

	get ok(): boolean {
		return this.invalid.length === 0;
	}
}

// ---- request checks --------------------------------------------------------------------

const isToken = (request: RecordedRequest) => request.path === '/api/2/idp/token';

/** The credential's token, and its tenant (Create, Get Many, Generate and Download only). */
const isTenantLookUp = (request: RecordedRequest) =>
	request.method === 'GET' &&
	(request.path === '/api/2/users/me' || request.path.startsWith('/api/2/clients/'));
const isAuth = (request: RecordedRequest) => isToken(request) || isTenantLookUp(request);

interface ExpectedRequest {
	method: string;
	path: string | RegExp;
	body?: unknown;
	query?: Record<string, string | RegExp>;
}

/** The item's requests, leaving out token requests (and tenant look-ups if allowed), are these. */
function exactly(
	requests: RecordedRequest[],
	expected: ExpectedRequest[],
	tenantLookUp = false,
): string[] {
	const own = requests.filter((request) => !(tenantLookUp ? isAuth(request) : isToken(request)));
	if (own.length !== expected.length) {
		return [`expected ${expected.length} request(s), got ${describeRequests(own)}`];
	}
	return own.flatMap((request, index) => requestProblems(request, expected[index]));
}

function requestProblems(request: RecordedRequest, expected: ExpectedRequest): string[] {
	const problems: string[] = [];
	const pathOk =
		typeof expected.path === 'string'
			? request.path === expected.path
			: expected.path.test(request.path);
	if (request.method !== expected.method || !pathOk) {
		problems.push(
			`expected ${expected.method} ${expected.path}, got ${describeRequests([request])}`,
		);
	}
	const query = expected.query ?? {};
	const keys = new Set([...Object.keys(query), ...Object.keys(request.query)]);
	for (const key of keys) {
		const want = query[key];
		const got = request.query[key];
		const fine =
			want === undefined ? false : typeof want === 'string' ? got === want : want.test(got ?? '');
		if (!fine) problems.push(`query ${key}=${got} (expected ${String(want)})`);
	}
	if (expected.body !== undefined) {
		const mismatch = bodyMismatch(request.body, expected.body, 'body');
		if (mismatch) problems.push(mismatch);
	}
	return problems;
}

function describeRequests(requests: RecordedRequest[]): string {
	if (requests.length === 0) return 'none';
	return requests
		.map((request) => {
			const query = new URLSearchParams(request.query).toString();
			return `${request.method} ${request.path}${query ? `?${query}` : ''}`;
		})
		.join(', ');
}

/** Outputs of a download that lack the binary field the item named. */
function missingBinary(outputs: INodeExecutionData[], field: unknown): string[] {
	return outputs
		.filter(
			(output) =>
				!output.binary || !Object.prototype.hasOwnProperty.call(output.binary, String(field)),
		)
		.map(() => `output has no binary field ${JSON.stringify(field)}`);
}

/** Placeholders in an expected body for values the node works out from today. */
const ANY_PERIOD = Symbol('any period');
/** A member that must not be sent: the data center decides (generation_date: its today). */
const NOT_SENT = Symbol('not sent');
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function bodyMismatch(actual: unknown, expected: unknown, where: string): string | undefined {
	if (expected === NOT_SENT) {
		return actual === undefined ? undefined : `${where} was sent: ${JSON.stringify(actual)}`;
	}
	if (expected === ANY_PERIOD) {
		const period = actual as { start?: unknown; end?: unknown } | undefined;
		const fine =
			typeof period?.start === 'string' &&
			typeof period.end === 'string' &&
			DATE.test(period.start) &&
			DATE.test(period.end) &&
			period.start.endsWith('-01') &&
			period.start <= period.end &&
			Object.keys(period).length === 2;
		return fine ? undefined : `${where} is not a period: ${JSON.stringify(actual)}`;
	}
	if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
		if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
			return `${where}: expected an object, got ${JSON.stringify(actual)}`;
		}
		const wanted = expected as Record<string, unknown>;
		const got = actual as Record<string, unknown>;
		const keys = new Set([...Object.keys(wanted), ...Object.keys(got)]);
		for (const key of keys) {
			if (!(key in wanted)) return `${where}.${key} was sent but not asked for`;
			const mismatch = bodyMismatch(got[key], wanted[key], `${where}.${key}`);
			if (mismatch) return mismatch;
		}
		return undefined;
	}
	return isDeepStrictEqual(actual, expected)
		? undefined
		: `${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

const U = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ANY_REPORT = new RegExp(`^/api/2/reports/${U}$`);
const ANY_STORED = new RegExp(`^/api/2/reports/${U}/stored$`);
const ANY_STORED_FILE = new RegExp(`^/api/2/reports/${U}/stored/${U}$`);

/** Every path the node may request: lower-case UUIDs in their places, nothing else. */
export const ALLOWED_PATHS: RegExp[] = [
	/^\/api\/2\/idp\/token$/,
	new RegExp(`^/api/2/clients/${U}$`),
	/^\/api\/2\/users\/me$/,
	/^\/api\/2\/reports$/,
	ANY_REPORT,
	ANY_STORED,
	ANY_STORED_FILE,
	new RegExp(`^/api/2/tenants/${U}/reports$`),
];

// ---- shared field sets -------------------------------------------------------------------

const reportFields = {
	kind: enumField(KINDS, KIND_LABELS),
	level: enumField(LEVELS, LEVEL_LABELS),
	period: enumField(PERIODS, PERIOD_LABELS),
	periodStart: dateField,
	periodEnd: dateField,
	formats: formatsField,
	tenantId: optionalUuidField('rootTenant', 'childTenant', 'unknown'),
	hideZeroUsage: booleanField,
	showSkus: booleanField,
};

const reportParameters = (shape: Shape): INodeParameters => ({
	kind: expr('kind'),
	level: expr('level'),
	period: expr('period'),
	periodStart: dateExpr('periodStart'),
	periodEnd: dateExpr('periodEnd'),
	formats: expr('formats'),
	tenantId: expr('tenantId'),
	options: Object.fromEntries(shape.keys.map((key) => [key, expr(key)])),
});

/**
 * The report parameters of Create and Generate and Download, in the order the node checks
 * them (it names the first invalid one), and the "parameters" object it should send.
 */
function judgeReportParameters(
	json: IDataObject,
	shape: Shape,
	env: Env,
	verdicts: Verdicts,
	beforePeriod: () => void,
	beforeTenant: () => void,
): IDataObject {
	const kind = verdicts.take('Kind', judgeEnum(json.kind, KINDS), json.kind);
	const level = verdicts.take('Level', judgeEnum(json.level, LEVELS), json.level);
	const formats = verdicts.take('Formats', judgeFormats(json.formats, FORMAT_VALUES), json.formats);
	beforePeriod();
	const period = verdicts.take('Period', judgeEnum(json.period, PERIODS), json.period);
	let periodValue: unknown;
	if (period === 'custom') {
		const start = verdicts.take('Period Start', judgeDate(json.periodStart), json.periodStart);
		const end = verdicts.take('Period End', judgeDate(json.periodEnd), json.periodEnd);
		if (typeof start === 'string' && typeof end === 'string') {
			if (start > end) verdicts.take('Period Start', { verdict: 'invalid' }, `${start} > ${end}`);
			periodValue = { start, end };
		}
	} else if (period === 'previousMonth' || period === 'monthToDate') {
		periodValue = ANY_PERIOD;
	}
	const hide = isSet(json, shape, 'hideZeroUsage')
		? verdicts.take('Hide Zero Usage', judgeBoolean(json.hideZeroUsage), json.hideZeroUsage)
		: undefined;
	const skus = isSet(json, shape, 'showSkus')
		? verdicts.take('Show SKUs', judgeBoolean(json.showSkus), json.showSkus)
		: undefined;
	beforeTenant();
	const tenant = verdicts.take('Tenant', judgeOptionalUuid(json.tenantId), json.tenantId);
	return {
		kind,
		tenant_id: tenant ?? env.simulator.credentials.tenantId,
		level,
		...(periodValue !== undefined ? { period: periodValue } : {}),
		formats,
		...(hide !== undefined ? { hide_zero_usage: hide } : {}),
		...(skus !== undefined ? { show_skus: skus } : {}),
	} as IDataObject;
}

// ---- the operations ------------------------------------------------------------------------

const reportIdOnly = (
	operation: string,
	refs: RefName[],
	/**
	 * The item's requests; `outputs` (the items it gave) and `requests` (what it sent, with the
	 * answers' statuses), where they decide what else is asked.
	 */
	request: (
		id: string,
		outputs: INodeExecutionData[],
		requests: RecordedRequest[],
	) => ExpectedRequest[],
	runs: number,
): OperationModel => ({
	operation,
	runs,
	itemsPerRun: 100,
	fields: { reportId: uuidField(...refs), ...requestOptionFields },
	optionalKeys: [],
	requestOptions: true,
	parameters: (shape) => ({ operation, reportId: expr('reportId'), ...requestOptions(shape) }),
	expect(json) {
		const verdicts = new Verdicts();
		const id = verdicts.take('Report', judgeUuid(json.reportId), json.reportId) as string;
		return {
			...verdicts,
			check: (requests, outputs) => exactly(requests, request(id, outputs, requests)),
		};
	},
});

const SOME_REPORTS: RefName[] = [
	'savedOnce',
	'monthlySend',
	'futureSend',
	'monthlySave',
	'unknown',
];

export const get = reportIdOnly(
	'get',
	SOME_REPORTS,
	(id) => [{ method: 'GET', path: `/api/2/reports/${id}` }],
	10,
);

export const enable = reportIdOnly(
	'enable',
	SOME_REPORTS,
	(id) => [{ method: 'PUT', path: `/api/2/reports/${id}`, body: { schedule: { enabled: true } } }],
	8,
);

export const disable = reportIdOnly(
	'disable',
	SOME_REPORTS,
	(id) => [{ method: 'PUT', path: `/api/2/reports/${id}`, body: { schedule: { enabled: false } } }],
	8,
);

export const getFiles = reportIdOnly(
	'getFiles',
	['savedOnce', 'savedChild', 'monthlySave', 'monthlySend', 'unknown'],
	// A report the listing shows without files is read too, to say why beside the empty output.
	(id, outputs, requests) => {
		const listing = { method: 'GET', path: `/api/2/reports/${id}/stored` };
		const listed = requests.some((r) => r.path === listing.path && r.status === 200);
		const empty = listed && outputs.length === 0;
		return [listing, ...(empty ? [{ method: 'GET', path: `/api/2/reports/${id}` }] : [])];
	},
	10,
);

const UPDATE_KEYS = ['recipients', 'kind', 'level', 'hideZeroUsage', 'showSkus'];

export const update: OperationModel = {
	operation: 'update',
	runs: 16,
	itemsPerRun: 100,
	fields: {
		reportId: uuidField('monthlySend', 'futureSend', 'monthlySave', 'savedOnce', 'unknown'),
		recipients: recipientsField,
		kind: enumField(KINDS, KIND_LABELS),
		level: enumField(LEVELS, LEVEL_LABELS),
		hideZeroUsage: booleanField,
		showSkus: booleanField,
	},
	optionalKeys: UPDATE_KEYS,
	requestOptions: false,
	parameters: (shape) => ({
		operation: 'update',
		reportId: expr('reportId'),
		updateFields: Object.fromEntries(shape.keys.map((key) => [key, expr(key)])),
		...requestOptions(shape),
	}),
	expect(json, shape) {
		const verdicts = new Verdicts();
		const id = verdicts.take('Report', judgeUuid(json.reportId), json.reportId);
		const has = (key: string) => isSet(json, shape, key);
		const body: IDataObject = {};
		const parameters: IDataObject = {};
		if (has('recipients')) {
			body.recipients = verdicts.take(
				'Recipient Names or IDs',
				judgeUuidList(json.recipients),
				json.recipients,
			) as string[];
		}
		if (has('kind'))
			parameters.kind = verdicts.take('Kind', judgeEnum(json.kind, KINDS), json.kind) as string;
		if (has('level')) {
			parameters.level = verdicts.take(
				'Level',
				judgeEnum(json.level, LEVELS),
				json.level,
			) as string;
		}
		if (has('hideZeroUsage')) {
			parameters.hide_zero_usage = verdicts.take(
				'Hide Zero Usage',
				judgeBoolean(json.hideZeroUsage),
				json.hideZeroUsage,
			) as boolean;
		}
		if (has('showSkus')) {
			parameters.show_skus = verdicts.take(
				'Show SKUs',
				judgeBoolean(json.showSkus),
				json.showSkus,
			) as boolean;
		}
		if (Object.keys(parameters).length > 0) body.parameters = parameters;
		if (!UPDATE_KEYS.some(has)) verdicts.take('Nothing to update', { verdict: 'invalid' });
		return {
			...verdicts,
			check: (requests) =>
				exactly(requests, [{ method: 'PUT', path: `/api/2/reports/${String(id)}`, body }]),
		};
	},
};

const versionField: Field = {
	valid: fc.oneof(fc.constantFrom(1, '1', ' 1 '), wholeNumberField.valid),
	any: fc.oneof(fc.constantFrom(1, '1'), wholeNumberField.any),
};

export const deleteReport: OperationModel = {
	operation: 'delete',
	runs: 12,
	itemsPerRun: 100,
	fields: {
		reportId: uuidField(
			'monthlySend',
			'futureSend',
			'monthlySave',
			'savedOnce',
			'savedChild',
			'unknown',
		),
		version: versionField,
		...requestOptionFields,
	},
	optionalKeys: ['version'],
	requestOptions: true,
	parameters: (shape) => ({
		operation: 'delete',
		reportId: expr('reportId'),
		options: shape.keys.includes('version') ? { version: expr('version') } : {},
		...requestOptions(shape),
	}),
	expect(json, shape) {
		const verdicts = new Verdicts();
		const id = verdicts.take('Report', judgeUuid(json.reportId), json.reportId);
		const path = `/api/2/reports/${String(id)}`;
		if (isSet(json, shape, 'version')) {
			const version = verdicts.take('Version', judgeWholeNumber(json.version), json.version);
			return {
				...verdicts,
				check: (requests) =>
					exactly(requests, [{ method: 'DELETE', path, query: { version: String(version) } }]),
			};
		}
		return {
			...verdicts,
			check(requests) {
				const own = requests.filter((request) => !isToken(request));
				const expected: ExpectedRequest[] = [{ method: 'GET', path }];
				// Without a Version the node reads it first; a report it cannot read is not deleted.
				if (own.length > 1) expected.push({ method: 'DELETE', path, query: { version: /^\d+$/ } });
				return exactly(requests, expected);
			},
		};
	},
};

export const getAll: OperationModel = {
	operation: 'getAll',
	runs: 10,
	itemsPerRun: 100,
	fields: {
		tenantId: optionalUuidField('rootTenant', 'childTenant', 'unknown'),
		returnAll: booleanField,
		limit: wholeNumberField,
	},
	optionalKeys: [],
	requestOptions: false,
	parameters: (shape) => ({
		operation: 'getAll',
		tenantId: expr('tenantId'),
		returnAll: expr('returnAll'),
		limit: expr('limit'),
		...requestOptions(shape),
	}),
	expect(json, _shape, env) {
		const verdicts = new Verdicts();
		const returnAll = verdicts.take('Return All', judgeBoolean(json.returnAll), json.returnAll);
		const limit =
			returnAll === false
				? (verdicts.take('Limit', judgeWholeNumber(json.limit), json.limit) as number | undefined)
				: Infinity;
		const tenant = verdicts.take(
			'Tenant',
			judgeOptionalUuid(json.tenantId),
			json.tenantId,
		) as string;
		const listPath = `/api/2/tenants/${tenant ?? env.simulator.credentials.tenantId}/reports`;
		return {
			...verdicts,
			check(requests, outputs) {
				const own = requests.filter((request) => !isAuth(request));
				const reads = Math.max(0, own.length - 1);
				const problems = exactly(
					requests,
					[
						{ method: 'GET', path: listPath },
						...Array.from({ length: reads }, () => ({ method: 'GET', path: ANY_REPORT })),
					],
					true,
				);
				if (limit !== undefined && reads > limit)
					problems.push(`${reads} reports read, Limit ${limit}`);
				if (limit !== undefined && outputs.length > limit) {
					problems.push(`${outputs.length} reports returned, Limit ${limit}`);
				}
				return problems;
			},
		};
	},
};

export const download: OperationModel = {
	operation: 'download',
	runs: 12,
	itemsPerRun: 100,
	fields: {
		// Only reports whose files are saved (or none at all): a valid Wait Timeout must not wait.
		reportId: uuidField('savedOnce', 'savedChild', 'monthlySave', 'unknown'),
		storedFileId: optionalUuidField('fileOfReport', 'unknown'),
		binaryPropertyName: fieldNameField,
		waitTimeout: waitTimeoutField,
	},
	optionalKeys: ['waitTimeout'],
	requestOptions: false,
	parameters: (shape) => ({
		operation: 'download',
		reportId: expr('reportId'),
		storedFileId: expr('storedFileId'),
		binaryPropertyName: expr('binaryPropertyName'),
		options: shape.keys.includes('waitTimeout') ? { waitTimeout: expr('waitTimeout') } : {},
		...requestOptions(shape),
	}),
	expect(json, shape) {
		const verdicts = new Verdicts();
		const id = verdicts.take('Report', judgeUuid(json.reportId), json.reportId);
		const fileId = verdicts.take(
			'Stored File ID',
			judgeOptionalUuid(json.storedFileId),
			json.storedFileId,
		);
		const field = verdicts.take(
			'Put Output File in Field',
			judgeFieldName(json.binaryPropertyName),
			json.binaryPropertyName,
		);
		if (isSet(json, shape, 'waitTimeout')) {
			// null (an expression on a missing field) means the default 300 s here, while
			// Generate and Download refuses it: either is tolerated, neither is harmful.
			const timeout =
				json.waitTimeout === null
					? ({ verdict: 'either', value: 300 } as const)
					: judgeWholeNumber(json.waitTimeout);
			verdicts.take('Wait Timeout', timeout, json.waitTimeout);
		}
		const base = `/api/2/reports/${String(id)}`;
		return {
			...verdicts,
			check(requests, outputs) {
				const problems: string[] = [];
				for (const request of requests.filter((entry) => !isToken(entry))) {
					const file = new RegExp(`^${base}/stored/(${U})$`).exec(request.path)?.[1];
					const fine =
						request.method === 'GET' &&
						Object.keys(request.query).length === 0 &&
						(request.path === base ||
							request.path === `${base}/stored` ||
							(file !== undefined && (fileId === undefined || file === fileId)));
					if (!fine) problems.push(`unexpected ${describeRequests([request])}`);
				}
				problems.push(...missingBinary(outputs, field));
				return problems;
			},
		};
	},
};

export const generateAndDownload: OperationModel = {
	operation: 'generateAndDownload',
	runs: 10,
	itemsPerRun: 100,
	fields: {
		...reportFields,
		periodStart: quarterDateField,
		periodEnd: quarterDateField,
		binaryPropertyName: fieldNameField,
		waitTimeout: waitTimeoutField,
	},
	optionalKeys: ['hideZeroUsage', 'showSkus'],
	requestOptions: false,
	parameters: (shape) => ({
		operation: 'generateAndDownload',
		...reportParameters(shape),
		binaryPropertyName: expr('binaryPropertyName'),
		waitTimeout: expr('waitTimeout'),
		...requestOptions(shape),
	}),
	expect(json, shape, env) {
		const verdicts = new Verdicts();
		const field = verdicts.take(
			'Put Output File in Field',
			judgeFieldName(json.binaryPropertyName),
			json.binaryPropertyName,
		);
		// Generate and Download creates the report it waits for: a wait of 0 is refused.
		verdicts.take('Wait Timeout', judgePositiveWholeNumber(json.waitTimeout), json.waitTimeout);
		const parameters = judgeReportParameters(
			json,
			shape,
			env,
			verdicts,
			() => {},
			() => {},
		);
		const body = {
			parameters,
			schedule: { type: 'once' },
			generation_date: NOT_SENT,
			result_action: 'save',
		};
		return {
			...verdicts,
			createsReport: true,
			check(requests, outputs) {
				const own = requests.filter((request) => !isAuth(request));
				const problems = own.length === 0 ? ['no request'] : [];
				if (own.length > 0)
					problems.push(
						...requestProblems(own[0], { method: 'POST', path: '/api/2/reports', body }),
					);
				for (const request of own.slice(1)) {
					const fine =
						request.method === 'GET' &&
						(ANY_STORED.test(request.path) || ANY_STORED_FILE.test(request.path));
					if (!fine) problems.push(`unexpected ${describeRequests([request])}`);
				}
				problems.push(...missingBinary(outputs, field));
				return problems;
			},
		};
	},
};

const generationDateField: Field = {
	valid: fc.oneof(fc.constant(''), dateField.valid),
	any: fc.oneof(fc.constantFrom('', '  '), dateField.any),
};

export const create: OperationModel = {
	operation: 'create',
	runs: 20,
	itemsPerRun: 100,
	fields: {
		resultAction: enumField(['send', 'save'], ['Send by Email', 'Save for Download']),
		recipients: recipientsField,
		...reportFields,
		scheduleType: enumField(['once', 'monthly'], ['Once', 'Monthly']),
		generationDate: generationDateField,
	},
	optionalKeys: ['hideZeroUsage', 'showSkus'],
	requestOptions: false,
	parameters: (shape) => ({
		operation: 'create',
		resultAction: expr('resultAction'),
		recipients: expr('recipients'),
		...reportParameters(shape),
		scheduleType: expr('scheduleType'),
		generationDate: dateExpr('generationDate'),
		...requestOptions(shape),
	}),
	expect: (json, shape, env) => expectCreate(json, shape, env),
};

export function expectCreate(json: IDataObject, shape: Shape, env: Env): Expectation {
	const verdicts = new Verdicts();
	const resultAction = verdicts.take(
		'Result Action',
		judgeEnum(json.resultAction, ['send', 'save']),
		json.resultAction,
	);
	const recipients =
		resultAction === 'send'
			? verdicts.take('Recipient Names or IDs', judgeUuidList(json.recipients), json.recipients)
			: undefined;
	let scheduleType: unknown;
	let generationDate: unknown;
	const parameters = judgeReportParameters(
		json,
		shape,
		env,
		verdicts,
		() =>
			(scheduleType = verdicts.take(
				'Schedule',
				judgeEnum(json.scheduleType, ['once', 'monthly']),
				json.scheduleType,
			)),
		() => {
			const value = json.generationDate;
			// Empty: none is sent, and the data center generates the report on its today.
			if (value === '' || value === undefined) {
				generationDate = NOT_SENT;
				return;
			}
			const judged = judgeDate(value);
			// Not sent for a monthly report, and an empty-looking value may count as empty.
			if (scheduleType === 'monthly' || isBlank(value)) {
				if (judged.verdict !== 'valid')
					verdicts.take('Generation Date', { verdict: 'either', value }, value);
				generationDate = judged.verdict === 'invalid' ? NOT_SENT : judged.value;
				return;
			}
			generationDate = verdicts.take('Generation Date', judged, value);
		},
	);
	const body: IDataObject = {
		...(resultAction === 'send' ? { recipients } : {}),
		parameters,
		schedule: { type: scheduleType },
		...(scheduleType === 'once' ? { generation_date: generationDate } : {}),
		result_action: resultAction,
	} as IDataObject;
	return {
		...verdicts,
		createsReport: true,
		check: (requests) =>
			exactly(requests, [{ method: 'POST', path: '/api/2/reports', body }], true),
	};
}

export const MODELS: OperationModel[] = [
	create,
	get,
	update,
	enable,
	disable,
	deleteReport,
	getAll,
	getFiles,
	download,
	generateAndDownload,
];

const FIXTURES = ['savedOnce', 'savedChild', 'monthlySend', 'futureSend', 'monthlySave'] as const;
type FixtureName = (typeof FIXTURES)[number];
const isFixture = (name: unknown): name is FixtureName => FIXTURES.includes(name as FixtureName);

/** The item's concrete JSON: references replaced by the run's ids, in their generated forms. */
export function resolveItem(item: Record<string, unknown>, env: Env): IDataObject {
	const { fixtures, simulator } = env;
	const reportRef = (item.reportId as { $ref?: RefName } | undefined)?.$ref;
	const lookup = (name: RefName): string => {
		switch (name) {
			case 'unknown':
				return UNKNOWN_ID;
			case 'rootTenant':
				return simulator.credentials.tenantId;
			case 'childTenant':
				return simulator.childTenantIds[1];
			case 'recipient':
				return simulator.recipientUserIds[1];
			case 'fileOfReport': {
				const reportId = isFixture(reportRef) ? fixtures[reportRef] : undefined;
				return (reportId !== undefined && fixtures.files[reportId]?.[0]) || UNKNOWN_ID;
			}
			default:
				return fixtures[name];
		}
	};
	return resolveRefs(item, lookup) as IDataObject;
}
