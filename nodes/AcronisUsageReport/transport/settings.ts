import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { AcronisFunctions } from './index';

/** How requests are made: read here and by the router, shown under "Request Options". */
export interface RequestSettings {
	/** Further attempts after a failure that may pass (429, 5xx, a dropped connection). */
	maxRetries: number;
	/** Per attempt, until the answer starts. */
	timeoutMs: number;
	/** Input items worked on at once. */
	concurrency: number;
}

// Plain constants: n8n's lint wants each field's default to be a literal or a name.
const DEFAULT_MAX_RETRIES = 3;
const DEFAULT_TIMEOUT_SECONDS = 60;
// Measured on the simulator with 20 ms latency (README, Performance): 1,000 items take
// 6.1 s at 5, 3.9 s at 10, 2.6 s at 20; with no latency all three are alike. 429s that more
// requests at once may draw are waited out as Retry-After says.
const DEFAULT_CONCURRENCY = 20;

export const DEFAULT_SETTINGS: RequestSettings = {
	maxRetries: DEFAULT_MAX_RETRIES,
	timeoutMs: DEFAULT_TIMEOUT_SECONDS * 1000,
	concurrency: DEFAULT_CONCURRENCY,
};

/** What a user may set at most. */
const MAX_RETRIES = 10;
const MAX_TIMEOUT_SECONDS = 3600;
const MAX_CONCURRENCY = 50;

export const requestOptionsField: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: MAX_RETRIES },
			default: DEFAULT_MAX_RETRIES,
			description:
				'How often a request is repeated after "too many requests", a server error or a dropped connection. A report is only re-created when the first attempt surely did not reach the data center.',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_TIMEOUT_SECONDS },
			default: DEFAULT_TIMEOUT_SECONDS,
			description: 'How long one attempt may wait for the data center to answer',
		},
		{
			displayName: 'Items at Once',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
			default: DEFAULT_CONCURRENCY,
			description:
				'How many input items are worked on at the same time. Results keep the order of the input.',
		},
	],
};

const settingsByExecution = new WeakMap<AcronisFunctions, Map<number, RequestSettings>>();

/**
 * The node's Request Options for an item, read once per item and execution: every request of
 * the item asks for them. The trigger has none and uses the defaults.
 */
export function requestSettings(ctx: AcronisFunctions, itemIndex: number): RequestSettings {
	if (!('getInputData' in ctx)) return DEFAULT_SETTINGS;
	let byItem = settingsByExecution.get(ctx);
	if (byItem === undefined) {
		byItem = new Map();
		settingsByExecution.set(ctx, byItem);
	}
	let settings = byItem.get(itemIndex);
	if (settings === undefined) {
		settings = readRequestOptions(
			ctx.getNodeParameter('requestOptions', itemIndex, {}) as IDataObject,
		);
		byItem.set(itemIndex, settings);
	}
	return settings;
}

function readRequestOptions(raw: IDataObject): RequestSettings {
	const number = (value: unknown, fallback: number, min: number, max: number) => {
		const parsed = typeof value === 'string' ? Number(value) : value;
		return typeof parsed === 'number' && Number.isFinite(parsed)
			? Math.min(max, Math.max(min, Math.floor(parsed)))
			: fallback;
	};
	return {
		maxRetries: number(raw.maxRetries, DEFAULT_SETTINGS.maxRetries, 0, MAX_RETRIES),
		timeoutMs:
			number(raw.timeout, DEFAULT_SETTINGS.timeoutMs / 1000, 1, MAX_TIMEOUT_SECONDS) * 1000,
		concurrency: number(raw.concurrency, DEFAULT_SETTINGS.concurrency, 1, MAX_CONCURRENCY),
	};
}
