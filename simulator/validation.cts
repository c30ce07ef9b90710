/**
 * Checks of POST and PUT /reports bodies against the API's schema (reportPost / reportPut, both
 * additionalProperties:false) and its date rules. Each failure names the offending field.
 */
import { isIsoDate } from './dates.cjs';
import { invalid, ruleBroken } from './errors.cjs';
import { isPlainObject } from './http.cjs';
import type {
	ReportFormat,
	ReportKind,
	ReportLevel,
	ReportParameters,
	ResultAction,
	ScheduleType,
} from './types.cjs';

export const KINDS: readonly ReportKind[] = [
	'usage_daily',
	'usage_summary',
	'usage_current',
	'usage_breakdown',
];
export const LEVELS: readonly ReportLevel[] = [
	'itself',
	'direct_partners',
	'all_partners',
	'all_customers',
	'accounts',
];
export const FORMATS: readonly ReportFormat[] = ['csv', 'html', 'json_v1', 'csv_v2_0', 'json_v2_0'];
const SCHEDULE_TYPES: readonly ScheduleType[] = ['once', 'monthly'];
const RESULT_ACTIONS: readonly ResultAction[] = ['send', 'save'];

const CREATE_FIELDS = ['recipients', 'parameters', 'schedule', 'result_action', 'generation_date'];
const PARAMETER_FIELDS = [
	'tenant_id',
	'level',
	'kind',
	'formats',
	'period',
	'hide_zero_usage',
	'show_skus',
];
const UPDATE_FIELDS = ['recipients', 'parameters', 'schedule'];
const UPDATABLE_PARAMETERS = ['kind', 'level', 'hide_zero_usage', 'show_skus'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
	return typeof value === 'string' && UUID.test(value);
}

export interface CreateRequest {
	parameters: ReportParameters;
	schedule: { type: ScheduleType; enabled: boolean };
	result_action: ResultAction;
	recipients?: string[];
	generation_date?: string;
}

export interface UpdateRequest {
	recipients?: string[];
	parameters?: Partial<Pick<ReportParameters, 'kind' | 'level' | 'hide_zero_usage' | 'show_skus'>>;
	schedule?: { enabled: boolean };
}

/** Validates a POST /reports body; `today` bounds the period. */
export function validateCreate(body: Record<string, unknown>, today: string): CreateRequest {
	rejectUnknown(body, CREATE_FIELDS, '');

	const params = requireObject(body.parameters, 'parameters');
	rejectUnknown(params, PARAMETER_FIELDS, 'parameters');
	const tenantId = requireUuid(params.tenant_id, 'parameters.tenant_id');
	const level = requireEnum(params.level, LEVELS, 'parameters.level');
	const kind = requireEnum(params.kind, KINDS, 'parameters.kind');
	const parameters: ReportParameters = {
		tenant_id: tenantId,
		level,
		kind,
		formats: params.formats === undefined ? ['csv'] : formats(params.formats),
	};
	if (params.period !== undefined) parameters.period = period(params.period, today);
	Object.assign(parameters, displayOptions(params));

	const scheduleBody = requireObject(body.schedule, 'schedule');
	rejectUnknown(scheduleBody, ['type', 'enabled'], 'schedule');
	const schedule = {
		type: requireEnum(scheduleBody.type, SCHEDULE_TYPES, 'schedule.type'),
		enabled:
			scheduleBody.enabled === undefined
				? true
				: requireBoolean(scheduleBody.enabled, 'schedule.enabled'),
	};

	const resultAction = requireEnum(body.result_action, RESULT_ACTIONS, 'result_action');
	const request: CreateRequest = { parameters, schedule, result_action: resultAction };

	if (resultAction === 'send') {
		if (body.recipients === undefined) {
			throw invalid('recipients', 'recipients is required when result_action is "send"');
		}
		request.recipients = recipients(body.recipients);
	} else if (body.recipients !== undefined) {
		// The docs: recipients "must be used only when result_action is set to send".
		const list = requireArray(body.recipients, 'recipients');
		if (list.length > 0) {
			throw invalid('recipients', 'recipients can only be given when result_action is "send"');
		}
	}

	if (body.generation_date !== undefined) {
		if (!isIsoDate(body.generation_date)) {
			throw invalid('generation_date', 'generation_date must be a date in YYYY-MM-DD format');
		}
		if (schedule.type !== 'once') {
			throw invalid(
				'generation_date',
				'generation_date can only be set for one-time reports (schedule.type "once")',
			);
		}
		request.generation_date = body.generation_date;
	}
	return request;
}

/** Validates a PUT /reports/{id} body: only recipients, kind/level/flags and schedule.enabled. */
export function validateUpdate(body: Record<string, unknown>): UpdateRequest {
	for (const key of Object.keys(body)) {
		if (!UPDATE_FIELDS.includes(key)) {
			throw invalid(
				key,
				`${key} cannot be changed: a report update may carry only recipients, parameters and schedule`,
			);
		}
	}
	const update: UpdateRequest = {};
	if (body.recipients !== undefined) update.recipients = recipients(body.recipients);
	if (body.parameters !== undefined) {
		const params = requireObject(body.parameters, 'parameters');
		for (const key of Object.keys(params)) {
			if (!UPDATABLE_PARAMETERS.includes(key)) {
				throw invalid(
					`parameters.${key}`,
					`Only kind, level, hide_zero_usage and show_skus parameters can be changed; parameters.${key} cannot`,
				);
			}
		}
		update.parameters = {};
		if (params.kind !== undefined) {
			update.parameters.kind = requireEnum(params.kind, KINDS, 'parameters.kind');
		}
		if (params.level !== undefined) {
			update.parameters.level = requireEnum(params.level, LEVELS, 'parameters.level');
		}
		Object.assign(update.parameters, displayOptions(params));
	}
	if (body.schedule !== undefined) {
		const schedule = requireObject(body.schedule, 'schedule');
		for (const key of Object.keys(schedule)) {
			if (key !== 'enabled') {
				throw invalid(
					`schedule.${key}`,
					`Only schedule.enabled can be changed; schedule.${key} cannot`,
				);
			}
		}
		update.schedule = { enabled: requireBoolean(schedule.enabled, 'schedule.enabled') };
	}
	return update;
}

function formats(value: unknown): ReportFormat[] {
	const list = requireArray(value, 'parameters.formats');
	if (list.length === 0)
		throw invalid('parameters.formats', 'parameters.formats must not be empty');
	const result = list.map((item, i) => requireEnum(item, FORMATS, `parameters.formats[${i}]`));
	const duplicate = result.find((format, i) => result.indexOf(format) !== i);
	if (duplicate) {
		throw invalid('parameters.formats', `parameters.formats lists "${duplicate}" more than once`);
	}
	return result;
}

function period(value: unknown, today: string): { start: string; end: string } {
	const body = requireObject(value, 'parameters.period');
	rejectUnknown(body, ['start', 'end'], 'parameters.period');
	const start = requireDate(body.start, 'parameters.period.start');
	const end = requireDate(body.end, 'parameters.period.end');
	if (start > end) {
		throw ruleBroken(
			`The report period starts after it ends: parameters.period.start ${start} is after parameters.period.end ${end}`,
			{ field: 'parameters.period.start' },
		);
	}
	if (end > today) {
		throw ruleBroken(
			`The report period cannot be in the future: parameters.period.end ${end} is after today (${today})`,
			{ field: 'parameters.period.end' },
		);
	}
	return { start, end };
}

function recipients(value: unknown): string[] {
	const list = requireArray(value, 'recipients');
	if (list.length === 0) throw invalid('recipients', 'recipients must list at least one user');
	return list.map((item, i) => requireUuid(item, `recipients[${i}]`));
}

function rejectUnknown(body: Record<string, unknown>, allowed: string[], parent: string): void {
	for (const key of Object.keys(body)) {
		if (!allowed.includes(key)) {
			const field = parent ? `${parent}.${key}` : key;
			const where = parent || 'the report';
			throw invalid(field, `Unknown field ${field}: ${where} accepts only ${allowed.join(', ')}`);
		}
	}
}

function requireObject(value: unknown, field: string): Record<string, unknown> {
	if (value === undefined) throw invalid(field, `${field} is required`);
	if (!isPlainObject(value)) throw invalid(field, `${field} must be an object`);
	return value;
}

function requireArray(value: unknown, field: string): unknown[] {
	if (!Array.isArray(value)) throw invalid(field, `${field} must be an array`);
	return value;
}

function requireEnum<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
	if (value === undefined) throw invalid(field, `${field} is required`);
	if (typeof value !== 'string' || !allowed.includes(value as T)) {
		throw invalid(
			field,
			`${field} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`,
			{ allowed },
		);
	}
	return value as T;
}

function requireUuid(value: unknown, field: string): string {
	if (value === undefined) throw invalid(field, `${field} is required`);
	if (!isUuid(value))
		throw invalid(field, `${field} must be a UUID (got ${JSON.stringify(value)})`);
	return value;
}

function requireDate(value: unknown, field: string): string {
	if (value === undefined) throw invalid(field, `${field} is required`);
	if (!isIsoDate(value)) {
		throw invalid(
			field,
			`${field} must be a date in YYYY-MM-DD format (got ${JSON.stringify(value)})`,
		);
	}
	return value;
}

function requireBoolean(value: unknown, field: string): boolean {
	if (value === undefined) throw invalid(field, `${field} is required`);
	if (typeof value !== 'boolean') throw invalid(field, `${field} must be true or false`);
	return value;
}

/** hide_zero_usage and show_skus, each checked when present. */
function displayOptions(params: Record<string, unknown>): {
	hide_zero_usage?: boolean;
	show_skus?: boolean;
} {
	const options: { hide_zero_usage?: boolean; show_skus?: boolean } = {};
	for (const name of ['hide_zero_usage', 'show_skus'] as const) {
		if (params[name] !== undefined) {
			options[name] = requireBoolean(params[name], `parameters.${name}`);
		}
	}
	return options;
}
