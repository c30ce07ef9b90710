/** What decides when items may run: the limiter (./adaptiveConcurrency) is one. */
export interface ItemGate {
	/** Whether another item may start now. */
	mayStart(): boolean;
	/** An item started. */
	started(): void;
	/** An item ended: room for others. */
	ended(): void;
	/** Calls `fill` whenever more items may start; the returned function stops that. */
	onRoom(fill: () => void): () => void;
}

/**
 * Runs `task` for every value, as many at once as `gate` lets; results in the order of `values`.
 * A task that throws stops the run: no further task starts, the running ones finish, and the
 * error of the lowest index is thrown. A task that should not stop the others catches its own
 * errors.
 */
export async function runWithin<T, R>(
	gate: ItemGate,
	values: readonly T[],
	task: (value: T, index: number) => Promise<R>,
): Promise<R[]> {
	const results = new Array<R>(values.length);
	let next = 0;
	let running = 0;
	let failure: { index: number; error: unknown } | undefined;
	return await new Promise<R[]>((resolve, reject) => {
		let stopFilling = () => {};
		const finishIfDone = () => {
			if (running > 0 || (failure === undefined && next < values.length)) return;
			stopFilling();
			if (failure !== undefined) reject(failure.error);
			else resolve(results);
		};
		const fill = () => {
			while (failure === undefined && next < values.length && gate.mayStart()) {
				const index = next++;
				running += 1;
				gate.started();
				Promise.resolve()
					.then(async () => await task(values[index], index))
					.then(
						(result) => {
							results[index] = result;
						},
						(error: unknown) => {
							if (failure === undefined || index < failure.index) failure = { index, error };
						},
					)
					.finally(() => {
						running -= 1;
						gate.ended();
						finishIfDone();
					});
			}
		};
		stopFilling = gate.onRoom(fill);
		fill();
		finishIfDone();
	});
}
