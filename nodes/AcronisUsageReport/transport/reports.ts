import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { AcronisFunctions } from './index';
import { acronisApiRequest, isNotFound } from './index';

/** The report requests of the Account Management API, each written once. */

/**
 * Reports requested at once where one request is made per report: a tenant's listing gives
 * ids only, so Get Many fetches each report, and the trigger lists each report's stored files
 * and fetches the reports it emits files of.
 */
export const REPORT_CONCURRENCY = 4;

export async function getReport<T = IDataObject>(
	ctx: AcronisFunctions,
	reportId: string,
	itemIndex: number,
): Promise<T> {
	const { body } = await acronisApiRequest<T>(
		ctx,
		{ method: 'GET', path: `/reports/${reportId}` },
		itemIndex,
	);
	return body;
}

/** The report, or undefined when the API does not know it (deleted since it was listed). */
export async function findReport(
	ctx: AcronisFunctions,
	reportId: string,
	itemIndex: number,
): Promise<IDataObject | undefined> {
	try {
		return await getReport(ctx, reportId, itemIndex);
	} catch (error) {
		if (isNotFound(error)) return undefined;
		throw new NodeApiError(ctx.getNode(), error as JsonObject); // hands back the same error
	}
}

/** The ids of a tenant's reports. */
export async function listTenantReportIds(
	ctx: AcronisFunctions,
	tenantId: string,
	itemIndex: number,
): Promise<string[]> {
	// The API lists a tenant's report ids in one answer, with no paging.
	const { body } = await acronisApiRequest<{ items?: string[] }>(
		ctx,
		{ method: 'GET', path: `/tenants/${tenantId}/reports` },
		itemIndex,
	);
	return body.items ?? [];
}

/** POST /reports: creates the report and returns it as the API does. */
export async function createReport(
	ctx: AcronisFunctions,
	body: IDataObject,
	itemIndex: number,
): Promise<IDataObject> {
	const { body: report } = await acronisApiRequest(
		ctx,
		{ method: 'POST', path: '/reports', body },
		itemIndex,
	);
	return report;
}
