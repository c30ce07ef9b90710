import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { RowSelection } from '../rows/selection';
import type { FieldValues } from './fieldValues';
import { describe, fail, splitList, toBoolean } from './validation';

/** The options that narrow usage rows and sum them (../rows/selection), with their reader. */

export const onlyTenantsOption: INodeProperties = {
	displayName: 'Only Tenants',
	name: 'onlyTenants',
	type: 'string',
	default: '',
	placeholder: 'e.g. Contoso Dental, C-1042',
	description:
		'Only the rows of these tenants: exact names, customer IDs or UUIDs, separated by commas (by semicolons or new lines where a name holds a comma); an expression may return an array',
};

export const onlyOfferingItemsOption: INodeProperties = {
	displayName: 'Only Offering Items',
	name: 'onlyOfferingItems',
	type: 'string',
	default: '',
	placeholder: 'e.g. storage, workstations',
	description:
		'Only the rows of these offering items, as the offering_item column names them, separated by commas',
};

export const onlyEditionsOption: INodeProperties = {
	displayName: 'Only Editions',
	name: 'onlyEditions',
	type: 'string',
	default: '',
	placeholder: 'e.g. standard, advanced',
	description: 'Only the rows of these editions, separated by commas',
};

export const sumOption: INodeProperties = {
	displayName: 'Sum per Tenant and Offering Item',
	name: 'sumPerTenant',
	type: 'boolean',
	default: false,
	description:
		'Whether to give one row per tenant and offering item (per day in a daily report), its figures summed over editions, infrastructures and applications, with the editions it covers and the number of lines summed',
};

/** Reads the options above from an options collection's value. */
export function readRowSelection(values: FieldValues, options: IDataObject): RowSelection {
	return {
		tenants: toNames(values, onlyTenantsOption, options.onlyTenants),
		offeringItems: toNames(values, onlyOfferingItemsOption, options.onlyOfferingItems),
		editions: toNames(values, onlyEditionsOption, options.onlyEditions),
		sum: toBoolean(values, sumOption, options.sumPerTenant ?? false),
	};
}

/**
 * Names separated as `splitList` does, or an array of them; undefined when none.
 */
export function toNames(
	values: FieldValues,
	field: Pick<INodeProperties, 'displayName'>,
	value: unknown,
): string[] | undefined {
	const entries =
		value === undefined || value === null
			? []
			: Array.isArray(value)
				? value
				: typeof value === 'string'
					? splitList(value)
					: [value];
	const names = entries.map((entry) => {
		if (typeof entry === 'number') return String(entry);
		if (typeof entry !== 'string') {
			fail(
				values,
				`${field.displayName} must be names separated by commas, got ${describe(entry)}`,
				'For example: storage, workstations; an expression may also return an array of names.',
			);
		}
		return entry.trim();
	});
	const given = names.filter((name) => name !== '');
	return given.length > 0 ? given : undefined;
}
