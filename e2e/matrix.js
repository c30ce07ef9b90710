#!/usr/bin/env node
// `npm run test:e2e:matrix`: the lowest n8n-workflow the package loads in (e2e/floor.test.cts),
// then the end-to-end core (e2e/core.test.cts) on every n8n version pinned in e2e/n8n/, one
// after the other, each installed first when missing. E2E_N8N_VERSIONS=1.123.80,2.8.4 runs
// some of them. Prints what each step took; fails when any step failed.
const fs = require('node:fs');
const path = require('node:path');

const n8n = require('./lib/n8n.js');

const say = (line = '') => process.stdout.write(`${line}\n`);
const seconds = (from) => Math.round((Date.now() - from) / 1000);

function jest(testFile, env = {}) {
	const bin = path.join(n8n.REPO_DIR, 'node_modules', '.bin', 'jest');
	return n8n.run(bin, ['-c', 'jest.e2e.matrix.config.js', '--runInBand', testFile], {
		cwd: n8n.REPO_DIR,
		env: { ...process.env, ...env },
	});
}

async function step(name, work) {
	const started = Date.now();
	try {
		const detail = await work();
		return { name, ok: true, seconds: seconds(started), detail };
	} catch (error) {
		say(`${name}: ${error.message.split('\n')[0]}`);
		return { name, ok: false, seconds: seconds(started) };
	}
}

async function main() {
	const versions = process.env.E2E_N8N_VERSIONS?.split(',') ?? n8n.pinnedVersions();
	const results = [await step('load floor (n8n-workflow)', () => jest('e2e/floor.test.cts'))];
	for (const version of versions) {
		const { node, dir } = n8n.paths(version);
		const install = await step(`n8n ${version}: install`, async () => {
			const cached = fs.existsSync(path.join(dir, '.complete'));
			await n8n.ensureN8n({ version, log: say });
			return cached ? 'cached' : 'installed';
		});
		results.push(install);
		if (!install.ok) continue;
		const nodeVersion = (await n8n.run(node, ['--version'], { capture: true })).stdout.trim();
		say(`\nn8n ${version} on Node ${nodeVersion}`);
		results.push(
			await step(`n8n ${version} (Node ${nodeVersion}): core`, () =>
				jest('e2e/core.test.cts', { E2E_N8N_VERSION: version }),
			),
		);
	}
	say('\nEnd-to-end matrix:');
	for (const result of results) {
		const detail = result.detail && typeof result.detail === 'string' ? `, ${result.detail}` : '';
		say(`  ${result.ok ? 'pass' : 'FAIL'}  ${result.name} (${result.seconds} s${detail})`);
	}
	if (results.some((result) => !result.ok)) process.exitCode = 1;
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
