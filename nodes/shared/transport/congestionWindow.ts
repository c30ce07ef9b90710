/**
 * How many items may run at once, as TCP's congestion window (RFC 5681) with items for packets:
 * a slow start that adds `increase` per clean answer (the window doubles every round trip) up
 * to the threshold, then an additive increase of `increase` per round trip, and a multiplicative
 * decrease, times `decrease`, that also sets the threshold. Never above `ceiling`. When to start
 * items within it is the limiter's (./adaptiveConcurrency).
 */
export interface WindowSettings {
	ceiling: number;
	increase: number;
	decrease: number;
	slowFactor: number;
	slowMarginMs: number;
	minRoundTripMs: number;
}

export class CongestionWindow {
	private size: number;

	/** Below it the window grows per answer (slow start), above it per round trip. */
	private threshold: number;

	private fastestMs = Infinity;

	/** The current round trip: when it began, the limit then, and the clean answers since. */
	private round: { startedAt: number; limit: number; answers: number };

	constructor(
		private readonly settings: WindowSettings,
		start: { size: number; threshold: number; now: number },
	) {
		this.size = start.size;
		this.threshold = start.threshold;
		this.round = { startedAt: start.now, limit: this.size, answers: 0 };
	}

	/** Items that may run at once now. */
	get limit(): number {
		return Math.max(1, Math.floor(this.size));
	}

	/**
	 * An answer the server accepted. One much slower than the fastest so far was queued: the
	 * window holds where it is, and this answers false.
	 */
	accepted(latencyMs: number, now: number): boolean {
		const { settings, round } = this;
		this.fastestMs = Math.min(this.fastestMs, latencyMs);
		if (latencyMs > this.fastestMs * settings.slowFactor + settings.slowMarginMs) return false;
		round.answers += 1;
		const roundOver =
			round.answers >= round.limit && now - round.startedAt >= settings.minRoundTripMs;
		if (this.size < this.threshold) {
			// Slow start: one more per clean answer, at most double per round trip.
			this.size = Math.min(this.size + settings.increase, round.limit * 2);
		} else if (roundOver) {
			this.size += settings.increase;
		}
		this.size = Math.min(this.size, settings.ceiling);
		if (roundOver) this.round = { startedAt: now, limit: this.size, answers: 0 };
		return true;
	}

	/** The server throttled or stopped answering. */
	shrink(now: number): void {
		this.size = Math.max(1, this.size * this.settings.decrease);
		this.threshold = this.size;
		this.round = { startedAt: now, limit: this.size, answers: 0 };
	}

	/** Opens at once to `level` (a level an earlier run held), keeping the threshold. */
	openTo(level: number, now: number): void {
		if (level <= this.size) return;
		this.size = Math.min(this.settings.ceiling, level);
		this.round = { startedAt: now, limit: this.size, answers: 0 };
	}
}
