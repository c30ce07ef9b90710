/**
 * Values an expression can return but item JSON cannot hold, each with the stand-in the
 * oracle judges (a Luxon DateTime as the date it stands for, and so on).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Variant } from './check.cjs';

export interface Exotic {
	label: string;
	expression: string;
	value: () => unknown;
}

/** The harness runs workflows in n8n's default time zone. */
const WORKFLOW_ZONE = 'America/New_York';

function dayInWorkflowZone(offsetDays = 0): string {
	const today = new Intl.DateTimeFormat('en-CA', {
		timeZone: WORKFLOW_ZONE,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
	}).format(new Date());
	return new Date(Date.parse(`${today}T00:00:00Z`) + offsetDays * 86_400_000)
		.toISOString()
		.slice(0, 10);
}

export const EXOTICS: Exotic[] = [
	{ label: 'a BigInt', expression: 'BigInt(5)', value: () => BigInt(5) },
	{ label: 'NaN', expression: 'NaN', value: () => NaN },
	{ label: '-Infinity', expression: '-Infinity', value: () => -Infinity },
	{ label: '-0', expression: '-0', value: () => -0 },
	{ label: 'undefined', expression: 'undefined', value: () => undefined },
	{ label: 'a Map', expression: 'new Map([["a", 1]])', value: () => new Map([['a', 1]]) },
	{ label: 'a Set', expression: 'new Set(["csv"])', value: () => new Set(['csv']) },
	{ label: 'a Symbol', expression: 'Symbol("x")', value: () => Symbol('x') },
	{
		label: '100,000 characters',
		expression: '"x".repeat(100000)',
		value: () => 'x'.repeat(100000),
	},
	{ label: 'a lone surrogate', expression: '"\\ud800"', value: () => '\ud800' },
	{ label: '$execution', expression: '$execution', value: () => ({ id: 'execution' }) },
	{ label: '$now', expression: '$now', value: () => ({ __luxon: dayInWorkflowZone() }) },
	{
		label: '$today minus 400 days',
		expression: '$today.minus({ days: 400 })',
		value: () => ({ __luxon: dayInWorkflowZone(-400) }),
	},
	{ label: 'an invalid Date', expression: 'new Date("x")', value: () => ({ __date: 'x' }) },
	{
		label: 'a Date',
		expression: 'new Date(Date.UTC(2020, 1, 29, 23))',
		value: () => ({ __date: '2020-02-29T23:00:00Z' }),
	},
	{ label: 'nested arrays', expression: '[["csv"], ["html"]]', value: () => [['csv'], ['html']] },
	{
		label: 'an object with toString',
		expression: '({ toString: () => "csv" })',
		value: () => ({ toString: () => 'csv' }),
	},
	{
		label: 'a null-prototype object',
		expression: 'Object.create(null)',
		value: () => Object.create(null) as unknown,
	},
	{ label: 'an Error', expression: 'new Error("boom")', value: () => new Error('boom') },
	// n8n does not wait for a Promise: the parameter comes out undefined.
	{ label: 'a Promise', expression: 'Promise.resolve("csv")', value: () => undefined },
];

/** The field's parameter becomes an expression returning EXOTICS[item.pick]. */
export function exoticVariant(field: string): Variant {
	const choice = EXOTICS.map(
		(exotic, index) => `$json.pick === ${index} ? (${exotic.expression}) : `,
	).join('');
	const expression = `={{ ${choice}undefined }}`;
	const reads = new RegExp(`\\$json\\.${field}\\b`);
	const replace = (value: unknown): unknown => {
		if (typeof value === 'string') return reads.test(value) ? expression : value;
		if (Array.isArray(value)) return value.map(replace);
		if (value !== null && typeof value === 'object') {
			return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, replace(entry)]));
		}
		return value;
	};
	return {
		parameters: (base) => replace(base) as INodeParameters,
		split(json, index) {
			const exotic = EXOTICS[index % EXOTICS.length];
			const run: IDataObject = { ...json, pick: index % EXOTICS.length };
			delete run[field];
			return {
				run,
				judged: { ...json, [field]: exotic.value() as IDataObject[string] },
				label: `${field} = ${exotic.label}, `,
			};
		},
	};
}
