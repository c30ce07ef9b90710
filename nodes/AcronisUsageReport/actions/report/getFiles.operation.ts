import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listStoredFiles } from '../../transport/storedFiles';
import { reportIdField, readReportId } from './common.descriptions';

export const description = updateDisplayOptions({ show: { operation: ['getFiles'] } }, [
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
	const files = await listStoredFiles(this, reportId, itemIndex);
	return files.map((file) => ({ json: { ...file, report_id: reportId } }));
}
