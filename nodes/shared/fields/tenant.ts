import type { INodeProperties } from 'n8n-workflow';

import type { FieldValues } from './fieldValues';
import type { Field } from './validation';
import { isUuid, splitList, toOptionalText, toOptionalUuid, UUID_PATTERN } from './validation';

/**
 * Which tenant: the credential's own (its API client's, or its token user's), one given by ID,
 * or one given by its name or customer ID (looked up when the item runs).
 */
export type TenantChoice = 'credential' | { id: string } | { name: string };

export const tenantIdField: INodeProperties = {
	displayName: 'Tenant',
	// Named so since the field took a typed UUID: saved workflows keep working.
	name: 'tenantId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	description:
		"The tenant (partner, customer, unit…) whose reports these are: from the list, by ID, or by its exact name or customer ID. Empty: the credential's own tenant.",
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
		{
			displayName: 'By Name',
			name: 'name',
			type: 'string',
			placeholder: 'e.g. Contoso Dental, or a customer ID',
		},
	],
};

/**
 * Above a Report: the tenant whose reports its list shows, and nothing else, so it is shown
 * only while the Report is picked from the list.
 */
export const reportTenantField: INodeProperties = {
	...tenantIdField,
	description:
		"The tenant whose reports the Report list shows. Empty: the credential's own tenant.",
	// From the root ("/"): n8n 1.x and early 2.x would wait for a field named "reportId.mode"
	// to be resolved first, and fail every workflow with the node.
	displayOptions: { show: { '/reportId.mode': ['list'] } },
};

/** A tenant's name or customer ID as two spellings of it compare: spaces and case aside. */
export function comparableName(text: string | null | undefined): string {
	return (text ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The chosen tenant; the credential's when left empty. */
export function readTenant(values: FieldValues): TenantChoice {
	const value = values.get(tenantIdField.name, '', { extractValue: true });
	if (values.get(`${tenantIdField.name}.mode`, '') === 'name') {
		// A customer ID from an expression may be a number.
		const name = toOptionalText(
			values,
			tenantIdField,
			typeof value === 'number' ? String(value) : value,
		);
		return name === undefined ? 'credential' : { name };
	}
	// Only an empty text means "the credential's": null from an expression is a mistake.
	const id = toOptionalUuid(values, tenantIdField, value);
	return id === undefined ? 'credential' : { id };
}

/**
 * Tenants of a list, each a UUID or else a name or customer ID: an array, or a text separating
 * them as `splitList` does (UUIDs may also be separated by spaces).
 */
export function readTenantList(values: FieldValues, field: Field, value: unknown): TenantChoice[] {
	// An array's entries are taken whole: a name may hold a comma.
	const listed: unknown[] = Array.isArray(value)
		? value
		: typeof value === 'string'
			? splitTenants(value)
			: value === undefined || value === null
				? []
				: [value];
	const entries = listed.filter((entry) => !(typeof entry === 'string' && entry.trim() === ''));
	const choices = new Map<string, TenantChoice>();
	entries.forEach((entry, position) => {
		const label =
			entries.length > 1 ? `${field.displayName} (entry ${position + 1})` : field.displayName;
		// A customer ID from an expression may be a number.
		const text =
			typeof entry === 'number'
				? String(entry)
				: (toOptionalText(values, { displayName: label }, entry) ?? '');
		const choice: TenantChoice = isUuid(text) ? { id: text.toLowerCase() } : { name: text };
		choices.set('id' in choice ? choice.id : comparableName(choice.name), choice);
	});
	return [...choices.values()];
}

function splitTenants(text: string): string[] {
	return splitList(text).flatMap((entry) => {
		const words = entry.trim().split(/\s+/);
		return words.length > 1 && words.every(isUuid) ? words : [entry];
	});
}
