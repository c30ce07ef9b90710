#!/usr/bin/env node
// @ts-check
// `npm run bench`: the packed package inside the pinned real n8n (e2e/lib/n8n.js), on simulators
// served over https, against n8n's HTTP Request node and the helper floor (bench/lib/floor.js).
// Prints a table with a verdict per target and writes bench/results.json; exits with 1 on a miss.
// What each part measures is in its file under bench/parts/, and in bench/README.md.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const n8n = require('./lib/n8n.js');
const { Bench, QUICK, progress, say, startedAt } = require('./lib/bench.js');
const { requestOptions } = require('./lib/built.js');
const { environment } = require('./lib/environment.js');
const { formatMs, printHeader, printTable } = require('./lib/print.js');
const { collectVerdicts, printVerdicts } = require('./lib/verdicts.js');
const fileWait = require('./parts/fileWait.js');
const memory = require('./parts/memory.js');
const rateLimit = require('./parts/rateLimit.js');
const rows = require('./parts/rows.js');
const startup = require('./parts/startup.js');
const throughput = require('./parts/throughput.js');
const tokens = require('./parts/tokens.js');

const ALL_PARTS = ['throughput', 'rateLimit', 'fileWait', 'tokens', 'startup', 'memory', 'rows'];
/** BENCH_PARTS=throughput,rateLimit runs those parts alone (and BENCH_SIZES, BENCH_LATENCIES a part of the grid). */
const PARTS = process.env.BENCH_PARTS ? process.env.BENCH_PARTS.split(',') : ALL_PARTS;
const unknown = PARTS.filter((part) => !ALL_PARTS.includes(part));
if (unknown.length > 0) throw new Error(`Unknown parts ${unknown}: the parts are ${ALL_PARTS}`);
const PARTIAL =
	PARTS.length < ALL_PARTS.length ||
	process.env.BENCH_SIZES !== undefined ||
	process.env.BENCH_LATENCIES !== undefined;
const RESULTS_FILE = path.join(
	__dirname,
	QUICK ? 'results.quick.json' : PARTIAL ? 'results.partial.json' : 'results.json',
);
/** @param {string} part */
const runs = (part) => PARTS.includes(part);

const TARGETS = {
	speedVsHttpRequest: 1.0,
	speedVsHelperFloor: 1.2,
	lostUnderRateLimit: 0,
	rateLimitTimeVsIdeal: 1.15,
	rateLimitRequestsPerItem: 1.2,
	fileWaitPolls: 15,
	fileWaitSavedToDownloadedMs: 10_000,
	tokenExchanges: 1,
	// A guard against packing what is not the package: the simulator would add 32 KB, source maps
	// 36 KB. Raised from 60 KiB when the real report layouts and the AI tools took the package to 67 KB.
	tarballBytes: 72 * 1024,
	requireMs: 30,
	memoryGrowthPerFileByte: 1.5,
	rowsTimeVsExtract: 0.5,
	rowsMemoryVsExtract: 0.5,
};

/** Where the bench spends its time: phase name → ms. @type {Record<string, number>} */
const phases = {};
/**
 * @template T
 * @param {string} name
 * @param {() => Promise<T>} body
 * @returns {Promise<T>}
 */
async function phase(name, body) {
	progress(name);
	const started = Date.now();
	try {
		return await body();
	} finally {
		phases[name] = (phases[name] ?? 0) + Date.now() - started;
	}
}

/** @param {Bench} bench */
async function plan(bench) {
	await bench.start();
	const plans = {
		fileWait: runs('fileWait') ? await fileWait.planFileWait(bench) : undefined,
		tokens: runs('tokens') ? await tokens.planTokens(bench) : undefined,
		throughput: runs('throughput') ? await throughput.planThroughput(bench) : undefined,
		rateLimit: runs('rateLimit') ? await rateLimit.planRateLimit(bench) : undefined,
		baseline: runs('memory') || runs('rows') ? memory.planBaseline(bench) : undefined,
		memory: runs('memory') ? await memory.planMemory(bench) : undefined,
		rows: runs('rows') ? await rows.planRows(bench) : undefined,
	};
	await bench.importAll();
	return plans;
}

/** @param {Bench} bench */
async function measure(bench) {
	const plans = await phase('setup: certificates, packages, simulators, workflows', () =>
		plan(bench),
	);
	const fileWaiting = plans.fileWait
		? await phase('file wait: n8n started', () => plans.fileWait?.start() ?? Promise.reject())
		: undefined;
	/** @type {Record<string, any>} */
	const results = {};
	const batch = [plans.tokens, plans.throughput, plans.rateLimit].flatMap((one) => one?.ids ?? []);
	if (batch.length > 0) {
		const stopWatching = plans.rateLimit?.watch();
		const { runs: batchRuns } = await phase(
			'throughput, tokens and rate limit in one n8n process',
			async () => {
				try {
					return await bench.executeBatch(batch);
				} finally {
					stopWatching?.();
				}
			},
		);
		results.throughput = plans.throughput?.read(batchRuns);
		results.rateLimit = plans.rateLimit?.read(batchRuns);
		results.tokens = plans.tokens?.read(batchRuns);
	}
	if (plans.throughput) {
		const { simulators } = plans.throughput;
		await phase('fetch loop', () => throughput.measureFetch(bench, results.throughput, simulators));
	}
	if (fileWaiting)
		results.fileWait = await phase('file wait: the rest of it', () => fileWaiting.done);
	if (runs('startup')) {
		results.size = bench.size;
		results.requireTime = await phase('require time', () => startup.measureRequire(bench));
	}
	const baseline = plans.baseline
		? await phase('memory: no-op baseline', () => plans.baseline?.measure() ?? Promise.reject())
		: undefined;
	if (plans.memory && baseline) {
		const { measure: measureMemory } = plans.memory;
		results.memory = await phase('memory', () => measureMemory(baseline));
	}
	if (plans.rows && baseline) {
		const { measure: measureRows } = plans.rows;
		results.rows = await phase('rows', () => measureRows(baseline));
	}
	results.memoryBaseline = baseline;
	return results;
}

/** @param {Record<string, any>} results */
function verdictsOf(results) {
	const { list, check } = collectVerdicts();
	if (results.throughput) throughput.throughputVerdicts(results.throughput, check, TARGETS);
	if (results.rateLimit) rateLimit.rateLimitVerdicts(results.rateLimit, check, TARGETS);
	if (results.fileWait) fileWait.fileWaitVerdicts(results.fileWait, check, TARGETS);
	if (results.tokens) tokens.tokensVerdicts(results.tokens, check, TARGETS);
	if (results.requireTime)
		startup.startupVerdicts(
			{ size: results.size, requireTime: results.requireTime },
			check,
			TARGETS,
		);
	if (results.memory) memory.memoryVerdicts(results.memory, check, TARGETS);
	if (results.rows) rows.rowsVerdicts(results.rows, check, TARGETS);
	return list;
}

/** @param {Record<string, any>} results @param {import('./lib/verdicts.js').Verdict[]} list */
function print(results, list) {
	printHeader(results.environment);
	/** @type {[unknown, () => void][]} */
	const parts = [
		[
			results.throughput,
			() =>
				throughput.printThroughput(
					results.throughput,
					results.settings.itemsAtOnce,
					results.settings.httpRequestTypeVersion,
				),
		],
		[results.rateLimit, () => rateLimit.printRateLimit(results.rateLimit)],
		[results.fileWait, () => fileWait.printFileWait(results.fileWait)],
		[results.tokens, () => tokens.printTokens(results.tokens)],
		[
			results.requireTime,
			() => startup.printStartup({ size: results.size, requireTime: results.requireTime }),
		],
		[results.memory, () => memory.printMemory(results.memory, results.memoryBaseline)],
		[results.rows, () => rows.printRows(results.rows)],
	];
	for (const [result, printPart] of parts) {
		if (result === undefined) continue;
		say();
		printPart();
	}
	say();
	printVerdicts(list);
	say();
	say(
		`Bench duration: ${(results.durationMs / 60000).toFixed(1)} min; where it went (the file wait runs beside the batch):`,
	);
	printTable([
		['phase', 'time'],
		...Object.entries(results.phasesMs).map(([name, value]) => [name, formatMs(value)]),
	]);
}

async function main() {
	const n8nPaths = await phase('preparing n8n', () =>
		n8n.ensureN8n({ log: (/** @type {string} */ line) => progress(line) }),
	);
	const env = await environment(n8nPaths);
	const bench = new Bench(n8nPaths);
	try {
		const measured = await measure(bench);
		env.loadAverageAtEnd = os.loadavg();
		const results = {
			environment: env,
			parts: PARTS,
			settings: {
				...throughput.settings,
				itemsAtOnce: requestOptions.DEFAULT_SETTINGS.concurrency,
				httpRequestTypeVersion: bench.httpRequestVersion,
				memoryRuns: memory.MEMORY_RUNS,
			},
			...measured,
		};
		const list = verdictsOf(results);
		const written = {
			...results,
			targets: TARGETS,
			verdicts: list.map(({ shown, ...verdict }) => verdict),
			phasesMs: phases,
			durationMs: Date.now() - startedAt,
		};
		fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(written, null, '\t')}\n`);
		print(written, list);
		if (list.some((verdict) => !verdict.pass)) process.exitCode = 1;
	} finally {
		await bench.close();
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
