import type { INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { FieldValues } from '../../shared/fields/fieldValues';
import { toWholeNumber } from '../../shared/fields/validation';
import type { Operation } from './node.type';

/**
 * The node as an AI tool (n8n adds "Acronis Usage Report Tool" for its AI Agent and MCP clients):
 * what the model is told each operation does, and how much a call gives back. These fields
 * show in the tool only (`@tool`).
 */

/**
 * What the model reads about the tool, per operation. n8n's own default would be the node's
 * description, which also speaks of the trigger, or the operation's short action: a model
 * needs what it takes and what comes back, in which units.
 */
export function toolDescriptionFields(operations: Record<string, Operation>): INodeProperties[] {
	return Object.entries(operations).map(([operation, { toolDescription }]) => ({
		displayName: 'Description',
		name: 'toolDescription',
		type: 'string',
		typeOptions: { rows: 4 },
		default: toolDescription,
		description: 'What the model is told this tool does, takes and returns',
		displayOptions: { show: { '@tool': [true], operation: [operation] } },
	}));
}

export const answerLimitField: INodeProperties = {
	displayName: 'Answer Limit (Characters)',
	name: 'answerLimit',
	type: 'number',
	typeOptions: { minValue: 1000 },
	default: 8000,
	description:
		'The most a call gives back to the model, in characters of JSON (about four to a token): items beyond it are left out, and the answer says so',
	displayOptions: { show: { '@tool': [true] } },
};

/** The tool's answer limit; undefined where the node is not a tool. */
export function readAnswerLimit(values: FieldValues): number | undefined {
	const value = values.get(answerLimitField.name, null);
	if (value === null) return undefined;
	return toWholeNumber(
		values,
		answerLimitField,
		value,
		'A number of characters, for example 8000.',
	);
}

/**
 * The items that fit in `limit` characters, in order; when some do not, a last item says how
 * many were left out and how to ask for less, so that a model never takes a cut answer for the
 * whole.
 */
export function limitAnswer(
	items: INodeExecutionData[],
	limit: number,
	askForLess = 'Ask for less: one tenant or one report at a time.',
): INodeExecutionData[] {
	let size = 2;
	let fitting = 0;
	for (const item of items) {
		size += JSON.stringify(item.json).length + 1;
		if (size > limit) break;
		fitting++;
	}
	if (fitting === items.length) return items;
	const note = `Only the first ${fitting} of ${items.length} items fit in the ${limit} characters this tool answers with. ${askForLess}`;
	const pairedItem = items[0]?.pairedItem;
	return [...items.slice(0, fitting), { json: { answer_cut: note }, pairedItem }];
}

/** How to ask for fewer rows or usage entries, for the operations that output them. */
export const ASK_FOR_FEWER_ROWS =
	'Ask for less: one tenant, a few offering items (Only Offering Items), or the lines summed per tenant and offering item (Sum per Tenant and Offering Item).';
