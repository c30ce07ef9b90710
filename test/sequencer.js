// @ts-check
// Jest's order (failed first, then the longest by the last run's times, else the largest files),
// with the reliability suites always first: they are the longest, and their files are small, so
// on a first run (no times yet) they would start last and leave one worker running alone.
const Sequencer = require('@jest/test-sequencer').default;

/** @param {import('@jest/test-result').Test} test */
const rank = (test) => (/\.reliability\.c?ts$/.test(test.path) ? 0 : 1);

class ReliabilityFirst extends Sequencer {
	/** @param {Array<import('@jest/test-result').Test>} tests */
	async sort(tests) {
		const sorted = await super.sort(tests);
		// Array#sort is stable: Jest's order holds within each rank.
		return [...sorted].sort((a, b) => rank(a) - rank(b));
	}
}

module.exports = ReliabilityFirst;
