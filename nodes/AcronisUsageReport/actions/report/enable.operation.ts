import { setReportEnabled } from '../../../shared/api/reports';
import { reportIdOperation } from './reportIdOperation';

export const { description, toolDescription, prepare, execute } = reportIdOperation(
	'enable',
	"Enables a scheduled Acronis usage report, so that it is generated again; returns the report. Changes the account. Report: the report's ID (a UUID), as Get Many gives it.",
	async (client, reportId, itemIndex) => [
		{ json: await setReportEnabled(client, reportId, true, itemIndex) },
	],
);
