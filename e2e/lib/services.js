// @ts-check
// The services the end-to-end suites need beyond npm: PostgreSQL (the billing chain, queue
// mode), Redis (queue mode) and Chromium (the browser test). Each is found, in this order:
//   1. where the environment names it: PG_URL, REDIS_URL, CHROME_PATH;
//   2. on the machine (Debian's PostgreSQL and Redis server binaries, a Chromium on the PATH),
//      installed with apt-get when missing, where apt-get exists and the user is root;
//   3. else the suite fails with a message that says what to install or which variable to set.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { run } = require('./n8n.js');

const APT_TIMEOUT_MS = 15 * 60000;

/** @typedef {'postgres' | 'redis' | 'chromium'} ServiceName */

/**
 * @typedef {object} Service
 * @property {string} title what it is, for messages
 * @property {string} usedBy which suites need it
 * @property {string} variable the environment variable that names one
 * @property {string} example an example value of that variable
 * @property {string} variableMeans what that variable must name
 * @property {string[]} debianPackages what apt-get installs
 * @property {string} install what to install elsewhere
 * @property {() => boolean} present whether the machine has it
 */

/**
 * The full path of `command` on the PATH.
 * @param {string} command
 * @returns {string | undefined}
 */
function onPath(command) {
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		if (!dir) continue;
		const file = path.join(dir, command);
		try {
			fs.accessSync(file, fs.constants.X_OK);
			if (fs.statSync(file).isFile()) return file;
		} catch {
			// not here
		}
	}
	return undefined;
}

/**
 * The folder of PostgreSQL's server binaries (initdb, pg_ctl, postgres): Debian's newest
 * /usr/lib/postgresql/<major>/bin, else the one `initdb` on the PATH is in.
 * @returns {string | undefined}
 */
function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	const versions = fs.existsSync(root)
		? fs
				.readdirSync(root)
				.filter((version) => fs.existsSync(path.join(root, version, 'bin', 'initdb')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (versions.length) return path.join(root, versions[0], 'bin');
	const initdb = onPath('initdb');
	return initdb && path.dirname(initdb);
}

const CHROMIUM_COMMANDS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** @type {Record<ServiceName, Service>} */
const SERVICES = {
	postgres: {
		title: 'PostgreSQL',
		usedBy: 'the billing chain and queue mode',
		variable: 'PG_URL',
		example: 'postgres://postgres:secret@127.0.0.1:5432/postgres',
		variableMeans:
			'a PostgreSQL 13 or later server where the tests may create a database of their own (dropped at the end)',
		debianPackages: ['postgresql'],
		install: "PostgreSQL's server (initdb and pg_ctl; the tests run a throwaway one)",
		present: () => postgresBinDir() !== undefined,
	},
	redis: {
		title: 'Redis',
		usedBy: 'queue mode',
		variable: 'REDIS_URL',
		example: 'redis://127.0.0.1:6379',
		variableMeans:
			'a Redis server where the tests may use keys under a prefix of their own (deleted at the end)',
		debianPackages: ['redis-server'],
		install: 'redis-server (the tests run a throwaway one)',
		present: () => onPath('redis-server') !== undefined,
	},
	chromium: {
		title: 'Chromium',
		usedBy: 'the browser test',
		variable: 'CHROME_PATH',
		example: '/usr/bin/chromium',
		variableMeans: 'the Chromium or Chrome executable',
		debianPackages: ['chromium'],
		install: `Chromium or Chrome, as one of ${CHROMIUM_COMMANDS.join(', ')} on the PATH`,
		present: () => machineChromium() !== undefined,
	},
};

/** @returns {string | undefined} */
function machineChromium() {
	for (const command of CHROMIUM_COMMANDS) {
		const found = onPath(command);
		if (found) return found;
	}
	return undefined;
}

/**
 * The Chromium executable the browser test drives: CHROME_PATH, else one on the PATH.
 * @returns {string}
 */
function chromiumPath() {
	const found = fromEnvironment('chromium') ?? machineChromium();
	if (!found) throw new Error(missingMessage(['chromium']));
	return found;
}

/**
 * The value of the service's variable, checked; undefined when it is not set.
 * @param {ServiceName} name
 * @returns {string | undefined}
 */
function fromEnvironment(name) {
	const { variable } = SERVICES[name];
	const value = process.env[variable];
	if (!value) return undefined;
	if (name === 'chromium') {
		if (!fs.existsSync(value)) throw new Error(`${variable}=${value}: no such file`);
		return value;
	}
	let url;
	try {
		url = new URL(value);
	} catch {
		throw new Error(`${variable} is not a URL (e.g. ${SERVICES[name].example})`);
	}
	const schemes = name === 'postgres' ? ['postgres:', 'postgresql:'] : ['redis:'];
	if (!schemes.includes(url.protocol)) {
		throw new Error(`${variable} must start with ${schemes.join(' or ')}//`);
	}
	return value;
}

/**
 * What to do about services that could not be found: one paragraph each.
 * @param {ServiceName[]} names
 */
function missingMessage(names) {
	const lines = ['The end-to-end suites need services this machine does not have:'];
	for (const name of names) {
		const service = SERVICES[name];
		lines.push(
			`- ${service.title}, for ${service.usedBy}. Either set ${service.variable} to ${service.variableMeans},`,
			`  e.g. ${service.variable}=${service.example}`,
			`  or install ${service.install}: on Debian or Ubuntu, apt-get install ${service.debianPackages.join(' ')}.`,
		);
	}
	lines.push(
		'As root on a machine with apt-get, the suites install what is missing themselves.',
		'npm test needs none of these.',
	);
	return lines.join('\n');
}

const logToStderr = (/** @type {string} */ line) => {
	process.stderr.write(`${line}\n`);
};

/**
 * Makes sure every service named is at hand (see the top of this file); one error that names
 * all of those missing otherwise.
 * @param {ServiceName[]} names
 * @param {{ log?: (line: string) => void }} [options]
 */
async function ensureServices(names, { log = logToStderr } = {}) {
	const missing = names.filter((name) => !fromEnvironment(name) && !SERVICES[name].present());
	if (missing.length === 0) return;
	if (process.getuid?.() !== 0 || !onPath('apt-get')) throw new Error(missingMessage(missing));
	const packages = missing.flatMap((name) => SERVICES[name].debianPackages);
	log(`Installing ${packages.join(' and ')} (apt-get)...`);
	await aptGetInstall(packages);
	const still = missing.filter((name) => !SERVICES[name].present());
	if (still.length) throw new Error(`apt-get did not install ${still.join(' and ')}`);
}

/** @param {string[]} packages */
async function aptGetInstall(packages) {
	const options = {
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		timeoutMs: APT_TIMEOUT_MS,
		capture: true,
	};
	const install = ['install', '-y', '--no-install-recommends', ...packages];
	try {
		await run('apt-get', install, options);
	} catch {
		// A fresh machine may not have package lists yet.
		await run('apt-get', ['update'], options);
		await run('apt-get', install, options);
	}
}

/**
 * The id of a system user, for running a server as it (PostgreSQL refuses to run as root).
 * @param {string} user
 */
function userIds(user) {
	const id = (/** @type {string} */ flag) => Number(execFileSync('id', [flag, user]).toString());
	return { uid: id('-u'), gid: id('-g') };
}

module.exports = {
	chromiumPath,
	ensureServices,
	fromEnvironment,
	postgresBinDir,
	userIds,
};
