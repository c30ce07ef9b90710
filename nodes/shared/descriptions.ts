import type { INodeProperties } from 'n8n-workflow';

import type { Parameters } from './parameters';
import { toFieldName, toOptionalUuid, UUID_PATTERN } from './validation';

/**
 * What the nodes are for. n8n lists a node and its trigger as one entry and describes the
 * entry with the trigger's description: both say the same, so the entry reads right.
 */
export const NODES_DESCRIPTION =
	'Create, manage and download usage reports of Acronis Cyber Protect Cloud, and start workflows on new report files';

/** Fields both nodes show, each with its reader. */

export const tenantIdField: INodeProperties = {
	displayName: 'Tenant',
	// Named so since the field took a typed UUID: saved workflows keep working.
	name: 'tenantId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	description:
		"The tenant (partner, customer, unit…) whose reports these are. Empty: the credential's own tenant.",
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: "The credential's own tenant",
			typeOptions: { searchListMethod: 'searchTenants', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. ede9f834-70b3-476c-83d9-736f9f8c7dae',
			validation: [
				{
					type: 'regex',
					properties: { regex: UUID_PATTERN, errorMessage: 'Enter a tenant UUID' },
				},
			],
		},
	],
};

/** The chosen tenant; undefined when left empty for the credential's tenant. */
export function readTenantId(params: Parameters): string | undefined {
	// Only an empty text means "the credential's": null from an expression is a mistake.
	return toOptionalUuid(
		params,
		tenantIdField,
		params.get(tenantIdField.name, '', { extractValue: true }),
	);
}

export const binaryPropertyField: INodeProperties = {
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	hint: 'The name of the output binary field to put the file in',
};

export function readBinaryPropertyName(params: Parameters): string {
	return toFieldName(
		params,
		binaryPropertyField,
		params.get(binaryPropertyField.name, binaryPropertyField.default),
	);
}

/** The files a report is made in: Create and Generate and Download ask, report labels name them. */
export const formatsField: INodeProperties = {
	displayName: 'Formats',
	name: 'formats',
	type: 'multiOptions',
	options: [
		{ name: 'CSV', value: 'csv', description: 'Comma-separated values' },
		{
			name: 'CSV (Version 2.0)',
			value: 'csv_v2_0',
			description: 'Comma-separated values, version 2.0 layout: one usage line per row',
		},
		{ name: 'HTML', value: 'html', description: 'A web page' },
		{ name: 'JSON (Version 1)', value: 'json_v1', description: 'JSON, version 1 layout' },
		{
			name: 'JSON (Version 2.0)',
			value: 'json_v2_0',
			description: 'JSON, version 2.0 layout: one usage line per entry',
		},
	],
	default: ['csv'],
	description: 'File formats to generate',
};

/** The optional fields of an operation, behind "Add Option", after its other fields. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}
