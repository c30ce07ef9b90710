import { setReportEnabled } from '../../../shared/transport/reports';
import { reportIdOperation } from './reportIdOperation';

export const { description, prepare, execute } = reportIdOperation(
	'disable',
	async (client, reportId, itemIndex) => [
		{ json: await setReportEnabled(client, reportId, false, itemIndex) },
	],
);
