/**
 * Polls a trigger node the way n8n's active-workflow manager does: one Workflow object per
 * activation, whose static data lives on across polls, and poll functions from n8n-core's
 * getExecutePollFunctions. A restart builds a new Workflow from the static data n8n saved.
 */
import { getExecutePollFunctions } from 'n8n-core';
import type {
	ICredentialType,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
} from 'n8n-workflow';
import { UnexpectedError, Workflow, deepCopy } from 'n8n-workflow';

import type { CredentialStore } from './credentials-helper.cjs';
import { CredentialTypeRegistry, HarnessCredentialsHelper } from './credentials-helper.cjs';
import { buildAdditionalData, HarnessNodeTypes, initHarness } from './index.cjs';

export interface PollingWorkflowOptions {
	/** The trigger node; its `type` names `nodeType`. */
	node: INode;
	nodeType: INodeType;
	credentialTypes?: ICredentialType[];
	credentialStore: CredentialStore;
	/** Static data as n8n saved it (JSON), e.g. from `savedStaticData()` before a restart. */
	staticData?: IDataObject;
	workflowId?: string;
}

export interface PollOptions {
	/** 'manual' is the editor's "Fetch Test Event"; 'trigger' a scheduled poll. */
	mode?: 'trigger' | 'manual';
	activation?: WorkflowActivateMode;
	/** Overrides the time n8n gives the poll (getPollBudgetMs). */
	pollBudgetMs?: number;
}

/** An active workflow made of one polling trigger. */
export class PollingWorkflow {
	readonly workflow: Workflow;

	private readonly additionalData: IWorkflowExecuteAdditionalData;

	constructor(private readonly options: PollingWorkflowOptions) {
		const workflowId = options.workflowId ?? 'harness-poll-workflow';
		this.workflow = new Workflow({
			id: workflowId,
			name: 'Harness polling workflow',
			nodes: [deepCopy(options.node)],
			connections: {},
			nodeTypes: new HarnessNodeTypes({ [options.node.type]: options.nodeType }),
			settings: { executionOrder: 'v1' },
			staticData: deepCopy(options.staticData ?? {}),
			active: true,
		});
		// Like n8n's WorkflowExecuteAdditionalData.getBase() for triggers: no execution yet.
		this.additionalData = buildAdditionalData({
			credentialsHelper: new HarnessCredentialsHelper(
				new CredentialTypeRegistry(options.credentialTypes),
				options.credentialStore,
			),
			workflowId,
		});
	}

	get node(): INode {
		const node = this.workflow.getNode(this.options.node.name);
		if (!node) throw new UnexpectedError(`Node "${this.options.node.name}" is not in the workflow`);
		return node;
	}

	/** One poll: the items n8n would start an execution with, or null. */
	async poll({
		mode = 'trigger',
		activation = mode === 'manual' ? 'manual' : 'activate',
		pollBudgetMs,
	}: PollOptions = {}): Promise<INodeExecutionData[][] | null> {
		await initHarness();
		const pollFunctions = getExecutePollFunctions(
			this.workflow,
			this.node,
			this.additionalData,
			mode,
			activation,
		);
		if (pollBudgetMs !== undefined) pollFunctions.getPollBudgetMs = () => pollBudgetMs;
		const nodeType = this.workflow.nodeTypes.getByNameAndVersion(
			this.node.type,
			this.node.typeVersion,
		);
		if (!nodeType.poll) throw new UnexpectedError(`Node type "${this.node.type}" does not poll`);
		return await nodeType.poll.call(pollFunctions);
	}

	/** The static data as n8n stores it in the database: plain JSON. */
	savedStaticData(): IDataObject {
		return JSON.parse(JSON.stringify(this.workflow.staticData)) as IDataObject;
	}

	/** The node's own static data (what getWorkflowStaticData('node') returns), as JSON. */
	nodeStaticData(): IDataObject | undefined {
		return this.savedStaticData()[`node:${this.node.name}`] as IDataObject | undefined;
	}

	/** The same workflow after n8n restarts: a new Workflow from the saved static data. */
	restart(): PollingWorkflow {
		return new PollingWorkflow({ ...this.options, staticData: this.savedStaticData() });
	}
}
