import type { INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { AcronisClient } from '../../../shared/transport/client';
import type { Operation } from '../node.type';
import { readReportId, reportIdField } from './common.descriptions';

/** An operation that takes a Report ID and nothing else: Get, Enable, Disable, List Files. */
export function reportIdOperation(
	operation: string,
	run: (
		client: AcronisClient,
		reportId: string,
		itemIndex: number,
	) => Promise<INodeExecutionData[]>,
): Operation<string> {
	return {
		description: updateDisplayOptions({ show: { operation: [operation] } }, [reportIdField]),
		prepare: readReportId,
		execute: async (reportId, client, itemIndex) => await run(client, reportId, itemIndex),
	};
}
