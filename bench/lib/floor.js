// @ts-check
// The floors, as a community package of the benchmark's own, built at run time so it is
// installed exactly like the package under test:
// - Bench Floor reads the same Report ID expression per item and returns the item, making no
//   request: n8n's own cost per item.
// - Bench Helper Floor makes the same GET per item through n8n's request helper
//   (this.helpers.httpRequestWithAuthentication) with the same credential, read once per
//   execution, at a fixed number of items at once (0: all): the fastest a community node can
//   be, since it may not bring an HTTP client of its own.
const fs = require('node:fs');
const path = require('node:path');

const { packPackage } = require('./n8n.js');

const NAME = 'n8n-nodes-benchfloor';
const NODE_TYPE = `${NAME}.benchFloor`;
const HELPER_NODE_TYPE = `${NAME}.benchHelperFloor`;

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

const HELPER_NODE_SOURCE = `class BenchHelperFloor {
	constructor() {
		this.description = {
			displayName: 'Bench Helper Floor',
			name: 'benchHelperFloor',
			group: ['transform'],
			version: 1,
			description: 'GET /reports/{Report ID} per item through the request helper',
			defaults: { name: 'Bench Helper Floor' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'acronisApi', required: true }],
			properties: [
				{ displayName: 'Report ID', name: 'reportId', type: 'string', default: '' },
				{ displayName: 'Items at Once (0: All)', name: 'concurrency', type: 'number', default: 0 },
			],
		};
	}

	async execute() {
		const items = this.getInputData();
		const reportIds = items.map((_, itemIndex) => this.getNodeParameter('reportId', itemIndex));
		const concurrency = this.getNodeParameter('concurrency', 0) || items.length;
		const data = await this.getCredentials('acronisApi');
		const { id, name } = this.getNode().credentials.acronisApi;
		const credentialsDecrypted = { id, name, type: 'acronisApi', data: { ...data } };
		const output = new Array(items.length);
		let next = 0;
		const worker = async () => {
			while (next < items.length) {
				const itemIndex = next++;
				const json = await this.helpers.httpRequestWithAuthentication.call(
					this,
					'acronisApi',
					{ method: 'GET', url: '/reports/' + reportIds[itemIndex], json: true },
					{ credentialsDecrypted },
				);
				output[itemIndex] = { json, pairedItem: { item: itemIndex } };
			}
		};
		await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
		return [output];
	}
}

module.exports = { BenchHelperFloor };
`;

/** Writes the package into `workDir` and packs it; returns the tarball's path. @param {string} workDir */
async function packFloorPackage(workDir) {
	const source = path.join(workDir, 'benchfloor');
	const nodes = { BenchFloor: NODE_SOURCE, BenchHelperFloor: HELPER_NODE_SOURCE };
	for (const [name, code] of Object.entries(nodes)) {
		const nodeDir = path.join(source, 'dist', 'nodes', name);
		fs.mkdirSync(nodeDir, { recursive: true });
		fs.writeFileSync(path.join(nodeDir, `${name}.node.js`), code);
	}
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
			nodes: Object.keys(nodes).map((name) => `dist/nodes/${name}/${name}.node.js`),
		},
	};
	fs.writeFileSync(path.join(source, 'package.json'), JSON.stringify(manifest, null, 2));
	return (await packPackage(workDir, source)).tarball;
}

module.exports = { HELPER_NODE_TYPE, NODE_TYPE, packFloorPackage };
