import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { acronisApiRequest } from '../../transport';
import { reportIdField, readReportId } from './common.descriptions';

export const description = updateDisplayOptions({ show: { operation: ['get'] } }, [reportIdField]);

export function prepare(this: IExecuteFunctions, itemIndex: number): string {
	return readReportId(this, itemIndex);
}

export async function execute(
	this: IExecuteFunctions,
	reportId: string,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { body: report } = await acronisApiRequest(
		this,
		{ method: 'GET', path: `/reports/${reportId}` },
		itemIndex,
	);
	return [{ json: report }];
}
