import type { INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { CREATING_START_CONCURRENCY, createReport } from '../../../shared/api/reports';
import type { FieldValues } from '../../../shared/fields/fieldValues';
import type { NewReport } from '../../../shared/fields/newReport';
import {
	deliveryFields,
	newReportBody,
	readNewReport,
	reportOptionsField,
	reportParameterFields,
	scheduleFields,
} from '../../../shared/fields/newReport';
import { formatsField } from '../../../shared/fields/report';
import { tenantIdField } from '../../../shared/fields/tenant';
import { defaultSince } from '../../../shared/fields/versions';
import type { AcronisClient } from '../../../shared/transport/client';

export const startConcurrency = CREATING_START_CONCURRENCY;

export const toolDescription =
	"Creates an Acronis Cyber Protect Cloud usage report of a tenant, one-time or monthly, saved for download or emailed; returns the report with its ID. Changes the account: only when asked to create a report. Tenant: the tenant's exact name or customer ID, or its UUID; empty for the credential's own tenant.";

export const description = updateDisplayOptions({ show: { operation: ['create'] } }, [
	tenantIdField,
	...deliveryFields,
	...reportParameterFields,
	// A node added today makes the file Rows read (Download File's default output).
	...defaultSince(formatsField, 1.2, ['csv_v2_0']),
	...scheduleFields,
	reportOptionsField,
]);

export function prepare(values: FieldValues): NewReport {
	return readNewReport(values);
}

export async function execute(
	report: NewReport,
	client: AcronisClient,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tenantId = await client.resolveTenant(report.tenant, itemIndex);
	return [{ json: await createReport(client, newReportBody(report, tenantId), itemIndex) }];
}
