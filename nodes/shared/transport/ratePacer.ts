/**
 * The pace of attempts once a data center has throttled. A 429 says it counts requests, and on a
 * fast network the limit of items at once alone cannot hold a rate (one item at a time may send
 * more than it takes). From then on attempts are spaced out: after its first Retry-After, at a
 * step below the rate it accepted in the second before the 429; a further 429 lowers that rate.
 * It does not rise again in the run: it is what the run reached before the data center refused.
 */

const SECOND_MS = 1000;
/**
 * Fewer answers accepted in the second before a 429 say too little about a rate (a burst of
 * 429s soon after the start, say): then the limit and Retry-After alone back off.
 */
const MIN_ACCEPTED_TO_PACE = 10;

export class RatePacer {
	/**
	 * Set by throttling: attempts are spaced to this many per second, from `nextAt` on. Until
	 * `lateUntil`, a clean answer to an attempt sent before the first 429 (epoch below
	 * `firstEpoch`) still counts toward the rate: answers on many connections come back in any
	 * order, and the 429 may be read before some answers the data center accepted ahead of it.
	 */
	private pace?: { perSecond: number; nextAt: number; firstEpoch: number; lateUntil: number };

	/** When the attempts answered cleanly in the last second were answered, oldest first. */
	private readonly acceptedAt: number[] = [];

	constructor(
		/** How far below the accepted rate attempts go, per second. */
		private readonly step: number,
		/** A further 429 lowers the pace by this factor at most. */
		private readonly decrease: number,
	) {}

	/**
	 * Milliseconds to wait before the next attempt, reserving its place: 0 until the data center
	 * throttled, then as far as its Retry-After and the rate it accepts ask.
	 */
	delay(now: number): number {
		if (this.pace === undefined) return 0;
		const at = Math.max(now, this.pace.nextAt);
		this.pace.nextAt = at + SECOND_MS / this.pace.perSecond;
		return at - now;
	}

	/** An attempt sent in the limiter's `epoch` was answered cleanly. */
	accepted(now: number, epoch: number): void {
		this.acceptedAt.push(now);
		while (this.acceptedAt[0] <= now - SECOND_MS) this.acceptedAt.shift();
		if (this.pace && epoch < this.pace.firstEpoch && now < this.pace.lateUntil) {
			this.pace.perSecond += 1;
		}
	}

	/**
	 * A 429 in the limiter's `epoch` (after its decrease). Attempts go a step below the rate
	 * accepted in the last second (an attempt sent late and the next one on time must not meet
	 * the limit), the first time after its Retry-After, as the burst that drew the 429 filled
	 * that second. A further 429 measures the limit again; the pace comes down by `decrease` at
	 * most.
	 */
	throttled(now: number, epoch: number, retryAfterMs: number): void {
		const accepted = this.acceptedAt.filter((at) => at > now - SECOND_MS).length;
		if (accepted < MIN_ACCEPTED_TO_PACE && this.pace === undefined) return;
		const below = Math.max(1, accepted - this.step);
		if (this.pace === undefined) {
			const lateUntil = now + SECOND_MS;
			this.pace = {
				perSecond: below,
				nextAt: now + retryAfterMs,
				firstEpoch: epoch,
				lateUntil,
			};
			return;
		}
		const { perSecond } = this.pace;
		this.pace.perSecond = Math.min(perSecond, Math.max(below, perSecond * this.decrease));
	}
}
