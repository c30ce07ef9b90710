import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as report from './actions/report';
import { router } from './actions/router';

export class AcronisUsageReport implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Acronis Usage Report',
		name: 'acronisUsageReport',
		icon: { light: 'file:../../icons/acronis.svg', dark: 'file:../../icons/acronis.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": usage report" }}',
		description: 'Create and manage usage reports in Acronis Cyber Protect Cloud',
		defaults: { name: 'Acronis Usage Report' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: 'acronisApi', required: true }],
		properties: report.description,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
