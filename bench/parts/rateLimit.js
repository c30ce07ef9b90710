// @ts-check
// 2. Rate limit: Get items against a data center that takes 50 requests/s and answers 429 with
// Retry-After beyond, continue on fail: items lost, time against the ideal, requests sent. One
// simulator per variant, so that its request log is that variant's alone.
const { HEADER_AUTH, QUICK, isApiPath, targetResult, say } = require('../lib/bench.js');
const { formatMs, printTable } = require('../lib/print.js');
const wf = require('../lib/workflows.js');
const { BATCHING } = require('./throughput.js');

/**
 * @typedef {import('../lib/bench.js').Bench} Bench
 * @typedef {import('../lib/bench.js').BenchSimulator} BenchSimulator
 * @typedef {import('../lib/bench.js').Runs} Runs
 * @typedef {import('../lib/bench.js').RecordedRequest} RecordedRequest
 * @typedef {import('../lib/verdicts.js').Check} Check
 * @typedef {{ completed: number, lost: number, ms: number, timeVsIdeal: number,
 *   requests: number, requestsPerItem: number, perSecond: { accepted: number, refused: number }[]
 * }} Figures
 * @typedef {{ requestsPerSecond: number, items: number, idealMs: number,
 *   remembered: { items: number, latencyMs: number, peakAtOnce: number },
 *   a: Figures, h: Figures, b: Figures, e: Figures }} RateLimitResult
 */

const RATE_LIMIT = 50;
const ITEMS = QUICK ? 100 : 300;
/**
 * Variant h first gets this many items from the same data center while it answers every request
 * after this latency and takes any number at once, so that this node remembers a level far
 * above the limit; then the data center limits it.
 */
const REMEMBERED = { items: QUICK ? 300 : 1000, latencyMs: 300 };
/** Between the two: the bench switches the simulator to the rate limit meanwhile. */
const SWITCH_SECONDS = 2;

const VARIANTS = {
	a: 'Acronis Usage Report, first run on the data center',
	h: 'Acronis Usage Report, remembering a level far above the limit',
	b: 'HTTP Request, defaults',
	e: `HTTP Request, Batching ${BATCHING.batchSize} per ${BATCHING.batchInterval} ms`,
};

/**
 * The most requests the simulator held at once, from when they arrived: each is answered
 * `latencyMs` later.
 * @param {RecordedRequest[]} requests
 * @param {number} latencyMs
 */
function peakAtOnce(requests, latencyMs) {
	const arrivals = requests.map((one) => one.at).sort((a, b) => a - b);
	let peak = 0;
	let first = 0;
	for (const [index, at] of arrivals.entries()) {
		while (arrivals[first] <= at - latencyMs) first += 1;
		peak = Math.max(peak, index - first + 1);
	}
	return peak;
}

/**
 * The requests accepted and refused (429) in each second from the first one: where the extra
 * requests went.
 * @param {RecordedRequest[]} requests
 */
function perSecond(requests) {
	const first = Math.min(...requests.map((one) => one.at));
	/** @type {{ accepted: number, refused: number }[]} */
	const seconds = [];
	for (const { at, status } of requests) {
		const second = (seconds[Math.floor((at - first) / 1000)] ??= { accepted: 0, refused: 0 });
		if (status === 429) second.refused += 1;
		else second.accepted += 1;
	}
	return Array.from(seconds, (one) => one ?? { accepted: 0, refused: 0 });
}

/** @param {Bench} bench */
async function planRateLimit(bench) {
	const limited = { faults: { requestsPerSecond: RATE_LIMIT } };
	/** @type {Record<string, (simulator: BenchSimulator) => object>} */
	const nodes = {
		a: (simulator) => wf.acronisGet(simulator.credential, { continueOnFail: true }),
		b: (simulator) =>
			wf.httpGet(simulator.url, HEADER_AUTH, bench.httpRequestVersion, { continueOnFail: true }),
		e: (simulator) =>
			wf.httpGet(simulator.url, HEADER_AUTH, bench.httpRequestVersion, {
				continueOnFail: true,
				batching: BATCHING,
			}),
	};
	/** @type {{ variant: string, simulator: BenchSimulator, id: string }[]} */
	const plans = [];
	for (const [variant, target] of Object.entries(nodes)) {
		const simulator = await bench.simulator(limited);
		simulator.requests.length = 0;
		const id = bench.addWorkflow(`z000rate${variant}`, target(simulator), simulator.items(ITEMS));
		plans.push({ variant, simulator, id });
	}

	// h: the same workflow after a run of many items at once on the same data center.
	const remembering = await bench.simulator({ faults: { latencyMs: REMEMBERED.latencyMs } });
	const credential = remembering.credential;
	const id = bench.addWorkflowDefinition(
		wf.chain('z000rateh', remembering.items(REMEMBERED.items), [
			{ name: 'Remembered', ...wf.acronisGet(credential) },
			wf.wait(SWITCH_SECONDS),
			wf.itemsNode('Limited items', remembering.items(ITEMS)),
			{ name: wf.TARGET, ...wf.acronisGet(credential, { continueOnFail: true }) },
		]),
	);
	remembering.requests.length = 0;
	const remembered = { ...REMEMBERED, peakAtOnce: 0 };
	plans.push({ variant: 'h', simulator: remembering, id });

	return {
		ids: plans.map((plan) => plan.id),
		/**
		 * Switches h's simulator to the rate limit once the first node's requests are answered,
		 * while that workflow waits: call before the batch runs; returns the way to stop it.
		 */
		watch: () => {
			const answered = () =>
				remembering.requests.filter((one) => isApiPath(one) && one.status !== undefined).length;
			const timer = setInterval(() => {
				if (answered() < REMEMBERED.items) return;
				clearInterval(timer);
				remembered.peakAtOnce = peakAtOnce(
					remembering.requests.filter(isApiPath),
					REMEMBERED.latencyMs,
				);
				remembering.setFaults(limited.faults);
				remembering.requests.length = 0;
			}, 5);
			return () => clearInterval(timer);
		},
		/**
		 * @param {Runs} runs
		 * @returns {RateLimitResult}
		 */
		read: (runs) => {
			const idealMs = (ITEMS / RATE_LIMIT) * 1000;
			/** @type {Record<string, Figures>} */
			const figures = {};
			for (const plan of plans) {
				const { good, ms } = targetResult(runs.get(plan.id));
				const requests = plan.simulator.requests.filter(isApiPath);
				figures[plan.variant] = {
					completed: good,
					lost: ITEMS - good,
					ms,
					timeVsIdeal: ms / idealMs,
					requests: requests.length,
					requestsPerItem: requests.length / ITEMS,
					perSecond: perSecond(requests),
				};
			}
			const { a, h, b, e } = figures;
			return { requestsPerSecond: RATE_LIMIT, items: ITEMS, idealMs, remembered, a, h, b, e };
		},
	};
}

/**
 * @param {RateLimitResult} result
 * @param {Check} check
 * @param {{ lostUnderRateLimit: number, rateLimitTimeVsIdeal: number,
 *   rateLimitRequestsPerItem: number }} targets
 */
function rateLimitVerdicts(result, check, targets) {
	for (const variant of /** @type {const} */ (['a', 'h'])) {
		const figures = result[variant];
		const under = `under ${RATE_LIMIT} req/s (${variant})`;
		check(`items lost ${under}`, figures.lost, targets.lostUnderRateLimit, {
			exact: true,
			format: String,
		});
		check(`time / ideal ${under}`, figures.timeVsIdeal, targets.rateLimitTimeVsIdeal);
		check(`requests / items ${under}`, figures.requestsPerItem, targets.rateLimitRequestsPerItem);
	}
}

/** @param {RateLimitResult} result */
function printRateLimit(result) {
	say(
		`2. Rate limit ${result.requestsPerSecond} req/s with Retry-After, ${result.items} items, continue on fail; ideal ${formatMs(result.idealMs)}`,
	);
	printTable([
		['node', 'completed', 'lost', 'time', 'time / ideal', 'requests', 'requests / items'],
		.../** @type {const} */ (['a', 'h', 'b', 'e']).map((variant) => [
			`(${variant}) ${VARIANTS[variant]}`,
			result[variant].completed,
			result[variant].lost,
			formatMs(result[variant].ms),
			result[variant].timeVsIdeal.toFixed(2),
			result[variant].requests,
			result[variant].requestsPerItem.toFixed(2),
		]),
	]);
	for (const variant of /** @type {const} */ (['a', 'h'])) {
		const seconds = result[variant].perSecond.map((one) => `${one.accepted}/${one.refused}`);
		say(`   ${variant}, accepted/refused per second: ${seconds.join(' ')}`);
	}
	const { remembered } = result;
	say(
		`   h: just before, ${remembered.items.toLocaleString('en')} items from the same data center answering after ${remembered.latencyMs} ms with no limit, up to ${remembered.peakAtOnce} at once.`,
	);
}

module.exports = { planRateLimit, printRateLimit, rateLimitVerdicts };
