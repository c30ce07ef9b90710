import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { requestOptionsField } from '../../shared/fields/requestOptions';
import type { Operation } from './node.type';
import { answerLimitField, toolDescriptionFields } from './tool';
import { defaultSince } from '../../shared/fields/versions';
import * as create from './report/create.operation';
import * as deleteReport from './report/delete.operation';
import * as disable from './report/disable.operation';
import * as download from './report/download.operation';
import * as enable from './report/enable.operation';
import * as generateAndDownload from './report/generateAndDownload.operation';
import * as get from './report/get.operation';
import * as getAll from './report/getAll.operation';
import * as getFiles from './report/getFiles.operation';
import * as update from './report/update.operation';
import * as getLiveUsage from './liveUsage/getLiveUsage.operation';

/** Operation values are stored in users' workflows: never rename one. */
export const operations: Record<string, Operation> = {
	create,
	get,
	getAll,
	update,
	enable,
	disable,
	delete: deleteReport,
	getFiles,
	download,
	generateAndDownload,
	getLiveUsage,
};

/** The operations as the user reads them, in the list of the Operation field. */
const operationOptions: INodePropertyOptions[] = [
	{
		name: 'Create',
		value: 'create',
		description: 'Create a usage report',
		action: 'Create a usage report',
	},
	{
		name: 'Delete',
		value: 'delete',
		description: 'Delete a report',
		action: 'Delete a usage report',
	},
	{
		name: 'Disable',
		value: 'disable',
		description: 'Stop a scheduled report from being generated',
		action: 'Disable a usage report',
	},
	{
		name: 'Download File',
		value: 'download',
		description: "Download a report's generated files, as files or as usage rows",
		action: 'Download a usage report file',
	},
	{
		name: 'Enable',
		value: 'enable',
		description: 'Let a scheduled report be generated again',
		action: 'Enable a usage report',
	},
	{
		name: 'Generate and Download',
		value: 'generateAndDownload',
		description:
			'Create a one-time report saved in the cloud, wait for its files and output them as files or as usage rows',
		action: 'Generate and download a usage report',
	},
	{
		name: 'Get',
		value: 'get',
		description: 'Get a usage report by its ID',
		action: 'Get a usage report',
	},
	{
		name: 'Get Live Usage',
		value: 'getLiveUsage',
		description: "Get tenants' current usage, refreshed every few hours",
		action: 'Get the live usage of tenants',
	},
	{
		name: 'Get Many',
		value: 'getAll',
		description: "Get a tenant's reports",
		action: 'Get many usage reports',
	},
	{
		name: 'List Files',
		value: 'getFiles',
		description: 'List the generated files of a report',
		action: 'List the files of a usage report',
	},
	{
		name: 'Update',
		value: 'update',
		description: 'Change the recipients, kind or level of a scheduled report',
		action: 'Update a usage report',
	},
];

/** Where a node added today starts; version 1 nodes keep their default (Create). */
const operationFields: INodeProperties[] = defaultSince(
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: operationOptions,
		default: 'create',
	},
	1.1,
	'generateAndDownload',
);

/** The operation's name for the node's subtitle on the canvas, e.g. "Generate and Download". */
export const operationSubtitle = `={{ ${JSON.stringify(
	Object.fromEntries(operationOptions.map(({ value, name }) => [value, name])),
)}[$parameter["operation"]] }}`;

export const description: INodeProperties[] = [
	...operationFields,
	...toolDescriptionFields(operations),
	answerLimitField,
	...create.description,
	...get.description,
	...update.description,
	...enable.description,
	...disable.description,
	...deleteReport.description,
	...getAll.description,
	...getFiles.description,
	...download.description,
	...generateAndDownload.description,
	...getLiveUsage.description,
	requestOptionsField,
];
