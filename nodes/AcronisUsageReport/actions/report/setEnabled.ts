import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { acronisApiRequest } from '../../transport';

/** Enable and Disable differ only in this flag: PUT {"schedule":{"enabled":…}}. */
export async function setScheduleEnabled(
	ctx: IExecuteFunctions,
	reportId: string,
	enabled: boolean,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { body: report } = await acronisApiRequest(
		ctx,
		{ method: 'PUT', path: `/reports/${reportId}`, body: { schedule: { enabled } } },
		itemIndex,
	);
	return [{ json: report }];
}
