import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { mapConcurrently } from '../../helpers/concurrency';
import type { OperationContext } from '../../helpers/interfaces';
import { toBoolean, toWholeNumber } from '../../helpers/validation';
import { acronisApiRequest, isNotFound } from '../../transport';
import { readTenantId } from './common.descriptions';

/** Reports fetched at once: the listing gives ids only, each report is one GET. */
const FETCH_CONCURRENCY = 4;

const properties: INodeProperties[] = [
	{
		displayName: 'Tenant ID',
		name: 'tenantId',
		type: 'string',
		default: '',
		placeholder: "Leave empty for the credential's own tenant",
		description: 'UUID of the tenant whose reports to list',
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

export const description = updateDisplayOptions({ show: { operation: ['getAll'] } }, properties);

interface GetAllInput {
	limit: number;
	/** The credential's tenant when not given. */
	tenantId?: string;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): GetAllInput {
	const node = this.getNode();
	const returnAll = toBoolean(
		node,
		itemIndex,
		'Return All',
		this.getNodeParameter('returnAll', itemIndex, false),
	);
	const limit = returnAll
		? Infinity
		: toWholeNumber(node, itemIndex, 'Limit', this.getNodeParameter('limit', itemIndex, 50));
	return { limit, tenantId: readTenantId(this, itemIndex) };
}

export async function execute(
	this: IExecuteFunctions,
	{ limit, tenantId: givenTenantId }: GetAllInput,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const tenantId = givenTenantId ?? (await context.credentialTenantId(itemIndex));
	// The API lists a tenant's report ids in one answer, with no paging.
	const { body } = await acronisApiRequest<{ items?: string[] }>(
		this,
		{ method: 'GET', path: `/tenants/${tenantId}/reports` },
		itemIndex,
	);
	const ids = (body.items ?? []).slice(0, limit);
	const reports = await mapConcurrently(ids, FETCH_CONCURRENCY, async (id) => {
		try {
			return (await acronisApiRequest(this, { method: 'GET', path: `/reports/${id}` }, itemIndex))
				.body;
		} catch (error) {
			// Deleted between the listing and this request: not one of the tenant's reports any more.
			if (isNotFound(error)) return undefined;
			throw new NodeApiError(this.getNode(), error as JsonObject); // hands back the same error
		}
	});
	return reports
		.filter((report): report is IDataObject => report !== undefined)
		.map((report) => ({ json: report }));
}
