import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { itemFieldValues } from '../../shared/fields/fieldValues';
import type { RequestSettings } from '../../shared/fields/requestOptions';
import {
	DEFAULT_SETTINGS,
	readRequestOptions,
	requestOptionsAreFixed,
} from '../../shared/fields/requestOptions';
import { AdaptiveConcurrency } from '../../shared/transport/adaptiveConcurrency';
import { AcronisClient } from '../../shared/transport/client';
import { concurrencyMemory } from '../../shared/transport/concurrencyMemory';
import { asNodeError, errorItem } from './errorItems';
import { operations } from './operations';
import { limitAnswer, readAnswerLimit } from './tool';

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
	// Set only where the node is an AI tool.
	const answerLimit = readAnswerLimit(itemFieldValues(this, 0));

	// Every item's fields first: a bad item stops the node before anything is sent.
	const inputs: unknown[] = new Array(items.length);
	const settings: RequestSettings[] = new Array(items.length);
	const ready: number[] = [];
	const rawOptions = this.getNodeParameter('requestOptions', 0, {}, { rawExpressions: true });
	const sameSettings = requestOptionsAreFixed(rawOptions as IDataObject)
		? readRequestOptions(itemFieldValues(this, 0))
		: undefined;
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const values = itemFieldValues(this, itemIndex);
			settings[itemIndex] = sameSettings ?? readRequestOptions(values);
			inputs[itemIndex] = operation.prepare(values);
			ready.push(itemIndex);
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			results[itemIndex] = [errorItem(error, itemIndex)];
		}
	}

	// As many items at once as the data center takes, at most Items at Once, starting where the
	// last run with this data center and credential left off: the client tells the limiter how
	// each request went.
	const { concurrency } = settings[ready[0]] ?? DEFAULT_SETTINGS;
	const client = new AcronisClient(this, (itemIndex) => settings[itemIndex] ?? DEFAULT_SETTINGS);
	const { startConcurrency } = operation;
	const memoryKey =
		ready.length === 0
			? undefined
			: await client
					.credentialIdentity()
					.then((identity) => `start ${startConcurrency ?? 'default'} as ${identity}`)
					// Without the credential nothing is remembered; each item meets the error itself.
					.catch(() => undefined);
	const limiter = new AdaptiveConcurrency({
		ceiling: concurrency,
		start: startConcurrency,
		remembered: memoryKey === undefined ? undefined : concurrencyMemory.recall(memoryKey),
	});
	client.limiter = limiter;
	try {
		await limiter.map(ready, async (itemIndex) => {
			try {
				const output = await operation.execute(inputs[itemIndex], client, itemIndex);
				const paired = output.map((item) => ({ ...item, pairedItem: { item: itemIndex } }));
				results[itemIndex] =
					answerLimit === undefined
						? paired
						: limitAnswer(paired, answerLimit, operation.askForLess);
			} catch (error) {
				// Without Continue the first failing item in input order stops the node: no further
				// item starts, and its error is the node's.
				if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
				results[itemIndex] = [errorItem(error, itemIndex)];
			}
		});
	} finally {
		if (memoryKey !== undefined) concurrencyMemory.keep(memoryKey, limiter.learned());
	}
	return [results.flat()];
}
