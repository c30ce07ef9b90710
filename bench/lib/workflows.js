// @ts-check
// The benchmark's workflows, in n8n's import format: Manual trigger → (Code node making the
// input items) → the node under measurement, always named "Target" (→ the nodes after it).
const fs = require('node:fs');
const path = require('node:path');

const shared = require('../../e2e/lib/workflows.js');

const TARGET = 'Target';
const EXTRACT = 'Extract';

/** @typedef {import('./bench.js').Items} Items */
/** @typedef {import('./bench.js').CredentialRef} CredentialRef */

/**
 * Code node source making `count` items `{ id, index }`, cycling through the report ids.
 * @param {string[]} reportIds
 * @param {number} count
 */
function itemsCode(reportIds, count) {
	return [
		`const ids = ${JSON.stringify(reportIds)};`,
		`return Array.from({ length: ${count} }, (_, index) => ({ json: { id: ids[index % ids.length], index } }));`,
	].join('\n');
}

/**
 * Manual trigger → (Code node making `items.count` items of `items.reportIds`) → `target` → the
 * nodes `after` it, each with its name.
 * @param {string} id
 * @param {object} target
 * @param {Items} [items]
 * @param {object[]} [after]
 */
function workflow(id, target, items, after = []) {
	return chain(id, items, [{ id: `${id}-target`, name: TARGET, ...target }, ...after]);
}

/**
 * Manual trigger → (Code node making the items) → `nodes`, each with its name, in a chain.
 * @param {string} id
 * @param {Items | undefined} items
 * @param {object[]} nodes
 * @returns {{ id: string }}
 */
function chain(id, items, nodes) {
	return shared.workflow(id, nodes, items && itemsCode(items.reportIds, items.count));
}

/**
 * A Code node named `name` that replaces its input items with `items`.
 * @param {string} name
 * @param {Items} items
 */
const itemsNode = (name, items) => ({
	name,
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	parameters: { jsCode: itemsCode(items.reportIds, items.count) },
});

/** n8n's Wait node, named "Wait": `seconds` within the execution. @param {number} seconds */
const wait = (seconds) => ({
	name: 'Wait',
	type: 'n8n-nodes-base.wait',
	typeVersion: 1.1,
	parameters: { resume: 'timeInterval', amount: seconds, unit: 'seconds' },
});

/** @param {boolean} continueOnFail */
const onError = (continueOnFail) => (continueOnFail ? { onError: 'continueRegularOutput' } : {});

/** This package's node, default Request Options. */
const acronis = shared.acronisNode;

/**
 * Get of the report in each item's `id`.
 * @param {CredentialRef} credential
 * @param {{ continueOnFail?: boolean }} [options]
 */
const acronisGet = (credential, options) =>
	acronis(credential, { operation: 'get', reportId: '={{ $json.id }}' }, options);

/**
 * Download File of every stored file of a report, a node of today's version: Output File or Rows.
 * @param {CredentialRef} credential
 * @param {string} reportId
 * @param {'file' | 'rows'} output
 */
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
 * @param {string} simulatorUrl
 * @param {CredentialRef} credential
 * @param {number} typeVersion
 * @param {{ continueOnFail?: boolean, batching?: { batchSize: number, batchInterval: number } }} [options]
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

/** The n8n floor: reads the same expression, sends nothing. @param {string} nodeType */
const floor = (nodeType) => ({
	type: nodeType,
	typeVersion: 1,
	parameters: { reportId: '={{ $json.id }}' },
});

/**
 * The helper floor: the same GET through n8n's request helper, `concurrency` at once (0: all).
 * @param {string} nodeType
 * @param {CredentialRef} credential
 * @param {number} concurrency
 */
const helperFloor = (nodeType, credential, concurrency) => ({
	type: nodeType,
	typeVersion: 1,
	parameters: { reportId: '={{ $json.id }}', concurrency },
	credentials: { acronisApi: credential },
});

const noOp = () => ({ type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} });

/** The highest typeVersion the installed n8n-nodes-base offers for HTTP Request. @param {string} n8nDir */
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
	chain,
	extractCsv,
	floor,
	helperFloor,
	httpGet,
	itemsNode,
	latestHttpRequestVersion,
	noOp,
	wait,
	workflow,
};
