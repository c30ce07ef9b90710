import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { binaryPropertyField, readBinaryPropertyName } from '../../../shared/descriptions';
import type { Parameters } from '../../../shared/parameters';
import type { AcronisClient } from '../../../shared/transport/client';
import { createReport } from '../../../shared/transport/reports';
import { downloadStoredFiles, waitForSavedFiles } from '../../../shared/transport/storedFiles';
import { checkWaitTimeout, waitTimeoutField } from './common.descriptions';
import type { ReportDraft } from './reportBody';
import {
	readReportDraft,
	reportOptionsField,
	reportParameterFields,
	withTenant,
} from './reportBody';

/** Generating takes a while: waiting is the point of this operation. */
const generationWaitField = { ...waitTimeoutField, typeOptions: { minValue: 1 } };

export const description = updateDisplayOptions({ show: { operation: ['generateAndDownload'] } }, [
	...reportParameterFields,
	binaryPropertyField,
	generationWaitField,
	reportOptionsField,
]);

interface GenerateInput {
	report: ReportDraft;
	binaryPropertyName: string;
	timeoutSeconds: number;
}

export function prepare(params: Parameters): GenerateInput {
	return {
		binaryPropertyName: readBinaryPropertyName(params),
		timeoutSeconds: checkWaitTimeout(
			params,
			params.get(generationWaitField.name, generationWaitField.default),
		),
		report: readReportDraft(params, { resultAction: 'save', scheduleType: 'once' }),
	};
}

/**
 * The common "give me last month's usage as a file" job in one step: a one-time report saved
 * in the cloud, generated now, waited for, and each of its files output as binary data.
 */
export async function execute(
	{ report: draft, binaryPropertyName, timeoutSeconds }: GenerateInput,
	client: AcronisClient<IExecuteFunctions>,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const body = await withTenant(draft, client, itemIndex);
	const report = await createReport(client, body, itemIndex);
	const formats = (body.parameters as IDataObject).formats as string[];
	const files = await waitForSavedFiles(
		client,
		String(report.id),
		{ timeoutSeconds, formats },
		itemIndex,
	);
	return await downloadStoredFiles(client, report, files, binaryPropertyName, itemIndex);
}
