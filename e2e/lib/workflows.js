// @ts-check
// Workflows in n8n's import format, for the end-to-end tests and the benchmark: a manual
// trigger, a Code node making the input items, this package's node, chained.
const NODE_TYPE = 'n8n-nodes-acronis.acronisUsageReport';

/** @typedef {Record<string, any>} WorkflowNode a node in n8n's workflow JSON */
/** @typedef {{ id: string, name: string }} CredentialRef */

/**
 * n8n's manual trigger, named "Run".
 * @param {string} workflowId
 * @returns {WorkflowNode}
 */
function manualTrigger(workflowId, position = [0, 0]) {
	return {
		id: `${workflowId}-run`,
		name: 'Run',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position,
		parameters: {},
	};
}

/**
 * A Code node named "Items" running `jsCode`, which returns the items.
 * @param {string} workflowId
 * @param {string} jsCode
 * @returns {WorkflowNode}
 */
function itemsNode(workflowId, jsCode, position = [200, 0]) {
	return {
		id: `${workflowId}-items`,
		name: 'Items',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position,
		parameters: { jsCode },
	};
}

/**
 * Code node source returning these items' json.
 * @param {unknown[]} items
 */
function itemsCode(items) {
	return `return ${JSON.stringify(items.map((json) => ({ json })))};`;
}

/**
 * This package's node (no name, id or position yet), default Request Options.
 * @param {CredentialRef} credential
 * @param {Record<string, unknown>} parameters
 * @returns {WorkflowNode}
 */
function acronisNode(credential, parameters, { continueOnFail = false } = {}) {
	return {
		type: NODE_TYPE,
		typeVersion: 1,
		parameters,
		credentials: { acronisApi: credential },
		...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
	};
}

/**
 * The `connections` entry of a node whose one output goes to node `to`.
 * @param {string} to
 */
function connectTo(to) {
	return { main: [[{ node: to, type: 'main', index: 0 }]] };
}

/**
 * Manual trigger → (a Code node running `itemsJsCode`, when given) → `nodes` in a chain; each
 * node needs a name, and gets an id and a position unless it has them.
 * @param {string} id
 * @param {WorkflowNode[]} nodes
 * @param {string} [itemsJsCode]
 */
function workflow(id, nodes, itemsJsCode) {
	const all = [manualTrigger(id)];
	if (itemsJsCode !== undefined) all.push(itemsNode(id, itemsJsCode));
	nodes.forEach((node, index) =>
		all.push({ id: `${id}-node-${index}`, position: [400 + index * 200, 0], ...node }),
	);
	/** @type {Record<string, ReturnType<typeof connectTo>>} */
	const connections = {};
	for (let index = 0; index < all.length - 1; index++) {
		connections[all[index].name] = connectTo(all[index + 1].name);
	}
	return {
		id,
		name: id,
		nodes: all,
		connections,
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

module.exports = {
	NODE_TYPE,
	acronisNode,
	connectTo,
	itemsCode,
	itemsNode,
	manualTrigger,
	workflow,
};
