import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { FieldValues } from '../../shared/fields/fieldValues';
import type { AcronisClient } from '../../shared/transport/client';

/**
 * One operation, in two steps: the router reads and checks the fields of every item before it
 * sends the first request. A bad item then fails before anything of the run is sent, and n8n
 * evaluates the items' expressions back to back, about three times faster than between
 * requests (bench/).
 */
export interface Operation<Input = unknown> {
	/** The operation's fields, shown only for it. */
	description: INodeProperties[];
	/**
	 * What a model is told the operation does, when the node is an AI tool: what it takes, what
	 * it returns and in which units.
	 */
	toolDescription: string;
	/**
	 * Items at once before the data center has answered, where the default does not suit: a burst
	 * of report creations is what a data center most likely refuses. Operations with the same
	 * start share what the limiter remembers of a data center.
	 */
	startConcurrency?: number;
	/** How a model gets a smaller answer, said when an answer is cut (see ./tool). */
	askForLess?: string;
	/** Reads and checks the item's fields; throws an error naming the field; sends nothing. */
	prepare(values: FieldValues): Input;
	/** Makes the item's requests; the router pairs what it returns with the item. */
	execute(
		input: Input,
		client: AcronisClient<IExecuteFunctions>,
		itemIndex: number,
	): Promise<INodeExecutionData[]>;
}
