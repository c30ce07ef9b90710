import { getReport } from '../../../shared/api/reports';
import { reportIdOperation } from './reportIdOperation';

export const { description, toolDescription, prepare, execute } = reportIdOperation(
	'get',
	"Returns one Acronis Cyber Protect Cloud usage report: its kind (usage_summary, usage_daily, usage_current or usage_breakdown), level, formats, period, schedule (once or monthly; enabled or not) and result action (saved for download, or emailed). Report: the report's ID (a UUID), as Get Many gives it.",
	async (client, reportId, itemIndex) => [{ json: await getReport(client, reportId, itemIndex) }],
);
