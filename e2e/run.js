#!/usr/bin/env node
// @ts-check
// The end-to-end suites, each against the built package in a real n8n (lib/n8n.js):
//
//   node e2e/run.js [--check] [suite ...]   (every suite but `newest` when none is named)
//
//   one-process  the examples and the operations in one n8n process, and the billing chain into
//                PostgreSQL (Jest project e2e)
//   queue        queue mode: main and two workers on Redis and PostgreSQL (project queue)
//   browser      n8n's editor in Chromium (project browser)
//   floor        the lowest n8n-workflow the package loads in (project floor)
//   core         the end-to-end core on every n8n version pinned in e2e/n8n/, or on those of
//                E2E_N8N_VERSIONS=1.123.80,2.8.4 (project core)
//   newest       the end-to-end core on n8n's newest release (npm's `latest`), pinned or not
//
// It first makes sure that the services the suites need are at hand (lib/services.js) and stops
// with what to install when they are not, before anything is installed. `--check` does only
// that: npm run test:all checks first, so that a missing service fails it at once. Each n8n
// version installs once into the cache (a step of its own). Prints what each step took; fails
// when any step failed. The package must be built: `npm run build` (npm test builds it).
const fs = require('node:fs');
const path = require('node:path');

const { Steps, say, spawnStep } = require('../scripts/steps.js');
const n8n = require('./lib/n8n.js');
const services = require('./lib/services.js');

/**
 * @typedef {object} Suite
 * @property {import('./lib/services.js').ServiceName[]} services
 * @property {string} project its Jest project
 * @property {() => Promise<string[]>} [versions] the n8n versions it runs on, one after the
 *   other (default: the default version, once)
 */

/** @type {Record<string, Suite>} */
const SUITES = {
	'one-process': { services: ['postgres'], project: 'e2e' },
	queue: { services: ['postgres', 'redis'], project: 'queue' },
	browser: { services: ['chromium'], project: 'browser' },
	floor: { services: [], project: 'floor' },
	core: {
		services: [],
		project: 'core',
		versions: async () => process.env.E2E_N8N_VERSIONS?.split(',') ?? n8n.pinnedVersions(),
	},
	newest: { services: [], project: 'core', versions: async () => [await newestRelease()] },
};
const DEFAULT_SUITES = ['one-process', 'queue', 'browser', 'floor', 'core'];

/** n8n's newest release: the version npm's `latest` tag names today. */
async function newestRelease() {
	const { stdout } = await n8n.run('npm', ['view', 'n8n', 'dist-tags.latest'], { capture: true });
	const version = stdout.trim();
	say(
		`n8n's newest release: ${version}${n8n.pinnedVersions().includes(version) ? ' (pinned)' : ''}`,
	);
	return version;
}

/**
 * Runs one Jest project of jest.config.js, in band (one n8n at a time).
 * @param {string} project
 * @param {NodeJS.ProcessEnv} [env]
 */
function jest(project, env = {}) {
	const bin = path.join(n8n.REPO_DIR, 'node_modules', '.bin', 'jest');
	return spawnStep(bin, ['--selectProjects', project, '--runInBand'], {
		cwd: n8n.REPO_DIR,
		env: { ...process.env, ...env },
	});
}

/**
 * What stops every suite before it starts, or undefined: the platform, the build (unless only
 * checking, before npm test builds it).
 */
function preflight(checkOnly = false) {
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		return `The end-to-end suites run n8n on its own Node for linux-x64; this is ${process.platform}-${process.arch}. npm test runs anywhere.`;
	}
	if (!checkOnly && !fs.existsSync(path.join(n8n.REPO_DIR, 'dist', 'nodes'))) {
		return 'The package is not built: npm run build first.';
	}
	return undefined;
}

async function main() {
	const checkOnly = process.argv.includes('--check');
	const names = process.argv.slice(2).filter((arg) => arg !== '--check');
	const unknown = names.filter((name) => !(name in SUITES));
	if (unknown.length) {
		say(`Unknown suite ${unknown.join(', ')}; suites: ${Object.keys(SUITES).join(', ')}`);
		return 2;
	}
	const chosen = (names.length ? names : DEFAULT_SUITES).map((name) => ({
		name,
		...SUITES[name],
	}));
	const stop = preflight(checkOnly);
	if (stop) {
		say(stop);
		return 1;
	}
	try {
		await services.ensureServices([...new Set(chosen.flatMap((suite) => suite.services))], {
			log: say,
		});
	} catch (error) {
		say(/** @type {Error} */ (error).message);
		return 1;
	}
	if (checkOnly) return 0;

	const steps = new Steps('End-to-end');
	/** @type {Map<string, Promise<boolean>>} */
	const installs = new Map();
	/** Installs n8n `version` once per run, as a step of its own. */
	const install = (/** @type {string} */ version) => {
		if (!installs.has(version)) {
			const { dir } = n8n.paths(version);
			const cached = fs.existsSync(path.join(dir, '.complete'));
			installs.set(
				version,
				steps.run(`n8n ${version}: install`, async () => {
					await n8n.ensureN8n({ version, log: say });
					return cached ? 'cached' : 'installed';
				}),
			);
		}
		return /** @type {Promise<boolean>} */ (installs.get(version));
	};

	for (const suite of chosen) {
		const versions = suite.versions ? await suite.versions() : [n8n.DEFAULT_VERSION];
		for (const version of versions) {
			if (!(await install(version))) continue;
			const label = suite.versions ? `${suite.name} on n8n ${version}` : suite.name;
			say(`\n${label}`);
			const env = suite.versions ? { E2E_N8N_VERSION: version } : {};
			await steps.run(label, () => jest(suite.project, env));
		}
	}
	steps.summary();
	if (process.env.GITHUB_ACTIONS === 'true') {
		// The run's page then names the suite and the n8n version that broke.
		for (const { name } of steps.failed) say(`::error title=${name} failed::${name} failed`);
	}
	return steps.failed.length ? 1 : 0;
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(error) => {
		process.stderr.write(`${error.stack ?? error}\n`);
		process.exit(1);
	},
);
