/**
 * What the node's rows must hold, worked out from the simulator's own record of a report file
 * (not by reading the file) and the layout it was written in: for the integration tests and the
 * end-to-end billing chain. Each column is stated here as the README promises it.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ReportFileOptions, Simulator, UsageRecord } from '../simulator/index.cjs';

/** A stored file and what the rows take from its report. */
export interface ExpectedFile {
	reportId: string;
	format: 'csv_v2_0' | 'json_v2_0' | string;
	storedFileId: string;
	/** The period the report (or, for a monthly report, this generation) covers. */
	period: { start: string; end: string };
	kind?: string;
	level?: string;
	/** The day the file was generated (the simulator's today then). */
	generatedOn?: string;
	layout?: ReportFileOptions;
}

/** A stored file of the simulator as the rows see it, from the simulator's own facts. */
export function expectedFile(
	simulator: Simulator,
	reportId: string,
	storedFileId: string,
): ExpectedFile {
	const facts = simulator.storedFileFacts(reportId, storedFileId);
	return { reportId, storedFileId, ...facts };
}

/** Every row of a stored file of the simulator, as the node must output them. */
export function expectedFileRows(
	simulator: Simulator,
	reportId: string,
	storedFileId: string,
): IDataObject[] {
	const file = expectedFile(simulator, reportId, storedFileId);
	return simulator
		.reportUsage(reportId, storedFileId)
		.map((record) => expectedUsageRow(record, file));
}

/** A usage line as the node outputs it from a file of either format. */
export function expectedUsageRow(record: UsageRecord, file: ExpectedFile): IDataObject {
	return file.format === 'json_v2_0' ? expectedJsonRow(record, file) : expectedCsvRow(record, file);
}

/** csv_v2_0: Acronis's 29 columns, empty cells null, numbers and True/False typed. */
export function expectedCsvRow(record: UsageRecord, file: ExpectedFile): IDataObject {
	const layout = file.layout ?? {};
	const values = (measure: 'absolute' | 'delta' | 'effective') =>
		Object.fromEntries(
			(['production', 'trial', 'total'] as const).map((part) => [
				`usage_${measure}_${part}`,
				record[measure][part],
			]),
		);
	const daily = file.kind === 'usage_daily';
	return {
		tenant_name: record.tenant.name,
		tenant_kind: record.tenant.kind,
		offering_item: record.offeringItem,
		edition: record.edition,
		...values('absolute'),
		...values('delta'),
		...values('effective'),
		// Acronis leaves the unit of a count empty.
		unit: record.measurementUnit === 'quantity' ? null : record.measurementUnit,
		period_start: layout.csvPeriodColumns ? record.period.start : file.period.start,
		period_end: layout.csvPeriodColumns ? record.period.end : file.period.end,
		date: !daily && layout.csvDate === 'generationDay' ? file.generatedOn : record.period.end,
		is_range: record.isRange,
		quota_value: record.quota.value,
		pricing_currency: record.pricing?.currency ?? null,
		pricing_mode: record.pricing?.mode ?? null,
		pricing_price: record.pricing ? Number(record.pricing.price) : null,
		pricing_total_cost: record.pricing ? Number(record.pricing.totalCost) : null,
		application_name: record.application.name,
		infra_name: record.infra?.name ?? null,
		tenant_customer_id: record.tenant.customerId,
		...(record.sku ? { sku_code: record.sku.code, sku_name: record.sku.name } : {}),
		...userColumns(record, file),
		tenant_id: record.tenant.id,
		application_id: record.application.id,
		infra_id: record.infra?.id ?? null,
		infra_owner_id: record.infra?.ownerId ?? null,
		infra_backend_type: null,
		report_id: file.reportId,
		report_format: file.format,
		stored_file_id: file.storedFileId,
	};
}

/**
 * json_v2_0: the tenant service usage object Acronis documents, flattened; the tenant's name
 * and kind looked up, as the file has neither.
 */
export function expectedJsonRow(record: UsageRecord, file: ExpectedFile): IDataObject {
	return {
		tenant_name: record.tenant.name,
		tenant_kind: record.tenant.kind,
		offering_item: record.offeringItem,
		edition: record.edition,
		value: record.absolute.total,
		absolute_value: record.effective.total,
		unit: record.measurementUnit,
		period_start: file.period.start,
		period_end: file.period.end,
		range_start: record.period.start,
		usage_name: record.usageName,
		type: record.type,
		quota_value: record.quota.value,
		quota_overage: record.quota.overage,
		quota_version: record.quota.version,
		offering_item_status: record.offeringItemStatus,
		...(record.sku ? { sku_code: record.sku.code, sku_name: record.sku.name } : {}),
		...userColumns(record, file),
		tenant_id: record.tenant.id,
		tenant_legacy_id: record.tenant.legacyId,
		application_id: record.application.id,
		infra_id: record.infra?.id ?? null,
		report_id: file.reportId,
		report_format: file.format,
		stored_file_id: file.storedFileId,
	};
}

/** A file with rows of user accounts has their columns in every row, null on tenant rows. */
function userColumns(record: UsageRecord, file: ExpectedFile): IDataObject {
	if (!file.layout?.userRows || file.level !== 'accounts') return {};
	return { user_id: record.user?.id ?? null, user_login: record.user?.login ?? null };
}
