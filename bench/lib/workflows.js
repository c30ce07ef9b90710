// The benchmark's workflows, in n8n's import format: Manual trigger → (Code node making the
// input items) → the node under measurement, always named "Target".
const fs = require('node:fs');
const path = require('node:path');

const shared = require('../../e2e/lib/workflows.js');

const TARGET = 'Target';

/** Code node source making `count` items `{ id, index }`, cycling through the report ids. */
function itemsCode(reportIds, count) {
	return [
		`const ids = ${JSON.stringify(reportIds)};`,
		`return Array.from({ length: ${count} }, (_, index) => ({ json: { id: ids[index % ids.length], index } }));`,
	].join('\n');
}

/** Manual trigger → (Code node making `items.count` items of `items.reportIds`) → `target`. */
function workflow(id, target, items) {
	return shared.workflow(
		id,
		[{ id: `${id}-target`, name: TARGET, ...target }],
		items && itemsCode(items.reportIds, items.count),
	);
}

const onError = (continueOnFail) => (continueOnFail ? { onError: 'continueRegularOutput' } : {});

/** This package's node, default Request Options. */
const acronis = shared.acronisNode;

const acronisGet = (credential, options) =>
	acronis(credential, { operation: 'get', reportId: '={{ $json.id }}' }, options);

/**
 * n8n's HTTP Request node doing the same GET, with a header-auth credential; its Batching
 * option when `batching` ({ batchSize, batchInterval }) is given.
 */
function httpGet(simulatorUrl, credential, typeVersion, { continueOnFail = false, batching } = {}) {
	return {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion,
		parameters: {
			url: `=${simulatorUrl}/api/2/reports/{{ $json.id }}`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			options: batching ? { batching: { batch: batching } } : {},
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

/** The helper floor: the same GET through n8n's request helper, `concurrency` at once (0: all). */
const helperFloor = (nodeType, credential, concurrency) => ({
	type: nodeType,
	typeVersion: 1,
	parameters: { reportId: '={{ $json.id }}', concurrency },
	credentials: { acronisApi: credential },
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
	helperFloor,
	httpGet,
	latestHttpRequestVersion,
	noOp,
	workflow,
};
