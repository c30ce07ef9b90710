import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { binaryPropertyField } from '../AcronisUsageReport/actions/report/common.descriptions';
import { pollStoredFiles } from './poll';

export class AcronisUsageReportTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Acronis Usage Report Trigger',
		name: 'acronisUsageReportTrigger',
		icon: { light: 'file:../../icons/acronis.svg', dark: 'file:../../icons/acronis.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["reports"] === "selected" ? "selected reports" : "all reports" }}',
		description:
			'Starts the workflow when Acronis Cyber Protect Cloud saves a new usage report file',
		defaults: { name: 'Acronis Usage Report Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'acronisApi', required: true }],
		properties: [
			{
				displayName: 'Reports',
				name: 'reports',
				type: 'options',
				options: [
					{
						name: 'All Reports of a Tenant',
						value: 'all',
						description: 'Every usage report about the tenant, including ones created later',
					},
					{
						name: 'Selected Reports',
						value: 'selected',
						description: 'Only the reports whose IDs you enter',
					},
				],
				default: 'all',
				description: 'Which reports to watch for new files',
			},
			{
				displayName: 'Tenant ID',
				name: 'tenantId',
				type: 'string',
				default: '',
				placeholder: "Leave empty for the credential's own tenant",
				description: 'UUID of the tenant whose reports to watch',
				displayOptions: { show: { reports: ['all'] } },
			},
			{
				displayName: 'Report IDs',
				name: 'reportIds',
				type: 'string',
				default: '',
				required: true,
				placeholder: '20dffb36-d77b-45c6-b2fa-39276e98d5fc',
				description:
					'UUIDs of the reports to watch, separated by commas (an expression may return an array)',
				displayOptions: { show: { reports: ['selected'] } },
			},
			{
				displayName: 'Download File',
				name: 'download',
				type: 'boolean',
				default: true,
				description: 'Whether to download each new file into the binary data of its item',
			},
			{ ...binaryPropertyField, displayOptions: { show: { download: [true] } } },
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Include Existing Files',
						name: 'includeExisting',
						type: 'boolean',
						default: false,
						description:
							'Whether the first poll after activation emits the files that already exist; by default it only remembers them',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollStoredFiles(this);
	}
}
