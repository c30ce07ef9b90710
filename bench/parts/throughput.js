// @ts-check
// 1. Throughput: Get items at each batch size and latency, this node against n8n's HTTP Request
// node (its defaults, and its best setting that loses nothing under a rate limit) and the helper
// floor (bench/lib/floor.js). All variants take turns in one n8n process, so that a busy moment
// of the machine hits them alike.
const path = require('node:path');

const { HEADER_AUTH, QUICK, isReport, median, run, say, targetResult } = require('../lib/bench.js');
const { HELPER_NODE_TYPE, NODE_TYPE: FLOOR_TYPE } = require('../lib/floor.js');
const { formatMs, level, printTable } = require('../lib/print.js');
const wf = require('../lib/workflows.js');

/**
 * @typedef {import('../lib/bench.js').Bench} Bench
 * @typedef {import('../lib/bench.js').BenchSimulator} BenchSimulator
 * @typedef {import('../lib/bench.js').Runs} Runs
 * @typedef {import('../lib/bench.js').Item} Item
 * @typedef {import('../lib/verdicts.js').Check} Check
 * @typedef {{ id: string, warmup: boolean }} RunId
 * @typedef {{ level: number, waitMs: number }} SweepLevel
 * @typedef {{ warmupMs: number[], runsMs: number[], medianMs: number,
 *   startedAt: number[] }} VariantResult
 * @typedef {{ latencyMs: number, items: number, runs: number, variants: Record<string, VariantResult>,
 *   helperFloor: { level: number, medianMs: number }, sweepSkipped: SweepLevel[],
 *   sweepSkipSafe: boolean, fasterHttpRequest: { variant: string, medianMs: number },
 *   aOverHttpRequest: number, aOverHelperFloor: number, cOverHttpRequest: number,
 *   cOverHelperFloor: number, fetch?: { concurrency: number, runsMs: number[], medianMs: number }
 * }} Cell
 */

/** Comma-separated numbers from the environment (a part of the grid, for development runs). */
const fromEnv = (/** @type {string} */ name, /** @type {number[]} */ all) =>
	process.env[name] ? process.env[name].split(',').map(Number) : all;

const BATCH_SIZES = fromEnv('BENCH_SIZES', QUICK ? [10, 100] : [10, 100, 1000]);
const LATENCIES = fromEnv('BENCH_LATENCIES', [0, 20, 100, 300]);
/**
 * Measured runs per batch size: a small batch takes tens of milliseconds, where a busy moment of
 * the machine weighs more (at 5 runs, 100 items near the floor measured 1.18 in one run and 0.93
 * in the next).
 */
const RUNS = (/** @type {number} */ items) => (QUICK ? 1 : items <= 10 ? 15 : items <= 100 ? 9 : 3);
/** First runs on a data center of its own (variant c), at most: each needs a simulator. */
const COLD_RUNS = QUICK ? 1 : 3;
// One round before the measured ones: the first execution in a process also compiles n8n's own
// code paths, which a long-running n8n has done long before.
const WARMUPS = 1;
/**
 * HTTP Request's Batching sends `batchSize` requests, then sleeps `batchInterval`, without
 * waiting for answers: it is a rate limit, and its time is mostly its own sleeps. Its fair
 * setting is the server's limit (the rate-limit part's 50 requests/s): what a user who knows the
 * limit sets, and the fastest that loses nothing there (bench/README.md). At 1,000 items (25 s of
 * sleeps) 2 runs and no warm-up, as the sleeps barely vary.
 */
const BATCHING = { batchSize: 50, batchInterval: 1000 };
const BATCHING_RUNS = (/** @type {number} */ items) =>
	items >= 1000 ? Math.min(2, RUNS(items)) : RUNS(items);
/** Fixed items-at-once of the helper floor's sweep; 0 is all at once. */
const SWEEP = [5, 10, 20, 50, 100, 0];
/**
 * A level whose waiting alone, ceil(items / level) × latency, takes this long is not run: on this
 * machine all at once, CPU-bound, takes 4 to 6 s for 1,000 items. A warning is printed when a
 * skipped level's waiting is below the best time measured (`sweepSkipSafe`).
 */
const SWEEP_MAX_WAIT_MS = 6000;

const settings = {
	batchSizes: BATCH_SIZES,
	latencies: LATENCIES,
	runs: Object.fromEntries(BATCH_SIZES.map((items) => [items, RUNS(items)])),
	coldRuns: COLD_RUNS,
	warmupRounds: WARMUPS,
	batching: {
		...BATCHING,
		runs: Object.fromEntries(BATCH_SIZES.map((items) => [items, BATCHING_RUNS(items)])),
	},
	sweep: SWEEP,
	sweepMaxWaitMs: SWEEP_MAX_WAIT_MS,
};

/** @param {number} value */
const floorKey = (value) => `f${value === 0 ? 'all' : String(value).padStart(3, '0')}`;
/** @param {Item} item */
const isFloorItem = (item) => item.json.reportId === item.json.id;

/**
 * The workflows of every cell of the grid, and how to read their figures. This node's runs on a
 * cell's simulator after the first start where it left off (it remembers the data center); its
 * first run on a data center (variant c) gets a simulator of its own every time.
 * @param {Bench} bench
 */
async function planThroughput(bench) {
	/** @type {(Parameters<typeof cellResult>[0] & { simulator: BenchSimulator })[]} */
	const plans = [];
	for (const latencyMs of LATENCIES) {
		for (const items of BATCH_SIZES) {
			const simulator = await bench.simulator({ faults: { latencyMs } });
			const input = simulator.items(items);
			const runs = RUNS(items);
			const sweep = SWEEP.filter((one) => one < items).map((one) => ({
				level: one,
				waitMs: Math.ceil(items / (one || items)) * latencyMs,
			}));
			/** @type {Record<string, () => Promise<{ target: object, input: import('../lib/bench.js').Items }>>} */
			const targets = {
				a: async () => ({ target: wf.acronisGet(simulator.credential), input }),
				c: async () => {
					// A data center this n8n has not met, with a credential used before (it has a token).
					const fresh = await bench.simulator({ faults: { latencyMs } }, { withToken: true });
					return { target: wf.acronisGet(fresh.credential), input: fresh.items(items) };
				},
				b: async () => ({
					target: wf.httpGet(simulator.url, HEADER_AUTH, bench.httpRequestVersion),
					input,
				}),
				e: async () => ({
					target: wf.httpGet(simulator.url, HEADER_AUTH, bench.httpRequestVersion, {
						batching: BATCHING,
					}),
					input,
				}),
				d: async () => ({ target: wf.floor(FLOOR_TYPE), input }),
			};
			for (const { level: one, waitMs } of sweep) {
				if (waitMs < SWEEP_MAX_WAIT_MS) {
					targets[floorKey(one)] = async () => ({
						target: wf.helperFloor(HELPER_NODE_TYPE, simulator.credential, one),
						input,
					});
				}
			}
			/** How many runs a variant has in all, warm-up included, and whether it has a warm-up. */
			const roundsOf = (/** @type {string} */ variant) => {
				if (variant === 'e' && BATCHING_RUNS(items) < runs)
					return { from: WARMUPS, count: BATCHING_RUNS(items) };
				if (variant === 'c') return { from: WARMUPS, count: Math.min(COLD_RUNS, runs) };
				return { from: 0, count: WARMUPS + runs };
			};
			/** @type {Record<string, RunId[]>} */
			const ids = {};
			for (let round = 0; round < WARMUPS + runs; round++) {
				for (const [variant, make] of Object.entries(targets)) {
					const { from, count } = roundsOf(variant);
					if (round < from || round >= from + count) continue;
					const cell = `${String(latencyMs).padStart(3, '0')}x${String(items).padStart(4, '0')}`;
					const id = `t${cell}r${String(round).padStart(2, '0')}${variant}`;
					const { target, input: itemsOf } = await make();
					bench.addWorkflow(id, target, itemsOf);
					(ids[variant] ??= []).push({ id, warmup: round < WARMUPS });
				}
			}
			plans.push({ latencyMs, items, runs, simulator, sweep, ids });
		}
	}
	return {
		ids: plans.flatMap((plan) =>
			Object.values(plan.ids)
				.flat()
				.map((one) => one.id),
		),
		/** @param {Runs} runs */
		read: (runs) => plans.map((plan) => cellResult(plan, runs)),
		simulators: plans.map((plan) => plan.simulator),
	};
}

/**
 * @param {{ latencyMs: number, items: number, runs: number, ids: Record<string, RunId[]>,
 *   sweep: SweepLevel[] }} plan
 * @param {Runs} runs
 * @returns {Cell}
 */
function cellResult({ latencyMs, items, runs: runCount, ids, sweep }, runs) {
	/** @type {Record<string, VariantResult>} */
	const variants = {};
	for (const [variant, list] of Object.entries(ids)) {
		const results = list.map((one) => ({
			...one,
			...targetResult(runs.get(one.id), variant === 'd' ? isFloorItem : isReport),
		}));
		const bad = results.find((one) => one.items !== items || one.good !== items);
		if (bad) throw new Error(`${variant} at ${items} × ${latencyMs} ms: ${JSON.stringify(bad)}`);
		const measured = results.filter((one) => !one.warmup).map((one) => one.ms);
		variants[variant] = {
			warmupMs: results.filter((one) => one.warmup).map((one) => one.ms),
			runsMs: measured,
			// When each run, warm-up first, began (Date.now()): to find it in a CPU profile.
			startedAt: results.map((one) => one.startTime),
			medianMs: median(measured),
		};
	}
	/**
	 * @template {{ medianMs: number }} T
	 * @param {T[]} list
	 */
	const best = (list) => list.reduce((top, one) => (one.medianMs < top.medianMs ? one : top));
	const helperFloor = best(
		sweep
			.filter(({ level: one }) => variants[floorKey(one)])
			.map(({ level: one }) => ({ level: one, medianMs: variants[floorKey(one)].medianMs })),
	);
	const sweepSkipped = sweep.filter(({ level: one }) => !variants[floorKey(one)]);
	const fasterHttpRequest = best(
		['b', 'e'].map((variant) => ({ variant, medianMs: variants[variant].medianMs })),
	);
	return {
		latencyMs,
		items,
		runs: runCount,
		variants,
		helperFloor,
		sweepSkipped,
		sweepSkipSafe: sweepSkipped.every(({ waitMs }) => waitMs > helperFloor.medianMs),
		fasterHttpRequest,
		aOverHttpRequest: variants.a.medianMs / fasterHttpRequest.medianMs,
		aOverHelperFloor: variants.a.medianMs / helperFloor.medianMs,
		cOverHttpRequest: variants.c.medianMs / fasterHttpRequest.medianMs,
		cOverHelperFloor: variants.c.medianMs / helperFloor.medianMs,
	};
}

/**
 * The raw fetch figure, for information: the same GETs as a bare fetch loop outside n8n
 * (bench/lib/wire.js), at the helper floor's best level. Adds `fetch` to each cell.
 * @param {Bench} bench
 * @param {Cell[]} cells
 * @param {BenchSimulator[]} simulators the cells' simulators, in the same order
 */
async function measureFetch(bench, cells, simulators) {
	for (const [index, cell] of cells.entries()) {
		const simulator = simulators[index];
		const input = {
			url: simulator.url,
			token: simulator.credentials.accessToken,
			reportIds: simulator.reportIds,
			items: cell.items,
			concurrency: cell.helperFloor.level || cell.items,
			warmups: WARMUPS,
			runs: cell.runs,
		};
		const { stdout } = await run(
			bench.n8nPaths.node,
			[path.join(__dirname, '..', 'lib', 'wire.js'), JSON.stringify(input)],
			{ env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: bench.certificates.caFile } },
		);
		const runsMs = JSON.parse(stdout);
		cell.fetch = { concurrency: input.concurrency, runsMs, medianMs: median(runsMs) };
	}
}

/**
 * @param {Cell[]} cells
 * @param {Check} check
 * @param {{ speedVsHttpRequest: number, speedVsHelperFloor: number }} targets
 */
function throughputVerdicts(cells, check, targets) {
	for (const cell of cells) {
		const where = `${cell.items.toLocaleString('en')} items at ${cell.latencyMs} ms`;
		check(`a / faster HTTP Request, ${where}`, cell.aOverHttpRequest, targets.speedVsHttpRequest);
		check(`a / helper floor's best, ${where}`, cell.aOverHelperFloor, targets.speedVsHelperFloor);
	}
}

/**
 * @param {Cell[]} cells
 * @param {number} itemsAtOnce this node's default Items at Once
 * @param {number} httpRequestVersion
 */
function printThroughput(cells, itemsAtOnce, httpRequestVersion) {
	const runs = BATCH_SIZES.map((items) => `${items}: ${RUNS(items)}`).join(', ');
	say(
		`1. Get items, median of runs (${runs}) after ${WARMUPS} warm-up round, n8n's executionTime; all take turns in one n8n process.`,
	);
	say(
		`   (a) this node at its defaults (Items at Once ${itemsAtOnce}), a data center it has worked with; (c) its first run on a data center; HTTP Request v${httpRequestVersion}.`,
	);
	printTable([
		[
			'items',
			'latency',
			'(a) Acronis',
			'(c) first run',
			'(b) HTTP Request',
			'(e) Batching',
			'(f) helper floor, best',
			'(d) n8n floor',
			'fetch loop',
			'a / faster of b, e',
			'a / f',
			'c / f',
		],
		...cells.map((cell) => [
			cell.items.toLocaleString('en'),
			`${cell.latencyMs} ms`,
			formatMs(cell.variants.a.medianMs),
			formatMs(cell.variants.c.medianMs),
			formatMs(cell.variants.b.medianMs),
			formatMs(cell.variants.e.medianMs),
			`${formatMs(cell.helperFloor.medianMs)} (${level(cell.helperFloor.level)})`,
			formatMs(cell.variants.d.medianMs),
			cell.fetch ? `${formatMs(cell.fetch.medianMs)} (${level(cell.fetch.concurrency)})` : '-',
			cell.aOverHttpRequest.toFixed(2),
			cell.aOverHelperFloor.toFixed(2),
			cell.cOverHelperFloor.toFixed(2),
		]),
	]);
	say();
	say(
		`   The helper floor's sweep of fixed items at once (a level is not run when ceil(items / level) × latency ≥ ${SWEEP_MAX_WAIT_MS} ms):`,
	);
	printTable([
		['items', 'latency', ...SWEEP.map(level)],
		...cells.map((cell) => [
			cell.items.toLocaleString('en'),
			`${cell.latencyMs} ms`,
			...SWEEP.map((one) => {
				const measured = cell.variants[floorKey(one)];
				if (measured) return formatMs(measured.medianMs);
				const skipped = cell.sweepSkipped.find((entry) => entry.level === one);
				return skipped ? `(≥ ${formatMs(skipped.waitMs)})` : '-';
			}),
		]),
	]);
	for (const cell of cells.filter((one) => !one.sweepSkipSafe)) {
		say(
			`   WARNING: at ${cell.items} items × ${cell.latencyMs} ms a level not run could have been the best.`,
		);
	}
}

module.exports = {
	BATCHING,
	measureFetch,
	planThroughput,
	printThroughput,
	settings,
	throughputVerdicts,
};
