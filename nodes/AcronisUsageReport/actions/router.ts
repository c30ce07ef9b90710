import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeError, NodeOperationError } from 'n8n-workflow';

import { requestSettings } from '../transport/settings';
import { createOperationContext } from '../transport/tenant';
import { operations } from './report';

/**
 * Runs the chosen operation once per input item: first reads and checks every item's fields,
 * then makes the requests, several items at a time ("Items at Once"). Each item's output (or,
 * with "On Error: Continue", its error) stays paired with that item and in input order.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = operations[operation];
	if (handler === undefined) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	}
	const context = createOperationContext(this);
	const results: INodeExecutionData[][] = new Array(items.length);
	const errorItem = (itemIndex: number, error: unknown): INodeExecutionData[] => [
		{ json: errorJson(error), pairedItem: { item: itemIndex } },
	];

	// Every item's fields first: a bad item stops the node before anything is sent.
	const inputs: unknown[] = new Array(items.length);
	const ready: number[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			inputs[itemIndex] = handler.prepare.call(this, itemIndex);
			ready.push(itemIndex);
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			results[itemIndex] = errorItem(itemIndex, error);
		}
	}

	// Set by the first item that fails without "Continue": no new item starts after it.
	let stop: { itemIndex: number; error: unknown } | undefined;
	const runItem = async (itemIndex: number): Promise<void> => {
		try {
			const output = await handler.execute.call(this, inputs[itemIndex], itemIndex, context);
			results[itemIndex] = output.map((item) => ({ ...item, pairedItem: { item: itemIndex } }));
		} catch (error) {
			if (!this.continueOnFail()) {
				if (stop === undefined || itemIndex < stop.itemIndex) stop = { itemIndex, error };
			} else {
				results[itemIndex] = errorItem(itemIndex, error);
			}
		}
	};

	let next = 0;
	const { concurrency } = requestSettings(this, 0);
	const worker = async () => {
		while (next < ready.length && stop === undefined) await runItem(ready[next++]);
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, ready.length - next) }, worker));

	if (stop !== undefined) throw asNodeError(this, stop.error, stop.itemIndex);
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
