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

/**
 * A node script that loads every node and credential the manifest names and describes them. For
 * each version and operation of a node it also resolves the node's fields, as n8n does for every
 * node of a workflow it loads: a field shown by a field this n8n-workflow cannot resolve first
 * fails every workflow with the node.
 */
const DESCRIBE = `
const { NodeHelpers } = require('n8n-workflow');
const manifest = require('./package.json');
function resolvedFields(description) {
	const operations = description.properties.find((field) => field.name === 'operation');
	let count = 0;
	for (const typeVersion of [].concat(description.version)) {
		for (const { value } of operations ? operations.options : [{}]) {
			const parameters = value === undefined ? {} : { operation: value };
			const node = { name: 'n', type: description.name, typeVersion, position: [0, 0], parameters };
			NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node);
			count++;
		}
	}
	return count;
}
const described = [...manifest.n8n.nodes, ...manifest.n8n.credentials].map((file) => {
	const exported = Object.values(require('./' + file));
	return exported.map((Type) => {
		const { description, name, properties } = new Type();
		return description
			? {
					node: description.name,
					outputs: description.outputs,
					fields: description.properties.length,
					resolved: resolvedFields(description),
				}
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
			// Three versions, eleven operations; the trigger's two versions.
			{ node: 'acronisUsageReport', outputs: ['main'], fields: expect.any(Number), resolved: 33 },
			{
				node: 'acronisUsageReportTrigger',
				outputs: ['main'],
				fields: expect.any(Number),
				resolved: 2,
			},
			{ credential: 'acronisApi', fields: expect.any(Number) },
		]);
	}, 300000);

	it(`does not load with n8n-workflow ${BELOW_FLOOR}: NodeConnectionTypes is missing`, async () => {
		await expect(describeWith(BELOW_FLOOR)).rejects.toThrow(/NodeConnectionTypes|reading 'Main'/);
	}, 300000);
});
