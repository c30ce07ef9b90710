import { getReport } from '../../../shared/api/reports';
import { listStoredFiles, storedFileJson } from '../../../shared/api/storedFiles';
import { noFileComing } from '../../../shared/api/waitForFiles';
import { reportIdOperation } from './reportIdOperation';

export const { description, toolDescription, prepare, execute } = reportIdOperation(
	'getFiles',
	"Lists the generated files of an Acronis usage report: for each its ID, format, status (saved, in_progress or failed), created_at and compressed_size in bytes. Report: the report's ID (a UUID), as Get Many gives it.",
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
