import {
	AdaptiveConcurrency,
	type AdaptiveConcurrencyOptions,
	type AttemptOutcome,
	attemptOutcome,
} from '../../nodes/shared/adaptiveConcurrency';

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
	it('starts modest, at 4 unless told otherwise', () => {
		expect(new AdaptiveConcurrency({ ceiling: 1000 }).limit).toBe(4);
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

describe('attemptOutcome', () => {
	it.each([
		[{ statusCode: 200 }, 'ok'],
		[{ statusCode: 404 }, 'ok'],
		[{ statusCode: 429 }, 'throttled'],
		[{ statusCode: 503 }, 'throttled'],
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

	it('resolves at once with nothing to do', async () => {
		const limiter = new AdaptiveConcurrency({ ceiling: 3 });
		await expect(limiter.map([], async () => 1)).resolves.toEqual([]);
	});
});
