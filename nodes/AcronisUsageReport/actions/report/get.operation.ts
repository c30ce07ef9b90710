import { getReport } from '../../../shared/transport/reports';
import { reportIdOperation } from './reportIdOperation';

export const { description, prepare, execute } = reportIdOperation(
	'get',
	async (client, reportId, itemIndex) => [{ json: await getReport(client, reportId, itemIndex) }],
);
