import { AdaptiveConcurrency } from '../../nodes/shared/transport/adaptiveConcurrency';
import type { AdaptiveConcurrencyOptions } from '../../nodes/shared/transport/adaptiveConcurrencyOptions';
import { type AttemptOutcome, attemptOutcome } from '../../nodes/shared/transport/attemptOutcome';
import { ConcurrencyMemory } from '../../nodes/shared/transport/concurrencyMemory';

/** A limiter on a clock the test moves. */
function limiterAt(options: AdaptiveConcurrencyOptions) {
	const clock = { ms: 0 };
	const limiter = new AdaptiveConcurrency({ now: () => clock.ms, ...options });
	return { limiter, clock };
}

/** Attempts that all took `latencyMs` and came out as `outcome`. */
function answer(
	limiter: AdaptiveConcurrency,
	clock: { ms: number },
	count: number,
	{ outcome = 'ok', latencyMs = 100 }: { outcome?: AttemptOutcome; latencyMs?: number } = {},
) {
	const attempts = Array.from({ length: count }, () => limiter.attempt());
	clock.ms += latencyMs;
	for (const attempt of attempts) attempt.end(outcome);
}

/** Resolves after every pending promise callback has run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Lets every running task and those that start meanwhile finish cleanly. */
async function finishAll(pending: Map<number, { finish: () => void }>) {
	while (pending.size > 0) {
		for (const { finish } of [...pending.values()]) finish();
		await settle();
	}
}

describe('the limit', () => {
	it('starts at 100 unless told otherwise: a typical batch in one round trip', () => {
		expect(new AdaptiveConcurrency({ ceiling: 1000 }).limit).toBe(100);
		expect(new AdaptiveConcurrency({ ceiling: 2 }).limit).toBe(2);
	});

	it('comes down to 0.7 of itself on throttling unless told otherwise', () => {
		const { limiter, clock } = limiterAt({ ceiling: 1000, start: 20 });
		answer(limiter, clock, 1, { outcome: 'throttled' });
		expect(limiter.limit).toBe(14);
	});

	it('starts where it is told and doubles every round trip of clean, fast answers', () => {
		const { limiter, clock } = limiterAt({ ceiling: 1000, start: 4 });
		expect(limiter.limit).toBe(4);
		const seen = [];
		for (let round = 0; round < 4; round++) {
			answer(limiter, clock, limiter.limit);
			seen.push(limiter.limit);
		}
		expect(seen).toEqual([8, 16, 32, 64]);
	});

	it('grows no faster than doubling while a round trip is shorter than the minimum', () => {
		const { limiter, clock } = limiterAt({ ceiling: 1000, start: 4, minRoundTripMs: 100 });
		// Answers after 1 ms each: the round trip is not over before 100 ms have passed.
		for (let index = 0; index < 20; index++) answer(limiter, clock, 1, { latencyMs: 1 });
		expect(limiter.limit).toBe(8);
		clock.ms += 100;
		answer(limiter, clock, 1, { latencyMs: 1 });
		answer(limiter, clock, 8, { latencyMs: 1 });
		expect(limiter.limit).toBe(16);
	});

	it('halves at once on a 429 or a timeout, once for all the attempts of one round', () => {
		const { limiter, clock } = limiterAt({ ceiling: 1000, start: 32, decrease: 0.5 });
		answer(limiter, clock, 32, { outcome: 'throttled' });
		expect(limiter.limit).toBe(16);
		answer(limiter, clock, 16, { outcome: 'timeout' });
		expect(limiter.limit).toBe(8);
	});

	it('after throttling, opens up by one per round trip instead of doubling', () => {
		const { limiter, clock } = limiterAt({ ceiling: 1000, start: 20, decrease: 0.5 });
		answer(limiter, clock, 1, { outcome: 'throttled' });
		expect(limiter.limit).toBe(10);
		const seen = [];
		for (let round = 0; round < 3; round++) {
			answer(limiter, clock, limiter.limit);
			seen.push(limiter.limit);
		}
		expect(seen).toEqual([11, 12, 13]);
	});

	it('uses the given step and factor', () => {
		const { limiter, clock } = limiterAt({ ceiling: 1000, start: 10, increase: 2, decrease: 0.25 });
		answer(limiter, clock, 10);
		expect(limiter.limit).toBe(20);
		answer(limiter, clock, 1, { outcome: 'throttled' });
		expect(limiter.limit).toBe(5);
		answer(limiter, clock, 5);
		expect(limiter.limit).toBe(7);
	});

	it('holds while answers are slow: the server is queueing', () => {
		const { limiter, clock } = limiterAt({
			ceiling: 1000,
			start: 4,
			slowFactor: 2,
			slowMarginMs: 0,
		});
		answer(limiter, clock, 4, { latencyMs: 100 });
		expect(limiter.limit).toBe(8);
		answer(limiter, clock, 8, { latencyMs: 250 });
		expect(limiter.limit).toBe(8);
		answer(limiter, clock, 8, { latencyMs: 150 });
		expect(limiter.limit).toBe(16);
	});

	it('never goes above the ceiling nor below one', () => {
		const { limiter, clock } = limiterAt({ ceiling: 12, start: 50, decrease: 0.5 });
		expect(limiter.limit).toBe(12);
		answer(limiter, clock, 40);
		expect(limiter.limit).toBe(12);
		for (let round = 0; round < 6; round++) answer(limiter, clock, 1, { outcome: 'throttled' });
		expect(limiter.limit).toBe(1);
	});

	it('is not moved by failures that say nothing about load, nor by an attempt ended twice', () => {
		const { limiter, clock } = limiterAt({ ceiling: 100, start: 10, decrease: 0.5 });
		answer(limiter, clock, 5, { outcome: 'failed' });
		expect(limiter.limit).toBe(10);
		const attempt = limiter.attempt();
		attempt.end('throttled');
		attempt.end('throttled');
		const later = limiter.attempt();
		later.end('throttled');
		expect(limiter.limit).toBe(2);
	});
});

describe('a run that starts where an earlier one left off', () => {
	it('opens to the remembered level once its first round comes back clean', () => {
		const { limiter, clock } = limiterAt({
			ceiling: 1000,
			start: 10,
			remembered: { level: 400, limited: false },
		});
		expect(limiter.limit).toBe(10);
		answer(limiter, clock, 9);
		expect(limiter.limit).toBe(19);
		answer(limiter, clock, 1);
		expect(limiter.limit).toBe(400);
		// The data center never pushed back: the slow start goes on from there.
		answer(limiter, clock, 400);
		expect(limiter.limit).toBe(800);
	});

	it('keeps the slow start when the first round came back slow: more at once only queues', () => {
		const { limiter, clock } = limiterAt({
			ceiling: 1000,
			start: 10,
			remembered: { level: 400, limited: false },
		});
		answer(limiter, clock, 8, { latencyMs: 100 });
		answer(limiter, clock, 2, { latencyMs: 400 });
		expect(limiter.limit).toBe(18);
	});

	it('comes down from its first round when the data center refuses a part of it', () => {
		const { limiter, clock } = limiterAt({
			ceiling: 1000,
			start: 100,
			decrease: 0.5,
			remembered: { level: 1000, limited: false },
		});
		answer(limiter, clock, 1, { outcome: 'throttled' });
		expect(limiter.limit).toBe(50);
		answer(limiter, clock, 50);
		expect(limiter.limit).toBe(51);
	});

	it('starts no higher than a level the data center pushed back at, and passes it one per round trip', () => {
		const { limiter, clock } = limiterAt({
			ceiling: 1000,
			start: 100,
			remembered: { level: 20, limited: true },
		});
		expect(limiter.limit).toBe(20);
		answer(limiter, clock, 20);
		expect(limiter.limit).toBe(21);
	});

	it('slow-starts up to a level the data center pushed back at that is above its first round', () => {
		const { limiter, clock } = limiterAt({
			ceiling: 1000,
			start: 10,
			remembered: { level: 300, limited: true },
		});
		answer(limiter, clock, 10);
		expect(limiter.limit).toBe(300);
		answer(limiter, clock, 300);
		expect(limiter.limit).toBe(301);
	});

	it('keeps its first round when the level remembered is lower but was never pushed back at', () => {
		const limiter = new AdaptiveConcurrency({
			ceiling: 1000,
			start: 100,
			remembered: { level: 10, limited: false },
		});
		expect(limiter.limit).toBe(100);
	});

	it('never opens above the ceiling', () => {
		const { limiter, clock } = limiterAt({
			ceiling: 50,
			start: 10,
			remembered: { level: 500, limited: false },
		});
		answer(limiter, clock, 10);
		expect(limiter.limit).toBe(50);
	});

	it('learns the most items it ran at once, or a higher level remembered, when nothing pushed back', async () => {
		const values = ['a', 'b', 'c', 'd', 'e'];
		const fresh = new AdaptiveConcurrency({ ceiling: 100 });
		await fresh.map(values, async (value) => value);
		expect(fresh.learned()).toEqual({ level: 5, limited: false });
		const remembering = new AdaptiveConcurrency({
			ceiling: 100,
			remembered: { level: 300, limited: true },
		});
		await remembering.map(values, async (value) => value);
		expect(remembering.learned()).toEqual({ level: 300, limited: true });
	});

	it('learns the limit it ended with after a push-back', () => {
		const { limiter, clock } = limiterAt({
			ceiling: 1000,
			start: 100,
			decrease: 0.5,
			remembered: { level: 1000, limited: false },
		});
		answer(limiter, clock, 1, { outcome: 'throttled' });
		answer(limiter, clock, 50);
		expect(limiter.learned()).toEqual({ level: 51, limited: true });
	});
});

describe('pacing, once the data center answers 429', () => {
	/** `count` clean answers at the clock's time, then one 429 saying Retry-After `retryAfterMs`. */
	function acceptedThenThrottled(count: number, retryAfterMs: number) {
		const { limiter, clock } = limiterAt({ ceiling: 1000, start: 100 });
		answer(limiter, clock, count, { latencyMs: 10 });
		limiter.attempt().end('throttled', retryAfterMs);
		return { limiter, clock };
	}

	it('sends nothing before Retry-After, then a step below the rate accepted in the second before', () => {
		const { limiter } = acceptedThenThrottled(50, 1000);
		expect(limiter.delayBeforeAttempt()).toBe(1000);
		// 49 per second: one every 1000 / 49 ms.
		expect(limiter.delayBeforeAttempt()).toBeCloseTo(1000 + 1000 / 49);
		expect(limiter.delayBeforeAttempt()).toBeCloseTo(1000 + 2000 / 49);
	});

	it('counts the clean answers read after the 429 to attempts sent before it', () => {
		const { limiter, clock } = limiterAt({ ceiling: 1000, start: 100 });
		const attempts = Array.from({ length: 51 }, () => limiter.attempt());
		clock.ms += 10;
		for (const attempt of attempts.slice(0, 45)) attempt.end('ok');
		attempts[50].end('throttled', 1000);
		for (const attempt of attempts.slice(45, 50)) attempt.end('ok');
		limiter.delayBeforeAttempt();
		expect(limiter.delayBeforeAttempt()).toBeCloseTo(1000 + 1000 / 49);
	});

	it('counts only the answers of the last second', () => {
		const { limiter, clock } = limiterAt({ ceiling: 1000, start: 100 });
		answer(limiter, clock, 30, { latencyMs: 10 });
		clock.ms += 1500;
		answer(limiter, clock, 11, { latencyMs: 10 });
		limiter.attempt().end('throttled', 0);
		limiter.delayBeforeAttempt();
		expect(limiter.delayBeforeAttempt()).toBeCloseTo(1000 / 10);
	});

	it('lowers the pace on a further 429, by `decrease` at most', () => {
		const { limiter, clock } = acceptedThenThrottled(50, 0);
		clock.ms += 1000;
		answer(limiter, clock, 10, { latencyMs: 10 });
		limiter.attempt().end('throttled', 0);
		// 10 accepted in the last second, but 49 × 0.7 at most lower.
		limiter.delayBeforeAttempt();
		expect(limiter.delayBeforeAttempt()).toBeCloseTo(1000 / (49 * 0.7));
	});

	it('does not pace after a 503 or a timeout, nor after a 429 with few accepted before', () => {
		for (const outcome of ['overloaded', 'timeout'] as const) {
			const { limiter, clock } = limiterAt({ ceiling: 1000, start: 20, decrease: 0.5 });
			answer(limiter, clock, 50, { latencyMs: 10 });
			limiter.attempt().end(outcome, 1000);
			expect(limiter.delayBeforeAttempt()).toBe(0);
			expect(limiter.limit).toBe(20);
		}
		const { limiter, clock } = limiterAt({ ceiling: 1000 });
		answer(limiter, clock, 9, { latencyMs: 10 });
		limiter.attempt().end('throttled', 1000);
		expect(limiter.delayBeforeAttempt()).toBe(0);
	});
});

describe('ConcurrencyMemory', () => {
	it('recalls what was kept under a key, and forgets the least recently used beyond its size', () => {
		const memory = new ConcurrencyMemory(2);
		memory.keep('a', { level: 10, limited: false });
		memory.keep('b', { level: 20, limited: true });
		expect(memory.recall('a')).toEqual({ level: 10, limited: false });
		memory.keep('c', { level: 30, limited: false });
		expect(memory.recall('b')).toBeUndefined();
		expect(memory.recall('a')).toEqual({ level: 10, limited: false });
		memory.keep('a', { level: 15, limited: true });
		expect(memory.recall('a')).toEqual({ level: 15, limited: true });
		expect(memory.recall('c')).toEqual({ level: 30, limited: false });
	});
});

describe('attemptOutcome', () => {
	it.each([
		[{ statusCode: 200 }, 'ok'],
		[{ statusCode: 404 }, 'ok'],
		[{ statusCode: 429 }, 'throttled'],
		[{ statusCode: 503 }, 'overloaded'],
		[{ statusCode: 504 }, 'timeout'],
		[{ statusCode: 500 }, 'failed'],
		[{ errorCode: 'ETIMEDOUT' }, 'timeout'],
		[{ errorCode: 'ECONNABORTED' }, 'timeout'],
		[{ errorCode: 'ECONNRESET' }, 'failed'],
		[{}, 'failed'],
	] as const)('%j is %s', (input, outcome) => {
		expect(attemptOutcome(input)).toBe(outcome);
	});
});

describe('map', () => {
	/** A task per value that waits until the test lets it finish (or throttles its attempt). */
	function controlledTasks(limiter: AdaptiveConcurrency) {
		type Control = {
			finish: (outcome?: AttemptOutcome) => void;
			throttle: () => void;
			fail: (error: Error) => void;
		};
		const pending = new Map<number, Control>();
		const started: number[] = [];
		let maxRunning = 0;
		const overLimit: string[] = [];
		const task = (value: string, index: number) =>
			new Promise<string>((resolve, reject) => {
				started.push(index);
				maxRunning = Math.max(maxRunning, limiter.running);
				if (limiter.running > limiter.limit)
					overLimit.push(`${limiter.running} running, limit ${limiter.limit}`);
				let attempt = limiter.attempt();
				pending.set(index, {
					finish: (outcome = 'ok') => {
						attempt.end(outcome);
						pending.delete(index);
						resolve(value.toUpperCase());
					},
					// A 429, then the repeated attempt after Retry-After: the item keeps running.
					throttle: () => {
						attempt.end('throttled');
						attempt = limiter.attempt();
					},
					fail: (error) => {
						pending.delete(index);
						reject(error);
					},
				});
			});
		return { task, pending, started, overLimit, maxRunning: () => maxRunning };
	}

	it('returns results in input order whatever order tasks finish in', async () => {
		const limiter = new AdaptiveConcurrency({ ceiling: 3, start: 3 });
		const values = ['a', 'b', 'c', 'd', 'e'];
		const { task, pending } = controlledTasks(limiter);
		const result = limiter.map(values, task);
		await settle();
		while (pending.size > 0) {
			// The newest first: the reverse of the order they started in.
			const last = [...pending.keys()].at(-1)!;
			pending.get(last)!.finish();
			await settle();
		}
		await expect(result).resolves.toEqual(['A', 'B', 'C', 'D', 'E']);
	});

	it('never runs more tasks than the limit, and starts more as the limit rises', async () => {
		const limiter = new AdaptiveConcurrency({ ceiling: 8, start: 2, minRoundTripMs: 0 });
		const values = Array.from({ length: 30 }, (_, index) => `v${index}`);
		const { task, pending, overLimit, maxRunning } = controlledTasks(limiter);
		const result = limiter.map(values, task);
		await settle();
		expect(pending.size).toBe(2);
		const sizes = [];
		while (pending.size > 0) {
			for (const { finish } of [...pending.values()]) finish();
			await settle();
			sizes.push(pending.size);
		}
		await result;
		expect(overLimit).toEqual([]);
		expect(sizes.slice(0, 3)).toEqual([4, 8, 8]);
		expect(maxRunning()).toBe(8);
	});

	it('after throttling starts no new item until an attempt sent since is answered', async () => {
		const limiter = new AdaptiveConcurrency({ ceiling: 8, start: 8, decrease: 0.5 });
		const values = Array.from({ length: 20 }, (_, index) => `v${index}`);
		const { task, pending, started } = controlledTasks(limiter);
		const result = limiter.map(values, task);
		await settle();
		expect(started).toHaveLength(8);
		pending.get(0)!.throttle();
		expect(limiter.limit).toBe(4);
		expect(limiter.isHolding).toBe(true);
		// Answers to attempts sent before the 429 do not count, though the limit leaves room.
		for (const index of [1, 2, 3, 4, 5, 6, 7]) pending.get(index)!.finish('ok');
		await settle();
		expect(started).toHaveLength(8);
		// The repeated attempt is answered: the limit's worth of new items start.
		pending.get(0)!.finish('ok');
		await settle();
		expect(limiter.isHolding).toBe(false);
		expect(started).toHaveLength(12);
		await finishAll(pending);
		await expect(result).resolves.toHaveLength(20);
	});

	it('while holding back with nothing running, starts one item to probe', async () => {
		const limiter = new AdaptiveConcurrency({ ceiling: 4, start: 4, decrease: 0.5 });
		const values = Array.from({ length: 10 }, (_, index) => `v${index}`);
		const { task, pending, started } = controlledTasks(limiter);
		const result = limiter.map(values, task);
		await settle();
		pending.get(0)!.throttle();
		for (const index of [1, 2, 3]) pending.get(index)!.finish('ok');
		await settle();
		expect(started).toEqual([0, 1, 2, 3]);
		// The repeated attempt fails for another reason: nothing runs, so one item probes.
		pending.get(0)!.finish('failed');
		await settle();
		expect(started).toEqual([0, 1, 2, 3, 4]);
		expect(limiter.isHolding).toBe(true);
		pending.get(4)!.finish('ok');
		await settle();
		expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
		await finishAll(pending);
		await expect(result).resolves.toHaveLength(10);
	});

	it('after a failure starts nothing new, lets the running ones finish and throws the first item’s error', async () => {
		const limiter = new AdaptiveConcurrency({ ceiling: 3, start: 3 });
		const values = ['a', 'b', 'c', 'd', 'e', 'f'];
		const { task, pending, started } = controlledTasks(limiter);
		const result = limiter.map(values, task);
		await settle();
		pending.get(2)!.fail(new Error('item 2'));
		await settle();
		pending.get(1)!.fail(new Error('item 1'));
		await settle();
		expect(started).toEqual([0, 1, 2]);
		let settled = false;
		result.catch(() => undefined).finally(() => (settled = true));
		await settle();
		expect(settled).toBe(false);
		pending.get(0)!.finish();
		await expect(result).rejects.toThrow('item 1');
		expect(started).toEqual([0, 1, 2]);
	});

	it('until the first round is answered, an item that ends frees no room', async () => {
		const limiter = new AdaptiveConcurrency({ ceiling: 100, start: 4 });
		const values = Array.from({ length: 10 }, (_, index) => `v${index}`);
		const { task, pending, started } = controlledTasks(limiter);
		const result = limiter.map(values, task);
		await settle();
		for (const index of [0, 1, 2]) pending.get(index)!.finish();
		await settle();
		expect(started).toEqual([0, 1, 2, 3]);
		pending.get(3)!.finish();
		await settle();
		expect(started.length).toBeGreaterThan(4);
		await finishAll(pending);
		await expect(result).resolves.toHaveLength(10);
	});

	it('a first round whose items end without a request answered ends too', async () => {
		const limiter = new AdaptiveConcurrency({ ceiling: 100, start: 2 });
		const values = Array.from({ length: 6 }, (_, index) => index);
		await expect(limiter.map(values, async (value) => value * 2)).resolves.toEqual([
			0, 2, 4, 6, 8, 10,
		]);
	});

	it('resolves at once with nothing to do', async () => {
		const limiter = new AdaptiveConcurrency({ ceiling: 3 });
		await expect(limiter.map([], async () => 1)).resolves.toEqual([]);
	});
});
