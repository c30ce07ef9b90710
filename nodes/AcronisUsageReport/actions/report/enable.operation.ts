import { setReportEnabled } from '../../../shared/transport/reports';
import { reportIdOperation } from './reportIdOperation';

export const { description, prepare, execute } = reportIdOperation(
	'enable',
	async (client, reportId, itemIndex) => [
		{ json: await setReportEnabled(client, reportId, true, itemIndex) },
	],
);
