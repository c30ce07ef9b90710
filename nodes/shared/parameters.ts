import type {
	IExecuteFunctions,
	IGetNodeParameterOptions,
	INode,
	IPollFunctions,
} from 'n8n-workflow';

/**
 * The node's parameters as one input item (action node) or one poll (trigger) sees them: the
 * field readers take this, so that one reader serves both nodes.
 */
export interface Parameters {
	readonly node: INode;
	/** The item an error is reported for; 0 in a poll. */
	readonly itemIndex: number;
	/** The workflow's time zone, for dates such as "today". */
	readonly timezone: string;
	get(name: string, fallback?: unknown, options?: IGetNodeParameterOptions): unknown;
}

export function itemParameters(ctx: IExecuteFunctions, itemIndex: number): Parameters {
	return {
		node: ctx.getNode(),
		itemIndex,
		timezone: ctx.getTimezone(),
		get: (name, fallback, options) => ctx.getNodeParameter(name, itemIndex, fallback, options),
	};
}

export function pollParameters(ctx: IPollFunctions): Parameters {
	return {
		node: ctx.getNode(),
		itemIndex: 0,
		timezone: ctx.getTimezone(),
		get: (name, fallback, options) => ctx.getNodeParameter(name, fallback, options),
	};
}
