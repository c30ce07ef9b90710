#!/usr/bin/env node
// `npm run bench`: the packed package inside the pinned real n8n (e2e/lib/n8n.js), on simulators
// served over https, against n8n's HTTP Request node and the helper floor (bench/lib/floor.js).
// Prints a table with a verdict per target and writes bench/results.json; exits with 1 on a miss.
// KEEP_BENCH_FILES=1 keeps the temporary folder; BENCH_N8N_NODE_OPTIONS is passed to every n8n
// process as NODE_OPTIONS (e.g. "--cpu-prof --cpu-prof-dir=<dir>" to profile a miss);
// BENCH_QUICK=1 tries the whole bench in a few minutes with few items and runs (its figures
// prove nothing, and go to bench/results.quick.json).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const n8n = require('../e2e/lib/n8n.js');
const { DEFAULT_SETTINGS } = require('../dist/nodes/shared/transport/requestOptions.js');
const { exampleCredentials } = require('../e2e/lib/credentials.js');
const { createReport } = require('../e2e/lib/reports.js');
const { HELPER_NODE_TYPE, NODE_TYPE: FLOOR_TYPE, packFloorPackage } = require('./lib/floor.js');
const { makeCertificates, startTlsSimulator } = require('./lib/tls.js');
const { printTable } = require('./lib/table.js');
const wf = require('./lib/workflows.js');

const QUICK = process.env.BENCH_QUICK === '1';
const ITEMS = QUICK ? 100 : 1000;
/** Each latency with its item count. */
const LATENCIES = [0, 20, 100, 300].map((latencyMs) => ({ latencyMs, items: ITEMS }));
const RUNS = QUICK ? 1 : 3;
// One round before the measured ones: the first execution in a process also compiles n8n's own
// code paths, which a long-running n8n has done long before.
const WARMUPS = 1;
/**
 * HTTP Request's Batching sends `batchSize` requests, then sleeps `batchInterval`, without
 * waiting for answers: it is a rate limit, and its time is mostly its own sleeps. Its fair
 * setting is the server's limit (the rate-limit run's 50 requests/s): what a user who knows the
 * limit sets, and the fastest that loses nothing there. Fewer runs, as the sleeps barely vary.
 */
const BATCHING = { batchSize: 50, batchInterval: 1000 };
const BATCHING_RUNS = QUICK ? 1 : 2;
/** Fixed items-at-once of the helper floor's sweep; 0 is all at once. */
const SWEEP = [5, 10, 20, 50, 100, 0];
/**
 * A level whose waiting alone, ceil(items / level) × latency, takes this long is not run: on this
 * machine all at once, CPU-bound, takes 4 to 6 s for 1,000 items. A warning is printed when a
 * skipped level's waiting is below the best time measured (`sweepSkipSafe`).
 */
const SWEEP_MAX_WAIT_MS = 6000;
const RATE_LIMIT = 50;
const RATE_ITEMS = QUICK ? 100 : 300;
const TOKEN_ITEMS = ITEMS;
const FILE_DELAY_MS = QUICK ? 10_000 : 120_000;
const REQUIRE_RUNS = 7;
const FILE_BYTES = (QUICK ? 10 : 100) * 1024 * 1024;
const REPORT_COUNT = 10;
/** Usage rows of the report read as items. */
const ROWS = QUICK ? 10_000 : 100_000;
/** Runs of the no-op baseline and of each rows variant, each an n8n process of its own. */
const MEMORY_RUNS = QUICK ? 1 : 3;
const BINARY_DATA_MODE = 'filesystem';
const RESULTS_FILE = path.join(__dirname, QUICK ? 'results.quick.json' : 'results.json');

const TARGETS = {
	speedVsHttpRequest: 1.0,
	speedVsHelperFloor: 1.2,
	lostUnderRateLimit: 0,
	rateLimitTimeVsIdeal: 1.15,
	rateLimitRequestsPerItem: 1.2,
	fileWaitPolls: 15,
	fileWaitSavedToDownloadedMs: 10_000,
	tokenExchanges: 1,
	tarballBytes: 60 * 1024,
	requireMs: 30,
	memoryGrowthPerFileByte: 1.5,
	rowsTimeVsExtract: 0.5,
	rowsMemoryVsExtract: 0.5,
};

const VARIANTS = {
	a: 'Acronis Usage Report (Get)',
	b: 'HTTP Request',
	e: `HTTP Request, Batching ${BATCHING.batchSize} per ${BATCHING.batchInterval} ms`,
	d: 'n8n floor (no request)',
	f: 'helper floor',
	r: 'Download File, Output Rows',
	x: 'Download File, Output File → Extract From File (CSV)',
};

const HEADER_AUTH = { id: 'benchHeaderAuth1', name: 'Simulator bearer token' };

const say = (line = '') => process.stdout.write(`${line}\n`);
const progress = (line) => process.stderr.write(`[bench ${elapsed()}] ${line}\n`);
const startedAt = Date.now();
const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(0)}s`;

/** Where the bench spends its time: phase name → ms. */
const phases = {};
async function phase(name, body) {
	progress(name);
	const started = Date.now();
	try {
		return await body();
	} finally {
		phases[name] = (phases[name] ?? 0) + Date.now() - started;
	}
}

/** A command run to its end, its output captured; 10 minutes at most. */
const run = (command, args, options) =>
	n8n.run(command, args, { capture: true, timeoutMs: 10 * 60000, ...options });

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const isReport = (item) => typeof item.json.id === 'string' && item.json.version !== undefined;
const isFloorItem = (item) => item.json.reportId === item.json.id;
const isApiPath = (request) => request.path.startsWith('/api/2/reports');

/** The Target node's executionTime, its start, and the counts of good and failed items. */
function targetResult(runData, isGood = isReport) {
	const [task] = runData[wf.TARGET] ?? [];
	if (!task) throw new Error('The Target node did not run');
	const items = task.data?.main?.[0] ?? [];
	const good = items.filter((item) => item.json.error === undefined && isGood(item)).length;
	return {
		ms: task.executionTime,
		startTime: task.startTime,
		items: items.length,
		good,
		error: task.error?.message,
	};
}

/** The bench's n8n: its user folder, the CA it trusts, the package and the floors installed. */
class Bench {
	constructor(n8nPaths) {
		this.n8nPaths = n8nPaths;
		this.workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'acronis-bench-'));
		this.userFolder = path.join(this.workDir, 'n8n');
		this.filesDir = path.join(this.workDir, 'files');
		fs.mkdirSync(this.filesDir);
		this.simulators = [];
		this.credentials = [];
		this.workflows = [];
	}

	/**
	 * One n8n CLI command on the bench's user folder; n8n's binary data goes to disk. Each gets
	 * free ports of its own (e2e/lib/n8n.js): the file wait's n8n runs beside the others.
	 */
	async n8nProcess(args, { sampleMemory = false, timeoutMs = 10 * 60000 } = {}) {
		const extra = process.env.BENCH_N8N_NODE_OPTIONS
			? { NODE_OPTIONS: process.env.BENCH_N8N_NODE_OPTIONS }
			: {};
		return await n8n.n8nCommand(args, {
			userFolder: this.userFolder,
			cwd: this.filesDir,
			timeoutMs,
			sampleMemory,
			env: {
				N8N_DEFAULT_BINARY_DATA_MODE: BINARY_DATA_MODE,
				N8N_RESTRICT_FILE_ACCESS_TO: this.filesDir,
				NODE_EXTRA_CA_CERTS: this.certificates.caFile,
				...extra,
			},
		});
	}

	/** `n8n execute` of one workflow: its run data. */
	async execute(workflowId) {
		// n8nCommand runs `execute` at log level info: a failed run is printed too.
		let result;
		try {
			result = await this.n8nProcess(['execute', `--id=${workflowId}`, '--rawOutput']);
		} catch (error) {
			// On this busy machine n8n is now and then ended by a signal while it shuts down, after
			// it printed a finished run: that run still counts.
			if (error.code !== null || !/"finished": true/.test(error.stdout ?? '')) throw error;
			progress(`n8n execute of ${workflowId} ended by a signal after its run finished`);
			result = error;
		}
		return { run: n8n.parseRawOutput(result.stdout, result.stderr) };
	}

	/**
	 * Workflows one after the other in one `n8n execute-batch` process: independent executions
	 * without paying n8n's start-up for each. Returns { runs: id → run data, memory }, the memory
	 * of the process when `sampleMemory`.
	 */
	async executeBatch(workflowIds, { sampleMemory = false } = {}) {
		const snapshots = fs.mkdtempSync(path.join(this.workDir, 'snapshots-'));
		const idsFile = path.join(this.workDir, 'batch-ids.txt');
		fs.writeFileSync(idsFile, workflowIds.join(','));
		const { memory } = await this.n8nProcess(
			[
				'execute-batch',
				`--ids=${idsFile}`,
				'--concurrency=1',
				'--retries=0',
				`--snapshot=${snapshots}`,
			],
			{ timeoutMs: 40 * 60000, sampleMemory },
		);
		const runs = new Map();
		for (const id of workflowIds) {
			const file = path.join(snapshots, `${id}-snapshot.json`);
			if (!fs.existsSync(file)) throw new Error(`Workflow ${id} did not finish successfully`);
			runs.set(id, JSON.parse(fs.readFileSync(file, 'utf8')).data.resultData.runData);
		}
		fs.rmSync(snapshots, { recursive: true, force: true });
		return { runs, memory };
	}

	/**
	 * One workflow in an n8n process of its own, its memory sampled: its run data and the memory.
	 * Run by `execute-batch`, which writes the run data to a file: `n8n execute` prints it through
	 * its logger, and exits before a large run is printed whole.
	 */
	async executeAlone(workflowId) {
		const { runs, memory } = await this.executeBatch([workflowId], { sampleMemory: true });
		return { runData: runs.get(workflowId), memory };
	}

	async start() {
		this.certificates = await makeCertificates(path.join(this.workDir, 'tls'));
		const packed = await n8n.packPackage(this.workDir);
		this.installed = await n8n.installCommunityPackage(this.userFolder, packed.tarball);
		this.manifest = JSON.parse(fs.readFileSync(path.join(n8n.REPO_DIR, 'package.json'), 'utf8'));
		const installedModules = path.join(this.installed.dir, 'node_modules');
		this.size = {
			tarball: path.basename(packed.tarball),
			tarballBytes: fs.statSync(packed.tarball).size,
			unpackedBytes: packed.unpackedSize,
			files: packed.entryCount,
			runtimeDependencies: Object.keys(this.manifest.dependencies ?? {}).length,
			installedDependencies: fs.existsSync(installedModules)
				? fs.readdirSync(installedModules).filter((entry) => !entry.startsWith('.')).length
				: 0,
		};
		await n8n.installCommunityPackage(this.userFolder, await packFloorPackage(this.workDir));
		this.httpRequestVersion = wf.latestHttpRequestVersion(this.n8nPaths.dir);
	}

	/**
	 * A simulator over https with `REPORT_COUNT` reports to get, and an API client credential of
	 * its own (so that its token exchanges are its own).
	 */
	async simulator(options = {}) {
		const simulator = await startTlsSimulator(
			{ port: 0, fileDelayMs: 0, ...options },
			this.certificates,
		);
		this.simulators.push(simulator);
		simulator.reportIds = [];
		for (let index = 0; index < REPORT_COUNT; index++) {
			simulator.reportIds.push((await createReport(simulator)).id);
		}
		const serial = String(this.simulators.length).padStart(3, '0');
		simulator.credential = { id: `benchApiClnt0${serial}`, name: `Acronis bench ${serial}` };
		const { apiClient } = exampleCredentials(simulator);
		this.credentials.push({ ...apiClient, ...simulator.credential });
		// Every simulator takes the same static token: one header credential for HTTP Request.
		if (!this.credentials.some((credential) => credential.id === HEADER_AUTH.id)) {
			const token = simulator.credentials.accessToken;
			this.credentials.push({
				...HEADER_AUTH,
				type: 'httpHeaderAuth',
				data: { name: 'Authorization', value: `Bearer ${token}` },
			});
		}
		simulator.items = (count) => ({ reportIds: simulator.reportIds, count });
		return simulator;
	}

	addWorkflow(id, target, items, after) {
		this.workflows.push(wf.workflow(id, target, items, after));
		return id;
	}

	/** Imports the credentials and workflows added so far. */
	async importAll() {
		const credentialsFile = path.join(this.workDir, 'credentials.json');
		fs.writeFileSync(credentialsFile, JSON.stringify(this.credentials));
		await n8n.n8nCommand(['import:credentials', `--input=${credentialsFile}`], {
			userFolder: this.userFolder,
		});
		const workflowsDir = fs.mkdtempSync(path.join(this.workDir, 'workflows-'));
		for (const definition of this.workflows) {
			fs.writeFileSync(
				path.join(workflowsDir, `${definition.id}.json`),
				JSON.stringify(definition),
			);
		}
		await n8n.n8nCommand(['import:workflow', '--separate', `--input=${workflowsDir}`], {
			userFolder: this.userFolder,
		});
		this.workflows = [];
	}

	async close() {
		await Promise.all(this.simulators.map((simulator) => simulator.close()));
		if (process.env.KEEP_BENCH_FILES) progress(`files kept in ${this.workDir}`);
		else fs.rmSync(this.workDir, { recursive: true, force: true });
	}
}

/**
 * 1. Throughput at each latency: rounds of this node, HTTP Request (with and without Batching),
 * the helper floor's sweep and n8n's per-item floor, taking turns so that a busy moment of the
 * machine hits them alike. Returns { plan, read(runs) }: the workflows to run in the batch, and
 * the figures from their run data.
 */
async function planThroughput(bench) {
	const plans = [];
	for (const { latencyMs, items } of LATENCIES) {
		const simulator = await bench.simulator({ faults: { latencyMs } });
		const input = simulator.items(items);
		const sweep = SWEEP.map((level) => ({
			level,
			waitMs: Math.ceil(items / (level || items)) * latencyMs,
		}));
		const targets = {
			a: () => wf.acronisGet(simulator.credential),
			b: () => wf.httpGet(simulator.url, HEADER_AUTH, bench.httpRequestVersion),
			e: () =>
				wf.httpGet(simulator.url, HEADER_AUTH, bench.httpRequestVersion, { batching: BATCHING }),
			d: () => wf.floor(FLOOR_TYPE),
		};
		for (const { level, waitMs } of sweep) {
			if (waitMs < SWEEP_MAX_WAIT_MS) {
				targets[floorKey(level)] = () =>
					wf.helperFloor(HELPER_NODE_TYPE, simulator.credential, level);
			}
		}
		const ids = {};
		for (let round = 0; round < WARMUPS + RUNS; round++) {
			for (const variant of Object.keys(targets)) {
				// Batching's time is its sleeps: no warm-up, fewer runs.
				if (variant === 'e' && (round < WARMUPS || round >= WARMUPS + BATCHING_RUNS)) continue;
				const id = `t${String(latencyMs).padStart(3, '0')}r${String(round).padStart(2, '0')}${variant}`;
				bench.addWorkflow(id, targets[variant](), input);
				(ids[variant] ??= []).push({ id, warmup: round < WARMUPS });
			}
		}
		plans.push({ latencyMs, items, simulator, sweep, ids });
	}
	return {
		ids: plans.flatMap((plan) =>
			Object.values(plan.ids)
				.flat()
				.map((one) => one.id),
		),
		read: (runs) => plans.map((plan) => throughputRow(plan, runs)),
		simulators: plans.map((plan) => plan.simulator),
	};
}

const floorKey = (level) => `f${level === 0 ? 'all' : String(level).padStart(3, '0')}`;

function throughputRow({ latencyMs, items, ids, sweep }, runs) {
	const row = { latencyMs, items, variants: {} };
	for (const [variant, list] of Object.entries(ids)) {
		const results = list.map((one) => ({
			...one,
			...targetResult(runs.get(one.id), variant === 'd' ? isFloorItem : isReport),
		}));
		const bad = results.find((one) => one.items !== items || one.good !== items);
		if (bad) throw new Error(`${variant} at ${latencyMs} ms: ${JSON.stringify(bad)}`);
		const measured = results.filter((one) => !one.warmup).map((one) => one.ms);
		row.variants[variant] = {
			warmupMs: results.filter((one) => one.warmup).map((one) => one.ms),
			runsMs: measured,
			medianMs: median(measured),
		};
	}
	const floors = sweep
		.filter(({ level }) => row.variants[floorKey(level)])
		.map(({ level }) => ({ level, medianMs: row.variants[floorKey(level)].medianMs }));
	row.helperFloor = floors.reduce((best, one) => (one.medianMs < best.medianMs ? one : best));
	row.sweepSkipped = sweep.filter(({ level }) => !row.variants[floorKey(level)]);
	row.sweepSkipSafe = row.sweepSkipped.every(({ waitMs }) => waitMs > row.helperFloor.medianMs);
	const http = ['b', 'e'].map((variant) => ({ variant, medianMs: row.variants[variant].medianMs }));
	row.fasterHttpRequest = http.reduce((best, one) => (one.medianMs < best.medianMs ? one : best));
	row.aOverHttpRequest = row.variants.a.medianMs / row.fasterHttpRequest.medianMs;
	row.aOverHelperFloor = row.variants.a.medianMs / row.helperFloor.medianMs;
	return row;
}

/**
 * The raw fetch figure, for information: the same GETs as a bare fetch loop outside n8n
 * (bench/lib/wire.js), at the helper floor's best level. Returns the rows with `fetch` added.
 */
async function measureFetch(bench, rows, simulators) {
	for (const [index, row] of rows.entries()) {
		const simulator = simulators[index];
		const input = {
			url: simulator.url,
			token: simulator.credentials.accessToken,
			reportIds: simulator.reportIds,
			items: row.items,
			concurrency: row.helperFloor.level || row.items,
			warmups: WARMUPS,
			runs: RUNS,
		};
		const { stdout } = await run(
			bench.n8nPaths.node,
			[path.join(__dirname, 'lib', 'wire.js'), JSON.stringify(input)],
			{ env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: bench.certificates.caFile } },
		);
		const runsMs = JSON.parse(stdout);
		row.fetch = { concurrency: input.concurrency, runsMs, medianMs: median(runsMs) };
	}
}

/** 2. Token exchanges: a credential that never had a token, 1,000 items. */
async function planTokens(bench) {
	const simulator = await bench.simulator();
	const id = bench.addWorkflow(
		'a000tokens',
		wf.acronisGet(simulator.credential),
		simulator.items(TOKEN_ITEMS),
	);
	const before = simulator.tokenRequests();
	return {
		ids: [id],
		read: (runs) => ({
			exchanges: simulator.tokenRequests() - before,
			...targetResult(runs.get(id)),
		}),
	};
}

/**
 * 3. Under a 50 requests/s limit with Retry-After, continue on fail: one simulator per node, so
 * that its request log is that node's alone.
 */
async function planRateLimit(bench) {
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
	const plans = [];
	for (const [variant, target] of Object.entries(nodes)) {
		const simulator = await bench.simulator({ faults: { requestsPerSecond: RATE_LIMIT } });
		simulator.requests.length = 0;
		plans.push({
			variant,
			simulator,
			id: bench.addWorkflow(`z000rate${variant}`, target(simulator), simulator.items(RATE_ITEMS)),
		});
	}
	return {
		ids: plans.map((plan) => plan.id),
		read: (runs) => {
			const idealMs = (RATE_ITEMS / RATE_LIMIT) * 1000;
			const result = { requestsPerSecond: RATE_LIMIT, items: RATE_ITEMS, idealMs };
			for (const { variant, simulator, id } of plans) {
				const { good, ms } = targetResult(runs.get(id));
				const requests = simulator.requests.filter(isApiPath).length;
				result[variant] = {
					completed: good,
					lost: RATE_ITEMS - good,
					ms,
					timeVsIdeal: ms / idealMs,
					requests,
					requestsPerItem: requests / RATE_ITEMS,
				};
			}
			return result;
		},
	};
}

/**
 * 4. Generate and Download on a data center that saves the file 120 s after the report is
 * created: the polls, and the time from "saved" to the download. Started in its own `n8n
 * execute` before the batch: it mostly sleeps. Resolves once the report has been created;
 * returns { done }, which resolves with the figures.
 */
async function startFileWait(bench) {
	const simulator = await bench.simulator({ fileDelayMs: FILE_DELAY_MS });
	simulator.requests.length = 0;
	const id = bench.addWorkflow(
		'fileWait01',
		wf.acronis(simulator.credential, {
			operation: 'generateAndDownload',
			kind: 'usage_summary',
			level: 'accounts',
			waitTimeout: 600,
		}),
	);
	return {
		id,
		start: async () => {
			const execution = bench.execute(id);
			const create = () => simulator.requests.find((one) => one.method === 'POST');
			while (!create()) {
				await Promise.race([execution, new Promise((resolve) => setTimeout(resolve, 200))]);
			}
			const done = execution.then(({ run }) => {
				const task = run.data.resultData.runData[wf.TARGET]?.[0];
				const item = task?.data?.main?.[0]?.[0];
				if (!item?.binary)
					throw new Error(`The file wait produced no file: ${JSON.stringify(task?.error)}`);
				const reportId = item.json.report_id;
				const savedAt = create().at + FILE_DELAY_MS;
				const polls = simulator.requests.filter(
					(one) => one.method === 'GET' && one.path === `/api/2/reports/${reportId}/stored`,
				);
				const download = simulator.requests.find((one) =>
					one.path.startsWith(`/api/2/reports/${reportId}/stored/`),
				);
				return {
					fileDelayMs: FILE_DELAY_MS,
					polls: polls.length,
					pollOffsetsMs: polls.map((one) => one.at - create().at),
					savedToDownloadRequestMs: download.at - savedAt,
					savedToDownloadedMs: task.startTime + task.executionTime - savedAt,
				};
			});
			return { done };
		},
	};
}

/** 5. Start-up: time to load the package's node and credential modules, in fresh Node 24 processes. */
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

/** The peak memory of an n8n process sampled by e2e/lib/n8n.js, in bytes. */
const peakBytes = (memory) => Math.max(memory.hwmKb, memory.peakRssKb) * 1024;

/**
 * The most memory sampled from `fromMs` to `toMs` (Date.now() times), in bytes; the sample after
 * `toMs` counts too, as the sampler looks every 50 ms.
 */
function peakDuring(memory, fromMs, toMs) {
	const during = memory.timeline.filter(([at]) => at >= fromMs && at <= toMs + 50);
	if (during.length === 0) throw new Error(`No memory sample from ${fromMs} to ${toMs}`);
	return Math.max(...during.map(([, kb]) => kb)) * 1024;
}

/**
 * The no-op baseline the memory figures grow from: the peak memory of an n8n process running a
 * workflow that does nothing, median of `MEMORY_RUNS`.
 */
function planBaseline(bench) {
	const id = bench.addWorkflow('memBaseline1', wf.noOp());
	return {
		measure: async () => {
			const runs = [];
			for (let round = 0; round < MEMORY_RUNS; round++) {
				runs.push(peakBytes((await bench.executeAlone(id)).memory));
			}
			return { runsPeakBytes: runs, peakBytes: median(runs) };
		},
	};
}

/**
 * A report's stored files once saved and sized: the simulator sizes a file (gzips it once) when
 * it is first listed, done before n8n runs so that n8n does not wait for it.
 */
async function savedAndSized(simulator, reportId) {
	for (let attempt = 0; attempt < 240; attempt++) {
		const stored = (await simulator.api('GET', `/reports/${reportId}/stored`)).items;
		if (stored.length > 0 && stored.every((file) => file.status === 'saved' && file.size > 0))
			return stored;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`The files of report ${reportId} were not saved and sized within 2 minutes`);
}

/** 6. Memory while downloading a 100 MB report file: the workflows, then the measurement. */
async function planMemory(bench) {
	const simulator = await bench.simulator({ storedFileMinBytes: FILE_BYTES });
	const fileReport = await createReport(simulator, {
		kind: 'usage_summary',
		level: 'accounts',
		schedule: 'once',
	});
	bench.addWorkflow(
		'memDownload1',
		wf.acronis(simulator.credential, { operation: 'download', reportId: fileReport.id }),
	);
	return { measure: (baseline) => measureMemory(bench, simulator, fileReport, baseline) };
}

async function measureMemory(bench, simulator, fileReport, baseline) {
	const stored = await savedAndSized(simulator, fileReport.id);
	const fileBytes = (await simulator.storedFileContent(fileReport.id, stored[0].id)).length;
	const download = await bench.executeAlone('memDownload1');
	const downloaded = download.runData[wf.TARGET]?.[0];
	const downloadedItem = downloaded?.data?.main?.[0]?.[0];
	if (!downloadedItem?.binary?.data) {
		throw new Error(
			`The download produced no file: ${JSON.stringify(downloaded?.error ?? downloaded)}`,
		);
	}
	const memory = {
		binaryDataMode: BINARY_DATA_MODE,
		fileBytes,
		compressedBytes: stored[0].size,
		downloadMs: downloaded.executionTime,
		binaryFileSize: downloadedItem.binary.data.fileSize,
		baselinePeakBytes: baseline.peakBytes,
		downloadPeakBytes: peakBytes(download.memory),
		samples: download.memory.samples,
	};
	memory.growthBytes = memory.downloadPeakBytes - memory.baselinePeakBytes;
	memory.growthPerFileByte = memory.growthBytes / fileBytes;
	return memory;
}

/**
 * 7. A 100,000-row csv_v2_0 report as items: (r) Download File with Output Rows against (x)
 * Download File with Output File followed by n8n's Extract From File (CSV, header row). Each
 * run is an n8n process of its own, its memory sampled, the two taking turns. The memory figure
 * is the peak while the nodes run: afterwards n8n saves the run to its database and the bench's
 * `execute-batch` writes it to a file, 100,000 items serialised twice, which is n8n's cost, not
 * the nodes' (the process's whole peak is kept beside it, for information).
 */
async function planRows(bench) {
	const simulator = await bench.simulator({ storedFileMinRows: ROWS });
	const report = await createReport(simulator, {
		kind: 'usage_summary',
		level: 'all_customers',
		schedule: 'once',
		formats: ['csv_v2_0'],
	});
	const download = (output) => wf.acronisDownload(simulator.credential, report.id, output);
	const plan = {
		r: { id: bench.addWorkflow('rowsRows0001', download('rows')), nodes: [wf.TARGET] },
		x: {
			id: bench.addWorkflow('rowsExtract01', download('file'), undefined, [wf.extractCsv()]),
			nodes: [wf.TARGET, wf.EXTRACT],
		},
	};
	return { measure: (baseline) => measureRows(bench, simulator, report, plan, baseline) };
}

async function measureRows(bench, simulator, report, plan, baseline) {
	const [file] = await savedAndSized(simulator, report.id);
	const fileRows = simulator.reportUsage(report.id, file.id).length;
	// One row in the middle of the file, compared between the two.
	const sampleIndex = Math.floor(fileRows / 2);
	const runs = { r: [], x: [] };
	const samples = {};
	for (let round = 0; round < MEMORY_RUNS; round++) {
		for (const [variant, { id, nodes }] of Object.entries(plan)) {
			const { runData, memory } = await bench.executeAlone(id);
			const tasks = nodes.map((name) => runData[name]?.[0]);
			const items = tasks.at(-1)?.data?.main?.[0] ?? [];
			if (tasks.some((task) => !task || task.error) || items.length !== fileRows) {
				const failed = tasks.find((task) => task?.error)?.error;
				throw new Error(
					`${variant}: ${items.length} items for ${fileRows} rows${failed ? `: ${JSON.stringify(failed)}` : ''}`,
				);
			}
			samples[variant] ??= items[sampleIndex].json;
			const startedAt = tasks[0].startTime;
			const endedAt = tasks.at(-1).startTime + tasks.at(-1).executionTime;
			const during = peakDuring(memory, startedAt, endedAt);
			const [processPeakAt] = memory.timeline.reduce((top, one) => (one[1] > top[1] ? one : top));
			runs[variant].push({
				ms: tasks.reduce((sum, task) => sum + task.executionTime, 0),
				nodesMs: tasks.map((task) => task.executionTime),
				items: items.length,
				peakBytes: during,
				growthBytes: during - baseline.peakBytes,
				processGrowthBytes: peakBytes(memory) - baseline.peakBytes,
				processPeakAfterMs: processPeakAt - startedAt,
			});
		}
	}
	const mismatch = sampleMismatch(samples.r, samples.x);
	if (mismatch) throw new Error(`Row ${sampleIndex}: ${mismatch}`);
	const rows = {
		fileRows,
		fileBytes: (await simulator.storedFileContent(report.id, file.id)).length,
		compressedBytes: file.size,
		baselinePeakBytes: baseline.peakBytes,
		sampleIndex,
		samples,
	};
	for (const [variant, list] of Object.entries(runs)) {
		const middle = (key) => median(list.map((one) => one[key]));
		rows[variant] = {
			runs: list,
			medianMs: middle('ms'),
			medianGrowthBytes: middle('growthBytes'),
			medianProcessGrowthBytes: middle('processGrowthBytes'),
		};
	}
	rows.timeVsExtract = rows.r.medianMs / rows.x.medianMs;
	rows.memoryVsExtract = rows.r.medianGrowthBytes / rows.x.medianGrowthBytes;
	rows.processMemoryVsExtract = rows.r.medianProcessGrowthBytes / rows.x.medianProcessGrowthBytes;
	return rows;
}

/**
 * Whether a row of this node and the same line as Extract From File reads it differ, in the
 * tenant, the offering item or a usage value: what, if they do. Extract From File leaves empty
 * cells out and reads every value as text; this node gives null and numbers.
 */
function sampleMismatch(row, extracted) {
	const pairs = [
		['tenant_id', 'tenant.id'],
		['offering_item', 'name'],
		...['absolute', 'delta', 'effective'].flatMap((measure) =>
			['production', 'trial', 'total'].map((part) => [
				`usage_${measure}_${part}`,
				`usage.${measure}.${part}`,
			]),
		),
	];
	for (const [column, header] of pairs) {
		const text = extracted[header] ?? '';
		const value = row[column];
		const same =
			typeof value === 'number' ? text !== '' && Number(text) === value : (value ?? '') === text;
		if (!same) return `${column} is ${JSON.stringify(value)}, ${header} ${JSON.stringify(text)}`;
	}
	return undefined;
}

/** Every target with its measured value: { name, value, target, pass, shown }. */
function verdicts({ throughput, rateLimit, fileWait, tokens, size, requireTime, memory, rows }) {
	const list = [];
	const check = (name, value, target, pass, shown) =>
		list.push({ name, value, target, pass, shown });
	const ratio = (value) => value.toFixed(2);
	for (const row of throughput) {
		check(
			`a / faster HTTP Request at ${row.latencyMs} ms`,
			row.aOverHttpRequest,
			`≤ ${TARGETS.speedVsHttpRequest}`,
			row.aOverHttpRequest <= TARGETS.speedVsHttpRequest,
			ratio(row.aOverHttpRequest),
		);
		check(
			`a / helper floor's best at ${row.latencyMs} ms`,
			row.aOverHelperFloor,
			`≤ ${TARGETS.speedVsHelperFloor}`,
			row.aOverHelperFloor <= TARGETS.speedVsHelperFloor,
			ratio(row.aOverHelperFloor),
		);
	}
	const limited = rateLimit.a;
	check(
		`items lost under ${RATE_LIMIT} req/s (a)`,
		limited.lost,
		`= ${TARGETS.lostUnderRateLimit}`,
		limited.lost === TARGETS.lostUnderRateLimit,
		String(limited.lost),
	);
	check(
		`time / ideal under ${RATE_LIMIT} req/s (a)`,
		limited.timeVsIdeal,
		`≤ ${TARGETS.rateLimitTimeVsIdeal}`,
		limited.timeVsIdeal <= TARGETS.rateLimitTimeVsIdeal,
		ratio(limited.timeVsIdeal),
	);
	check(
		`requests / items under ${RATE_LIMIT} req/s (a)`,
		limited.requestsPerItem,
		`≤ ${TARGETS.rateLimitRequestsPerItem}`,
		limited.requestsPerItem <= TARGETS.rateLimitRequestsPerItem,
		ratio(limited.requestsPerItem),
	);
	check(
		`polls for a file saved after ${FILE_DELAY_MS / 1000} s`,
		fileWait.polls,
		`≤ ${TARGETS.fileWaitPolls}`,
		fileWait.polls <= TARGETS.fileWaitPolls,
		String(fileWait.polls),
	);
	check(
		'saved → downloaded',
		fileWait.savedToDownloadedMs,
		`≤ ${TARGETS.fileWaitSavedToDownloadedMs / 1000} s`,
		fileWait.savedToDownloadedMs <= TARGETS.fileWaitSavedToDownloadedMs,
		`${(fileWait.savedToDownloadedMs / 1000).toFixed(1)} s`,
	);
	check(
		`token exchanges for ${TOKEN_ITEMS} items`,
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
		ratio(memory.growthPerFileByte),
	);
	check(
		`${rows.fileRows.toLocaleString('en')} rows: time r / x`,
		rows.timeVsExtract,
		`≤ ${TARGETS.rowsTimeVsExtract}`,
		rows.timeVsExtract <= TARGETS.rowsTimeVsExtract,
		ratio(rows.timeVsExtract),
	);
	check(
		`${rows.fileRows.toLocaleString('en')} rows: peak memory growth r / x`,
		rows.memoryVsExtract,
		`≤ ${TARGETS.rowsMemoryVsExtract}`,
		rows.memoryVsExtract <= TARGETS.rowsMemoryVsExtract,
		ratio(rows.memoryVsExtract),
	);
	return list;
}

async function environment(n8nPaths) {
	let nproc;
	try {
		nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
	} catch {
		nproc = os.availableParallelism();
	}
	return {
		date: new Date().toISOString(),
		n8nVersion: JSON.parse(
			fs.readFileSync(path.join(n8nPaths.dir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
		).version,
		nodeVersion: (await run(n8nPaths.node, ['--version'])).stdout.trim(),
		nproc,
		totalMemoryBytes: os.totalmem(),
		cpu: os.cpus()[0]?.model,
		// Other work on the machine skews timings: shown so a noisy run can be told apart.
		loadAverageAtStart: os.loadavg(),
		binaryDataMode: BINARY_DATA_MODE,
		tls: 'https, throwaway CA (ECDSA P-256) trusted through NODE_EXTRA_CA_CERTS',
	};
}

async function main() {
	const n8nPaths = await phase('preparing n8n', () =>
		n8n.ensureN8n({ log: (line) => progress(line) }),
	);
	const env = await environment(n8nPaths);
	const bench = new Bench(n8nPaths);
	try {
		const plans = await phase('setup: certificates, packages, simulators, workflows', async () => {
			await bench.start();
			const plans = {
				fileWait: await startFileWait(bench),
				tokens: await planTokens(bench),
				throughput: await planThroughput(bench),
				rateLimit: await planRateLimit(bench),
				baseline: planBaseline(bench),
				memory: await planMemory(bench),
				rows: await planRows(bench),
			};
			await bench.importAll();
			return plans;
		});
		const fileWait = await phase('file wait: n8n started', () => plans.fileWait.start());
		const batch = [plans.tokens, plans.throughput, plans.rateLimit];
		const { runs } = await phase('throughput, tokens and rate limit in one n8n process', () =>
			bench.executeBatch(batch.flatMap((plan) => plan.ids)),
		);
		const results = {
			environment: env,
			settings: {
				latencies: LATENCIES,
				runs: RUNS,
				warmupRounds: WARMUPS,
				batching: { ...BATCHING, runs: BATCHING_RUNS },
				sweep: SWEEP,
				sweepMaxWaitMs: SWEEP_MAX_WAIT_MS,
				itemsAtOnce: DEFAULT_SETTINGS.concurrency,
				httpRequestTypeVersion: bench.httpRequestVersion,
				reportIds: REPORT_COUNT,
				memoryRuns: MEMORY_RUNS,
			},
			throughput: plans.throughput.read(runs),
			rateLimit: plans.rateLimit.read(runs),
			tokens: plans.tokens.read(runs),
		};
		await phase('fetch loop', () =>
			measureFetch(bench, results.throughput, plans.throughput.simulators),
		);
		results.fileWait = await phase('file wait: the rest of it', () => fileWait.done);
		results.size = bench.size;
		results.requireTime = await phase('require time', () => measureRequire(bench));
		const baseline = await phase('memory: no-op baseline', () => plans.baseline.measure());
		results.memory = await phase('memory', () => plans.memory.measure(baseline));
		results.rows = await phase('rows', () => plans.rows.measure(baseline));
		results.memoryBaseline = baseline;
		env.loadAverageAtEnd = os.loadavg();
		const list = verdicts(results);
		Object.assign(results, {
			targets: TARGETS,
			verdicts: list.map(({ shown, ...verdict }) => verdict),
			phasesMs: phases,
			durationMs: Date.now() - startedAt,
		});
		fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, '\t')}\n`);
		printTable(results, list, { say, variants: VARIANTS });
		if (list.some((verdict) => !verdict.pass)) process.exitCode = 1;
	} finally {
		await bench.close();
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
