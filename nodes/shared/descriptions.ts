import type { INodeProperties } from 'n8n-workflow';

import type { Parameters } from './parameters';
import { toFieldName, toOptionalUuid } from './validation';

/** Fields both nodes show, each with its reader. */

export const tenantIdField: INodeProperties = {
	displayName: 'Tenant ID',
	name: 'tenantId',
	type: 'string',
	default: '',
	placeholder: "Leave empty for the credential's own tenant",
	description:
		'UUID of the tenant (partner, customer, unit…) the reports are about. Empty means the tenant of the API client or token in the credential.',
};

/** The Tenant ID; undefined when left empty for the credential's tenant. */
export function readTenantId(params: Parameters): string | undefined {
	return toOptionalUuid(params, tenantIdField, params.get(tenantIdField.name, ''));
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
