#!/usr/bin/env node
// `npm run bench`: the packed package inside the pinned real n8n (e2e/lib/n8n.js), on the
// simulator, against n8n's HTTP Request node and two floors (a bare fetch loop; a node that
// makes no request). Prints a table with a verdict per target and writes bench/results.json.
// KEEP_BENCH_FILES=1 keeps the temporary folder; BENCH_N8N_NODE_OPTIONS is passed to every n8n
// process as NODE_OPTIONS (e.g. "--cpu-prof --cpu-prof-dir=<dir>" to profile a miss).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const n8n = require('../e2e/lib/n8n.js');
const { start } = require('../dist/simulator/index.cjs');
const { DEFAULT_SETTINGS } = require('../dist/nodes/shared/transport/requestOptions.js');
const { exampleCredentials } = require('../e2e/lib/credentials.js');
const { createReport } = require('../e2e/lib/reports.js');
const { NODE_TYPE: FLOOR_TYPE, packFloorPackage } = require('./lib/floor.js');
const wf = require('./lib/workflows.js');

const ITEMS = 1000;
const RUNS = 7;
// One round before the measured ones: the first execution in a process also compiles n8n's own
// code paths, which a long-running n8n has done long before.
const WARMUPS = 1;
const LATENCIES_MS = [0, 20];
const RATE_LIMIT = 50;
const RATE_ITEMS = 300;
const REQUIRE_RUNS = 7;
const FILE_BYTES = 100 * 1024 * 1024;
const REPORT_COUNT = 10;
const BINARY_DATA_MODE = 'filesystem';
const RESULTS_FILE = path.join(__dirname, 'results.json');

const TARGETS = {
	speedVsHttpRequest: 0.5,
	speedVsFloor: 1.3,
	lostUnderRateLimit: 0,
	tokenExchanges: 1,
	tarballBytes: 60 * 1024,
	requireMs: 30,
	memoryGrowthPerFileByte: 1.5,
};

const CLIENT = { id: 'benchClient00001', name: 'Acronis bench (API client)' };
const TOKEN_COUNT_CLIENT = { id: 'benchClientTok01', name: 'Acronis bench (API client, fresh)' };
const HEADER_AUTH = { id: 'benchHeaderAuth1', name: 'Simulator bearer token' };

const VARIANTS = {
	a: 'Acronis Usage Report (Get)',
	b: 'HTTP Request',
	c: 'wire floor (fetch loop)',
	d: 'n8n floor (no request)',
};

const say = (line = '') => process.stdout.write(`${line}\n`);
const progress = (line) => process.stderr.write(`[bench ${elapsed()}] ${line}\n`);
const startedAt = Date.now();
const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(0)}s`;

let workDir;
let userFolder;
let filesDir;

/** A command run to its end, its output captured; 10 minutes at most. */
const run = (command, args, options) =>
	n8n.run(command, args, { capture: true, timeoutMs: 10 * 60000, ...options });

/** How the bench runs n8n: on its user folder, n8n's binary data on disk. */
function n8nOptions({ sampleMemory = false } = {}) {
	const extra = process.env.BENCH_N8N_NODE_OPTIONS
		? { NODE_OPTIONS: process.env.BENCH_N8N_NODE_OPTIONS }
		: {};
	return {
		userFolder,
		cwd: filesDir,
		timeoutMs: 10 * 60000,
		sampleMemory,
		env: {
			N8N_DEFAULT_BINARY_DATA_MODE: BINARY_DATA_MODE,
			N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
			...extra,
		},
	};
}

/** One n8n CLI command on the bench's user folder. */
function n8nProcess(args) {
	return n8n.n8nCommand(args, n8nOptions());
}

/** `n8n execute` of one workflow: its run data, and the memory of the n8n process. */
async function execute(workflowId, { sampleMemory = false } = {}) {
	const { run, memory } = await n8n.executeWorkflow(workflowId, n8nOptions({ sampleMemory }));
	return { run, memory };
}

/**
 * Several workflows, one after the other, in one `n8n execute-batch` process: independent
 * executions without paying n8n's start-up for each. Returns `{ id, run }` in the order they ran.
 */
async function executeBatch(workflowIds) {
	const snapshots = fs.mkdtempSync(path.join(workDir, 'snapshots-'));
	await n8nProcess([
		'execute-batch',
		`--ids=${workflowIds.join(',')}`,
		'--concurrency=1',
		'--retries=0',
		`--snapshot=${snapshots}`,
	]);
	const runs = workflowIds.map((id) => {
		const file = path.join(snapshots, `${id}-snapshot.json`);
		if (!fs.existsSync(file)) throw new Error(`Workflow ${id} did not finish successfully`);
		return { id, run: JSON.parse(fs.readFileSync(file, 'utf8')) };
	});
	return runs.sort((x, y) => Date.parse(x.run.startedAt) - Date.parse(y.run.startedAt));
}

/** The Target node's executionTime and the counts of good and failed items. */
function targetResult(runData, isGood) {
	const [task] = runData[wf.TARGET] ?? [];
	if (!task) throw new Error('The Target node did not run');
	const items = task.data?.main?.[0] ?? [];
	const good = items.filter((item) => item.json.error === undefined && isGood(item)).length;
	return { ms: task.executionTime, items: items.length, good, error: task.error?.message };
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const isReport = (item) => typeof item.json.id === 'string' && item.json.version !== undefined;
const isFloorItem = (item) => item.json.reportId === item.json.id;

function nproc() {
	try {
		return Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
	} catch {
		return os.availableParallelism();
	}
}

async function packOwnPackage() {
	const { tarball, unpackedSize, entryCount } = await n8n.packPackage(workDir);
	return {
		tarball,
		tarballBytes: fs.statSync(tarball).size,
		unpackedBytes: unpackedSize,
		files: entryCount,
	};
}

/** Time to load the package's node and credential modules, in fresh Node 24 processes. */
async function measureRequire(installedDir, manifest) {
	const modules = [...manifest.n8n.nodes, ...manifest.n8n.credentials].map((file) =>
		path.join(installedDir, file),
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
	const runs = [];
	for (let index = 0; index < REQUIRE_RUNS; index++) {
		const { stdout } = await run(n8n.paths().node, ['-e', code], {
			cwd: workDir,
			env: {
				PATH: process.env.PATH,
				// Where n8n's own dependencies are: the package leaves n8n-workflow to n8n.
				NODE_PATH: path.join(n8n.paths().dir, 'node_modules'),
				BENCH_MODULES: JSON.stringify(modules),
			},
		});
		runs.push(JSON.parse(stdout));
	}
	return {
		modules: modules.map((file) => path.relative(installedDir, file)),
		packageMs: median(runs.map((one) => one.packageMs)),
		n8nWorkflowMs: median(runs.map((one) => one.n8nWorkflowMs)),
		runs,
	};
}

async function main() {
	progress('preparing n8n');
	const n8nPaths = await n8n.ensureN8n({ log: progress });
	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'acronis-bench-'));
	userFolder = path.join(workDir, 'n8n');
	filesDir = path.join(workDir, 'files');
	fs.mkdirSync(filesDir);
	const environment = {
		date: new Date().toISOString(),
		n8nVersion: JSON.parse(
			fs.readFileSync(path.join(n8nPaths.dir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
		).version,
		nodeVersion: (await run(n8nPaths.node, ['--version'])).stdout.trim(),
		nproc: nproc(),
		totalMemoryBytes: os.totalmem(),
		cpu: os.cpus()[0]?.model,
		// Other work on the machine skews timings: shown so a noisy run can be told apart.
		loadAverageAtStart: os.loadavg(),
		binaryDataMode: BINARY_DATA_MODE,
	};
	const httpRequestVersion = wf.latestHttpRequestVersion(n8nPaths.dir);
	const concurrency = DEFAULT_SETTINGS.concurrency;

	let simulator;
	try {
		progress('packing and installing the package and the floor package');
		const packed = await packOwnPackage();
		const installed = await n8n.installCommunityPackage(userFolder, packed.tarball);
		const manifest = JSON.parse(fs.readFileSync(path.join(n8n.REPO_DIR, 'package.json'), 'utf8'));
		const installedModules = path.join(installed.dir, 'node_modules');
		const size = {
			...packed,
			tarball: path.basename(packed.tarball),
			runtimeDependencies: Object.keys(manifest.dependencies ?? {}).length,
			installedDependencies: fs.existsSync(installedModules)
				? fs.readdirSync(installedModules).filter((entry) => !entry.startsWith('.')).length
				: 0,
		};
		await n8n.installCommunityPackage(userFolder, await packFloorPackage(workDir));

		simulator = await start({ port: 0, fileDelayMs: 0, storedFileMinBytes: FILE_BYTES });
		const { accessToken } = simulator.credentials;
		const reportIds = [];
		for (let index = 0; index < REPORT_COUNT; index++) {
			reportIds.push((await createReport(simulator)).id);
		}
		const fileReport = await createReport(simulator, {
			kind: 'usage_summary',
			level: 'accounts',
			schedule: 'once',
		});

		const { apiClient } = exampleCredentials(simulator);
		const credentials = [
			{ ...apiClient, ...CLIENT },
			{ ...apiClient, ...TOKEN_COUNT_CLIENT },
			{
				...HEADER_AUTH,
				type: 'httpHeaderAuth',
				data: { name: 'Authorization', value: `Bearer ${accessToken}` },
			},
		];
		const credentialsFile = path.join(workDir, 'credentials.json');
		fs.writeFileSync(credentialsFile, JSON.stringify(credentials));
		await n8n.n8nCommand(['import:credentials', `--input=${credentialsFile}`], { userFolder });

		const items = { reportIds, count: ITEMS };
		const targets = {
			a: () => wf.acronisGet(CLIENT),
			b: () => wf.httpGet(simulator.url, HEADER_AUTH, httpRequestVersion),
			d: () => wf.floor(FLOOR_TYPE),
		};
		// Rounds of a, b, d in one process, so that a busy moment of the machine hits all three
		// alike; n8n runs an id list in id order, and the order is checked from the runs' times.
		const runId = (latency, round, variant) =>
			`bench${latency}R${String(round).padStart(2, '0')}${variant}`;
		const roundIds = (latency) =>
			Array.from({ length: WARMUPS + RUNS }, (_, round) =>
				Object.keys(targets).map((variant) => runId(latency, round, variant)),
			).flat();
		const workflows = [
			wf.workflow('benchTokens00001', wf.acronisGet(TOKEN_COUNT_CLIENT), items),
			wf.workflow('benchRateLimitA1', wf.acronisGet(CLIENT, { continueOnFail: true }), {
				reportIds,
				count: RATE_ITEMS,
			}),
			wf.workflow(
				'benchRateLimitB1',
				wf.httpGet(simulator.url, HEADER_AUTH, httpRequestVersion, { continueOnFail: true }),
				{ reportIds, count: RATE_ITEMS },
			),
			wf.workflow('benchBaseline001', wf.noOp()),
			wf.workflow(
				'benchDownload001',
				wf.acronis(CLIENT, { operation: 'download', reportId: fileReport.id }),
			),
		];
		for (const latency of LATENCIES_MS) {
			for (const id of roundIds(latency))
				workflows.push(wf.workflow(id, targets[id.at(-1)](), items));
		}
		const workflowsDir = path.join(workDir, 'workflows');
		fs.mkdirSync(workflowsDir);
		for (const definition of workflows) {
			fs.writeFileSync(
				path.join(workflowsDir, `${definition.id}.json`),
				JSON.stringify(definition),
			);
		}
		await n8n.n8nCommand(['import:workflow', '--separate', `--input=${workflowsDir}`], {
			userFolder,
		});

		// 3. Token exchanges: a credential that never had a token, 1,000 items.
		progress('token exchanges');
		const tokensBefore = simulator.tokenRequests();
		const tokenRun = await execute('benchTokens00001');
		const tokens = {
			exchanges: simulator.tokenRequests() - tokensBefore,
			...targetResult(tokenRun.run.data.resultData.runData, isReport),
		};

		// 1. Throughput.
		const throughput = [];
		for (const latency of LATENCIES_MS) {
			simulator.setFaults({ latencyMs: latency });
			simulator.requests.length = 0;
			progress(`throughput at ${latency} ms latency: wire floor`);
			const wireInput = {
				url: simulator.url,
				token: accessToken,
				reportIds,
				items: ITEMS,
				concurrency,
				warmups: WARMUPS,
				runs: RUNS,
			};
			const wire = JSON.parse(
				(
					await run(
						n8nPaths.node,
						[path.join(__dirname, 'lib', 'wire.js'), JSON.stringify(wireInput)],
						{
							env: { PATH: process.env.PATH },
						},
					)
				).stdout,
			);
			const row = { latencyMs: latency, c: { runsMs: wire, medianMs: median(wire) } };
			progress(`throughput at ${latency} ms latency: a, b, d in rounds`);
			simulator.requests.length = 0;
			const runs = await executeBatch(roundIds(latency));
			row.order = runs.map((one) => one.id);
			for (const variant of Object.keys(targets)) {
				const results = runs
					.filter((one) => one.id.endsWith(variant))
					.map((one) => ({
						round: Number(one.id.slice(-3, -1)),
						...targetResult(
							one.run.data.resultData.runData,
							variant === 'd' ? isFloorItem : isReport,
						),
					}));
				const bad = results.find((one) => one.items !== ITEMS || one.good !== ITEMS);
				if (bad) throw new Error(`${VARIANTS[variant]}: ${JSON.stringify(bad)}`);
				const measured = results.filter((one) => one.round >= WARMUPS).map((one) => one.ms);
				row[variant] = {
					warmupMs: results.filter((one) => one.round < WARMUPS).map((one) => one.ms),
					runsMs: measured,
					medianMs: median(measured),
				};
			}
			row.aOverB = row.a.medianMs / row.b.medianMs;
			row.aOverFloor = row.a.medianMs / (row.c.medianMs + row.d.medianMs);
			throughput.push(row);
		}

		// 2. Under a rate limit.
		const rateLimit = { requestsPerSecond: RATE_LIMIT, items: RATE_ITEMS };
		for (const [variant, id] of [
			['a', 'benchRateLimitA1'],
			['b', 'benchRateLimitB1'],
		]) {
			progress(`rate limit: ${VARIANTS[variant]}`);
			simulator.setFaults({ requestsPerSecond: RATE_LIMIT });
			simulator.requests.length = 0;
			const { run: rateRun } = await execute(id);
			const result = targetResult(rateRun.data.resultData.runData, isReport);
			const reportRequests = simulator.requests.filter((request) =>
				request.path.startsWith('/api/2/reports/'),
			);
			rateLimit[variant] = {
				completed: result.good,
				lost: RATE_ITEMS - result.good,
				ms: result.ms,
				requests: reportRequests.length,
			};
		}
		simulator.setFaults({});
		simulator.requests.length = 0;

		// 4. Start-up: loading the package's modules.
		progress('require time');
		const requireTime = await measureRequire(installed.dir, manifest);

		// 5. Memory while downloading a 100 MB report file.
		progress('memory: preparing the report file');
		const storedPath = `/reports/${fileReport.id}/stored`;
		let stored;
		// The simulator sizes a file (gzips it once) when it is first listed: done before n8n runs.
		for (let attempt = 0; attempt < 120; attempt++) {
			stored = (await simulator.api('GET', storedPath)).items;
			if (stored.length > 0 && stored.every((file) => file.status === 'saved' && file.size > 0))
				break;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		const fileBytes = (await simulator.storedFileContent(fileReport.id, stored[0].id)).length;
		progress('memory: baseline run');
		const baseline = await execute('benchBaseline001', { sampleMemory: true });
		progress('memory: download run');
		const download = await execute('benchDownload001', { sampleMemory: true });
		const downloaded = download.run.data.resultData.runData[wf.TARGET]?.[0];
		const downloadedItem = downloaded?.data?.main?.[0]?.[0];
		if (!downloadedItem?.binary?.data) {
			throw new Error(
				`The download produced no file: ${JSON.stringify(downloaded?.error ?? downloaded)}`,
			);
		}
		const peakKb = (memory) => Math.max(memory.hwmKb, memory.peakRssKb);
		const memory = {
			binaryDataMode: BINARY_DATA_MODE,
			fileBytes,
			compressedBytes: stored[0].size,
			downloadMs: downloaded.executionTime,
			binaryFileSize: downloadedItem.binary.data.fileSize,
			baselinePeakBytes: peakKb(baseline.memory) * 1024,
			downloadPeakBytes: peakKb(download.memory) * 1024,
			samples: { baseline: baseline.memory.samples, download: download.memory.samples },
		};
		memory.growthBytes = memory.downloadPeakBytes - memory.baselinePeakBytes;
		memory.growthPerFileByte = memory.growthBytes / fileBytes;

		const durationMs = Date.now() - startedAt;
		environment.loadAverageAtEnd = os.loadavg();
		const verdicts = [];
		const check = (name, value, target, passes, shown) =>
			verdicts.push({ name, value, target, pass: passes, shown });
		for (const row of throughput) {
			check(
				`a/b at ${row.latencyMs} ms latency`,
				row.aOverB,
				`≤ ${TARGETS.speedVsHttpRequest}`,
				row.aOverB <= TARGETS.speedVsHttpRequest,
				row.aOverB.toFixed(2),
			);
			check(
				`a/(c+d) at ${row.latencyMs} ms latency`,
				row.aOverFloor,
				`≤ ${TARGETS.speedVsFloor}`,
				row.aOverFloor <= TARGETS.speedVsFloor,
				row.aOverFloor.toFixed(2),
			);
		}
		check(
			`items lost under ${RATE_LIMIT} req/s (a)`,
			rateLimit.a.lost,
			`= ${TARGETS.lostUnderRateLimit}`,
			rateLimit.a.lost === TARGETS.lostUnderRateLimit,
			String(rateLimit.a.lost),
		);
		check(
			`token exchanges for ${ITEMS} items`,
			tokens.exchanges,
			`= ${TARGETS.tokenExchanges}`,
			tokens.exchanges === TARGETS.tokenExchanges,
			String(tokens.exchanges),
		);
		check(
			'tarball',
			size.tarballBytes,
			`≤ ${TARGETS.tarballBytes.toLocaleString('en')} B (60 KiB)`,
			size.tarballBytes <= TARGETS.tarballBytes,
			`${size.tarballBytes.toLocaleString('en')} B`,
		);
		check(
			'require node + credential modules',
			requireTime.packageMs,
			`≤ ${TARGETS.requireMs} ms`,
			requireTime.packageMs <= TARGETS.requireMs,
			`${requireTime.packageMs.toFixed(1)} ms`,
		);
		check(
			'peak RSS growth / file size',
			memory.growthPerFileByte,
			`≤ ${TARGETS.memoryGrowthPerFileByte}`,
			memory.growthPerFileByte <= TARGETS.memoryGrowthPerFileByte,
			memory.growthPerFileByte.toFixed(2),
		);

		const results = {
			environment,
			settings: {
				items: ITEMS,
				runs: RUNS,
				warmupRounds: WARMUPS,
				concurrency,
				httpRequestTypeVersion: httpRequestVersion,
				reportIds: REPORT_COUNT,
			},
			throughput,
			rateLimit,
			tokens,
			size,
			requireTime,
			memory,
			targets: TARGETS,
			verdicts: verdicts.map(({ shown, ...verdict }) => verdict),
			durationMs,
		};
		fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, '\t')}\n`);
		printTable(results, verdicts);
		if (verdicts.some((verdict) => !verdict.pass)) process.exitCode = 1;
	} finally {
		await simulator?.close();
		if (process.env.KEEP_BENCH_FILES) progress(`files kept in ${workDir}`);
		else fs.rmSync(workDir, { recursive: true, force: true });
	}
}

function printTable(results, verdicts) {
	const {
		environment: env,
		settings,
		throughput,
		rateLimit,
		tokens,
		size,
		requireTime,
		memory,
	} = results;
	const ms = (value) => `${Math.round(value).toLocaleString('en')} ms`;
	const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
	const table = (rows) => {
		const widths = rows[0].map((_, column) =>
			Math.max(...rows.map((row) => String(row[column]).length)),
		);
		for (const [index, row] of rows.entries()) {
			say(
				`  ${row
					.map((cell, column) => String(cell).padEnd(widths[column]))
					.join('  ')
					.trimEnd()}`,
			);
			if (index === 0) say(`  ${widths.map((width) => '-'.repeat(width)).join('  ')}`);
		}
	};
	say();
	say(`n8n-nodes-acronis benchmark, ${env.date}`);
	say(
		`n8n ${env.n8nVersion}, Node ${env.nodeVersion}, nproc ${env.nproc}, memory ${(env.totalMemoryBytes / 1024 ** 3).toFixed(1)} GiB, ${env.cpu}`,
	);
	say(`n8n binary data mode: ${env.binaryDataMode} (N8N_DEFAULT_BINARY_DATA_MODE)`);
	const load = (values) => values.map((value) => value.toFixed(2)).join(' ');
	say(
		`load average at start ${load(env.loadAverageAtStart)}, at end ${load(env.loadAverageAtEnd)}`,
	);
	say();
	say(
		`1. Throughput: ${settings.items.toLocaleString('en')} Get items, median of ${settings.runs} runs after ${settings.warmupRounds} warm-up round; a, b, d take turns in one n8n`,
	);
	say(
		`   process per latency, timed by n8n's per-node executionTime; (c) a fetch loop with concurrency ${settings.concurrency}; HTTP Request v${settings.httpRequestTypeVersion}, default options`,
	);
	table([
		[
			'latency',
			'(a) Acronis',
			'(b) HTTP Request',
			'(c) wire floor',
			'(d) n8n floor',
			'a/b',
			'a/(c+d)',
		],
		...throughput.map((row) => [
			`${row.latencyMs} ms`,
			ms(row.a.medianMs),
			ms(row.b.medianMs),
			ms(row.c.medianMs),
			ms(row.d.medianMs),
			row.aOverB.toFixed(2),
			row.aOverFloor.toFixed(2),
		]),
	]);
	say();
	say(
		`2. Rate limit ${rateLimit.requestsPerSecond} req/s, ${rateLimit.items} items, continue on fail`,
	);
	table([
		['node', 'completed', 'lost', 'time', 'requests'],
		...['a', 'b'].map((variant) => [
			VARIANTS[variant].replace(' (Get)', ''),
			rateLimit[variant].completed,
			rateLimit[variant].lost,
			ms(rateLimit[variant].ms),
			rateLimit[variant].requests,
		]),
	]);
	say();
	say(
		`3. Token exchanges, ${settings.items.toLocaleString('en')} items, API client credential with no token yet: ${tokens.exchanges} (${ms(tokens.ms)})`,
	);
	say();
	say('4. Size and start-up');
	table([
		[
			'tarball',
			'unpacked',
			'files',
			'runtime deps',
			'require package',
			'require n8n-workflow (not counted)',
		],
		[
			`${size.tarballBytes.toLocaleString('en')} B`,
			`${size.unpackedBytes.toLocaleString('en')} B`,
			size.files,
			`${size.runtimeDependencies} declared, ${size.installedDependencies} installed`,
			`${requireTime.packageMs.toFixed(1)} ms`,
			`${requireTime.n8nWorkflowMs.toFixed(1)} ms`,
		],
	]);
	say();
	say(
		`5. Memory: Download File of a ${mb(memory.fileBytes)} report file (${mb(memory.compressedBytes)} gzip)`,
	);
	table([
		['baseline peak RSS', 'download peak RSS', 'growth', 'growth / file', 'download time'],
		[
			mb(memory.baselinePeakBytes),
			mb(memory.downloadPeakBytes),
			mb(memory.growthBytes),
			memory.growthPerFileByte.toFixed(2),
			ms(memory.downloadMs),
		],
	]);
	say();
	say('Targets');
	table([
		['target', 'value', 'goal', 'verdict'],
		...verdicts.map((verdict) => [
			verdict.name,
			verdict.shown,
			verdict.target,
			verdict.pass ? 'PASS' : 'MISS',
		]),
	]);
	say();
	say(
		`Bench duration: ${(results.durationMs / 60000).toFixed(1)} min (${Math.round(results.durationMs / 1000)} s)`,
	);
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
