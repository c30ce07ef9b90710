// n8n's per-item floor: a community package with one node that reads the same Report ID
// expression per item and returns the item, making no request. Built at run time so it is
// installed exactly like the package under test.
const fs = require('node:fs');
const path = require('node:path');

const { packPackage } = require('../../e2e/lib/n8n.js');

const NAME = 'n8n-nodes-benchfloor';
const NODE_TYPE = `${NAME}.benchFloor`;

const NODE_SOURCE = `class BenchFloor {
	constructor() {
		this.description = {
			displayName: 'Bench Floor',
			name: 'benchFloor',
			group: ['transform'],
			version: 1,
			description: 'Reads the Report ID of each item and returns the item',
			defaults: { name: 'Bench Floor' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [{ displayName: 'Report ID', name: 'reportId', type: 'string', default: '' }],
		};
	}

	async execute() {
		const items = this.getInputData();
		const output = new Array(items.length);
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const reportId = this.getNodeParameter('reportId', itemIndex);
			output[itemIndex] = { json: { ...items[itemIndex].json, reportId }, pairedItem: { item: itemIndex } };
		}
		return [output];
	}
}

module.exports = { BenchFloor };
`;

/** Writes the package into `workDir` and packs it; returns the tarball's path. */
async function packFloorPackage(workDir) {
	const source = path.join(workDir, 'benchfloor');
	const nodeDir = path.join(source, 'dist', 'nodes', 'BenchFloor');
	fs.mkdirSync(nodeDir, { recursive: true });
	fs.writeFileSync(path.join(nodeDir, 'BenchFloor.node.js'), NODE_SOURCE);
	fs.writeFileSync(path.join(source, 'index.js'), '');
	const manifest = {
		name: NAME,
		version: '0.0.0',
		private: true,
		keywords: ['n8n-community-node-package'],
		main: 'index.js',
		files: ['dist', 'index.js'],
		n8n: {
			n8nNodesApiVersion: 1,
			credentials: [],
			nodes: ['dist/nodes/BenchFloor/BenchFloor.node.js'],
		},
	};
	fs.writeFileSync(path.join(source, 'package.json'), JSON.stringify(manifest, null, 2));
	return (await packPackage(workDir, source)).tarball;
}

module.exports = { NODE_TYPE, packFloorPackage };
