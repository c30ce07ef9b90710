/**
 * What the node's rows must hold, worked out from the simulator's own record of a report file
 * (not by reading the file): for the integration tests and the end-to-end billing chain.
 */
import type { IDataObject } from 'n8n-workflow';

import type { UsageRecord } from '../simulator/index.cjs';

export /** A usage line as the node outputs it. */
function expectedUsageRow(
	record: UsageRecord,
	file: { reportId: string; format: string; storedFileId: string },
): IDataObject {
	const values = (measure: 'absolute' | 'delta' | 'effective') =>
		Object.fromEntries(
			(['production', 'trial', 'total'] as const).map((part) => [
				`usage_${measure}_${part}`,
				record[measure][part],
			]),
		);
	return {
		report_id: file.reportId,
		report_format: file.format,
		stored_file_id: file.storedFileId,
		tenant_id: record.tenant.id,
		tenant_name: record.tenant.name,
		tenant_kind: record.tenant.kind,
		user_id: record.user?.id ?? null,
		user_login: record.user?.login ?? null,
		period_start: record.period.start,
		period_end: record.period.end,
		application_id: record.applicationId,
		offering_item: record.offeringItem,
		usage_name: record.usageName,
		edition: record.edition,
		type: record.type,
		unit: record.measurementUnit,
		infra_id: record.infra?.id ?? null,
		infra_owner_id: record.infra?.ownerId ?? null,
		infra_backend_type: record.infra?.backendType ?? null,
		...(record.sku ? { sku_code: record.sku.code, sku_name: record.sku.name } : {}),
		...values('absolute'),
		...values('delta'),
		...values('effective'),
	};
}
