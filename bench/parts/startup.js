// @ts-check
// 5. Size and start-up: the tarball, and the time to `require` the node and credential modules in
// a fresh Node process (n8n-workflow, which n8n loads first, timed apart).
const path = require('node:path');

const { median, run, say } = require('../lib/bench.js');
const { printTable } = require('../lib/print.js');

/**
 * @typedef {import('../lib/bench.js').Bench} Bench
 * @typedef {import('../lib/verdicts.js').Check} Check
 * @typedef {{ packageMs: number, n8nWorkflowMs: number }} RequireRun
 * @typedef {{ modules: string[], packageMs: number, n8nWorkflowMs: number,
 *   runs: RequireRun[] }} RequireTime
 * @typedef {Bench['size']} Size
 */

const REQUIRE_RUNS = 7;

/**
 * In fresh processes of n8n's Node, `require` and construct every node and credential class.
 * @param {Bench} bench
 * @returns {Promise<RequireTime>}
 */
async function measureRequire(bench) {
	const { installed, manifest } = bench;
	const modules = [...manifest.n8n.nodes, ...manifest.n8n.credentials].map((file) =>
		path.join(installed.dir, file),
	);
	// n8n-workflow is loaded by n8n before any community package: timed apart, not counted.
	const code = [
		'const modules = JSON.parse(process.env.BENCH_MODULES);',
		'const t0 = process.hrtime.bigint();',
		"require('n8n-workflow');",
		'const t1 = process.hrtime.bigint();',
		'for (const file of modules) {',
		'	for (const [name, value] of Object.entries(require(file))) {',
		"		if (typeof value === 'function' && /^[A-Z]/.test(name)) new value();",
		'	}',
		'}',
		'const t2 = process.hrtime.bigint();',
		'process.stdout.write(JSON.stringify({ n8nWorkflowMs: Number(t1 - t0) / 1e6, packageMs: Number(t2 - t1) / 1e6 }));',
	].join('\n');
	/** @type {RequireRun[]} */
	const runs = [];
	for (let index = 0; index < REQUIRE_RUNS; index++) {
		const { stdout } = await run(bench.n8nPaths.node, ['-e', code], {
			cwd: bench.workDir,
			env: {
				PATH: process.env.PATH,
				// Where n8n's own dependencies are: the package leaves n8n-workflow to n8n.
				NODE_PATH: path.join(bench.n8nPaths.dir, 'node_modules'),
				BENCH_MODULES: JSON.stringify(modules),
			},
		});
		runs.push(JSON.parse(stdout));
	}
	return {
		modules: modules.map((file) => path.relative(installed.dir, file)),
		packageMs: median(runs.map((one) => one.packageMs)),
		n8nWorkflowMs: median(runs.map((one) => one.n8nWorkflowMs)),
		runs,
	};
}

/** @param {number} bytes */
const bytes = (bytes) => `${bytes.toLocaleString('en')} B`;

/**
 * @param {{ size: Size, requireTime: RequireTime }} result
 * @param {Check} check
 * @param {{ tarballBytes: number, requireMs: number }} targets
 */
function startupVerdicts({ size, requireTime }, check, targets) {
	check('tarball', size.tarballBytes, targets.tarballBytes, { format: bytes });
	check('require node + credential modules', requireTime.packageMs, targets.requireMs, {
		format: (ms) => `${ms.toFixed(1)} ms`,
	});
}

/** @param {{ size: Size, requireTime: RequireTime }} result */
function printStartup({ size, requireTime }) {
	say('5. Size and start-up');
	printTable([
		[
			'tarball',
			'unpacked',
			'files',
			'runtime deps',
			'require package',
			'require n8n-workflow (not counted)',
		],
		[
			bytes(size.tarballBytes),
			bytes(size.unpackedBytes),
			size.files,
			`${size.runtimeDependencies} declared, ${size.installedDependencies} installed`,
			`${requireTime.packageMs.toFixed(1)} ms`,
			`${requireTime.n8nWorkflowMs.toFixed(1)} ms`,
		],
	]);
}

module.exports = { measureRequire, printStartup, startupVerdicts };
