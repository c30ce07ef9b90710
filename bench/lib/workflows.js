// The benchmark's workflows, in n8n's import format: Manual trigger → (Code node making the
// input items) → the node under measurement, always named "Target".
const fs = require('node:fs');
const path = require('node:path');

const ACRONIS_TYPE = 'n8n-nodes-acronis.acronisUsageReport';
const TARGET = 'Target';

/** Code node source making `count` items `{ id, index }`, cycling through the report ids. */
function itemsCode(reportIds, count) {
	return [
		`const ids = ${JSON.stringify(reportIds)};`,
		`return Array.from({ length: ${count} }, (_, index) => ({ json: { id: ids[index % ids.length], index } }));`,
	].join('\n');
}

function workflow(id, target, items) {
	const nodes = [
		{
			id: `${id}-run`,
			name: 'Run',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
	];
	const chain = ['Run'];
	if (items) {
		nodes.push({
			id: `${id}-items`,
			name: 'Items',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [200, 0],
			parameters: { jsCode: itemsCode(items.reportIds, items.count) },
		});
		chain.push('Items');
	}
	nodes.push({ id: `${id}-target`, name: TARGET, position: [400, 0], ...target });
	chain.push(TARGET);
	const connections = {};
	for (let index = 0; index < chain.length - 1; index++) {
		connections[chain[index]] = { main: [[{ node: chain[index + 1], type: 'main', index: 0 }]] };
	}
	return { id, name: id, nodes, connections, settings: { executionOrder: 'v1' }, active: false };
}

const onError = (continueOnFail) => (continueOnFail ? { onError: 'continueRegularOutput' } : {});

/** This package's node, default Request Options. */
function acronis(credential, parameters, { continueOnFail = false } = {}) {
	return {
		type: ACRONIS_TYPE,
		typeVersion: 1,
		parameters,
		credentials: { acronisApi: credential },
		...onError(continueOnFail),
	};
}

const acronisGet = (credential, options) =>
	acronis(credential, { operation: 'get', reportId: '={{ $json.id }}' }, options);

/** n8n's HTTP Request node doing the same GET, with a header-auth credential. */
function httpGet(simulatorUrl, credential, typeVersion, { continueOnFail = false } = {}) {
	return {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion,
		parameters: {
			url: `=${simulatorUrl}/api/2/reports/{{ $json.id }}`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			options: {},
		},
		credentials: { httpHeaderAuth: credential },
		...onError(continueOnFail),
	};
}

const floor = (nodeType) => ({
	type: nodeType,
	typeVersion: 1,
	parameters: { reportId: '={{ $json.id }}' },
});

const noOp = () => ({ type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} });

/** The highest typeVersion the installed n8n-nodes-base offers for HTTP Request. */
function latestHttpRequestVersion(n8nDir) {
	const file = path.join(
		n8nDir,
		'node_modules',
		'n8n-nodes-base',
		'dist',
		'nodes',
		'HttpRequest',
		'HttpRequest.node.js',
	);
	const versions = [...fs.readFileSync(file, 'utf8').matchAll(/([\d.]+):\s*new HttpRequestV/g)].map(
		(match) => Number(match[1]),
	);
	if (versions.length === 0) throw new Error(`No HTTP Request versions found in ${file}`);
	return Math.max(...versions);
}

module.exports = {
	TARGET,
	acronis,
	acronisGet,
	floor,
	httpGet,
	latestHttpRequestVersion,
	noOp,
	workflow,
};
