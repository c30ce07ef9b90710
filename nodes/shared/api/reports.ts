import type { IDataObject } from 'n8n-workflow';

import type { AcronisClient } from '../transport/client';
import { mapConcurrently } from '../transport/concurrency';

/** The report requests of the Account Management API, each written once. */

/**
 * Reports requested at once where one request is made per report: a tenant's listing gives
 * ids only, so Get Many fetches each report, and the trigger lists each report's stored files
 * and fetches the reports it emits files of.
 */
export const REPORT_CONCURRENCY = 4;

export async function getReport<T = IDataObject>(
	client: AcronisClient,
	reportId: string,
	itemIndex: number,
): Promise<T> {
	const { body } = await client.request<T>(
		{ method: 'GET', path: `/reports/${reportId}` },
		itemIndex,
	);
	return body;
}

/** The report, or undefined when the API does not know it (deleted since it was listed). */
export async function findReport(
	client: AcronisClient,
	reportId: string,
	itemIndex: number,
): Promise<IDataObject | undefined> {
	return await client.find(`/reports/${reportId}`, itemIndex);
}

/**
 * The reports of these ids, in their order, REPORT_CONCURRENCY at a time. A report deleted
 * between a listing and its request is not one of the tenant's any more: it is left out.
 */
export async function findReports(
	client: AcronisClient,
	reportIds: string[],
	itemIndex: number,
): Promise<IDataObject[]> {
	const reports = await mapConcurrently(reportIds, REPORT_CONCURRENCY, async (id) =>
		findReport(client, id, itemIndex),
	);
	return reports.filter((report): report is IDataObject => report !== undefined);
}

/** The ids of a tenant's reports; the API lists them in one answer, with no paging. */
export async function listTenantReportIds(
	client: AcronisClient,
	tenantId: string,
	itemIndex: number,
): Promise<string[]> {
	const { body } = await client.request<{ items?: string[] }>(
		{ method: 'GET', path: `/tenants/${tenantId}/reports` },
		itemIndex,
	);
	return body.items ?? [];
}

/**
 * Items at once that create reports start with, before the data center has answered: a burst of
 * report creations is what a data center most likely refuses (reads start at 100).
 */
export const CREATING_START_CONCURRENCY = 4;

/** POST /reports: creates the report and returns it as the API does. */
export async function createReport(
	client: AcronisClient,
	body: IDataObject,
	itemIndex: number,
): Promise<IDataObject> {
	const { body: report } = await client.request(
		{ method: 'POST', path: '/reports', body },
		itemIndex,
	);
	return report;
}

/** PUT /reports/{id}: the API changes what it is sent and nothing else. */
export async function updateReport(
	client: AcronisClient,
	reportId: string,
	changes: IDataObject,
	itemIndex: number,
): Promise<IDataObject> {
	const { body: report } = await client.request(
		{ method: 'PUT', path: `/reports/${reportId}`, body: changes },
		itemIndex,
	);
	return report;
}

/** Enable and Disable: PUT {"schedule":{"enabled":…}}. */
export async function setReportEnabled(
	client: AcronisClient,
	reportId: string,
	enabled: boolean,
	itemIndex: number,
): Promise<IDataObject> {
	return await updateReport(client, reportId, { schedule: { enabled } }, itemIndex);
}

/** DELETE /reports/{id}?version=N: refused when the report changed since that version. */
export async function deleteReport(
	client: AcronisClient,
	reportId: string,
	version: number,
	itemIndex: number,
): Promise<void> {
	await client.request(
		{ method: 'DELETE', path: `/reports/${reportId}`, qs: { version } },
		itemIndex,
	);
}
