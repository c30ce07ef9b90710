import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapConcurrently } from '../../helpers/concurrency';
import type { OperationContext } from '../../helpers/interfaces';
import { toBoolean, toWholeNumber } from '../../helpers/validation';
import { findReport, listTenantReportIds, REPORT_CONCURRENCY } from '../../transport/reports';
import { readTenantId } from './common.descriptions';

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
		: toWholeNumber(
				node,
				itemIndex,
				'Limit',
				this.getNodeParameter('limit', itemIndex, 50),
				'For example 50.',
			);
	return { limit, tenantId: readTenantId(this, itemIndex) };
}

export async function execute(
	this: IExecuteFunctions,
	{ limit, tenantId: givenTenantId }: GetAllInput,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const tenantId = givenTenantId ?? (await context.credentialTenantId(itemIndex));
	const ids = (await listTenantReportIds(this, tenantId, itemIndex)).slice(0, limit);
	// A report deleted between the listing and its request is not one of the tenant's any more.
	const reports = await mapConcurrently(ids, REPORT_CONCURRENCY, async (id) =>
		findReport(this, id, itemIndex),
	);
	return reports
		.filter((report): report is IDataObject => report !== undefined)
		.map((report) => ({ json: report }));
}
