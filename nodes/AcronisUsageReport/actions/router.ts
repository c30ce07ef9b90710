import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeError, NodeOperationError } from 'n8n-workflow';

import { createOperationContext } from '../transport/tenant';
import { operations } from './report';

/**
 * Runs the chosen operation once per input item. Each item's output (or, with "On Error:
 * Continue", its error) stays paired with that item and in input order.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = operations[operation];
	if (handler === undefined) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	}
	const context = createOperationContext(this);
	const results: INodeExecutionData[][] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const output = await handler.execute.call(this, itemIndex, context);
			results.push(output.map((item) => ({ ...item, pairedItem: { item: itemIndex } })));
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			results.push([{ json: errorJson(error), pairedItem: { item: itemIndex } }]);
		}
	}
	return [results.flat()];
}

/** The error of one item as the item's output: message first, then what helps routing on it. */
function errorJson(error: unknown): IDataObject {
	const json: IDataObject = { error: (error as Error).message };
	if (error instanceof NodeApiError) {
		if (error.httpCode) json.httpCode = error.httpCode;
		const code = (error.errorResponse as IDataObject | undefined)?.code;
		if (code) json.code = code as string;
	}
	const description = (error as { description?: string | null }).description;
	if (description) json.description = description;
	return json;
}

/** Operations throw NodeApiError or NodeOperationError; anything else is wrapped to keep its item. */
function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}
