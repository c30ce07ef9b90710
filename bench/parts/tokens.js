// @ts-check
// 4. Token exchanges: Get items on an API-client credential that has no token yet. Runs in the
// batch with the throughput and the rate limit.
const { QUICK, say, targetResult } = require('../lib/bench.js');
const { formatMs } = require('../lib/print.js');
const wf = require('../lib/workflows.js');

/**
 * @typedef {import('../lib/bench.js').Bench} Bench
 * @typedef {import('../lib/bench.js').Runs} Runs
 * @typedef {import('../lib/verdicts.js').Check} Check
 * @typedef {ReturnType<typeof targetResult> & { exchanges: number }} TokensResult
 */

const ITEMS = QUICK ? 100 : 1000;

/** @param {Bench} bench */
async function planTokens(bench) {
	const simulator = await bench.simulator();
	const id = bench.addWorkflow(
		'a000tokens',
		wf.acronisGet(simulator.credential),
		simulator.items(ITEMS),
	);
	const before = simulator.tokenRequests();
	return {
		ids: [id],
		/** @param {Runs} runs @returns {TokensResult} */
		read: (runs) => ({
			exchanges: simulator.tokenRequests() - before,
			...targetResult(runs.get(id)),
		}),
	};
}

/**
 * @param {TokensResult} result
 * @param {Check} check
 * @param {{ tokenExchanges: number }} targets
 */
function tokensVerdicts(result, check, targets) {
	check(`token exchanges for ${ITEMS} items`, result.exchanges, targets.tokenExchanges, {
		exact: true,
		format: String,
	});
}

/** @param {TokensResult} result */
function printTokens(result) {
	say(
		`4. Token exchanges, ${result.items.toLocaleString('en')} items, API client credential with no token yet: ${result.exchanges} (${formatMs(result.ms)})`,
	);
}

module.exports = { planTokens, printTokens, tokensVerdicts };
