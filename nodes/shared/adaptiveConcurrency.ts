/**
 * How many items are worked on at once, found while working: the limit starts modest, opens up
 * while answers come back clean and fast, and comes down at once when the server throttles or
 * stops answering. It is TCP's congestion control (RFC 5681) with items for packets: a slow
 * start that adds `increase` per clean answer (the limit doubles every round trip) until the
 * first throttling, then an additive increase of `increase` per round trip, and a multiplicative
 * decrease, times `decrease`, on a 429, a 503 or a timeout. After a decrease no new item starts
 * until an attempt sent since is answered: the throttled attempts wait as Retry-After says before
 * they are repeated, and new items sent meanwhile would only meet a full window again. The ceiling
 * is the user's; the limiter never goes above it.
 *
 *   const limiter = new AdaptiveConcurrency({ ceiling: 100 });
 *   const results = await limiter.map(items, async (item) => {
 *   	const attempt = limiter.attempt();
 *   	const response = await send(item);
 *   	attempt.end(attemptOutcome({ statusCode: response.statusCode }));
 *   	return response;
 *   });
 */

/** What one request attempt says about the server's load. */
export type AttemptOutcome =
	/** An answer that is not about load (2xx to 4xx, but 429): the server kept up. */
	| 'ok'
	/** 429 or 503: the server asks for fewer requests. */
	| 'throttled'
	/** No answer in time (or a gateway's 504): the server or the way to it is overloaded. */
	| 'timeout'
	/** Any other failure: it says nothing about load, and changes nothing. */
	| 'failed';

export interface AdaptiveConcurrencyOptions {
	/** The most items at once, whatever the answers (the node's "Items at Once"). */
	ceiling: number;
	/** Items at once before any answer came back. */
	start?: number;
	/** Added per clean, fast answer in the slow start; per round trip after the first throttling. */
	increase?: number;
	/** The limit is multiplied by this on throttling or a timeout. */
	decrease?: number;
	/**
	 * An answer that took longer than this many times the fastest one so far (plus
	 * `slowMarginMs`) is slow: the server is queueing, so the limit holds where it is.
	 */
	slowFactor?: number;
	slowMarginMs?: number;
	/**
	 * A round trip counts as at least this long: on a fast network the limit would otherwise
	 * grow faster than a server that counts requests per second can push back.
	 */
	minRoundTripMs?: number;
	/** The clock, in milliseconds. */
	now?: () => number;
}

/** One request attempt, from before it is sent to its outcome. */
export interface Attempt {
	end(outcome: AttemptOutcome): void;
}

/** Modest: a server that limits requests per second sees a small first burst. */
const DEFAULT_START = 4;
const DEFAULT_INCREASE = 1;
/** CUBIC's factor (RFC 9438): halving left the limit too low to fill a rate window quickly. */
const DEFAULT_DECREASE = 0.7;
const DEFAULT_SLOW_FACTOR = 2;
const DEFAULT_SLOW_MARGIN_MS = 50;
const DEFAULT_MIN_ROUND_TRIP_MS = 100;

const THROTTLED_STATUSES = new Set([429, 503]);
const TIMEOUT_STATUSES = new Set([408, 504]);
const TIMEOUT_CODES = new Set([
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'ECONNABORTED',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** The outcome of an attempt from its HTTP status, or from the error code of one that got no answer. */
export function attemptOutcome({
	statusCode,
	errorCode,
}: {
	statusCode?: number;
	errorCode?: string;
}): AttemptOutcome {
	if (statusCode !== undefined) {
		if (THROTTLED_STATUSES.has(statusCode)) return 'throttled';
		if (TIMEOUT_STATUSES.has(statusCode)) return 'timeout';
		return statusCode < 500 ? 'ok' : 'failed';
	}
	return errorCode !== undefined && TIMEOUT_CODES.has(errorCode) ? 'timeout' : 'failed';
}

export class AdaptiveConcurrency {
	readonly ceiling: number;

	private readonly increase: number;

	private readonly decrease: number;

	private readonly slowFactor: number;

	private readonly slowMarginMs: number;

	private readonly minRoundTripMs: number;

	private readonly now: () => number;

	private window: number;

	/** Below it the window grows per answer (slow start), above it per round trip. */
	private threshold: number;

	private fastestMs = Infinity;

	/** The current round trip: when it began, the limit then, and the clean answers since. */
	private round: { startedAt: number; limit: number; answers: number };

	/** Counts decreases: an attempt sent before the last one cannot cause another. */
	private epoch = 0;

	/** Set by a decrease: no new item starts until an attempt sent since is answered. */
	private holding = false;

	private inFlight = 0;

	/** Maps waiting for room, called when the limit rises. */
	private readonly waiting = new Set<() => void>();

	constructor(options: AdaptiveConcurrencyOptions) {
		this.ceiling = wholeAtLeastOne(options.ceiling);
		this.increase = options.increase ?? DEFAULT_INCREASE;
		this.decrease = options.decrease ?? DEFAULT_DECREASE;
		this.slowFactor = options.slowFactor ?? DEFAULT_SLOW_FACTOR;
		this.slowMarginMs = options.slowMarginMs ?? DEFAULT_SLOW_MARGIN_MS;
		this.minRoundTripMs = options.minRoundTripMs ?? DEFAULT_MIN_ROUND_TRIP_MS;
		this.now = options.now ?? (() => Date.now());
		this.window = Math.min(this.ceiling, wholeAtLeastOne(options.start ?? DEFAULT_START));
		this.threshold = this.ceiling;
		this.round = { startedAt: this.now(), limit: this.window, answers: 0 };
	}

	/** Items that may run at once now. */
	get limit(): number {
		return Math.max(1, Math.floor(this.window));
	}

	/** Whether new items wait for the data center to accept an attempt again. */
	get isHolding(): boolean {
		return this.holding;
	}

	/** Items running now. */
	get running(): number {
		return this.inFlight;
	}

	/** Marks the start of a request attempt; its `end` reports how it went. */
	attempt(): Attempt {
		const startedAt = this.now();
		const epoch = this.epoch;
		let ended = false;
		return {
			end: (outcome) => {
				if (ended) return;
				ended = true;
				this.record(outcome, this.now() - startedAt, epoch);
			},
		};
	}

	/**
	 * Runs `task` for every value, at most `limit` at once; results in the order of `values`.
	 * A task that throws stops the run: no further task starts, the running ones finish, and the
	 * error of the lowest index is thrown. A task that should not stop the others catches its
	 * own errors.
	 */
	async map<T, R>(
		values: readonly T[],
		task: (value: T, index: number) => Promise<R>,
	): Promise<R[]> {
		const results = new Array<R>(values.length);
		let next = 0;
		let running = 0;
		let failure: { index: number; error: unknown } | undefined;
		return await new Promise<R[]>((resolve, reject) => {
			const finishIfDone = () => {
				if (running > 0 || (failure === undefined && next < values.length)) return;
				this.waiting.delete(fill);
				if (failure !== undefined) reject(failure.error);
				else resolve(results);
			};
			const fill = () => {
				while (failure === undefined && next < values.length && this.inFlight < this.room()) {
					const index = next++;
					running += 1;
					this.inFlight += 1;
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
							this.inFlight -= 1;
							this.wakeAll();
							finishIfDone();
						});
				}
			};
			this.waiting.add(fill);
			fill();
			finishIfDone();
		});
	}

	/** Items that may run now: while holding, one only when none runs, to probe. */
	private room(): number {
		return this.holding ? 1 : this.limit;
	}

	private record(outcome: AttemptOutcome, latencyMs: number, epoch: number): void {
		if (outcome === 'ok') {
			if (this.holding && epoch === this.epoch) {
				this.holding = false;
				this.wakeAll();
			}
			this.fastestMs = Math.min(this.fastestMs, latencyMs);
			if (latencyMs > this.fastestMs * this.slowFactor + this.slowMarginMs) return;
			const before = this.limit;
			const { round } = this;
			round.answers += 1;
			const roundOver =
				round.answers >= round.limit && this.now() - round.startedAt >= this.minRoundTripMs;
			if (this.window < this.threshold) {
				// Slow start: one more per clean answer, at most double per round trip.
				this.window = Math.min(this.window + this.increase, round.limit * 2);
			} else if (roundOver) {
				this.window += this.increase;
			}
			this.window = Math.min(this.window, this.ceiling);
			if (roundOver) this.round = { startedAt: this.now(), limit: this.window, answers: 0 };
			if (this.limit > before) this.wakeAll();
		} else if (outcome === 'throttled' || outcome === 'timeout') {
			// Every attempt that was in flight may come back throttled: one decrease per round.
			if (epoch !== this.epoch) return;
			this.epoch += 1;
			this.holding = true;
			this.window = Math.max(1, this.window * this.decrease);
			this.threshold = this.window;
			this.round = { startedAt: this.now(), limit: this.window, answers: 0 };
		}
	}

	private wakeAll(): void {
		for (const fill of [...this.waiting]) fill();
	}
}

function wholeAtLeastOne(value: number): number {
	return Number.isFinite(value) ? Math.max(1, Math.floor(value)) : 1;
}
