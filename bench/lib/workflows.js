// The benchmark's workflows, in n8n's import format: Manual trigger → (Code node making the
// input items) → the node under measurement, always named "Target" (→ the nodes after it).
const fs = require('node:fs');
const path = require('node:path');

const shared = require('../../e2e/lib/workflows.js');

const TARGET = 'Target';
const EXTRACT = 'Extract';

/** Code node source making `count` items `{ id, index }`, cycling through the report ids. */
function itemsCode(reportIds, count) {
	return [
		`const ids = ${JSON.stringify(reportIds)};`,
		`return Array.from({ length: ${count} }, (_, index) => ({ json: { id: ids[index % ids.length], index } }));`,
	].join('\n');
}

/**
 * Manual trigger → (Code node making `items.count` items of `items.reportIds`) → `target` → the
 * nodes `after` it, each with its name.
 */
function workflow(id, target, items, after = []) {
	return shared.workflow(
		id,
		[{ id: `${id}-target`, name: TARGET, ...target }, ...after],
		items && itemsCode(items.reportIds, items.count),
	);
}

const onError = (continueOnFail) => (continueOnFail ? { onError: 'continueRegularOutput' } : {});

/** This package's node, default Request Options. */
const acronis = shared.acronisNode;

const acronisGet = (credential, options) =>
	acronis(credential, { operation: 'get', reportId: '={{ $json.id }}' }, options);

/** Download File of every stored file of a report, a node of today's version: Output File or Rows. */
const acronisDownload = (credential, reportId, output) => ({
	...acronis(credential, { operation: 'download', reportId, output }),
	typeVersion: 1.1,
});

/** n8n's Extract From File, named "Extract": the CSV file in field "data", a header row first. */
const extractCsv = () => ({
	name: EXTRACT,
	type: 'n8n-nodes-base.extractFromFile',
	typeVersion: 1.1,
	parameters: {
		operation: 'csv',
		binaryPropertyName: 'data',
		// The report file starts with a byte order mark: without Enable BOM, the first column's
		// name would hold it.
		options: { headerRow: true, enableBOM: true },
	},
});

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
	EXTRACT,
	TARGET,
	acronis,
	acronisDownload,
	acronisGet,
	extractCsv,
	floor,
	helperFloor,
	httpGet,
	latestHttpRequestVersion,
	noOp,
	workflow,
};
