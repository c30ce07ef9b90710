import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { FieldValues } from './fieldValues';

/** How requests are made: the action node's "Request Options"; the trigger uses the defaults. */
export interface RequestSettings {
	/** Further attempts after a failure that may pass (429, 5xx, a dropped connection). */
	maxRetries: number;
	/** Per attempt, until the answer starts. */
	timeoutMs: number;
	/** Input items worked on at once. */
	concurrency: number;
}

const maxRetriesOption = {
	displayName: 'Max Retries',
	name: 'maxRetries',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 10 },
	default: 3,
	description:
		'How often a request is repeated after "too many requests", a server error or a dropped connection. A report is only re-created when the first attempt surely did not reach the data center.',
} satisfies INodeProperties;

const timeoutOption = {
	displayName: 'Timeout (Seconds)',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 3600 },
	default: 60,
	description: 'How long one attempt may wait for the data center to answer',
} satisfies INodeProperties;

const concurrencyOption = {
	displayName: 'Items at Once',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 1000 },
	// The most: within it the node finds how many the data center takes (../transport/adaptiveConcurrency),
	// starting where the last run with it left off and backing off when it throttles. Measured
	// (README, Performance): a lower cap only slows the node down against a distant data center.
	default: 1000,
	description:
		'The most input items worked on at the same time. Within it the node opens up while the data center answers quickly and backs off when it asks for fewer requests. Results keep the order of the input.',
} satisfies INodeProperties;

export const requestOptionsField: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [maxRetriesOption, timeoutOption, concurrencyOption],
};

export const DEFAULT_SETTINGS: RequestSettings = {
	maxRetries: maxRetriesOption.default,
	timeoutMs: timeoutOption.default * 1000,
	concurrency: concurrencyOption.default,
};

/**
 * Whether the Request Options are the same for every item: none is set by an expression. Then
 * they are read once (reading a parameter costs n8n about as much as a request, bench/).
 */
export function requestOptionsAreFixed(raw: IDataObject): boolean {
	return !Object.values(raw).some((value) => typeof value === 'string' && value.startsWith('='));
}

/** The item's Request Options; a value out of range is brought into it. */
export function readRequestOptions(values: FieldValues): RequestSettings {
	const raw = values.get(requestOptionsField.name, {}) as IDataObject;
	const number = (
		option: typeof maxRetriesOption | typeof timeoutOption | typeof concurrencyOption,
	) => {
		const value = raw[option.name];
		const parsed = typeof value === 'string' ? Number(value) : value;
		const { minValue, maxValue } = option.typeOptions;
		return typeof parsed === 'number' && Number.isFinite(parsed)
			? Math.min(maxValue, Math.max(minValue, Math.floor(parsed)))
			: option.default;
	};
	return {
		maxRetries: number(maxRetriesOption),
		timeoutMs: number(timeoutOption) * 1000,
		concurrency: number(concurrencyOption),
	};
}
