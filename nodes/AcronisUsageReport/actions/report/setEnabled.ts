import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { acronisApiRequest } from '../../transport';
import { readReportId } from './common.descriptions';

/** Enable and Disable differ only in this flag: PUT {"schedule":{"enabled":…}}. */
export async function setScheduleEnabled(
	ctx: IExecuteFunctions,
	itemIndex: number,
	enabled: boolean,
): Promise<INodeExecutionData[]> {
	const reportId = readReportId(ctx, itemIndex);
	const { body: report } = await acronisApiRequest(
		ctx,
		{ method: 'PUT', path: `/reports/${reportId}`, body: { schedule: { enabled } } },
		itemIndex,
	);
	return [{ json: report }];
}
