import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { AdaptiveConcurrency } from '../../shared/adaptiveConcurrency';
import { itemParameters } from '../../shared/parameters';
import { AcronisClient } from '../../shared/transport/client';
import type { RequestSettings } from '../../shared/transport/requestOptions';
import {
	DEFAULT_SETTINGS,
	readRequestOptions,
	requestOptionsAreFixed,
} from '../../shared/transport/requestOptions';
import { asNodeError, errorItem } from './errorItems';
import { operations } from './operations';

/**
 * Runs the chosen operation once per input item: first reads and checks every item's fields,
 * then makes the requests, as many items at a time as the data center takes ("Items at Once"
 * at most). Each item's output (or, with "On Error: Continue", its error) stays paired with that
 * item and in input order.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = operations[operationName];
	if (operation === undefined) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" is not supported`,
		);
	}
	const results: INodeExecutionData[][] = new Array(items.length);

	// Every item's fields first: a bad item stops the node before anything is sent.
	const inputs: unknown[] = new Array(items.length);
	const settings: RequestSettings[] = new Array(items.length);
	const ready: number[] = [];
	const rawOptions = this.getNodeParameter('requestOptions', 0, {}, { rawExpressions: true });
	const sameSettings = requestOptionsAreFixed(rawOptions as IDataObject)
		? readRequestOptions(itemParameters(this, 0))
		: undefined;
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const params = itemParameters(this, itemIndex);
			settings[itemIndex] = sameSettings ?? readRequestOptions(params);
			inputs[itemIndex] = operation.prepare(params);
			ready.push(itemIndex);
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			results[itemIndex] = [errorItem(error, itemIndex)];
		}
	}

	// As many items at once as the data center takes, at most Items at Once: the client tells
	// the limiter how each request went.
	const { concurrency } = settings[ready[0]] ?? DEFAULT_SETTINGS;
	const limiter = new AdaptiveConcurrency({ ceiling: concurrency });
	const client = new AcronisClient(
		this,
		(itemIndex) => settings[itemIndex] ?? DEFAULT_SETTINGS,
		limiter,
	);
	await limiter.map(ready, async (itemIndex) => {
		try {
			const output = await operation.execute(inputs[itemIndex], client, itemIndex);
			results[itemIndex] = output.map((item) => ({ ...item, pairedItem: { item: itemIndex } }));
		} catch (error) {
			// Without Continue the first failing item in input order stops the node: no further
			// item starts, and its error is the node's.
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			results[itemIndex] = [errorItem(error, itemIndex)];
		}
	});
	return [results.flat()];
}
