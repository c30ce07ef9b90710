// @ts-check
// The bench's n8n and what every part shares: its user folder with the package and the floors
// installed, the simulators served over https with their credentials, the workflows to import,
// the ways to run them (`n8n execute`, `n8n execute-batch`), and the reading of run data.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const n8n = require('./n8n.js');
const { exampleCredentials } = require('../../e2e/lib/credentials.js');
const { createReport } = require('../../e2e/lib/reports.js');
const { packFloorPackage } = require('./floor.js');
const { makeCertificates, startTlsSimulator } = require('./tls.js');
const wf = require('./workflows.js');

/**
 * @typedef {import('../../simulator/index.cjs').Simulator} Simulator
 * @typedef {import('../../simulator/index.cjs').SimulatorOptions} SimulatorOptions
 * @typedef {import('../../simulator/index.cjs').RecordedRequest} RecordedRequest
 * @typedef {{ id: string, name: string }} CredentialRef
 * @typedef {{ reportIds: string[], count: number }} Items
 * @typedef {Simulator & { reportIds: string[], credential: CredentialRef,
 *   items: (count: number, reportIds?: string[]) => Items }} BenchSimulator
 * @typedef {{ json: Record<string, any>, binary?: Record<string, any> }} Item
 * @typedef {{ executionTime: number, startTime: number, error?: { message?: string },
 *   data?: { main?: Item[][] } }} Task
 * @typedef {Record<string, Task[]>} RunData
 * @typedef {Map<string, RunData>} Runs
 * @typedef {import('./n8n.js').N8nMemory} Memory
 */

/** BENCH_QUICK=1: a few items and runs, to try the bench; its figures prove nothing. */
const QUICK = process.env.BENCH_QUICK === '1';
/** Reports on each simulator, which the items cycle through. */
const REPORT_COUNT = 10;
const BINARY_DATA_MODE = 'filesystem';
/** One header credential for HTTP Request: every simulator takes the same static token. */
const HEADER_AUTH = { id: 'benchHeaderAuth1', name: 'Simulator bearer token' };

const say = (line = '') => process.stdout.write(`${line}\n`);
const startedAt = Date.now();
const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(0)}s`;
/** @param {string} line */
const progress = (line) => process.stderr.write(`[bench ${elapsed()}] ${line}\n`);

/** @param {number[]} values */
function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * A command run to its end, its output captured; 10 minutes at most.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<{ stdout: string, stderr: string }>}
 */
const run = (command, args, options) =>
	n8n.run(command, args, { capture: true, timeoutMs: 10 * 60000, ...options });

/** @param {Item} item */
const isReport = (item) => typeof item.json.id === 'string' && item.json.version !== undefined;
/** @param {RecordedRequest} request */
const isApiPath = (request) => request.path.startsWith('/api/2/reports');

/**
 * A node's executionTime, its start, and the counts of its good and failed items.
 * @param {RunData | undefined} runData
 * @param {(item: Item) => boolean} [isGood]
 * @param {string} [node]
 */
function targetResult(runData, isGood = isReport, node = wf.TARGET) {
	const [task] = runData?.[node] ?? [];
	if (!task) throw new Error(`The ${node} node did not run`);
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
	/** @param {import('./n8n.js').N8nPaths} n8nPaths where the pinned n8n is installed */
	constructor(n8nPaths) {
		this.n8nPaths = n8nPaths;
		this.workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'acronis-bench-'));
		this.userFolder = path.join(this.workDir, 'n8n');
		this.filesDir = path.join(this.workDir, 'files');
		fs.mkdirSync(this.filesDir);
		/** @type {BenchSimulator[]} */
		this.simulators = [];
		/** @type {object[]} */
		this.credentials = [];
		/** @type {object[]} */
		this.workflows = [];
		/** @type {{ caFile: string, ca: string, key: string, cert: string } | undefined} */
		this.tls = undefined;
		/** @type {{ dir: string } | undefined} */
		this.installedPackage = undefined;
		/** @type {{ n8n: { nodes: string[], credentials: string[] }, dependencies?: object }} */
		this.manifest = { n8n: { nodes: [], credentials: [] } };
		this.size = {
			tarball: '',
			tarballBytes: 0,
			unpackedBytes: 0,
			files: 0,
			runtimeDependencies: 0,
			installedDependencies: 0,
		};
		this.httpRequestVersion = 0;
	}

	get certificates() {
		if (!this.tls) throw new Error('The bench has not started');
		return this.tls;
	}

	get installed() {
		if (!this.installedPackage) throw new Error('The bench has not started');
		return this.installedPackage;
	}

	/**
	 * One n8n CLI command on the bench's user folder; n8n's binary data goes to disk. Each gets
	 * free ports of its own (e2e/lib/n8n.js): the file wait's n8n runs beside the others.
	 * @param {string[]} args
	 * @param {{ sampleMemory?: boolean, timeoutMs?: number }} [options]
	 * @returns {Promise<{ stdout: string, stderr: string, memory: Memory }>}
	 */
	async n8nProcess(args, { sampleMemory = false, timeoutMs = 10 * 60000 } = {}) {
		/** @type {Record<string, string>} */
		const extra = process.env.BENCH_N8N_NODE_OPTIONS
			? { NODE_OPTIONS: process.env.BENCH_N8N_NODE_OPTIONS }
			: {};
		const result = await n8n.n8nCommand(args, {
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
		const { memory = { peakRssKb: 0, hwmKb: 0, samples: 0, timeline: [] } } = result;
		return { ...result, memory };
	}

	/**
	 * `n8n execute` of one workflow: its run data.
	 * @param {string} workflowId
	 * @returns {Promise<{ run: { data: { resultData: { runData: RunData } } } }>}
	 */
	async execute(workflowId) {
		// n8nCommand runs `execute` at log level info: a failed run is printed too.
		let result;
		try {
			result = await this.n8nProcess(['execute', `--id=${workflowId}`, '--rawOutput']);
		} catch (error) {
			// On this busy machine n8n is now and then ended by a signal while it shuts down, after
			// it printed a finished run: that run still counts.
			const ended = /** @type {{ code?: number | null, stdout?: string, stderr?: string }} */ (
				error
			);
			if (ended.code !== null || !/"finished": true/.test(ended.stdout ?? '')) throw error;
			progress(`n8n execute of ${workflowId} ended by a signal after its run finished`);
			result = { stdout: ended.stdout ?? '', stderr: ended.stderr ?? '' };
		}
		return { run: n8n.parseRawOutput(result.stdout, result.stderr) };
	}

	/**
	 * Workflows one after the other in one `n8n execute-batch` process: independent executions
	 * without paying n8n's start-up for each. Returns the run data of each workflow by its id,
	 * and the memory of the process when `sampleMemory`.
	 * @param {string[]} workflowIds
	 * @param {{ sampleMemory?: boolean }} [options]
	 * @returns {Promise<{ runs: Runs, memory: Memory }>}
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
		/** @type {Runs} */
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
	 * @param {string} workflowId
	 */
	async executeAlone(workflowId) {
		const { runs, memory } = await this.executeBatch([workflowId], { sampleMemory: true });
		const runData = runs.get(workflowId);
		if (!runData) throw new Error(`No run data for ${workflowId}`);
		return { runData, memory };
	}

	async start() {
		this.tls = await makeCertificates(path.join(this.workDir, 'tls'));
		const packed = await n8n.packPackage(this.workDir);
		this.installedPackage = await n8n.installCommunityPackage(this.userFolder, packed.tarball);
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
	 * its own: its token exchanges are its own, and this node remembers what it learnt about a
	 * data center per simulator. `withToken`: the credential holds a token already, as one that
	 * has been used before does.
	 * @param {SimulatorOptions} [options]
	 * @param {{ withToken?: boolean }} [credential]
	 * @returns {Promise<BenchSimulator>}
	 */
	async simulator(options = {}, { withToken = false } = {}) {
		const started = await startTlsSimulator(
			{ port: 0, fileDelayMs: 0, ...options },
			this.certificates,
		);
		/** @type {string[]} */
		const reportIds = [];
		for (let index = 0; index < REPORT_COUNT; index++) {
			reportIds.push(String((await createReport(started)).id));
		}
		const serial = String(this.simulators.length + 1).padStart(3, '0');
		const credential = { id: `benchApiClnt0${serial}`, name: `Acronis bench ${serial}` };
		/** @type {BenchSimulator} */
		const simulator = Object.assign(started, {
			reportIds,
			credential,
			/** @type {(count: number, ids?: string[]) => Items} */
			items: (count, ids = reportIds) => ({ reportIds: ids, count }),
		});
		this.simulators.push(simulator);
		// No mailbox in the bench: the mail credential is not used.
		const { apiClient } = exampleCredentials(simulator, 0);
		const sessionToken = withToken ? await started.issueToken() : '';
		this.credentials.push({
			...apiClient,
			...credential,
			data: { ...apiClient.data, sessionToken },
		});
		if (!this.credentials.some((one) => /** @type {CredentialRef} */ (one).id === HEADER_AUTH.id)) {
			const token = simulator.credentials.accessToken;
			this.credentials.push({
				...HEADER_AUTH,
				type: 'httpHeaderAuth',
				data: { name: 'Authorization', value: `Bearer ${token}` },
			});
		}
		return simulator;
	}

	/**
	 * A workflow to import: Manual trigger → (items) → `target` → the nodes `after` it.
	 * @param {string} id
	 * @param {object} target
	 * @param {Items} [items]
	 * @param {object[]} [after]
	 */
	addWorkflow(id, target, items, after) {
		this.workflows.push(wf.workflow(id, target, items, after));
		return id;
	}

	/** A workflow to import as it is, made with ./workflows.js. @param {{ id: string }} definition */
	addWorkflowDefinition(definition) {
		this.workflows.push(definition);
		return definition.id;
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
			const { id } = /** @type {{ id: string }} */ (definition);
			fs.writeFileSync(path.join(workflowsDir, `${id}.json`), JSON.stringify(definition));
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

module.exports = {
	BINARY_DATA_MODE,
	Bench,
	HEADER_AUTH,
	QUICK,
	isApiPath,
	isReport,
	median,
	progress,
	run,
	say,
	startedAt,
	targetResult,
};
