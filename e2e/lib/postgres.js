// @ts-check
// A PostgreSQL database of the end-to-end tests' own (the billing chain, queue mode): a fresh
// database on the server PG_URL names, dropped by `stop()`; else a throwaway server run from
// PostgreSQL's binaries (initdb, pg_ctl: data in a temporary folder, loopback only, a random
// port). See services.js for where the server comes from. Queries go through the `pg` client
// that n8n ships, so nothing beyond the n8n install is needed to talk to either.
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const leftovers = require('./leftovers.js');
const { freePort, paths, run } = require('./n8n.js');
const services = require('./services.js');

const HOST = '127.0.0.1';

/**
 * @typedef {object} Postgres
 * @property {string} host
 * @property {number} port
 * @property {string} database
 * @property {string} user
 * @property {string} password
 * @property {(sql: string) => Promise<string>} query runs one statement; resolves with its
 *   command tag (e.g. "UPDATE 6")
 * @property {(sql: string) => Promise<Array<Record<string, any>>>} rows the rows of a
 *   SELECT as objects, as PostgreSQL writes them in JSON
 * @property {() => Promise<void>} stop
 */

/**
 * @typedef {object} Connection
 * @property {string} host
 * @property {number} port
 * @property {string} user
 * @property {string} password
 * @property {string} database
 */

/** Runs `sql` on `connection` over a connection of its own, with n8n's `pg` client. */
async function execute(/** @type {Connection} */ connection, /** @type {string} */ sql) {
	const { Client } = require(path.join(paths().dir, 'node_modules', 'pg'));
	const client = new Client(connection);
	await client.connect();
	try {
		return await client.query(sql);
	} finally {
		await client.end();
	}
}

/**
 * @param {Connection} connection
 * @param {() => Promise<void>} release drops the database or stops its server
 * @returns {Postgres}
 */
function database(connection, release) {
	return {
		...connection,
		async query(sql) {
			const result = await execute(connection, sql);
			return `${result.command} ${result.rowCount ?? ''}`.trim();
		},
		async rows(sql) {
			const result = await execute(
				connection,
				`SELECT coalesce(json_agg(t), '[]') AS rows FROM (${sql}) t`,
			);
			return result.rows[0].rows;
		},
		stop: release,
	};
}

/**
 * A database of the tests' own: on PG_URL's server, or on a throwaway server. n8n must be
 * installed (n8n.ensureN8n): its `pg` client does the talking.
 * @returns {Promise<Postgres>}
 */
async function startPostgres() {
	const url = services.fromEnvironment('postgres');
	if (url) return await databaseOn(new URL(url));
	await services.ensureServices(['postgres']);
	return await throwawayServer();
}

/** A fresh database on the server of `url`, by its user, dropped by `stop()`. */
async function databaseOn(/** @type {URL} */ url) {
	const server = {
		host: decodeURIComponent(url.hostname) || HOST,
		port: Number(url.port || 5432),
		user: decodeURIComponent(url.username),
		password: decodeURIComponent(url.password),
		database: decodeURIComponent(url.pathname.slice(1)) || 'postgres',
	};
	// Lower case: PostgreSQL folds unquoted names; one name per run, so runs do not meet.
	const name = `acronis_e2e_${crypto.randomBytes(6).toString('hex')}`;
	await execute(server, `CREATE DATABASE ${name}`);
	return database({ ...server, database: name }, async () => {
		// FORCE (PostgreSQL 13+) ends connections an n8n process may have left behind.
		await execute(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
	});
}

/** Runs `command` to its end (2 minutes at most); resolves with its stdout. */
async function exec(/** @type {string} */ command, /** @type {string[]} */ args) {
	return (await run(command, args, { timeoutMs: 120000, capture: true })).stdout;
}

/**
 * A PostgreSQL cluster of its own (initdb) in a temporary folder, run by pg_ctl on a random
 * loopback port, with one database `n8n` owned by user `n8n` (trust authentication: loopback,
 * throwaway). PostgreSQL refuses to run as root, so under root the server runs as the
 * `postgres` user, in a folder of its own that user can reach.
 * @returns {Promise<Postgres>}
 */
async function throwawayServer() {
	const bin = /** @type {string} */ (services.postgresBinDir());
	const port = await freePort();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acronis-e2e-postgres-'));
	leftovers.folders.add(dir);
	const dataDir = path.join(dir, 'data');
	/** @type {(command: string, args: string[]) => [string, string[]]} */
	let asServerUser = (command, args) => [command, args];
	if (process.getuid?.() === 0) {
		const { uid, gid } = services.userIds('postgres');
		fs.chownSync(dir, uid, gid);
		asServerUser = (command, args) => ['runuser', ['-u', 'postgres', '--', command, ...args]];
	}
	const server = (/** @type {string} */ name, /** @type {string[]} */ args) =>
		exec(...asServerUser(path.join(bin, name), args));
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
	/** @type {number | undefined} */
	let pid;
	const stop = async () => {
		if (fs.existsSync(pidFile)) {
			await server('pg_ctl', ['stop', '-w', '-D', dataDir, '-m', 'fast']);
		}
		if (pid !== undefined) leftovers.processes.delete(pid);
		fs.rmSync(dir, { recursive: true, force: true });
		leftovers.folders.delete(dir);
	};
	const connection = { host: HOST, port, user: 'n8n', password: '', database: 'n8n' };
	try {
		await server('initdb', ['-D', dataDir, '-U', 'n8n', '--auth=trust', '-E', 'UTF8', '--no-sync']);
		const log = path.join(dir, 'server.log');
		await server('pg_ctl', ['start', '-w', '-D', dataDir, '-l', log, '-o', options]);
		pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
		leftovers.processes.add(pid);
		await execute({ ...connection, database: 'postgres' }, 'CREATE DATABASE n8n');
	} catch (error) {
		await stop().catch(() => {});
		throw error;
	}
	return database(connection, stop);
}

module.exports = { startPostgres };
