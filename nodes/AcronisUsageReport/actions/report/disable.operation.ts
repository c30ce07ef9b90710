import { setReportEnabled } from '../../../shared/api/reports';
import { reportIdOperation } from './reportIdOperation';

export const { description, toolDescription, prepare, execute } = reportIdOperation(
	'disable',
	"Disables a scheduled Acronis usage report, so that it is no longer generated; returns the report. Changes the account. Report: the report's ID (a UUID), as Get Many gives it.",
	async (client, reportId, itemIndex) => [
		{ json: await setReportEnabled(client, reportId, false, itemIndex) },
	],
);
