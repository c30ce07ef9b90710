/**
 * Sees each item's execution from inside the router: the error an item threw keeps its class
 * here, where the item's output only carries its message (On Error: Continue).
 */
import { operations } from '../../../nodes/AcronisUsageReport/actions/operations';
import type { RecordedRequest, Simulator } from '../../../simulator/index.cjs';

export interface ItemOutcome {
	/** How often the router ran the item: exactly once, or an item was lost or doubled. */
	calls: number;
	error?: unknown;
	/** Output items the operation returned for it. */
	outputs: number;
	/** The simulator's log during the item; only the item's own when items run one at a time. */
	requests: RecordedRequest[];
}

export async function recordItems<T>(
	simulator: Simulator,
	operation: string,
	run: () => Promise<T>,
): Promise<{ result: T; outcomes: Map<number, ItemOutcome> }> {
	const original = operations[operation];
	const outcomes = new Map<number, ItemOutcome>();
	const outcomeOf = (itemIndex: number) => {
		const outcome = outcomes.get(itemIndex) ?? { calls: 0, outputs: 0, requests: [] };
		outcomes.set(itemIndex, outcome);
		return outcome;
	};
	operations[operation] = {
		description: original.description,
		toolDescription: original.toolDescription,
		// An item refused here is run once, without a request; one that passes runs below.
		prepare(params) {
			try {
				return original.prepare(params);
			} catch (error) {
				const outcome = outcomeOf(params.itemIndex);
				outcome.calls += 1;
				outcome.error = error;
				throw error;
			}
		},
		async execute(input, client, itemIndex) {
			const first = simulator.requests.length;
			const outcome = outcomeOf(itemIndex);
			outcome.calls += 1;
			try {
				const output = await original.execute(input, client, itemIndex);
				outcome.outputs = output.length;
				return output;
			} catch (error) {
				outcome.error = error;
				throw error;
			} finally {
				outcome.requests = simulator.requests.slice(first);
			}
		},
	};
	try {
		return { result: await run(), outcomes };
	} finally {
		operations[operation] = original;
	}
}
