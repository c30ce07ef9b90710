import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { toUuid } from '../../helpers/validation';
import { acronisApiRequest } from '../../transport';

/** Enable and Disable differ only in this flag: PUT {"schedule":{"enabled":…}}. */
export async function setScheduleEnabled(
	ctx: IExecuteFunctions,
	itemIndex: number,
	enabled: boolean,
): Promise<INodeExecutionData[]> {
	const reportId = toUuid(
		ctx.getNode(),
		itemIndex,
		'Report ID',
		ctx.getNodeParameter('reportId', itemIndex),
	);
	const { body: report } = await acronisApiRequest(
		ctx,
		{ method: 'PUT', path: `/reports/${reportId}`, body: { schedule: { enabled } } },
		itemIndex,
	);
	return [{ json: report }];
}
