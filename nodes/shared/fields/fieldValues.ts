import type {
	IExecuteFunctions,
	IGetNodeParameterOptions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
} from 'n8n-workflow';

/**
 * The values of the node's fields as one input item (action node) or one poll (trigger) sees
 * them: the field readers take this, so that one reader serves both nodes.
 */
export interface FieldValues {
	readonly node: INode;
	/** The item an error is reported for; 0 in a poll. */
	readonly itemIndex: number;
	/** The workflow's time zone, for dates such as "today". */
	readonly timezone: string;
	get(name: string, fallback?: unknown, options?: IGetNodeParameterOptions): unknown;
}

export function itemFieldValues(ctx: IExecuteFunctions, itemIndex: number): FieldValues {
	return {
		node: ctx.getNode(),
		itemIndex,
		timezone: ctx.getTimezone(),
		get: (name, fallback, options) => ctx.getNodeParameter(name, itemIndex, fallback, options),
	};
}

export function pollFieldValues(ctx: IPollFunctions): FieldValues {
	return {
		node: ctx.getNode(),
		itemIndex: 0,
		timezone: ctx.getTimezone(),
		get: (name, fallback, options) => ctx.getNodeParameter(name, fallback, options),
	};
}

/**
 * The fields as the editor holds them while a list is loaded: an expression that needs input
 * data has no value here, and reads as left empty.
 */
export function editorFieldValues(ctx: ILoadOptionsFunctions): FieldValues {
	return {
		node: ctx.getNode(),
		itemIndex: 0,
		timezone: ctx.getTimezone(),
		get: (name, fallback, options) => {
			try {
				return ctx.getCurrentNodeParameter(name, options) ?? fallback;
			} catch {
				return fallback;
			}
		},
	};
}
