import { getReport } from '../../../shared/transport/reports';
import {
	listStoredFiles,
	noFileComing,
	storedFileJson,
} from '../../../shared/transport/storedFiles';
import { reportIdOperation } from './reportIdOperation';

export const { description, prepare, execute } = reportIdOperation(
	'getFiles',
	async (client, reportId, itemIndex) => {
		const files = await listStoredFiles(client, reportId, itemIndex);
		if (files.length === 0) {
			// Said beside the empty output, instead of n8n's "No output data returned".
			const report = await getReport(client, reportId, itemIndex);
			const why = noFileComing(report);
			client.context.addExecutionHints({
				message: why?.message ?? `Report ${reportId} has no files yet: they are being generated`,
				location: 'outputPane',
			});
		}
		return files.map((file) => ({ json: storedFileJson(client.node, file, reportId) }));
	},
);
