// @ts-check
// The bench's targets: each measured value against its limit, and the verdict printed at the end.
const { printTable } = require('./print.js');
const { say } = require('./bench.js');

/**
 * @typedef {{ name: string, value: number, target: string, pass: boolean, shown: string }} Verdict
 * @typedef {(name: string, value: number, limit: number,
 *   options?: { exact?: boolean, format?: (value: number) => string }) => void} Check
 */

/**
 * A list of verdicts and the `check` that adds one: the value at most `limit`, or exactly it
 * when `exact`; shown with `format` (two decimals unless told).
 */
function collectVerdicts() {
	/** @type {Verdict[]} */
	const list = [];
	/** @type {Check} */
	const check = (
		name,
		value,
		limit,
		{ exact = false, format = (/** @type {number} */ one) => one.toFixed(2) } = {},
	) => {
		list.push({
			name,
			value,
			target: `${exact ? '=' : '≤'} ${format(limit)}`,
			pass: exact ? value === limit : value <= limit,
			shown: format(value),
		});
	};
	return { list, check };
}

/** @param {Verdict[]} list */
function printVerdicts(list) {
	say('Targets');
	printTable([
		['target', 'value', 'goal', 'verdict'],
		...list.map((verdict) => [
			verdict.name,
			verdict.shown,
			verdict.target,
			verdict.pass ? 'PASS' : 'MISS',
		]),
	]);
}

module.exports = { collectVerdicts, printVerdicts };
