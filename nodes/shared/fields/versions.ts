import type { INodeProperties } from 'n8n-workflow';

/**
 * Node versions: a field whose default changed is declared once per default, each shown for the
 * versions it belongs to, so that a workflow saved before runs as it did.
 */

export function since(version: number): INodeProperties['displayOptions'] {
	return { show: { '@version': [{ _cnd: { gte: version } }] } };
}

export function before(version: number): INodeProperties['displayOptions'] {
	return { show: { '@version': [{ _cnd: { lt: version } }] } };
}

/** The field with its default until `version`, and with `newDefault` from then on. */
export function defaultSince(
	field: INodeProperties,
	version: number,
	newDefault: INodeProperties['default'],
): INodeProperties[] {
	return [
		{ ...field, displayOptions: before(version) },
		{ ...field, default: newDefault, displayOptions: since(version) },
	];
}
