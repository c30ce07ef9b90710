/**
 * The lists a node's parameters show in the editor, as n8n's DynamicNodeParametersService
 * gets them: the node's `methods.listSearch` or `methods.loadOptions`, called with n8n-core's
 * LoadOptionsContext on a workflow that holds the node with the parameters being edited.
 */
import { LoadOptionsContext } from 'n8n-core';
import type {
	ICredentialType,
	INode,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
	INodeType,
} from 'n8n-workflow';
import { UnexpectedError, Workflow } from 'n8n-workflow';

import type { CredentialStore } from './credentials-helper.cjs';
import { CredentialTypeRegistry, HarnessCredentialsHelper } from './credentials-helper.cjs';
import { buildAdditionalData, HarnessNodeTypes, initHarness } from './index.cjs';

export interface EditedNode {
	/** The node as the editor holds it; its parameters are the ones being edited. */
	node: INode;
	nodeType: INodeType;
	credentialTypes: ICredentialType[];
	credentialStore: CredentialStore;
}

/** The context the editor's request for a list runs in. */
async function loadOptionsContext(
	{ node, nodeType, credentialTypes, credentialStore }: EditedNode,
	path: string,
): Promise<LoadOptionsContext> {
	await initHarness();
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new HarnessNodeTypes({ [node.type]: nodeType }),
	});
	const additionalData = buildAdditionalData({
		credentialsHelper: new HarnessCredentialsHelper(
			new CredentialTypeRegistry(credentialTypes),
			credentialStore,
		),
		workflowId: 'harness-editor-workflow',
	});
	additionalData.currentNodeParameters = node.parameters as INodeParameters;
	return new LoadOptionsContext(workflow, node, additionalData, path);
}

/** A resource locator's "From list": one page, or the page after `paginationToken`. */
export async function listSearch(
	edited: EditedNode,
	method: string,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const search = edited.nodeType.methods?.listSearch?.[method];
	if (!search) throw new UnexpectedError(`The node has no list search "${method}"`);
	const context = await loadOptionsContext(edited, `parameters.${method}`);
	return await search.call(context, filter, paginationToken);
}

/** The options of a field whose list the node loads. */
export async function loadOptions(
	edited: EditedNode,
	method: string,
): Promise<INodePropertyOptions[]> {
	const load = edited.nodeType.methods?.loadOptions?.[method];
	if (!load) throw new UnexpectedError(`The node has no options method "${method}"`);
	const context = await loadOptionsContext(edited, `parameters.${method}`);
	return await load.call(context);
}
