import type { INodeProperties } from 'n8n-workflow';

import type { OperationExecute } from '../../helpers/interfaces';
import * as create from './create.operation';
import * as disable from './disable.operation';
import * as enable from './enable.operation';
import * as get from './get.operation';
import * as update from './update.operation';

/** Operation values are stored in users' workflows: never rename one. */
export const operations: Record<string, { execute: OperationExecute }> = {
	create,
	get,
	update,
	enable,
	disable,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a usage report',
				action: 'Create a usage report',
			},
			{
				name: 'Disable',
				value: 'disable',
				description: 'Stop a scheduled report from being generated',
				action: 'Disable a usage report',
			},
			{
				name: 'Enable',
				value: 'enable',
				description: 'Let a scheduled report be generated again',
				action: 'Enable a usage report',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a usage report by its ID',
				action: 'Get a usage report',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change the recipients, kind or level of a scheduled report',
				action: 'Update a usage report',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...update.description,
	...enable.description,
	...disable.description,
];
