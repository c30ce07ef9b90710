// @ts-check
// n8n queue mode on one machine for the scale-out test: Redis and PostgreSQL (see services.js
// for where they come from: REDIS_URL and PG_URL, else throwaway servers on loopback), and
// `n8n worker` processes. Everything started here is stopped by its `stop()`, and killed when
// the test process exits without having stopped it.
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const leftovers = require('./leftovers.js');
const { freePort, n8nEnv, paths } = require('./n8n.js');
const { startPostgres } = require('./postgres.js');
const services = require('./services.js');

const HOST = '127.0.0.1';

/**
 * @typedef {object} Redis
 * @property {string} host
 * @property {number} port
 * @property {string} username
 * @property {string} password
 * @property {number} db
 * @property {string} prefix the run's keys and channels start with it (see queueEnv)
 * @property {() => Promise<void>} stop
 */

/**
 * @param {() => boolean | Promise<boolean>} check
 * @param {string} what
 */
async function waitFor(check, what, timeoutMs = 60000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await check()) return;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/**
 * Redis for n8n's queue, under a key prefix of its own: on REDIS_URL's server, where `stop()`
 * deletes the keys under that prefix, or a throwaway redis-server in `dir`.
 * @param {string} dir
 * @returns {Promise<Redis>}
 */
async function startRedis(dir) {
	const prefix = `acronis-e2e-${crypto.randomBytes(6).toString('hex')}`;
	const url = services.fromEnvironment('redis');
	if (!url) return await throwawayRedis(dir, prefix);
	const { hostname, port, username, password, pathname } = new URL(url);
	const server = {
		host: hostname || HOST,
		port: Number(port || 6379),
		username: decodeURIComponent(username),
		password: decodeURIComponent(password),
		db: Number(pathname.slice(1) || 0),
	};
	return {
		...server,
		prefix,
		async stop() {
			// ioredis, which n8n ships: the keys of this run only, found with SCAN.
			const Redis = require(path.join(paths().dir, 'node_modules', 'ioredis'));
			const client = new Redis({ ...server, lazyConnect: true, maxRetriesPerRequest: 2 });
			await client.connect();
			try {
				for await (const keys of client.scanStream({ match: `*${prefix}*`, count: 500 })) {
					if (keys.length) await client.del(...keys);
				}
			} finally {
				client.disconnect();
			}
		},
	};
}

/**
 * redis-server on a random loopback port, nothing persisted.
 * @param {string} dir
 * @param {string} prefix
 * @returns {Promise<Redis>}
 */
async function throwawayRedis(dir, prefix) {
	await services.ensureServices(['redis']);
	fs.mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const child = spawn(
		'redis-server',
		['--port', String(port), '--bind', HOST, '--dir', dir, '--save', '', '--appendonly', 'no'],
		{ stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const pid = /** @type {number} */ (child.pid);
	leftovers.processes.add(pid);
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
		username: '',
		password: '',
		db: 0,
		prefix,
		async stop() {
			if (child.exitCode === null) {
				const exited = new Promise((resolve) => child.once('exit', resolve));
				child.kill('SIGTERM');
				await exited;
			}
			leftovers.processes.delete(pid);
		},
	};
}

/**
 * What every n8n process of the deployment shares: queue mode on these Redis and PostgreSQL.
 * @param {{ redis: Redis, postgres: import('./postgres.js').Postgres }} servers
 */
function queueEnv({ redis, postgres }) {
	return {
		EXECUTIONS_MODE: 'queue',
		// Every key and pub/sub channel under the run's prefix: runs that share a Redis
		// (REDIS_URL) neither see nor take each other's jobs, commands or cache.
		QUEUE_BULL_PREFIX: redis.prefix,
		N8N_REDIS_KEY_PREFIX: redis.prefix,
		N8N_CACHE_REDIS_KEY_PREFIX: redis.prefix,
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		QUEUE_BULL_REDIS_DB: String(redis.db),
		...(redis.username ? { QUEUE_BULL_REDIS_USERNAME: redis.username } : {}),
		...(redis.password ? { QUEUE_BULL_REDIS_PASSWORD: redis.password } : {}),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
	};
}

/**
 * Starts `n8n worker` in a process group of its own (it and its task runner can then be
 * killed together, as when a machine dies); resolves once it takes jobs.
 * @param {{ userFolder: string, env?: Record<string, string>, cwd?: string, concurrency?: number }} options
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
	const group = -(/** @type {number} */ (child.pid));
	leftovers.processes.add(group);
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
	const ids = (/** @type {RegExp} */ pattern) =>
		[...output.matchAll(pattern)].map((match) => match[1]);
	return {
		process: child,
		output: () => output,
		/** Execution ids this worker logged as started / finished. */
		started: () => ids(/Worker started execution (\d+) \(job/g),
		finished: () => ids(/Worker finished execution (\d+) \(job/g),
		/** The worker and its task runner die at once, without any shutdown. */
		async kill() {
			if (child.exitCode === null && child.signalCode === null) {
				process.kill(group, 'SIGKILL');
				await exited;
			}
			leftovers.processes.delete(group);
		},
		async stop() {
			if (child.exitCode === null && child.signalCode === null) {
				process.kill(group, 'SIGTERM');
				const timer = setTimeout(() => process.kill(group, 'SIGKILL'), 20000);
				await exited;
				clearTimeout(timer);
			}
			try {
				// The task runner, should it outlive its worker.
				process.kill(group, 'SIGKILL');
			} catch {
				// none left
			}
			leftovers.processes.delete(group);
		},
	};
}

module.exports = { queueEnv, startPostgres, startRedis, startWorker };
