import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { reportIdField } from './common.descriptions';
import { setScheduleEnabled } from './setEnabled';

export const description = updateDisplayOptions({ show: { operation: ['disable'] } }, [
	reportIdField,
]);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await setScheduleEnabled(this, itemIndex, false);
}
