import { listStoredFiles } from '../../../shared/transport/storedFiles';
import { reportIdOperation } from './reportIdOperation';

export const { description, prepare, execute } = reportIdOperation(
	'getFiles',
	async (client, reportId, itemIndex) => {
		const files = await listStoredFiles(client, reportId, itemIndex);
		return files.map((file) => ({ json: { ...file, report_id: reportId } }));
	},
);
