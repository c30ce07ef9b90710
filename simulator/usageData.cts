/**
 * The usage numbers inside stored report files. Values are a pure function of tenant, metric and
 * day, so a report's files are identical every time they are generated with the same parameters.
 */
import { createHash } from 'node:crypto';

import { addDays, dayNumber, firstOfMonth, fromDayNumber, previousMonth } from './dates.cjs';
import { findTenant, tenantsForLevel, usersOf } from './directory.cjs';
import type { ReportParameters, ScheduleType } from './types.cjs';

export interface Metric {
	name: string;
	edition: string;
	unit: 'bytes' | 'items';
	sku: string;
	/** Upper bound of the generated value. */
	max: number;
}

const TB = 1024 ** 4;

const TENANT_METRICS: readonly Metric[] = [
	{ name: 'workstations', edition: 'per_workload', unit: 'items', sku: 'SPCBPWWSA', max: 60 },
	{ name: 'servers', edition: 'per_workload', unit: 'items', sku: 'SPCBPWSVA', max: 12 },
	{ name: 'vms', edition: 'per_workload', unit: 'items', sku: 'SPCBPWVMA', max: 40 },
	{ name: 'storage', edition: 'per_workload', unit: 'bytes', sku: 'SPCBPWHSA', max: 4 * TB },
	{ name: 'm365_mailboxes', edition: 'per_workload', unit: 'items', sku: 'SPCBPWMBA', max: 80 },
	{ name: 'local_storage', edition: 'per_gigabyte', unit: 'bytes', sku: 'SPCBPGLSA', max: 2 * TB },
];

const USER_METRICS: readonly Metric[] = [
	{ name: 'storage', edition: 'per_workload', unit: 'bytes', sku: 'SPCBPWHSA', max: TB / 4 },
	{ name: 'm365_mailboxes', edition: 'per_workload', unit: 'items', sku: 'SPCBPWMBA', max: 1 },
];

/** A row owner in a report: a tenant, or a user account (level "accounts"). */
export interface Entity {
	id: string;
	name: string;
	kind: 'partner' | 'customer' | 'user';
	parentId: string;
	/** Seeds the usage values instead of `id` (padding templates have placeholder ids). */
	valueSeed?: string;
}

export interface Point {
	date: string;
	value: number;
}

export interface MetricUsage {
	metric: Metric;
	/** One point per day (usage_daily), else one point at the end of the period. */
	points: Point[];
	/** usage_summary only: the value at the start of the period. */
	startValue?: number;
}

/** Everything a stored file's content depends on; fixed when the file is generated. */
export interface ContentSpec {
	parameters: ReportParameters;
	period: { start: string; end: string };
	generatedOn: string;
}

/**
 * The period a generation covers: the report's own period if it has one; the last full month for
 * monthly reports; the previous day for "current" kinds; else the month up to yesterday.
 */
export function coveredPeriod(
	parameters: ReportParameters,
	scheduleType: ScheduleType,
	generatedOn: string,
): { start: string; end: string } {
	if (parameters.period) return { ...parameters.period };
	if (scheduleType === 'monthly') return previousMonth(generatedOn);
	const yesterday = addDays(generatedOn, -1);
	if (parameters.kind === 'usage_current' || parameters.kind === 'usage_breakdown') {
		return { start: yesterday, end: yesterday };
	}
	return { start: firstOfMonth(yesterday), end: yesterday };
}

/** The report's own entities (tenants, and users for "accounts"), in a stable order. */
export function reportEntities(parameters: ReportParameters): Entity[] {
	const { tenants, withUsers } = tenantsForLevel(parameters.tenant_id, parameters.level);
	const entities: Entity[] = [];
	for (const tenant of tenants) {
		entities.push({
			id: tenant.id,
			name: tenant.name,
			kind: tenant.kind,
			parentId: tenant.parentId ?? '',
		});
		if (withUsers) {
			for (const user of usersOf(tenant.id)) {
				entities.push({ id: user.id, name: user.login, kind: 'user', parentId: tenant.id });
			}
		}
	}
	return entities;
}

/** The n-th filler customer (1-based) used to pad files up to storedFileMinBytes. */
export function paddingEntity(parameters: ReportParameters, n: number): Entity {
	return {
		id: `${paddingIdPrefix(parameters.tenant_id)}${n.toString(16).padStart(12, '0')}`,
		name: `Padding Customer ${String(n).padStart(6, '0')}`,
		kind: 'customer',
		parentId: parameters.tenant_id,
	};
}

const paddingPrefixes = new Map<string, string>();

/** Filler ids share a prefix derived from the report tenant and end in their number. */
function paddingIdPrefix(tenantId: string): string {
	let prefix = paddingPrefixes.get(tenantId);
	if (prefix === undefined) {
		prefix = uuidFrom(`${tenantId}:padding`).slice(0, 24);
		paddingPrefixes.set(tenantId, prefix);
	}
	return prefix;
}

/** Placeholders in a filler customer's pre-rendered text, replaced per customer. */
export const PADDING_ID_SLOT = '@@PADDING_ID@@';
export const PADDING_NAME_SLOT = '@@PADDING_NAME@@';

/**
 * A filler customer with placeholder id and name. Fillers cycle through a few usage patterns so
 * their text can be rendered once per pattern and copied, which keeps 100 MB files fast.
 */
export function paddingTemplate(parameters: ReportParameters, pattern: number): Entity {
	return {
		id: PADDING_ID_SLOT,
		name: PADDING_NAME_SLOT,
		kind: 'customer',
		parentId: parameters.tenant_id,
		valueSeed: `${parameters.tenant_id}:padding-pattern:${pattern}`,
	};
}

export function tenantName(id: string): string {
	return findTenant(id)?.name ?? '';
}

/** The usage of one entity over the covered period, honouring hide_zero_usage. */
export function entityUsage(entity: Entity, spec: ContentSpec): MetricUsage[] {
	const metrics = entity.kind === 'user' ? USER_METRICS : TENANT_METRICS;
	const { kind, hide_zero_usage: hideZero } = spec.parameters;
	const { start, end } = spec.period;
	const result: MetricUsage[] = [];
	for (const metric of metrics) {
		const base = baseValue(entity.valueSeed ?? entity.id, metric);
		if (hideZero && base === 0) continue;
		if (kind === 'usage_daily') {
			const points: Point[] = [];
			for (let day = dayNumber(start); day <= dayNumber(end); day++) {
				points.push({ date: fromDayNumber(day), value: valueOn(base, metric, day) });
			}
			result.push({ metric, points });
		} else if (kind === 'usage_summary') {
			result.push({
				metric,
				startValue: valueOn(base, metric, dayNumber(start)),
				points: [{ date: end, value: valueOn(base, metric, dayNumber(end)) }],
			});
		} else {
			result.push({
				metric,
				points: [{ date: end, value: valueOn(base, metric, dayNumber(end)) }],
			});
		}
	}
	return result;
}

/** A tenant's level of use of a metric; about one in seven pairs uses nothing. */
function baseValue(seed: string, metric: Metric): number {
	const h = fnv1a(`${seed}|${metric.name}`);
	if (h % 7 === 0) return 0;
	return 1 + Math.floor(((h % 1_000_003) / 1_000_003) * metric.max);
}

/** Usage grows slowly over the year, so consecutive days and periods differ a little. */
function valueOn(base: number, metric: Metric, day: number): number {
	if (base === 0) return 0;
	const grown = base * (1 + ((day % 365) / 365) * 0.2);
	return metric.unit === 'items' ? Math.max(1, Math.round(grown)) : Math.round(grown);
}

function fnv1a(text: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}

/** A stable version-4-shaped UUID derived from a seed. */
function uuidFrom(seed: string): string {
	const hex = createHash('md5').update(seed).digest('hex');
	return [
		hex.slice(0, 8),
		hex.slice(8, 12),
		`4${hex.slice(13, 16)}`,
		`${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}`,
		hex.slice(20, 32),
	].join('-');
}
