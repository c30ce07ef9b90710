import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getReport } from '../../transport/reports';
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
	return [{ json: await getReport(this, reportId, itemIndex) }];
}
