import type { INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { tenantIdField } from '../../../shared/descriptions';
import type { Parameters } from '../../../shared/parameters';
import type { AcronisClient } from '../../../shared/transport/client';
import { createReport } from '../../../shared/transport/reports';
import type { ReportDraft } from './reportBody';
import {
	deliveryFields,
	formatsField,
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
	formatsField,
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
