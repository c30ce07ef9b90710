import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/** What one execution of the node shares between its items. */
export interface OperationContext {
	/** The tenant the credential acts for; looked up once per execution, on first use. */
	credentialTenantId(itemIndex: number): Promise<string>;
}

export type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
) => Promise<INodeExecutionData[]>;
