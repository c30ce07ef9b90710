import type { INodeProperties } from 'n8n-workflow';

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
