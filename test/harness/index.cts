/**
 * In-process workflow runner for integration tests.
 *
 * Runs a workflow JSON through n8n-core's WorkflowExecute, the way n8n's own
 * NodeTestHarness does (packages/core/nodes-testing/node-test-harness.ts), but
 * with real HTTP (no nock), an in-memory credential store that behaves like the
 * CLI's CredentialsHelper, and filesystem binary data in a temporary folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { Logger } from '@n8n/backend-common';
import { GlobalConfig, InstanceSettingsConfig } from '@n8n/config';
import { Container } from '@n8n/di';
import {
	BinaryDataConfig,
	BinaryDataService,
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	InstanceSettings,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ExecutionError,
	IBinaryData,
	IConnections,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IPinData,
	IRun,
	IRunData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	NodeConnectionTypes,
	NodeHelpers,
	UnexpectedError,
	Workflow,
	createRunExecutionData,
	deepCopy,
} from 'n8n-workflow';

import type { CredentialUpdate, HarnessCredential } from './credentials-helper.cjs';
import {
	CredentialStore,
	CredentialTypeRegistry,
	HarnessCredentialsHelper,
} from './credentials-helper.cjs';

export type { CredentialUpdate, HarnessCredential } from './credentials-helper.cjs';
export {
	CredentialStore,
	CredentialTypeRegistry,
	HarnessCredentialsHelper,
} from './credentials-helper.cjs';
export * from './editor.cjs';
export * from './poll.cjs';

export const HARNESS_START_NODE_TYPE = 'harness.start';
const MANUAL_TRIGGER_NODE_TYPE = 'n8n-nodes-base.manualTrigger';

/**
 * Start node: passes on the items the harness puts on the execution stack,
 * like n8n's legacy Start node. It is also registered as
 * `n8n-nodes-base.manualTrigger`, so workflows exported from n8n run unchanged.
 */
export class HarnessStart implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Harness Start',
		name: 'harnessStart',
		group: ['trigger'],
		version: 1,
		description: 'Emits the input items given to the test harness',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

export interface HarnessWorkflow {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	pinData?: IPinData;
	staticData?: IDataObject;
}

export interface RunWorkflowOptions {
	workflow: HarnessWorkflow;
	/** Keyed by the node `type` string used in the workflow. */
	nodeTypes?: Record<string, INodeType | IVersionedNodeType>;
	credentialTypes?: ICredentialType[];
	/** Seeds a fresh store for this run; ignored when `credentialStore` is given. */
	credentials?: HarnessCredential[];
	/** Pass the same store to several runs to keep tokens between them. */
	credentialStore?: CredentialStore;
	/** Items emitted by the start node; defaults to one empty item. */
	inputItems?: INodeExecutionData[];
	/** Name of the node to start from; defaults to the harness start / manual trigger node. */
	startNode?: string;
	mode?: WorkflowExecuteMode;
}

export interface RunWorkflowResult {
	status: IRun['status'];
	run: IRun;
	runData: IRunData;
	error?: ExecutionError;
	/** Credential writes (e.g. preAuthentication tokens) made during this run. */
	credentialUpdates: CredentialUpdate[];
	/** Items of one output of a node's run; throws if the node did not run. */
	outputOf(nodeName: string, outputIndex?: number, runIndex?: number): INodeExecutionData[];
}

export interface HarnessEnvironment {
	rootDir: string;
	storagePath: string;
}

let environment: HarnessEnvironment | undefined;
let environmentSetup: Promise<HarnessEnvironment> | undefined;
let executionCounter = 0;

/**
 * Prepares the DI container once per module instance (i.e. per Jest test file):
 * a silent logger, instance settings in a temporary folder instead of ~/.n8n,
 * and filesystem binary data under that folder.
 */
export async function initHarness(): Promise<HarnessEnvironment> {
	if (environment) return environment;
	environmentSetup ??= (async () => {
		const rootDir = mkdtempSync(path.join(tmpdir(), 'n8n-harness-'));

		// Must run before anything resolves Logger or InstanceSettings from the container.
		Container.get(GlobalConfig).logging.level = 'silent';
		Container.get(Logger);

		const instanceSettingsConfig = Container.get(InstanceSettingsConfig);
		// Keeps InstanceSettings from creating ~/.n8n/config; the fields are readonly in the types.
		Object.assign(instanceSettingsConfig, {
			n8nFolder: path.join(rootDir, '.n8n'),
			userHome: rootDir,
			encryptionKey: 'harness-test-encryption-key',
			enforceSettingsFilePermissions: false,
		});
		Container.get(InstanceSettings);

		const storagePath = path.join(rootDir, 'storage');
		const binaryDataConfig = Container.get(BinaryDataConfig);
		binaryDataConfig.mode = 'filesystem';
		binaryDataConfig.localStoragePath = storagePath;
		await Container.get(BinaryDataService).init();

		environment = { rootDir, storagePath };
		return environment;
	})();
	return await environmentSetup;
}

/** Removes the temporary folder (binary data, settings). Call from afterAll. */
export async function disposeHarness(): Promise<void> {
	const current = environment ?? (environmentSetup ? await environmentSetup : undefined);
	if (current) rmSync(current.rootDir, { recursive: true, force: true });
	environment = undefined;
	environmentSetup = undefined;
	// Later runs in the same file start over with a fresh folder.
	Container.reset();
}

/** Reads the bytes behind a binary property produced by a run. */
export async function readBinary(binaryData: IBinaryData): Promise<Buffer> {
	await initHarness();
	return await Container.get(BinaryDataService).getAsBuffer(binaryData);
}

/** The node types a run knows: exactly those passed to it. */
export class HarnessNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType | IVersionedNodeType>) {}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types[nodeType];
		if (!type)
			throw new UnexpectedError(`Unknown node type "${nodeType}" (not passed to the harness)`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

function pickStartNode(workflow: Workflow, startNode?: string): INode {
	if (startNode) {
		const node = workflow.getNode(startNode);
		if (!node) throw new UnexpectedError(`Start node "${startNode}" is not in the workflow`);
		return node;
	}
	const node =
		Object.values(workflow.nodes).find(
			(candidate) =>
				!candidate.disabled &&
				[HARNESS_START_NODE_TYPE, MANUAL_TRIGGER_NODE_TYPE].includes(candidate.type),
		) ?? workflow.getStartNode();
	if (!node) throw new UnexpectedError('The workflow has no start node');
	return node;
}

export async function runWorkflow(options: RunWorkflowOptions): Promise<RunWorkflowResult> {
	await initHarness();

	const mode = options.mode ?? 'manual';
	const executionId = String(++executionCounter);
	const workflowData = deepCopy(options.workflow);
	const workflowId = workflowData.id ?? 'harness-workflow';

	const startType = new HarnessStart();
	const nodeTypes = new HarnessNodeTypes({
		[HARNESS_START_NODE_TYPE]: startType,
		[MANUAL_TRIGGER_NODE_TYPE]: startType,
		...options.nodeTypes,
	});

	const credentialStore = options.credentialStore ?? new CredentialStore(options.credentials);
	const updatesBefore = credentialStore.updates.length;
	const credentialsHelper = new HarnessCredentialsHelper(
		new CredentialTypeRegistry(options.credentialTypes),
		credentialStore,
	);

	const workflow = new Workflow({
		id: workflowId,
		name: workflowData.name ?? 'Harness workflow',
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		nodeTypes,
		// New n8n workflows use v1 execution order.
		settings: { executionOrder: 'v1', ...workflowData.settings },
		staticData: workflowData.staticData,
		pinData: workflowData.pinData,
		active: false,
	});

	const hooks = new ExecutionLifecycleHooks(mode, executionId, {
		id: workflowId,
		name: workflow.name,
		active: false,
		isArchived: false,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		settings: workflow.settings,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as IWorkflowBase);

	const additionalData = buildAdditionalData({
		credentialsHelper,
		hooks,
		executionId,
		workflowId,
	});

	const startNode = pickStartNode(workflow, options.startNode);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{
					node: startNode,
					data: { main: [deepCopy(options.inputItems ?? [{ json: {} }])] },
					source: null,
				},
			],
		},
	});

	const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);
	const run = await workflowExecute.processRunExecutionData(workflow);
	const { runData, error } = run.data.resultData;

	return {
		status: run.status,
		run,
		runData,
		error,
		credentialUpdates: credentialStore.updates.slice(updatesBefore),
		outputOf(nodeName, outputIndex = 0, runIndex = 0) {
			const taskData = runData[nodeName]?.[runIndex];
			if (!taskData) {
				throw new UnexpectedError(
					`Node "${nodeName}" has no run ${runIndex}; nodes that ran: ${Object.keys(runData).join(', ')}`,
				);
			}
			if (taskData.error) {
				throw new UnexpectedError(`Node "${nodeName}" failed: ${taskData.error.message}`, {
					cause: taskData.error,
				});
			}
			return taskData.data?.[NodeConnectionTypes.Main]?.[outputIndex] ?? [];
		},
	};
}

/**
 * What n8n's WorkflowExecuteAdditionalData.getBase() gives a run: the credentials helper, the
 * instance URLs, and no sub-workflows or task runner. Triggers get it without an execution.
 */
export function buildAdditionalData(
	parts: Pick<IWorkflowExecuteAdditionalData, 'credentialsHelper' | 'workflowId'> &
		Partial<Pick<IWorkflowExecuteAdditionalData, 'hooks' | 'executionId'>>,
): IWorkflowExecuteAdditionalData {
	const notAvailable = (what: string) => async () => {
		throw new UnexpectedError(`${what} is not available in the test harness`);
	};
	const baseUrl = 'http://localhost:5678';
	return {
		...parts,
		userId: 'harness-user',
		currentNodeExecutionIndex: 0,
		variables: {},
		externalSecretsProxy: new ExternalSecretsProxy(),
		restApiUrl: `${baseUrl}/rest`,
		instanceBaseUrl: baseUrl,
		formBaseUrl: `${baseUrl}/form`,
		formWaitingBaseUrl: `${baseUrl}/form-waiting`,
		formTestBaseUrl: `${baseUrl}/form-test`,
		webhookBaseUrl: `${baseUrl}/webhook`,
		webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
		webhookTestBaseUrl: `${baseUrl}/webhook-test`,
		mcpBaseUrl: `${baseUrl}/mcp`,
		mcpTestBaseUrl: `${baseUrl}/mcp-test`,
		logAiEvent: () => {},
		executeWorkflow: notAvailable('Executing sub-workflows'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: notAvailable('The task runner'),
	} as IWorkflowExecuteAdditionalData;
}
