import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { NODES_DESCRIPTION } from '../shared/nodeDescription';
import { getReports, searchTenants } from '../shared/pickers/lists';
import { pollStoredFiles } from './poll';
import { triggerProperties } from './settings';

export class AcronisUsageReportTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Acronis Usage Report Trigger',
		name: 'acronisUsageReportTrigger',
		icon: { light: 'file:../../icons/acronis.svg', dark: 'file:../../icons/acronis.dark.svg' },
		group: ['trigger'],
		// 1.1: stored files say compressed_size and file_size.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{ $parameter["reports"] === "selected" ? "selected reports" : "all reports" }}',
		description: NODES_DESCRIPTION,
		defaults: { name: 'Acronis Usage Report Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'acronisApi', required: true }],
		properties: triggerProperties,
	};

	methods = { listSearch: { searchTenants }, loadOptions: { getReports } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollStoredFiles(this);
	}
}
