import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { AcronisClient } from '../../../shared/transport/client';
import type { Operation } from '../node.type';
import { readReportId, reportIdField } from '../../../shared/fields/report';
import { reportTenantField } from '../../../shared/fields/tenant';

/**
 * An operation that takes a report and nothing else: Get, Enable, Disable, List Files. The
 * tenant only chooses what the report list shows.
 */
export function reportIdOperation(
	operation: string,
	toolDescription: string,
	run: (
		client: AcronisClient<IExecuteFunctions>,
		reportId: string,
		itemIndex: number,
	) => Promise<INodeExecutionData[]>,
): Operation<string> {
	return {
		description: updateDisplayOptions({ show: { operation: [operation] } }, [
			reportTenantField,
			reportIdField,
		]),
		toolDescription,
		prepare: readReportId,
		execute: async (reportId, client, itemIndex) => await run(client, reportId, itemIndex),
	};
}
