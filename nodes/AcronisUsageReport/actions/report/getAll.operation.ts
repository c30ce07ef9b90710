import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapConcurrently } from '../../../shared/concurrency';
import { readTenantId, tenantIdField } from '../../../shared/descriptions';
import type { Parameters } from '../../../shared/parameters';
import type { AcronisClient } from '../../../shared/transport/client';
import {
	findReport,
	listTenantReportIds,
	REPORT_CONCURRENCY,
} from '../../../shared/transport/reports';
import { toBoolean, toWholeNumber } from '../../../shared/validation';

const returnAllField: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

const limitField: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

export const description = updateDisplayOptions({ show: { operation: ['getAll'] } }, [
	tenantIdField,
	returnAllField,
	limitField,
]);

interface GetAllInput {
	limit: number;
	/** The credential's tenant when not given. */
	tenantId?: string;
}

export function prepare(params: Parameters): GetAllInput {
	const returnAll = toBoolean(params, returnAllField, params.get(returnAllField.name, false));
	const limit = returnAll
		? Infinity
		: toWholeNumber(
				params,
				limitField,
				params.get(limitField.name, limitField.default),
				'For example 50.',
			);
	return { limit, tenantId: readTenantId(params) };
}

export async function execute(
	{ limit, tenantId: givenTenantId }: GetAllInput,
	client: AcronisClient,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tenantId = givenTenantId ?? (await client.credentialTenantId(itemIndex));
	const ids = (await listTenantReportIds(client, tenantId, itemIndex)).slice(0, limit);
	// A report deleted between the listing and its request is not one of the tenant's any more.
	const reports = await mapConcurrently(ids, REPORT_CONCURRENCY, async (id) =>
		findReport(client, id, itemIndex),
	);
	return reports
		.filter((report): report is IDataObject => report !== undefined)
		.map((report) => ({ json: report }));
}
