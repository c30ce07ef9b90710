import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeError, NodeOperationError } from 'n8n-workflow';

/**
 * An error as an output item, for "On Error: Continue": `{ error, details }`, the message, and
 * the HTTP status, Acronis's code, the description and what else helps under `details`. n8n sends
 * an item of only these keys to the error output of "Continue (using error output)"; it would
 * reduce an item that carries the error object itself to its message.
 */
export function errorItem(
	error: unknown,
	itemIndex: number,
	facts: IDataObject = {},
): INodeExecutionData {
	const details: IDataObject = { ...facts };
	if (error instanceof NodeApiError) {
		if (error.httpCode) details.httpCode = error.httpCode;
		const code = (error.errorResponse as IDataObject | undefined)?.code;
		if (code) details.code = code as string;
	}
	const description = (error as { description?: string | null }).description;
	if (description) details.description = description;
	const json: IDataObject = { error: (error as Error).message };
	if (Object.keys(details).length > 0) json.details = details;
	return { json, pairedItem: { item: itemIndex } };
}

/** Operations throw NodeApiError or NodeOperationError; anything else is wrapped to keep its item. */
export function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}
