import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readReportId, reportIdField } from './common.descriptions';
import { setScheduleEnabled } from './setEnabled';

export const description = updateDisplayOptions({ show: { operation: ['disable'] } }, [
	reportIdField,
]);

export function prepare(this: IExecuteFunctions, itemIndex: number): string {
	return readReportId(this, itemIndex);
}

export async function execute(
	this: IExecuteFunctions,
	reportId: string,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await setScheduleEnabled(this, reportId, false, itemIndex);
}
