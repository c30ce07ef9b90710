import type { RememberedLevel } from './concurrencyMemory';
import type { WindowSettings } from './congestionWindow';

/** The settings of the limiter of items at once (./adaptiveConcurrency), and their defaults. */

export interface AdaptiveConcurrencyOptions {
	/** The most items at once, whatever the answers (the node's "Items at Once"). */
	ceiling: number;
	/** Items at once before any answer came back: the first round. */
	start?: number;
	/** What an earlier run learnt about this data center: where the limit opens to. */
	remembered?: RememberedLevel;
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

/**
 * A typical batch (a hundred items) in one round trip; a data center that takes fewer requests
 * per second refuses a part of it, and the limit comes down from there (bench/: 50 requests/s).
 */
export const DEFAULT_START = 100;
const DEFAULT_INCREASE = 1;
/** CUBIC's factor (RFC 9438): halving left the limit too low to fill a rate window quickly. */
const DEFAULT_DECREASE = 0.7;
const DEFAULT_SLOW_FACTOR = 2;
const DEFAULT_SLOW_MARGIN_MS = 50;
const DEFAULT_MIN_ROUND_TRIP_MS = 100;

/** The window's settings: the options given, the defaults for the rest. */
export function windowSettings(options: AdaptiveConcurrencyOptions): WindowSettings {
	return {
		ceiling: wholeAtLeastOne(options.ceiling),
		increase: options.increase ?? DEFAULT_INCREASE,
		decrease: options.decrease ?? DEFAULT_DECREASE,
		slowFactor: options.slowFactor ?? DEFAULT_SLOW_FACTOR,
		slowMarginMs: options.slowMarginMs ?? DEFAULT_SLOW_MARGIN_MS,
		minRoundTripMs: options.minRoundTripMs ?? DEFAULT_MIN_ROUND_TRIP_MS,
	};
}

export function wholeAtLeastOne(value: number): number {
	return Number.isFinite(value) ? Math.max(1, Math.floor(value)) : 1;
}
