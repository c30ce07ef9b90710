import type { IDataObject } from 'n8n-workflow';

import { chunks, mapConcurrently } from '../transport/concurrency';
import type { AcronisClient } from '../transport/client';

/** One usage entry of a tenant, as GET /tenants/{id}/usages lists it. */
export interface UsageEntry {
	application_id: string;
	/** The offering item, e.g. "adv_vms" or "storage". */
	name: string;
	edition: string | null;
	usage_name: string;
	type: string;
	measurement_unit: string;
	infra_id?: string;
	range_start: string;
	absolute_value?: number;
	value: number;
	offering_item?: {
		status: number;
		quota?: { value: number | null; overage: number | null; version: number };
	};
}

/** GET /tenants/usages takes this many tenants at a time here (the API states no maximum). */
const TENANTS_PER_REQUEST = 100;

/** What to leave out: only these usage names and editions, when given. */
export interface UsageFilter {
	usageNames?: string[];
	editions?: string[];
}

/**
 * The live usage of each tenant, in the order given: one request for one tenant, batches of
 * tenants otherwise. A tenant a batch answer leaves out is asked for on its own: its usage, or
 * the API's error for it, never silence.
 */
export async function getLiveUsage(
	client: AcronisClient,
	tenantIds: string[],
	filter: UsageFilter,
	itemIndex: number,
): Promise<Array<{ tenantId: string; usages: UsageEntry[] }>> {
	const qs: IDataObject = {};
	if (filter.usageNames?.length) qs.usage_names = filter.usageNames.join(',');
	if (filter.editions?.length) qs.editions = filter.editions.join(',');
	const ofOne = async (tenantId: string): Promise<UsageEntry[]> => {
		const { body } = await client.request<{ items?: UsageEntry[] }>(
			{ method: 'GET', path: `/tenants/${tenantId}/usages`, qs },
			itemIndex,
		);
		return body.items ?? [];
	};
	if (tenantIds.length === 1)
		return [{ tenantId: tenantIds[0], usages: await ofOne(tenantIds[0]) }];
	const answers = await mapConcurrently(
		chunks(tenantIds, TENANTS_PER_REQUEST),
		4,
		async (batch) => {
			const { body } = await client.request<{
				items?: Array<{ tenant: string; usages?: UsageEntry[] }>;
			}>(
				{ method: 'GET', path: '/tenants/usages', qs: { ...qs, tenants: batch.join(',') } },
				itemIndex,
			);
			return body.items ?? [];
		},
	);
	const byTenant = new Map(answers.flat().map((entry) => [entry.tenant, entry.usages ?? []]));
	const leftOut = tenantIds.filter((tenantId) => !byTenant.has(tenantId));
	const alone = await mapConcurrently(leftOut, 4, ofOne);
	leftOut.forEach((tenantId, index) => byTenant.set(tenantId, alone[index]));
	return tenantIds.map((tenantId) => ({ tenantId, usages: byTenant.get(tenantId)! }));
}
