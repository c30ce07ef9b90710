import type { INodeProperties } from 'n8n-workflow';

/**
 * A dropdown a model can fill. n8n's editor offers "let the model define this" on text fields,
 * never on a dropdown: in the node as a tool the field is text taking the same values (its
 * reader checks them against the dropdown's), and people keep the dropdown in the node.
 */
export function modelFillable(field: INodeProperties): INodeProperties[] {
	const { options = [], ...rest } = field;
	const values = options.flatMap((option) =>
		'value' in option ? [`${String(option.value)} (${option.name})`] : [],
	);
	const { show, hide } = field.displayOptions ?? {};
	// No key left undefined: n8n 1.x reads every key of displayOptions as a rule.
	return [
		{ ...field, displayOptions: { ...(show && { show }), hide: { ...hide, '@tool': [true] } } },
		{
			...rest,
			type: 'string',
			description: `${field.description ?? field.displayName}: one of ${values.join(', ')}`,
			displayOptions: { show: { ...show, '@tool': [true] }, ...(hide && { hide }) },
		},
	];
}
