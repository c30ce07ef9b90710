/**
 * The one usage model behind stored report files and live usage (GET /tenants/{id}/usages):
 * offering items, and a usage value per tenant (or user), offering item and day. Values are a
 * pure function of those, so a report's files are identical every time they are generated with
 * the same parameters, and live usage agrees with a report over the same days.
 */
import { addDays, dayNumber, firstOfMonth, fromDayNumber, previousMonth } from './dates.cjs';
import { type Directory, PLATFORM_ROOT_ID } from './directory.cjs';
import { fnv1a, mix32, uuidFrom } from './hash.cjs';
import type {
	ReportParameters,
	ScheduleType,
	TenantKind,
	UsageOutput,
	UsageRecord,
	UsageValues,
} from './types.cjs';

export interface OfferingItem {
	/** The offering item's name: the usage name with its edition's prefix (adv_vms). */
	name: string;
	usageName: string;
	edition: string | null;
	type: 'count' | 'infra';
	unit: 'quantity' | 'bytes' | 'seconds';
	application: { id: string; name: string };
	/** Counted over a range of time, as compute points and notarizations are (csv_v2_0's is_range). */
	isRange: boolean;
	sku: { code: string; name: string };
	/** Upper bound of the generated value. */
	max: number;
	/** What an MSP that prices its offering items charges per unit (count items only): our choice. */
	price?: string;
	infra?: { id: string; ownerId: string; backendType: string; name: string };
}

/** Applications with the ids and names of Acronis's own sample report (csv_v2_0). */
const BACKUP_APPLICATION = { id: '6e6d758d-8e74-3ae3-ac84-50eb0dff12eb', name: 'backup' };
const NOTARY_APPLICATION = { id: 'f9c5744e-bd1a-36b6-b0f0-ecd7483e1796', name: 'notary' };

/** Acronis-hosted backup storage: the infra id and name of Acronis's example usage object and sample. */
const HOSTED_STORAGE = {
	id: '019097a6-114f-4418-bd54-e01ef049f209',
	ownerId: PLATFORM_ROOT_ID,
	backendType: 'azure',
	name: 'fes-eu3-baas.acronis.com',
};

const TB = 1024 ** 4;

const item = (
	name: string,
	usageName: string,
	edition: string | null,
	unit: OfferingItem['unit'],
	max: number,
	sku: [string, string],
	more: Partial<Pick<OfferingItem, 'infra' | 'price' | 'isRange' | 'application'>> = {},
): OfferingItem => ({
	name,
	usageName,
	edition,
	type: more.infra ? 'infra' : 'count',
	unit,
	application: more.application ?? BACKUP_APPLICATION,
	isRange: more.isRange ?? false,
	max,
	sku: { code: sku[0], name: sku[1] },
	...(more.price ? { price: more.price } : {}),
	...(more.infra ? { infra: more.infra } : {}),
});

/** What a partner, customer or unit tenant is billed for. Folders and the root have none. */
export const TENANT_ITEMS: readonly OfferingItem[] = [
	item('workstations', 'workstations', 'standard', 'quantity', 60, ['SPCBWSA', 'Workstations'], {
		price: '4.50',
	}),
	item('servers', 'servers', 'standard', 'quantity', 12, ['SPCBSVA', 'Servers'], {
		price: '19.90',
	}),
	item('vms', 'vms', 'standard', 'quantity', 40, ['SPCBVMA', 'Virtual machines'], {
		price: '9.90',
	}),
	item('adv_vms', 'vms', 'advanced', 'quantity', 15, ['SPCAVMA', 'Virtual machines, Advanced'], {
		price: '14.25',
	}),
	item(
		'o365_mailboxes',
		'o365_mailboxes',
		'standard',
		'quantity',
		80,
		['SPCBMBA', 'Microsoft 365 mailboxes'],
		{ price: '1.20' },
	),
	item(
		'storage',
		'storage',
		'standard',
		'bytes',
		4 * TB,
		['SPCBHSA', 'Backup storage, hosted by Acronis'],
		{ infra: HOSTED_STORAGE },
	),
	item('local_storage', 'local_storage', null, 'bytes', 2 * TB, ['SPCBLSA', 'Local backup']),
	item(
		'dr_compute_points',
		'compute_points',
		'disaster_recovery',
		'seconds',
		720_000,
		['SPCDCPA', 'Disaster recovery compute points'],
		{ isRange: true },
	),
	item('notarizations', 'notarizations', null, 'quantity', 300, ['SPCNNTA', 'Notarizations'], {
		isRange: true,
		application: NOTARY_APPLICATION,
		price: '0.05',
	}),
];

/** What a user account is billed for (rows of "accounts" reports). */
const USER_ITEMS: readonly OfferingItem[] = [
	item(
		'storage',
		'storage',
		'standard',
		'bytes',
		TB / 4,
		['SPCBHSA', 'Backup storage, hosted by Acronis'],
		{ infra: HOSTED_STORAGE },
	),
	item('o365_mailboxes', 'o365_mailboxes', 'standard', 'quantity', 1, [
		'SPCBMBA',
		'Microsoft 365 mailboxes',
	]),
];

export function offeringItemsOf(kind: TenantKind): readonly OfferingItem[] {
	return kind === 'folder' || kind === 'root' ? [] : TENANT_ITEMS;
}

/** Whose usage a report row shows: a tenant, or a user account of it ("accounts" level). */
export interface UsageOwner {
	tenant: UsageRecord['tenant'];
	pricingMode: 'production' | 'trial';
	/** The currency of the MSP's prices for this tenant; null: not priced. */
	currency: string | null;
	user?: { id: string; login: string };
	/** Seeds the usage values (padding templates have placeholder ids). */
	valueSeed: string;
	items: readonly OfferingItem[];
}

/** Everything a stored file's content depends on; fixed when the file is generated. */
export interface ContentSpec {
	parameters: ReportParameters;
	period: { start: string; end: string };
	generatedOn: string;
}

/**
 * The period a generation covers: the last full month for monthly reports, whatever period they
 * were given (our choice); else the report's own period if it has one, or the month up to
 * yesterday (Acronis's sample: a usage_current report created on 2020-03-04 without a period
 * covers 2020-03-01 to 2020-03-03).
 */
export function coveredPeriod(
	parameters: ReportParameters,
	scheduleType: ScheduleType,
	generatedOn: string,
): { start: string; end: string } {
	if (scheduleType === 'monthly') return previousMonth(generatedOn);
	if (parameters.period) return { ...parameters.period };
	const yesterday = addDays(generatedOn, -1);
	return { start: firstOfMonth(yesterday), end: yesterday };
}

/**
 * The report's own rows' owners (tenants, and with `userRows` their users for "accounts"), in a
 * stable order.
 */
export function reportOwners(
	directory: Directory,
	parameters: ReportParameters,
	userRows: boolean,
): UsageOwner[] {
	const { tenants, withUsers } = directory.tenantsForLevel(parameters.tenant_id, parameters.level);
	const owners: UsageOwner[] = [];
	for (const tenant of tenants) {
		const who = {
			tenant: {
				id: tenant.id,
				name: tenant.name,
				kind: tenant.kind,
				legacyId: tenant.legacyId,
				customerId: tenant.customerId,
			},
			pricingMode: tenant.pricingMode,
			currency: priceCurrency(tenant),
		};
		owners.push({ ...who, valueSeed: tenant.id, items: offeringItemsOf(tenant.kind) });
		if (withUsers && userRows) {
			for (const user of directory.usersOf(tenant.id)) {
				owners.push({
					...who,
					user: { id: user.id, login: user.login },
					valueSeed: user.id,
					items: USER_ITEMS,
				});
			}
		}
	}
	return owners;
}

/**
 * Whether the MSP priced its offering items for a tenant, and in which currency (our choice:
 * half of the customers, in euros): csv_v2_0's pricing.* columns are empty otherwise.
 */
function priceCurrency(tenant: { id: string; kind: TenantKind }): string | null {
	return tenant.kind === 'customer' && fnv1a(`${tenant.id}|pricing`) % 2 === 0 ? 'EUR' : null;
}

/** The n-th filler customer (1-based) used to pad files to storedFileMinBytes / MinRows. */
export function paddingTenant(parameters: ReportParameters, n: number): UsageOwner['tenant'] {
	return {
		id: `${paddingIdPrefix(parameters.tenant_id)}${n.toString(16).padStart(12, '0')}`,
		name: `Padding Customer ${String(n).padStart(6, '0')}`,
		kind: 'customer',
		legacyId: 90_000_000 + n,
		customerId: null,
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

/**
 * Placeholders in a filler customer's pre-rendered text, replaced per customer. The legacy id is
 * a number no usage value or id can contain (16 digits).
 */
export const PADDING_SLOTS = {
	id: '@@PADDING_ID@@',
	name: '@@PADDING_NAME@@',
	legacyId: Number.MIN_SAFE_INTEGER,
};

/**
 * A filler customer with placeholder id and name. Fillers cycle through a few usage patterns so
 * their text can be rendered once per pattern and copied, which keeps 100 MB files fast.
 */
export function paddingTemplate(parameters: ReportParameters, pattern: number): UsageOwner {
	return {
		tenant: {
			id: PADDING_SLOTS.id,
			name: PADDING_SLOTS.name,
			kind: 'customer',
			legacyId: PADDING_SLOTS.legacyId,
			customerId: null,
		},
		pricingMode: 'production',
		currency: null,
		valueSeed: `${parameters.tenant_id}:padding-pattern:${pattern}`,
		items: TENANT_ITEMS,
	};
}

/**
 * One owner's rows for the covered period, honouring hide_zero_usage and show_skus: one row per
 * offering item and day for usage_daily, else one per offering item for the whole period.
 */
export function ownerRecords(owner: UsageOwner, spec: ContentSpec): UsageRecord[] {
	const { kind, hide_zero_usage: hideZero, show_skus: showSkus } = spec.parameters;
	const { start, end } = spec.period;
	const split = owner.pricingMode === 'trial' ? trial : production;
	const records: UsageRecord[] = [];
	for (const offeringItem of owner.items) {
		const usage = new ItemUsage(owner, offeringItem);
		if (hideZero && usage.isZero) continue;
		const state = usage.offeringItemState();
		const row = (from: string, to: string, values: ReturnType<ItemUsage['over']>): void => {
			const absolute = split(values.absolute);
			const infra = offeringItem.infra;
			records.push({
				tenant: { ...owner.tenant },
				...(owner.user ? { user: { ...owner.user } } : {}),
				period: { start: from, end: to },
				application: { ...offeringItem.application },
				offeringItem: offeringItem.name,
				usageName: offeringItem.usageName,
				edition: offeringItem.edition,
				type: offeringItem.type,
				measurementUnit: offeringItem.unit,
				isRange: offeringItem.isRange,
				infra: infra ? { id: infra.id, ownerId: infra.ownerId, name: infra.name } : null,
				offeringItemStatus: state.status,
				quota: { ...state.quota },
				pricing: pricing(owner, offeringItem, absolute.production),
				...(showSkus ? { sku: { ...offeringItem.sku } } : {}),
				absolute,
				delta: split(values.delta),
				effective: split(values.effective),
			});
		};
		if (kind === 'usage_daily') {
			for (let day = dayNumber(start); day <= dayNumber(end); day++) {
				const date = fromDayNumber(day);
				row(date, date, usage.over(date, date));
			}
		} else {
			row(start, end, usage.over(start, end));
		}
	}
	return records;
}

/**
 * The pricing cells of a tenant's row: the price per unit and its cost for the production usage
 * at the end of the period (our choice; trial usage is not charged).
 */
function pricing(
	owner: UsageOwner,
	offeringItem: OfferingItem,
	production: number,
): UsageRecord['pricing'] {
	if (owner.currency === null || owner.user || offeringItem.price === undefined) return null;
	const cents = Math.round(Number(offeringItem.price) * 100) * production;
	return {
		currency: owner.currency,
		mode: owner.pricingMode,
		price: offeringItem.price,
		totalCost: (cents / 100).toFixed(2),
	};
}

/** A copy of a filler template's rows for the n-th filler customer. */
export function recordsFor(template: UsageRecord[], tenant: UsageOwner['tenant']): UsageRecord[] {
	return template.map((record) => ({ ...record, tenant: { ...tenant } }));
}

/**
 * A tenant's live usage (GET /tenants/{id}/usages) on `today`: `value` is today's usage and
 * `absolute_value` the highest daily usage since `range_start` (the first of the month), the
 * same figures as usage.absolute.total and usage.effective.total of a report over those days.
 */
export function liveUsage(
	tenant: { id: string; kind: TenantKind; legacyId: number },
	today: string,
): UsageOutput[] {
	const owner = { valueSeed: tenant.id };
	const rangeStart = firstOfMonth(today);
	return offeringItemsOf(tenant.kind).map((offeringItem) => {
		const usage = new ItemUsage(owner, offeringItem);
		const { absolute, effective } = usage.over(rangeStart, today);
		return {
			application_id: offeringItem.application.id,
			name: offeringItem.name,
			edition: offeringItem.edition,
			usage_name: offeringItem.usageName,
			type: offeringItem.type,
			measurement_unit: offeringItem.unit,
			...(offeringItem.infra ? { infra_id: offeringItem.infra.id } : {}),
			tenant_uuid: tenant.id,
			tenant_id: tenant.legacyId,
			range_start: `${rangeStart}T00:00:00`,
			absolute_value: effective,
			value: absolute,
			offering_item: usage.offeringItemState(),
		};
	});
}

/**
 * A tenant's usage today of the offering items with this usage name (on this storage, if given),
 * summed: what GET /tenants/{id}/children?order=usage.<usage name> sorts by.
 */
export function usageToday(
	tenant: { id: string; kind: TenantKind },
	usageName: string,
	infraId: string | undefined,
	today: string,
): number {
	const day = dayNumber(today);
	return offeringItemsOf(tenant.kind)
		.filter((i) => i.usageName === usageName && (infraId === undefined || i.infra?.id === infraId))
		.reduce((sum, i) => sum + new ItemUsage({ valueSeed: tenant.id }, i).on(day), 0);
}

/** A tenant's offering items as GET /tenants?with_offering_items=true lists them (`items_3`). */
export function tenantOfferingItems(tenant: {
	id: string;
	kind: TenantKind;
}): Array<Record<string, unknown>> {
	return offeringItemsOf(tenant.kind).map((offeringItem) => {
		const state = new ItemUsage({ valueSeed: tenant.id }, offeringItem).offeringItemState();
		return {
			application_id: offeringItem.application.id,
			name: offeringItem.name,
			edition: offeringItem.edition,
			usage_name: offeringItem.usageName,
			tenant_id: tenant.id,
			status: state.status,
			type: offeringItem.type,
			measurement_unit: offeringItem.unit,
			quota: state.quota,
			...(offeringItem.infra ? { infra_id: offeringItem.infra.id } : {}),
		};
	});
}

/** One owner's daily usage of one offering item. */
class ItemUsage {
	private readonly seed: string;
	private readonly seedHash: number;
	private readonly base: number;

	constructor(
		owner: { valueSeed: string },
		private readonly offeringItem: OfferingItem,
	) {
		this.seed = `${owner.valueSeed}|${offeringItem.name}`;
		this.seedHash = fnv1a(this.seed);
		this.base = baseValue(this.seedHash, offeringItem);
	}

	/** About one in seven owner and item pairs uses nothing (its offering item is off). */
	get isZero(): boolean {
		return this.base === 0;
	}

	/**
	 * Usage on a day: grows slowly over the year (or, for one pair in four, shrinks, so that
	 * deltas are negative as in Acronis's files) and wobbles a little from day to day.
	 */
	on(day: number): number {
		if (this.base === 0) return 0;
		const trend = ((day % 365) / 365) * 0.2;
		const growth = this.seedHash % 4 === 1 ? 1 - trend : 1 + trend;
		const wobble = 0.96 + (mix32(this.seedHash + Math.imul(day, 0x9e3779b1)) % 81) / 1000;
		const value = Math.round(this.base * growth * wobble);
		return this.offeringItem.unit === 'bytes' ? value : Math.max(1, value);
	}

	/**
	 * absolute: usage on the last day; delta: change since the day before the first;
	 * effective: the highest daily usage within the days.
	 */
	over(start: string, end: string): { absolute: number; delta: number; effective: number } {
		const first = dayNumber(start);
		const last = dayNumber(end);
		let effective = 0;
		for (let day = first; day <= last; day++) effective = Math.max(effective, this.on(day));
		const absolute = this.on(last);
		return { absolute, delta: absolute - this.on(first - 1), effective };
	}

	/** Status 1 (on) unless unused; a quota on some count items. */
	offeringItemState(): {
		status: number;
		quota: { value: number | null; overage: number | null; version: number };
	} {
		const h = fnv1a(`${this.seed}|quota`);
		const limited = this.offeringItem.unit === 'quantity' && this.base > 0 && h % 3 === 0;
		const value = Math.ceil(this.offeringItem.max * 1.25);
		return {
			status: this.base === 0 ? 0 : 1,
			quota: limited
				? { value, overage: Math.ceil(value / 10), version: 1 + (h % 4) }
				: { value: null, overage: null, version: 0 },
		};
	}
}

function baseValue(h: number, offeringItem: OfferingItem): number {
	if (h % 7 === 0) return 0;
	return 1 + Math.floor(((h % 1_000_003) / 1_000_003) * offeringItem.max);
}

function production(value: number): UsageValues {
	return { production: value, trial: 0, total: value };
}

function trial(value: number): UsageValues {
	return { production: 0, trial: value, total: value };
}
