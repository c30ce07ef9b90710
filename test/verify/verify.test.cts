/**
 * `npm run verify` itself: on a copy of the package with one of n8n's findings put back, it
 * fails and names the rule; on the package as it is, it passes.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
/** What the package, its build and verify need; tests, simulator and e2e are not part of it. */
const PACKAGE_FILES = [
	'.github',
	'credentials',
	'eslint.config.mjs',
	'gulpfile.js',
	'icons',
	'index.js',
	'LICENSE',
	'nodes',
	'package.json',
	'README.md',
	'scripts',
	'tsconfig.build.json',
	'tsconfig.json',
];
const REPORT_FIELDS = 'nodes/shared/fields/report.ts';
const SETTINGS = 'nodes/shared/fields/requestOptions.ts';

const copies: string[] = [];
afterAll(() => {
	for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

function copyOfPackage(): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'acronis-verify-test-'));
	copies.push(dir);
	for (const file of PACKAGE_FILES)
		cpSync(path.join(ROOT, file), path.join(dir, file), { recursive: true });
	symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
	return dir;
}

/** Replaces text that must be there: a test whose edit misses would prove nothing. */
function edit(dir: string, file: string, from: string, to: string) {
	const full = path.join(dir, file);
	const text = readFileSync(full, 'utf8');
	expect(text).toContain(from);
	writeFileSync(full, text.replace(from, to));
}

function editManifest(dir: string, change: (manifest: Record<string, any>) => void) {
	const file = path.join(dir, 'package.json');
	const manifest = JSON.parse(readFileSync(file, 'utf8'));
	change(manifest);
	writeFileSync(file, JSON.stringify(manifest, null, 2));
}

function verify(dir: string, ...steps: string[]) {
	// Jest sets NODE_ENV=test, under which eslint-plugin-n8n-nodes-base checks file names
	// differently (for its own tests): verify runs as it does outside Jest.
	const { NODE_ENV, ...env } = process.env;
	const result = spawnSync(process.execPath, [path.join(dir, 'scripts/verify.mjs'), ...steps], {
		cwd: dir,
		encoding: 'utf8',
		env,
	});
	const output = `${result.stdout}${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
	return { status: result.status, output };
}

/** The finding of a rule, as ESLint's report prints it: `line:column  error  message  rule`. */
const reported = (rule: string) => new RegExp(`\\d+:\\d+\\s+error\\s+.*\\s${rule}$`, 'm');

describe('npm run verify', () => {
	// The copy passes: what fails below fails for the finding put back, not for the copy.
	it('passes on the package as it is', () => {
		const run = verify(copyOfPackage(), 'scan-source', 'n8n-node-lint', 'workflows');
		expect(run.output).toContain('✔ scan-source');
		expect(run.output).toContain('✔ n8n-node-lint');
		expect(run.output).toContain('✔ workflows');
		expect(run.status).toBe(0);
	}, 120000);

	const findings: Array<[string, string, (dir: string) => void]> = [
		[
			'an author without email',
			'@n8n/community-nodes/valid-author',
			(dir) =>
				editManifest(dir, (manifest) => {
					expect(manifest.author.email).toMatch(/@/);
					delete manifest.author.email;
				}),
		],
		[
			'formats out of alphabetical order',
			'n8n-nodes-base/node-param-multi-options-type-unsorted-items',
			(dir) =>
				edit(
					dir,
					REPORT_FIELDS,
					"{ name: 'CSV', value: 'csv', description: 'Comma-separated values' },",
					"{ name: 'HTML', value: 'html', description: 'A web page' },\n{ name: 'CSV', value: 'csv', description: 'Comma-separated values' },",
				),
		],
		[
			'a format name not in title case',
			'n8n-nodes-base/node-param-display-name-miscased',
			(dir) => edit(dir, REPORT_FIELDS, "name: 'JSON (Version 1)'", "name: 'JSON (v1)'"),
		],
		[
			'a default that is not a literal (Max Retries)',
			'n8n-nodes-base/node-param-default-missing',
			(dir) => edit(dir, SETTINGS, 'default: 3,', 'default: DEFAULT_SETTINGS.maxRetries,'),
		],
		[
			'a default that is not a literal (Timeout)',
			'n8n-nodes-base/node-param-default-missing',
			(dir) => edit(dir, SETTINGS, 'default: 60,', 'default: DEFAULT_SETTINGS.timeoutMs / 1000,'),
		],
		[
			'a default that is not a literal (Items at Once)',
			'n8n-nodes-base/node-param-default-missing',
			(dir) => edit(dir, SETTINGS, 'default: 1000,', 'default: DEFAULT_SETTINGS.concurrency,'),
		],
	];

	it.each(findings)('fails on %s, naming %s', (_finding, rule, putBack) => {
		const dir = copyOfPackage();
		putBack(dir);
		const run = verify(dir, 'scan-source');
		expect(run.output).toMatch(reported(rule));
		expect(run.output).toContain('✖ scan-source');
		expect(run.status).toBe(1);
	});

	it('ignores inline disable comments, as n8n’s scanner does', () => {
		const dir = copyOfPackage();
		edit(
			dir,
			REPORT_FIELDS,
			"name: 'JSON (Version 1)'",
			"// eslint-disable-next-line n8n-nodes-base/node-param-display-name-miscased\nname: 'JSON (v1)'",
		);
		const run = verify(dir, 'scan-source');
		expect(run.output).toMatch(reported('n8n-nodes-base/node-param-display-name-miscased'));
		expect(run.status).toBe(1);
	});

	it('runs n8n-node lint in strict mode: findings fail it, and so does a changed eslint.config.mjs', () => {
		const dir = copyOfPackage();
		edit(dir, REPORT_FIELDS, "name: 'JSON (Version 1)'", "name: 'JSON (v1)'");
		const findings = verify(dir, 'n8n-node-lint');
		expect(findings.output).toMatch(reported('n8n-nodes-base/node-param-display-name-miscased'));
		expect(findings.output).toContain('✖ n8n-node-lint');
		expect(findings.status).toBe(1);

		const strict = copyOfPackage();
		edit(
			strict,
			'eslint.config.mjs',
			'export default config;',
			'export default [...config, { rules: {} }];',
		);
		const changed = verify(strict, 'n8n-node-lint');
		expect(changed.output).toContain('Strict mode violation');
		expect(changed.status).toBe(1);
	}, 120000);

	it('checks the workflows with actionlint', () => {
		const dir = copyOfPackage();
		edit(dir, '.github/workflows/publish.yml', 'id-token: write', 'id-token: wirte');
		const run = verify(dir, 'workflows');
		expect(run.output).toMatch(
			/publish\.yml:\d+:\d+ "wirte" is invalid for permission of scope "id-token"/,
		);
		expect(run.output).toContain('✖ workflows');
		expect(run.status).toBe(1);
	});

	it('checks the packed package.json for what provenance needs', () => {
		const dir = copyOfPackage();
		editManifest(dir, (manifest) => {
			manifest.bugs.url = manifest.bugs.url.replace(/issues$/, 'pulls');
		});
		const run = verify(dir, 'scan-tarball');
		expect(run.output).toContain(
			'bugs.url must be https://github.com/n8n-nodes-acronis/n8n-nodes-acronis/issues',
		);
		expect(run.output).toContain('✖ scan-tarball');
		expect(run.status).toBe(1);
	}, 180000);
});
