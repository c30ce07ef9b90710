/**
 * How many items are worked on at once, found while working: the limit opens up while answers
 * come back clean and fast, and comes down at once when the server throttles or stops answering
 * (a 429, a 503 or a timeout: ./attemptOutcome). After a decrease no new item starts until an
 * attempt sent since is answered: the throttled attempts wait as Retry-After says before they
 * are repeated, and new items sent meanwhile would only meet a full window again. The ceiling is
 * the user's; the limiter never goes above it.
 *
 * The first round, `start` items, tries the data center out: until it has been answered, an item
 * that ends frees no room, so that a data center that refuses a part of it is not sent more
 * meanwhile. Once it comes back clean and fast, the limit opens at once to the level an earlier
 * run with the same data center held (`remembered`, kept by a `ConcurrencyMemory`); a data
 * center that lowered its limit since refuses a part of the first round instead, and the limit
 * comes down from there; answers slowed by the first round alone (a near data center, where the
 * work of sending them is what takes the time) keep the slow start. A remembered level the data
 * center pushed back at also bounds the first round.
 *
 * After a 429 attempts are also spaced out (`delayBeforeAttempt`, ./ratePacer).
 *
 *   const limiter = new AdaptiveConcurrency({ ceiling: 100, remembered: memory.recall(key) });
 *   const results = await limiter.map(items, async (item) => {
 *   	await sleep(limiter.delayBeforeAttempt());
 *   	const attempt = limiter.attempt();
 *   	const response = await send(item);
 *   	attempt.end(attemptOutcome({ statusCode: response.statusCode }), retryAfterMs(response));
 *   	return response;
 *   });
 *   memory.keep(key, limiter.learned());
 */

import type { AttemptOutcome } from './attemptOutcome';
import type { AdaptiveConcurrencyOptions } from './adaptiveConcurrencyOptions';
import { DEFAULT_START, wholeAtLeastOne, windowSettings } from './adaptiveConcurrencyOptions';
import type { RememberedLevel } from './concurrencyMemory';
import type { ItemGate } from './itemsWithin';
import { runWithin } from './itemsWithin';
import { RatePacer } from './ratePacer';
import { CongestionWindow } from './congestionWindow';

/** One request attempt, from before it is sent to its outcome. */
export interface Attempt {
	/** `retryAfterMs`: how long a throttled attempt was told to wait (Retry-After). */
	end(outcome: AttemptOutcome, retryAfterMs?: number): void;
}

export class AdaptiveConcurrency implements ItemGate {
	readonly ceiling: number;

	private readonly now: () => number;

	private readonly remembered?: RememberedLevel;

	private readonly window: CongestionWindow;

	/** The first round while it is out: its items, the attempts answered so far, the slow ones. */
	private firstRound?: { items: number; answered: number; slow: number };

	/** Counts decreases: an attempt sent before the last one cannot cause another. */
	private epoch = 0;

	/** Set by a decrease: no new item starts until an attempt sent since is answered. */
	private holding = false;

	private readonly pacer: RatePacer;

	private itemsStarted = 0;

	private inFlight = 0;

	/** The most items run at once so far. */
	private peakRunning = 0;

	/** Maps waiting for room, called when the limit rises. */
	private readonly waiting = new Set<() => void>();

	constructor(options: AdaptiveConcurrencyOptions) {
		const settings = windowSettings(options);
		this.ceiling = settings.ceiling;
		this.now = options.now ?? (() => Date.now());
		this.pacer = new RatePacer(settings.increase, settings.decrease);
		this.remembered = options.remembered && {
			level: wholeAtLeastOne(options.remembered.level),
			limited: options.remembered.limited,
		};
		const start = wholeAtLeastOne(options.start ?? DEFAULT_START);
		const limitedAt = this.remembered?.limited ? this.remembered.level : Infinity;
		const size = Math.min(this.ceiling, start, limitedAt);
		const threshold = Math.min(this.ceiling, limitedAt);
		this.window = new CongestionWindow(settings, { size, threshold, now: this.now() });
		this.firstRound = { items: size, answered: 0, slow: 0 };
	}

	/** Items that may run at once now. */
	get limit(): number {
		return this.window.limit;
	}

	/** Whether new items wait for the data center to accept an attempt again. */
	get isHolding(): boolean {
		return this.holding;
	}

	/** Items running now. */
	get running(): number {
		return this.inFlight;
	}

	/**
	 * What this run learnt, for the next run with the same data center: after a push-back, the
	 * limit it ended with; otherwise the most items it ran at once, or the level remembered before
	 * when that is higher (a small batch says nothing about how many the data center takes).
	 */
	learned(): RememberedLevel {
		if (this.epoch > 0) return { level: this.limit, limited: true };
		return {
			level: Math.max(this.remembered?.level ?? 1, this.peakRunning),
			limited: this.remembered?.limited ?? false,
		};
	}

	/**
	 * Milliseconds to wait before the next attempt, reserving its place: 0 until the data center
	 * throttled, then as far as its Retry-After and the rate it accepts ask.
	 */
	delayBeforeAttempt(): number {
		return this.pacer.delay(this.now());
	}

	/** Marks the start of a request attempt; its `end` reports how it went. */
	attempt(): Attempt {
		const startedAt = this.now();
		const epoch = this.epoch;
		let ended = false;
		return {
			end: (outcome, retryAfterMs) => {
				if (ended) return;
				ended = true;
				this.record(outcome, this.now() - startedAt, epoch, retryAfterMs ?? 0);
			},
		};
	}

	/**
	 * Runs `task` for every value, as many at once as the limit says; results in the order of
	 * `values` (./itemsWithin).
	 */
	async map<T, R>(
		values: readonly T[],
		task: (value: T, index: number) => Promise<R>,
	): Promise<R[]> {
		return await runWithin(this, values, task);
	}

	/** An item started. */
	started(): void {
		this.itemsStarted += 1;
		this.inFlight += 1;
		this.peakRunning = Math.max(this.peakRunning, this.inFlight);
	}

	/** An item ended: room for others. */
	ended(): void {
		this.inFlight -= 1;
		// Items of the first round that ended without an attempt answered end it too.
		if (this.firstRound !== undefined && this.inFlight === 0) this.endFirstRound();
		this.wakeAll();
	}

	/** Calls `fill` whenever more items may start; the returned function stops that. */
	onRoom(fill: () => void): () => void {
		this.waiting.add(fill);
		return () => this.waiting.delete(fill);
	}

	/** Whether another item may start now. */
	mayStart(): boolean {
		// Until the first round is answered, an item that ends frees no room.
		if (this.firstRound !== undefined) return this.itemsStarted < this.firstRound.items;
		// While holding, one item probes, only when none runs.
		return this.inFlight < (this.holding ? 1 : this.limit);
	}

	private record(
		outcome: AttemptOutcome,
		latencyMs: number,
		epoch: number,
		retryAfterMs: number,
	): void {
		if (outcome === 'ok') {
			this.recordAccepted(epoch, latencyMs);
		} else if (outcome !== 'failed' && epoch === this.epoch) {
			// Every attempt that was in flight may come back throttled: one decrease per round.
			this.epoch += 1;
			this.holding = true;
			this.firstRound = undefined;
			this.window.shrink(this.now());
			if (outcome === 'throttled') this.pacer.throttled(this.now(), this.epoch, retryAfterMs);
		}
		if (this.firstRound !== undefined) {
			this.firstRound.answered += 1;
			if (this.firstRound.answered >= this.firstRound.items) this.endFirstRound();
		}
	}

	private recordAccepted(epoch: number, latencyMs: number): void {
		const now = this.now();
		this.pacer.accepted(now, epoch);
		if (this.holding && epoch === this.epoch) {
			this.holding = false;
			this.wakeAll();
		}
		const before = this.limit;
		if (!this.window.accepted(latencyMs, now)) {
			if (this.firstRound !== undefined) this.firstRound.slow += 1;
			return;
		}
		if (this.limit > before) this.wakeAll();
	}

	/**
	 * The first round is answered. If the data center took all of it, and fast (more at once
	 * than it answers quickly is only queueing: a tenth of the answers slow at most), the limit
	 * opens to the level remembered.
	 */
	private endFirstRound(): void {
		const round = this.firstRound;
		this.firstRound = undefined;
		const remembered = this.remembered?.level ?? 0;
		const fast = round !== undefined && round.slow <= round.answered / 10;
		if (this.epoch === 0 && fast) this.window.openTo(remembered, this.now());
		this.wakeAll();
	}

	private wakeAll(): void {
		for (const fill of [...this.waiting]) fill();
	}
}
