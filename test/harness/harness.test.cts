import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestHelper,
	INode,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { HarnessCredential, HarnessWorkflow } from './index.cjs';
import {
	CredentialStore,
	HARNESS_START_NODE_TYPE,
	disposeHarness,
	readBinary,
	runWorkflow,
} from './index.cjs';

// ---- Local API: /token issues a session token, other paths require the current one.

const FILE_BYTES = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10, 0x80, 0x41, 0x42]);

const api = {
	tokenCalls: 0,
	unauthorized: 0,
	issued: 0,
	currentToken: '',
	authHeaders: [] as string[],
};

function resetApi() {
	Object.assign(api, {
		tokenCalls: 0,
		unauthorized: 0,
		issued: 0,
		currentToken: '',
		authHeaders: [],
	});
}

async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}

async function handle(req: IncomingMessage, res: ServerResponse) {
	const url = new URL(req.url ?? '/', 'http://127.0.0.1');
	if (url.pathname === '/token' && req.method === 'POST') {
		const body = JSON.parse(await readBody(req)) as IDataObject;
		api.tokenCalls++;
		if (body.client_id !== 'id-1' || body.client_secret !== 'secret-1') {
			return sendJson(res, 400, { error: 'invalid_client' });
		}
		api.currentToken = `tok-${++api.issued}`;
		return sendJson(res, 200, { access_token: api.currentToken });
	}

	const auth = req.headers.authorization ?? '';
	api.authHeaders.push(auth);
	if (!api.currentToken || auth !== `Bearer ${api.currentToken}`) {
		api.unauthorized++;
		return sendJson(res, 401, { error: 'unauthorized' });
	}
	if (url.pathname === '/echo') {
		const value = url.searchParams.get('value');
		if (value === 'fail') return sendJson(res, 500, { error: 'boom' });
		return sendJson(res, 200, { value, token: api.currentToken });
	}
	if (url.pathname === '/file') {
		res.writeHead(200, { 'content-type': 'application/octet-stream' });
		return res.end(FILE_BYTES);
	}
	return sendJson(res, 404, { error: 'not found' });
}

// ---- Test-only credential and node types.

class HarnessTestApi implements ICredentialType {
	name = 'harnessTestApi';

	displayName = 'Harness Test API';

	properties: INodeProperties[] = [
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
		{ displayName: 'Client ID', name: 'clientId', type: 'string', default: '' },
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const response = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${credentials.baseUrl as string}/token`,
			body: { client_id: credentials.clientId, client_secret: credentials.clientSecret },
			json: true,
		})) as { access_token: string };
		return { sessionToken: response.access_token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.sessionToken}}' } },
	};
}

const testNodeDescription: INodeTypeDescription = {
	displayName: 'Harness Test',
	name: 'harnessTest',
	group: ['transform'],
	version: 1,
	description: 'Calls the local test API',
	defaults: { name: 'Harness Test' },
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: 'harnessTestApi', required: true }],
	properties: [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Echo', value: 'echo' },
				{ name: 'Download', value: 'download' },
			],
			default: 'echo',
		},
		{ displayName: 'Value', name: 'value', type: 'string', default: '' },
	],
};

class HarnessTestNode implements INodeType {
	description = testNodeDescription;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const credentials = await this.getCredentials('harnessTestApi');
		const baseUrl = credentials.baseUrl as string;
		const returnData: INodeExecutionData[] = [];

		for (let i = 0; i < items.length; i++) {
			try {
				const operation = this.getNodeParameter('operation', i) as string;
				if (operation === 'download') {
					const body = (await this.helpers.httpRequestWithAuthentication.call(
						this,
						'harnessTestApi',
						{ method: 'GET', url: `${baseUrl}/file`, encoding: 'arraybuffer' },
					)) as ArrayBuffer;
					const binary = await this.helpers.prepareBinaryData(
						Buffer.from(body),
						'report.pdf',
						'application/pdf',
					);
					returnData.push({
						json: { fileName: 'report.pdf' },
						binary: { data: binary },
						pairedItem: { item: i },
					});
				} else {
					const value = this.getNodeParameter('value', i) as string;
					const response = (await this.helpers.httpRequestWithAuthentication.call(
						this,
						'harnessTestApi',
						{ method: 'GET', url: `${baseUrl}/echo`, qs: { value }, json: true },
					)) as IDataObject;
					returnData.push({ json: response, pairedItem: { item: i } });
				}
			} catch (error) {
				if (this.continueOnFail()) {
					returnData.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw error;
			}
		}
		return [returnData];
	}
}

/** Reads the binary property back inside the engine, as a downstream node would. */
class ReadBinaryNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Read Binary',
		name: 'readBinary',
		group: ['transform'],
		version: 1,
		description: 'Reports the size and bytes of the input binary',
		defaults: { name: 'Read Binary' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const buffer = await this.helpers.getBinaryDataBuffer(i, 'data');
			out.push({
				json: { size: buffer.length, hex: buffer.toString('hex') },
				pairedItem: { item: i },
			});
		}
		return [out];
	}
}

// ---- Workflow builders.

const TEST_NODE_TYPE = 'n8n-nodes-harness.harnessTest';
const READ_NODE_TYPE = 'n8n-nodes-harness.readBinary';
const nodeTypes = {
	[TEST_NODE_TYPE]: new HarnessTestNode(),
	[READ_NODE_TYPE]: new ReadBinaryNode(),
};
const credentialTypes = [new HarnessTestApi()];
const credentialRef = { harnessTestApi: { id: 'cred-1', name: 'Harness API' } };

let baseUrl = '';
let server: Server;

function credential(): HarnessCredential {
	return {
		id: 'cred-1',
		name: 'Harness API',
		type: 'harnessTestApi',
		data: { baseUrl, clientId: 'id-1', clientSecret: 'secret-1' },
	};
}

function echoWorkflow(
	nodeExtras: Partial<INode> = {},
	startType = HARNESS_START_NODE_TYPE,
): HarnessWorkflow {
	return {
		nodes: [
			{ id: '1', name: 'Start', type: startType, typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: '2',
				name: 'Echo',
				type: TEST_NODE_TYPE,
				typeVersion: 1,
				position: [200, 0],
				parameters: { operation: 'echo', value: '={{ $json.x }}' },
				credentials: credentialRef,
				...nodeExtras,
			},
		],
		connections: { Start: { main: [[{ node: 'Echo', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

const itemsOf = (...values: string[]) => values.map((x) => ({ json: { x } }));

beforeAll(async () => {
	server = createServer((req, res) => {
		handle(req, res).catch(() => sendJson(res, 500, { error: 'server error' }));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
	await disposeHarness();
});

beforeEach(resetApi);

describe('workflow test harness', () => {
	it('runs each item with its own expression value and fetches one token for all of them', async () => {
		// An n8n export's Manual Trigger node works as the start node.
		const result = await runWorkflow({
			workflow: echoWorkflow({}, 'n8n-nodes-base.manualTrigger'),
			nodeTypes,
			credentialTypes,
			credentials: [credential()],
			inputItems: itemsOf('a', 'b', 'c', 'd', 'e'),
		});

		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(result.outputOf('Echo').map((item) => item.json)).toEqual(
			['a', 'b', 'c', 'd', 'e'].map((value) => ({ value, token: 'tok-1' })),
		);
		expect(api.tokenCalls).toBe(1);
		expect(api.unauthorized).toBe(0);
		expect(api.authHeaders).toEqual(Array(5).fill('Bearer tok-1'));
		expect(result.credentialUpdates).toEqual([
			{
				id: 'cred-1',
				type: 'harnessTestApi',
				data: { ...credential().data, sessionToken: 'tok-1' },
			},
		]);
	});

	it('keeps the token across runs that share a store, and refreshes it once after a 401', async () => {
		const store = new CredentialStore([credential()]);
		const run = async (...values: string[]) =>
			await runWorkflow({
				workflow: echoWorkflow(),
				nodeTypes,
				credentialTypes,
				credentialStore: store,
				inputItems: itemsOf(...values),
			});

		await run('a', 'b');
		const second = await run('c', 'd');
		expect(second.credentialUpdates).toEqual([]);
		expect(api.tokenCalls).toBe(1);

		// The server forgets the session, as on expiry.
		api.currentToken = 'revoked';
		const third = await run('e', 'f', 'g');

		expect(third.status).toBe('success');
		expect(third.outputOf('Echo').map((item) => item.json)).toEqual(
			['e', 'f', 'g'].map((value) => ({ value, token: 'tok-2' })),
		);
		expect(api.tokenCalls).toBe(2);
		expect(api.unauthorized).toBe(1);
		expect(api.authHeaders.slice(-4)).toEqual([
			'Bearer tok-1',
			'Bearer tok-2',
			'Bearer tok-2',
			'Bearer tok-2',
		]);
		expect(third.credentialUpdates.map((update) => update.data.sessionToken)).toEqual(['tok-2']);
		expect(store.get('cred-1')?.data.sessionToken).toBe('tok-2');
	});

	it('turns a failing item into an error item with onError continueRegularOutput', async () => {
		const result = await runWorkflow({
			workflow: echoWorkflow({ onError: 'continueRegularOutput' }),
			nodeTypes,
			credentialTypes,
			credentials: [credential()],
			inputItems: itemsOf('a', 'fail', 'c'),
		});

		expect(result.status).toBe('success');
		const output = result.outputOf('Echo');
		expect(output).toHaveLength(3);
		expect(output[0].json).toEqual({ value: 'a', token: 'tok-1' });
		expect(typeof output[1].json.error).toBe('string');
		expect(output[2].json).toEqual({ value: 'c', token: 'tok-1' });
	});

	it('fails the execution on a failing item without onError', async () => {
		const result = await runWorkflow({
			workflow: echoWorkflow(),
			nodeTypes,
			credentialTypes,
			credentials: [credential()],
			inputItems: itemsOf('a', 'fail'),
		});

		expect(result.status).toBe('error');
		// httpRequestWithAuthentication wraps HTTP failures in NodeApiError.
		expect(result.error).toMatchObject({ name: 'NodeApiError', httpCode: '500' });
		expect(result.runData.Echo[0].error).toBeDefined();
		expect(() => result.outputOf('Echo')).toThrow(/failed/);
	});

	it('resolves expressions in stored credential data and keeps them raw in the store', async () => {
		const store = new CredentialStore([
			{
				...credential(),
				data: {
					baseUrl: `={{ "${baseUrl}" }}`,
					clientId: '={{ "id-" + 1 }}',
					clientSecret: 'secret-1',
				},
			},
		]);
		const result = await runWorkflow({
			workflow: echoWorkflow(),
			nodeTypes,
			credentialTypes,
			credentialStore: store,
			inputItems: itemsOf('a'),
		});

		expect(result.outputOf('Echo')[0].json).toEqual({ value: 'a', token: 'tok-1' });
		expect(store.get('cred-1')?.data).toEqual({
			baseUrl: `={{ "${baseUrl}" }}`,
			clientId: '={{ "id-" + 1 }}',
			clientSecret: 'secret-1',
			sessionToken: 'tok-1',
		});
	});

	it('stores downloaded files as binary data that later nodes and the test can read', async () => {
		const workflow: HarnessWorkflow = {
			nodes: [
				{
					id: '1',
					name: 'Start',
					type: HARNESS_START_NODE_TYPE,
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: '2',
					name: 'Download',
					type: TEST_NODE_TYPE,
					typeVersion: 1,
					position: [200, 0],
					parameters: { operation: 'download' },
					credentials: credentialRef,
				},
				{
					id: '3',
					name: 'Read',
					type: READ_NODE_TYPE,
					typeVersion: 1,
					position: [400, 0],
					parameters: {},
				},
			],
			connections: {
				Start: { main: [[{ node: 'Download', type: 'main', index: 0 }]] },
				Download: { main: [[{ node: 'Read', type: 'main', index: 0 }]] },
			},
		};

		const result = await runWorkflow({
			workflow,
			nodeTypes,
			credentialTypes,
			credentials: [credential()],
		});

		expect(result.status).toBe('success');
		const [downloaded] = result.outputOf('Download');
		const binary = downloaded.binary!.data;
		expect(binary).toMatchObject({
			fileName: 'report.pdf',
			mimeType: 'application/pdf',
			bytes: FILE_BYTES.length,
		});
		// Filesystem mode: the item carries a reference, not base64 content.
		expect(binary.id).toMatch(/^filesystem-v2:/);
		expect(await readBinary(binary)).toEqual(FILE_BYTES);
		expect(result.outputOf('Read')[0].json).toEqual({
			size: FILE_BYTES.length,
			hex: FILE_BYTES.toString('hex'),
		});
	});
});
