import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/** What one execution of the node shares between its items. */
export interface OperationContext {
	/** The tenant the credential acts for; looked up once per execution, on first use. */
	credentialTenantId(itemIndex: number): Promise<string>;
}

/**
 * One operation, in two steps: the router reads and checks the fields of every item before it
 * sends the first request. A bad item then fails before anything of the run is sent, and n8n
 * evaluates the items' expressions back to back, about three times faster than between
 * requests (bench/).
 */
export interface Operation<Input = unknown> {
	/** Reads and checks the item's fields; throws an error naming the field; sends nothing. */
	prepare(this: IExecuteFunctions, itemIndex: number): Input;
	/** Makes the item's requests. */
	execute(
		this: IExecuteFunctions,
		input: Input,
		itemIndex: number,
		context: OperationContext,
	): Promise<INodeExecutionData[]>;
}
