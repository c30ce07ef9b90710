// @ts-check
/**
 * Every test suite of the project, one Jest project each; `jest --selectProjects <name>` runs
 * one. `npm test` runs unit, integration and reliability (scripts/test.js); the end-to-end
 * projects need a real n8n and run one at a time through e2e/run.js (`npm run test:all`).
 *
 * The TypeScript that is not part of the package (tests, simulator) is CommonJS TypeScript,
 * `.cts`: n8n's lint (`n8n-node lint`) applies its rules for community nodes to every `*.ts`
 * file, and they forbid what tests need (node:http, process, timers). Jest only transpiles it:
 * `npm run typecheck` type-checks it once, for every file.
 */

/**
 * @param {string} displayName
 * @param {string[]} testMatch
 * @param {number} timeoutMs each test's and hook's time limit
 * @returns {import('jest').Config}
 */
function project(displayName, testMatch, timeoutMs) {
	return {
		displayName,
		testMatch: testMatch.map((pattern) => `<rootDir>/${pattern}`),
		testEnvironment: 'node',
		moduleFileExtensions: ['cts', 'ts', 'js', 'json'],
		// Transpiled file by file, not type-checked again (that is `npm run typecheck`'s part).
		transform: { '^.+\\.c?ts$': ['ts-jest', { tsconfig: { isolatedModules: true } }] },
		resolver: '<rootDir>/jest.resolver.js',
		// The n8n pins of the end-to-end tests (e2e/n8n/<version>/package.json) share one name.
		modulePathIgnorePatterns: ['<rootDir>/e2e/n8n/'],
		// Jest takes testTimeout from the top level only: each project sets its own here.
		globals: { TEST_TIMEOUT_MS: timeoutMs },
		setupFilesAfterEnv: ['<rootDir>/test/timeout.js'],
	};
}

/** @type {import('jest').Config} */
module.exports = {
	projects: [
		// The parsers, the simulator and `npm run verify` itself, each on its own.
		project('unit', ['test/{unit,simulator,verify}/**/*.test.cts'], 60000),
		// The node inside n8n-core's own workflow engine, over real sockets to the simulator.
		project('integration', ['test/{integration,harness}/**/*.test.cts'], 60000),
		// Generated inputs and injected faults (test/reliability/README.md).
		project('reliability', ['test/reliability/**/*.reliability.cts'], 600000),
		// The packed package in a real n8n (e2e/lib/n8n.js): one process, with the billing chain and
		// the node as tools of n8n's MCP Server Trigger.
		project('e2e', ['e2e/e2e.test.cts', 'e2e/billing.test.cts', 'e2e/mcp.test.cts'], 120000),
		// Main and two workers on Redis and PostgreSQL.
		project('queue', ['e2e/queue.test.cts'], 300000),
		// n8n's editor in Chromium.
		project('browser', ['e2e/ui.test.cts'], 180000),
		// The end-to-end core on E2E_N8N_VERSION (default: the default version).
		project('core', ['e2e/core.test.cts'], 120000),
		// The lowest n8n-workflow the package loads in.
		project('floor', ['e2e/floor.test.cts'], 120000),
	],
	// Jest's own reporters, then the reliability figures when the reliability suites ran.
	reporters: ['<rootDir>/test/reliability/reporter.js'],
	// The longest suites first, so that no worker is left running one alone at the end.
	testSequencer: '<rootDir>/test/sequencer.js',
	// A worker per core: Jest's default leaves one core to its own process, which does little,
	// and on 2 cores runs everything in a single worker.
	maxWorkers: '100%',
};
