/** What a run learnt about a data center, for the next run with it. */
export interface RememberedLevel {
	/** The most items at once it held without being pushed back. */
	level: number;
	/** Whether the data center pushed back just above it: growth beyond it is slow. */
	limited: boolean;
}

/**
 * What runs learnt about data centers, for the next run with the same one in this process (n8n
 * keeps a node's module loaded across executions): a run starts where the last one left off
 * instead of finding the level anew. Bounded: the least recently used key goes first.
 */
export class ConcurrencyMemory {
	private readonly levels = new Map<string, RememberedLevel>();

	constructor(private readonly capacity: number) {}

	recall(key: string): RememberedLevel | undefined {
		const level = this.levels.get(key);
		if (level !== undefined) this.keep(key, level);
		return level;
	}

	keep(key: string, level: RememberedLevel): void {
		this.levels.delete(key);
		this.levels.set(key, level);
		for (const oldest of this.levels.keys()) {
			if (this.levels.size <= this.capacity) break;
			this.levels.delete(oldest);
		}
	}
}

/** The node's memory: per data center, credential and kind of request (see the router). */
export const concurrencyMemory = new ConcurrencyMemory(100);
