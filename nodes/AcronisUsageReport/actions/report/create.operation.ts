import type { INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { formatsField, tenantIdField } from '../../../shared/descriptions';
import type { Parameters } from '../../../shared/parameters';
import type { AcronisClient } from '../../../shared/transport/client';
import { createReport } from '../../../shared/transport/reports';
import { defaultSince } from '../versions';
import type { ReportDraft } from './reportBody';
import {
	deliveryFields,
	readReportDraft,
	reportOptionsField,
	reportParameterFields,
	scheduleFields,
	withTenant,
} from './reportBody';

export const description = updateDisplayOptions({ show: { operation: ['create'] } }, [
	tenantIdField,
	...deliveryFields,
	...reportParameterFields,
	// A node added today makes the file Rows read (Download File's default output).
	...defaultSince(formatsField, 1.2, ['csv_v2_0']),
	...scheduleFields,
	reportOptionsField,
]);

export function prepare(params: Parameters): ReportDraft {
	return readReportDraft(params);
}

export async function execute(
	draft: ReportDraft,
	client: AcronisClient,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const body = await withTenant(draft, client, itemIndex);
	return [{ json: await createReport(client, body, itemIndex) }];
}
