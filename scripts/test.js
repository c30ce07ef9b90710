#!/usr/bin/env node
// @ts-check
// `npm test`: what runs on any machine with the project's Node and `npm ci`, in minutes: n8n's
// verification checks (npm run verify, which builds and packs the package), the type check, the
// formatting (Prettier), and the unit, integration and reliability tests in one Jest run
// (n8n-core's engine against the simulator over real sockets). No n8n install, no services, no
// browser: those are the end-to-end suites' (npm run test:all). Prints what each step took, and
// the whole run's time against the 5 minutes it should take on 2 cores.
const path = require('node:path');

const { Steps, spawnStep } = require('./steps.js');

const ROOT = path.resolve(__dirname, '..');
const TARGET_SECONDS = 5 * 60;

/** An npm script of the project, or a tool of its node_modules/.bin. */
const npmRun = (/** @type {string} */ script) => () =>
	spawnStep('npm', ['run', '--silent', script], { cwd: ROOT });
const bin = (/** @type {string} */ name, /** @type {string[]} */ args) => () =>
	spawnStep(path.join(ROOT, 'node_modules', '.bin', name), args, { cwd: ROOT });

async function main() {
	const steps = new Steps('npm test');
	await steps.run('verify', npmRun('verify'));
	await steps.run('typecheck', npmRun('typecheck'));
	await steps.run('format', npmRun('format:check'));
	await steps.run(
		'unit, integration, reliability',
		bin('jest', ['--selectProjects', 'unit', 'integration', 'reliability']),
	);
	steps.summary(`(target on 2 cores: ${TARGET_SECONDS / 60} min)`);
	if (steps.failed.length) process.exitCode = 1;
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
