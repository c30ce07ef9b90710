/**
 * In-memory ICredentialsHelper for the workflow test harness.
 *
 * Behaviour follows n8n's own CredentialsHelper (packages/cli/src/credentials-helper.ts):
 * - getDecrypted applies the credential type's defaults and resolves expressions;
 * - authenticate applies `authenticate` (function or generic headers/qs/body/auth);
 * - preAuthentication fills the expirable hidden property via the type's
 *   `preAuthentication` and writes the result back with updateCredentials.
 * Storage is a plain in-memory map instead of the database, without encryption.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentialTypes,
	ICredentialsEncrypted,
	ICredentialsExpressionResolveValues,
	IDataObject,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IVersionedNodeType,
	IWorkflowDataProxyAdditionalKeys,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	ICredentials,
	ICredentialsHelper,
	NodeHelpers,
	UnexpectedError,
	UserError,
	Workflow,
	deepCopy,
	getCredentialOwnRequestAllowedDomains,
	isExpression,
} from 'n8n-workflow';
import { getAdditionalKeys } from 'n8n-core';

export interface HarnessCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

export interface CredentialUpdate {
	id: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/**
 * Holds credential data by id. Share one store between several runs to keep
 * tokens obtained by preAuthentication, as a saved n8n credential would.
 */
export class CredentialStore {
	private readonly credentials = new Map<string, HarnessCredential>();

	/** Every updateCredentials call, in order. */
	readonly updates: CredentialUpdate[] = [];

	/** How often a node had a credential decrypted (n8n reads its database each time). */
	decryptions = 0;

	constructor(credentials: HarnessCredential[] = []) {
		for (const credential of credentials) this.add(credential);
	}

	add(credential: HarnessCredential): void {
		this.credentials.set(credential.id, deepCopy(credential));
	}

	/** A copy of the stored credential, so callers cannot mutate the store. */
	get(id: string): HarnessCredential | undefined {
		const credential = this.credentials.get(id);
		return credential ? deepCopy(credential) : undefined;
	}

	/** Finds the credential a node refers to, like the CLI's lookup by id and type. */
	find(nodeCredentials: INodeCredentialsDetails, type: string): HarnessCredential {
		const byId = nodeCredentials.id ? this.credentials.get(nodeCredentials.id) : undefined;
		// Workflow JSON written by hand may carry only a name; accept that too.
		const credential =
			byId ??
			[...this.credentials.values()].find(
				(candidate) => candidate.type === type && candidate.name === nodeCredentials.name,
			);
		if (!credential || credential.type !== type) {
			throw new UserError(
				`Credential with ID "${nodeCredentials.id ?? ''}" (name "${nodeCredentials.name}") of type "${type}" does not exist in the harness store.`,
			);
		}
		return deepCopy(credential);
	}

	update(id: string, type: string, data: ICredentialDataDecryptedObject): void {
		const credential = this.credentials.get(id);
		if (!credential) throw new UnexpectedError(`Unknown credential "${id}"`);
		credential.data = deepCopy(data);
		this.updates.push({ id, type, data: deepCopy(data) });
	}
}

/** Credential types known to a run, with `extends` resolved like the CLI's CredentialTypes. */
export class CredentialTypeRegistry implements ICredentialTypes {
	private readonly types = new Map<string, ICredentialType>();

	constructor(credentialTypes: ICredentialType[] = []) {
		for (const credentialType of credentialTypes)
			this.types.set(credentialType.name, credentialType);
	}

	recognizes(type: string): boolean {
		return this.types.has(type);
	}

	getByName(type: string): ICredentialType {
		const credentialType = this.types.get(type);
		if (!credentialType) throw new UnexpectedError(`Unrecognized credential type: ${type}`);
		return credentialType;
	}

	getSupportedNodes(type: string): string[] {
		return this.types.get(type)?.supportedNodes ?? [];
	}

	getParentTypes(type: string): string[] {
		const parents = [...(this.types.get(type)?.extends ?? [])];
		for (const parent of [...parents]) parents.push(...this.getParentTypes(parent));
		return parents;
	}
}

/** ICredentials without encryption; `data` holds the JSON of the stored credential. */
class StoredCredentials extends ICredentials {
	constructor(details: INodeCredentialsDetails, type: string, store: CredentialStore) {
		super(details, type, JSON.stringify(store.find(details, type).data));
	}

	async getData(): Promise<ICredentialDataDecryptedObject> {
		return JSON.parse(this.data ?? '{}') as ICredentialDataDecryptedObject;
	}

	getDataToSave(): ICredentialsEncrypted {
		return { id: this.id, name: this.name, type: this.type, data: this.data };
	}

	async setData(data: ICredentialDataDecryptedObject): Promise<void> {
		this.data = JSON.stringify(data);
	}

	async updateData(
		toUpdate: Partial<ICredentialDataDecryptedObject>,
		toDelete: string[] = [],
	): Promise<void> {
		const data = { ...(await this.getData()), ...toUpdate } as ICredentialDataDecryptedObject;
		for (const key of toDelete) delete data[key];
		await this.setData(data);
	}
}

// Throwaway workflow for resolving credential expressions outside a node run,
// as the CLI does with its mock node types.
const mockNode: INode = {
	id: 'credentials-mock',
	name: '',
	typeVersion: 1,
	type: 'mock',
	position: [0, 0],
	parameters: {},
};

const mockNodeType = {
	description: { properties: [] as INodeProperties[] },
} as unknown as INodeType;

const mockNodeTypes: INodeTypes = {
	getKnownTypes: () => ({}),
	getByName: (): INodeType | IVersionedNodeType => mockNodeType,
	getByNameAndVersion: (_type: string, version?: number) =>
		NodeHelpers.getVersionedNodeType(mockNodeType, version),
};

/** Requests made by preAuthentication obey the credential's own domain allowlist, as in the CLI. */
function restrictToCredentialDomains(
	helpers: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): IHttpRequestHelper {
	return {
		helpers: {
			httpRequest: async (requestOptions: IHttpRequestOptions) => {
				const allowedDomains = getCredentialOwnRequestAllowedDomains(credentials);
				if (allowedDomains === undefined) return await helpers.helpers.httpRequest(requestOptions);
				if (requestOptions.allowedDomains !== undefined) {
					throw new UserError(
						'This credential restricts requests to specific domains, which cannot be combined with the domains its authentication step asks for.',
					);
				}
				return await helpers.helpers.httpRequest({ ...requestOptions, allowedDomains });
			},
		},
	};
}

export class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(
		readonly credentialTypes: CredentialTypeRegistry,
		readonly store: CredentialStore,
	) {
		super();
	}

	getParentTypes(name: string): string[] {
		return this.credentialTypes.getParentTypes(name);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		if (!this.credentialTypes.recognizes(credentialType)) return true;
		const typeDef = this.credentialTypes.getByName(credentialType);
		if (!typeDef.restrictToSupportedNodes) return true;
		return this.credentialTypes.getSupportedNodes(credentialType).includes(nodeType);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const { authenticate } = this.credentialTypes.getByName(typeName);
		if (!authenticate) return requestOptions;

		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}

		if (!workflow || !node) {
			throw new UnexpectedError(
				'Workflow and node are required for declarative credential authentication',
			);
		}
		requestOptions.headers ??= {};
		if (authenticate.type !== 'generic') return requestOptions;

		// Each of headers/qs/body/auth gets its keys and values resolved against $credentials.
		const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
		for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
			for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
				const keyResolved = this.resolveValue(key, { $credentials: credentials }, workflow, node);
				const valueResolved = this.resolveValue(
					value,
					{ $credentials: credentials },
					workflow,
					node,
				);
				target[outerKey] ??= {};
				target[outerKey][keyResolved] = valueResolved;
			}
		}
		return requestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes.getByName(typeName);

		// Like the CLI, only a hidden property marked expirable triggers this.
		const expirableProperty = credentialType.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirableProperty?.name === undefined) return undefined;
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		if (credentials[expirableProperty.name] !== '' && !credentialsExpired) return undefined;

		const output = await credentialType.preAuthentication.call(
			restrictToCredentialDomains(helpers, credentials),
			credentials,
		);
		// Without the expirable property in the output nothing is stored.
		if (output[expirableProperty.name] === undefined) return undefined;

		const nodeCredentials = node.credentials?.[credentialType.name];
		if (!nodeCredentials) return undefined;

		// Persist onto the raw stored data, keeping fields the user set as expressions.
		const storedData = await (await this.getCredentials(nodeCredentials, typeName)).getData();
		const dataToPersist: ICredentialDataDecryptedObject = { ...storedData };
		for (const [key, value] of Object.entries(output)) {
			if (key === expirableProperty.name || !isExpression(storedData[key])) {
				dataToPersist[key] = value as ICredentialDataDecryptedObject[string];
			}
		}
		await this.updateCredentials(nodeCredentials, typeName, dataToPersist);
		return Object.assign(credentials, output as ICredentialDataDecryptedObject);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes.getByName(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		const output: IDataObject = await credentialType.preAuthentication.call(
			restrictToCredentialDomains(helpers, credentials),
			credentials,
		);
		return output as ICredentialDataDecryptedObject;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		return new StoredCredentials(nodeCredentials, type, this.store);
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const { data } = this.store.find(nodeCredentials, type);
		this.store.decryptions++;
		if (raw === true) return data;
		return await this.applyDefaults(
			additionalData,
			data,
			type,
			mode,
			executeData,
			expressionResolveValues,
		);
	}

	/** Type defaults plus expression resolution, as the CLI's applyDefaultsAndOverwrites (minus overwrites). */
	async applyDefaults(
		additionalData: IWorkflowExecuteAdditionalData,
		decryptedDataOriginal: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const credentialsProperties = this.getCredentialsProperties(type);

		// Defaults matter: an unset expirable field must read as '' for preAuthentication to run.
		let decryptedData = NodeHelpers.getNodeParameters(
			credentialsProperties,
			decryptedDataOriginal as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;

		if (decryptedDataOriginal.oauthTokenData !== undefined) {
			decryptedData.oauthTokenData = decryptedDataOriginal.oauthTokenData;
		}
		for (const key of ['allowedHttpRequestDomains', 'allowedDomains']) {
			if (decryptedData[key] === undefined && decryptedDataOriginal[key] !== undefined) {
				decryptedData[key] = decryptedDataOriginal[key];
			}
		}

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });

		if (expressionResolveValues) {
			try {
				decryptedData = expressionResolveValues.workflow.expression.getParameterValue(
					decryptedData as INodeParameters,
					expressionResolveValues.runExecutionData,
					expressionResolveValues.runIndex,
					expressionResolveValues.itemIndex,
					expressionResolveValues.node.name,
					expressionResolveValues.connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					decryptedData,
				) as ICredentialDataDecryptedObject;
			} catch (error) {
				(error as Error).message += ' [Error resolving credentials]';
				throw error;
			}
			return decryptedData;
		}

		const workflow = new Workflow({
			nodes: [mockNode],
			connections: {},
			active: false,
			nodeTypes: mockNodeTypes,
		});
		return await workflow.expression.withIsolate(
			async () =>
				workflow.expression.getComplexParameterValue(
					mockNode,
					decryptedData as INodeParameters,
					mode,
					additionalKeys,
					undefined,
					undefined,
					decryptedData,
				) as ICredentialDataDecryptedObject,
		);
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const { id } = this.store.find(nodeCredentials, type);
		this.store.update(id, type, data);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = this.store.find(nodeCredentials, type);
		this.store.update(stored.id, type, { ...stored.data, oauthTokenData: data.oauthTokenData });
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialTypeData = this.credentialTypes.getByName(type);

		if (credentialTypeData.extends === undefined) {
			// The CLI adds this field so OAuth token data survives getNodeParameters.
			if (['oAuth1Api', 'oAuth2Api'].includes(type)) {
				return [
					...credentialTypeData.properties,
					{
						displayName: 'oauthTokenData',
						name: 'oauthTokenData',
						type: 'json',
						required: false,
						default: {},
					},
				];
			}
			return credentialTypeData.properties;
		}

		const combineProperties: INodeProperties[] = [];
		for (const parentType of credentialTypeData.extends) {
			NodeHelpers.mergeNodeProperties(combineProperties, this.getCredentialsProperties(parentType));
		}
		NodeHelpers.mergeNodeProperties(combineProperties, credentialTypeData.properties);
		return combineProperties;
	}

	private resolveValue(
		parameterValue: string,
		additionalKeys: IWorkflowDataProxyAdditionalKeys,
		workflow: Workflow,
		node: INode,
	): string {
		if (!isExpression(parameterValue)) return parameterValue;
		const returnValue = workflow.expression.getSimpleParameterValue(
			node,
			parameterValue,
			'internal',
			additionalKeys,
			undefined,
			'',
		);
		if (!returnValue) return '';
		return returnValue.toString();
	}
}
