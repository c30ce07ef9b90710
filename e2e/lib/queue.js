// n8n queue mode on one machine for the scale-out test: throwaway Redis and PostgreSQL servers
// (Debian packages, data in a temporary folder, loopback only, random ports) and `n8n worker`
// processes. Everything started here is stopped by its `stop()`, and killed when the test
// process exits without having stopped it.
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { ensureDebianPackages, onPath } = require('./debian.js');
const { freePort, n8nEnv, paths, run } = require('./n8n.js');

const HOST = '127.0.0.1';

/** Process ids (negative: a process group) still to kill if the test process exits early. */
const leftovers = new Set();
/** Folders still to remove then. */
const leftoverDirs = new Set();
process.on('exit', () => {
	for (const pid of leftovers) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
	for (const dir of leftoverDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs `command` to its end (2 minutes at most unless told); resolves with its stdout. */
async function exec(command, args, { env, timeoutMs = 120000 } = {}) {
	return (await run(command, args, { env, timeoutMs, capture: true })).stdout;
}

function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const versions = fs
		.readdirSync(root)
		.filter((version) => fs.existsSync(path.join(root, version, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

/** Installs Debian's Redis and PostgreSQL servers when they are missing (root only). */
function ensureServers(log) {
	return ensureDebianPackages(['redis-server', 'postgresql'], {
		present: () => onPath('redis-server') && postgresBinDir() !== undefined,
		purpose: 'The queue-mode test',
		log,
	});
}

async function waitFor(check, what, timeoutMs = 60000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await check()) return;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/** redis-server on a random loopback port, nothing persisted. */
async function startRedis(dir) {
	fs.mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const child = spawn(
		'redis-server',
		['--port', String(port), '--bind', HOST, '--dir', dir, '--save', '', '--appendonly', 'no'],
		{ stdio: ['ignore', 'pipe', 'pipe'] },
	);
	leftovers.add(child.pid);
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	await waitFor(() => {
		if (child.exitCode !== null) throw new Error(`redis-server exited:\n${output}`);
		return output.includes('Ready to accept connections');
	}, 'redis-server');
	return {
		host: HOST,
		port,
		async stop() {
			if (child.exitCode === null) {
				const exited = new Promise((resolve) => child.once('exit', resolve));
				child.kill('SIGTERM');
				await exited;
			}
			leftovers.delete(child.pid);
		},
	};
}

/**
 * A PostgreSQL cluster of its own (initdb) in a temporary folder, run by pg_ctl on a random
 * loopback port, with one database `n8n` owned by user `n8n` (trust authentication: loopback,
 * throwaway). PostgreSQL refuses to run as root, so under root the server runs as the
 * `postgres` user, in a folder of its own that user can reach.
 */
async function startPostgres() {
	const bin = postgresBinDir();
	const port = await freePort();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acronis-e2e-postgres-'));
	leftoverDirs.add(dir);
	const dataDir = path.join(dir, 'data');
	let asServerUser = (command, args) => [command, args];
	if (process.getuid?.() === 0) {
		const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
		const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
		fs.chownSync(dir, uid, gid);
		asServerUser = (command, args) => ['runuser', ['-u', 'postgres', '--', command, ...args]];
	}
	const server = (name, args) => exec(...asServerUser(path.join(bin, name), args));
	const pidFile = path.join(dataDir, 'postmaster.pid');
	// Durability off: the data is thrown away at the end of the run.
	const options = [
		`-c listen_addresses=${HOST}`,
		`-p ${port}`,
		`-c unix_socket_directories=${dir}`,
		'-c fsync=off',
		'-c synchronous_commit=off',
		'-c full_page_writes=off',
		'-c max_connections=200',
	].join(' ');
	let pid;
	try {
		await server('initdb', ['-D', dataDir, '-U', 'n8n', '--auth=trust', '-E', 'UTF8', '--no-sync']);
		const log = path.join(dir, 'server.log');
		await server('pg_ctl', ['start', '-w', '-D', dataDir, '-l', log, '-o', options]);
		pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
		leftovers.add(pid);
	} catch (error) {
		fs.rmSync(dir, { recursive: true, force: true });
		leftoverDirs.delete(dir);
		throw error;
	}
	const psql = (database, sql) =>
		exec(path.join(bin, 'psql'), [
			'-X',
			'-A',
			'-t',
			'-v',
			'ON_ERROR_STOP=1',
			'-h',
			HOST,
			'-p',
			String(port),
			'-U',
			'n8n',
			'-d',
			database,
			'-c',
			sql,
		]);
	await psql('postgres', 'CREATE DATABASE n8n');
	return {
		host: HOST,
		port,
		database: 'n8n',
		user: 'n8n',
		/** Runs one statement; its rows as `psql -At` prints them. */
		query: (sql) => psql('n8n', sql),
		/** The rows of a SELECT as objects. */
		async rows(sql) {
			const text = await psql('n8n', `SELECT coalesce(json_agg(t), '[]') FROM (${sql}) t`);
			return JSON.parse(text);
		},
		async stop() {
			if (fs.existsSync(pidFile)) {
				await server('pg_ctl', ['stop', '-w', '-D', dataDir, '-m', 'fast']);
			}
			leftovers.delete(pid);
			fs.rmSync(dir, { recursive: true, force: true });
			leftoverDirs.delete(dir);
		},
	};
}

/** What every n8n process of the deployment shares: queue mode on these Redis and Postgres. */
function queueEnv({ redis, postgres }) {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
	};
}

/**
 * Starts `n8n worker` in a process group of its own (it and its task runner can then be
 * killed together, as when a machine dies); resolves once it takes jobs.
 */
async function startWorker({ userFolder, env = {}, cwd, concurrency = 10 }) {
	const { node, n8n } = paths();
	const child = spawn(node, [n8n, 'worker', `--concurrency=${concurrency}`], {
		cwd,
		detached: true,
		// Each n8n process runs a task broker for its Code-node runner: one port each.
		env: n8nEnv(userFolder, {
			N8N_LOG_LEVEL: 'info',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			...env,
		}),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	leftovers.add(-child.pid);
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const exited = new Promise((resolve) => child.once('exit', resolve));
	await waitFor(
		() => {
			if (child.exitCode !== null || child.signalCode !== null) {
				throw new Error(`n8n worker exited:\n${output}`);
			}
			return output.includes('n8n worker is now ready');
		},
		'n8n worker',
		180000,
	);
	const ids = (pattern) => [...output.matchAll(pattern)].map((match) => match[1]);
	return {
		process: child,
		output: () => output,
		/** Execution ids this worker logged as started / finished. */
		started: () => ids(/Worker started execution (\d+) \(job/g),
		finished: () => ids(/Worker finished execution (\d+) \(job/g),
		/** The worker and its task runner die at once, without any shutdown. */
		async kill() {
			if (child.exitCode === null && child.signalCode === null) {
				process.kill(-child.pid, 'SIGKILL');
				await exited;
			}
			leftovers.delete(-child.pid);
		},
		async stop() {
			if (child.exitCode === null && child.signalCode === null) {
				process.kill(-child.pid, 'SIGTERM');
				const timer = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), 20000);
				await exited;
				clearTimeout(timer);
			}
			try {
				// The task runner, should it outlive its worker.
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// none left
			}
			leftovers.delete(-child.pid);
		},
	};
}

module.exports = { ensureServers, queueEnv, startPostgres, startRedis, startWorker };
