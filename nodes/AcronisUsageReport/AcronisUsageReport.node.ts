import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { NODES_DESCRIPTION, TOOL_DESCRIPTION } from '../shared/nodeDescription';
import { getRecipients, getTenants, searchReports, searchTenants } from '../shared/pickers/lists';
import * as report from './actions/operations';
import { router } from './actions/router';

export class AcronisUsageReport implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Acronis Usage Report',
		name: 'acronisUsageReport',
		icon: { light: 'file:../../icons/acronis.svg', dark: 'file:../../icons/acronis.dark.svg' },
		group: ['transform'],
		// 1.1: a new node starts on Generate and Download; Download File's Wait Timeout is a
		// field of its own, as in Generate and Download.
		// 1.2: defaults a new node runs with as it comes (Create saves a CSV (Version 2.0) file,
		// Download File gives rows); stored files say compressed_size and file_size.
		version: [1, 1.1, 1.2],
		defaultVersion: 1.2,
		subtitle: report.operationSubtitle,
		description: NODES_DESCRIPTION,
		defaults: { name: 'Acronis Usage Report' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// The tool says what it does for a model: the trigger is no tool.
		usableAsTool: { replacements: { description: TOOL_DESCRIPTION } },
		credentials: [{ name: 'acronisApi', required: true }],
		properties: report.description,
	};

	methods = {
		listSearch: { searchReports, searchTenants },
		loadOptions: { getRecipients, getTenants },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
