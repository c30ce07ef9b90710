import type { INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { findReports, listTenantReportIds } from '../../../shared/api/reports';
import type { FieldValues } from '../../../shared/fields/fieldValues';
import type { TenantChoice } from '../../../shared/fields/tenant';
import { readTenant, tenantIdField } from '../../../shared/fields/tenant';
import { toBoolean, toWholeNumber } from '../../../shared/fields/validation';
import type { AcronisClient } from '../../../shared/transport/client';

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

export const askForLess = 'Ask for less: Return All off, with a smaller Limit.';

export const toolDescription =
	"Lists the usage reports of an Acronis Cyber Protect Cloud tenant: for each its ID, kind, formats, period, schedule and result action. Tenant: the tenant's exact name or customer ID, or its UUID; empty for the credential's own tenant.";

export const description = updateDisplayOptions({ show: { operation: ['getAll'] } }, [
	tenantIdField,
	returnAllField,
	limitField,
]);

interface GetAllInput {
	limit: number;
	tenant: TenantChoice;
}

export function prepare(values: FieldValues): GetAllInput {
	const returnAll = toBoolean(values, returnAllField, values.get(returnAllField.name, false));
	const limit = returnAll
		? Infinity
		: toWholeNumber(
				values,
				limitField,
				values.get(limitField.name, limitField.default),
				'For example 50.',
			);
	return { limit, tenant: readTenant(values) };
}

export async function execute(
	{ limit, tenant }: GetAllInput,
	client: AcronisClient,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const tenantId = await client.resolveTenant(tenant, itemIndex);
	const ids = (await listTenantReportIds(client, tenantId, itemIndex)).slice(0, limit);
	const reports = await findReports(client, ids, itemIndex);
	return reports.map((report) => ({ json: report }));
}
