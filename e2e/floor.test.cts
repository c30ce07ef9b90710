/**
 * The lowest n8n the nodes load in. n8n hands a community package its own n8n-workflow; the
 * built nodes and credential need NodeConnectionTypes, which n8n-workflow has from 1.83.0 (the
 * one n8n 1.85 ships). Here the built package is loaded against exactly such an n8n-workflow,
 * and against the release before it, which must fail: otherwise the stated floor is too high.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const n8n = require('./lib/n8n.js');

const FLOOR = '1.83.0';
const BELOW_FLOOR = '1.82.0';

/** A node script that loads every node and credential the manifest names and describes them. */
const DESCRIBE = `
const manifest = require('./package.json');
const described = [...manifest.n8n.nodes, ...manifest.n8n.credentials].map((file) => {
	const exported = Object.values(require('./' + file));
	return exported.map((Type) => {
		const { description, name, properties } = new Type();
		return description
			? { node: description.name, outputs: description.outputs, fields: description.properties.length }
			: { credential: name, fields: properties.length };
	});
});
process.stdout.write(JSON.stringify(described.flat()));
`;

let workDir: string;

beforeAll(() => {
	workDir = mkdtempSync(path.join(tmpdir(), 'acronis-floor-'));
});

afterAll(() => {
	rmSync(workDir, { recursive: true, force: true });
});

/** The built package, its n8n-workflow resolved to `version`: what it describes, or the error. */
async function describeWith(version: string) {
	const installed = await n8n.ensurePackage(`n8n-workflow@${version}`);
	const packageDir = path.join(workDir, version);
	for (const entry of ['package.json', 'dist/nodes', 'dist/credentials']) {
		cpSync(path.join(n8n.REPO_DIR, entry), path.join(packageDir, entry), { recursive: true });
	}
	symlinkSync(path.join(installed, 'node_modules'), path.join(packageDir, 'node_modules'));
	return await n8n.run(process.execPath, ['-e', DESCRIBE], { cwd: packageDir, capture: true });
}

describe('the lowest n8n-workflow the package loads in', () => {
	it(`loads every node and the credential with n8n-workflow ${FLOOR} (n8n 1.85)`, async () => {
		const { stdout } = await describeWith(FLOOR);
		expect(JSON.parse(stdout)).toEqual([
			{ node: 'acronisUsageReport', outputs: ['main'], fields: expect.any(Number) },
			{ node: 'acronisUsageReportTrigger', outputs: ['main'], fields: expect.any(Number) },
			{ credential: 'acronisApi', fields: expect.any(Number) },
		]);
	}, 300000);

	it(`does not load with n8n-workflow ${BELOW_FLOOR}: NodeConnectionTypes is missing`, async () => {
		await expect(describeWith(BELOW_FLOOR)).rejects.toThrow(/NodeConnectionTypes|reading 'Main'/);
	}, 300000);
});
