import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { mapConcurrently } from './concurrency';
import { tenantIdField } from './descriptions';
import { reportLabel } from './reportLabel';
import { AcronisClient } from './transport/client';
import type { Tenant, User } from './transport/directory';
import { listSubtree, listTenantUsers, searchTenants as findTenants } from './transport/directory';
import { findReport, listTenantReportIds, REPORT_CONCURRENCY } from './transport/reports';
import { isUuid } from './validation';

/**
 * What the editor's pickers list: tenants, reports and users, read with the node's credential.
 * Both nodes offer these as their `methods`.
 */

/** Tenants a page shows; the API's cursors lead to the next page. */
const TENANTS_PER_PAGE = 50;
/** Acronis's search is reported to refuse shorter text. */
const SEARCH_MIN_LENGTH = 3;
/** Reports a page shows: each is one request, the tenant's listing gives ids only. */
const REPORTS_PER_PAGE = 20;
/** Reports the trigger's multiple choice lists at most. */
const REPORTS_LISTED = 100;

const TENANT_KINDS: Record<string, string> = {
	root: 'Root',
	partner: 'Partner',
	folder: 'Folder',
	customer: 'Customer',
	unit: 'Unit',
};

/**
 * The credential's tenant and every tenant below it. Typed text of three characters or more is
 * searched for by the data center (names, customer ids, contacts); shorter text, which its
 * search may refuse, narrows the pages listed here. Both match as Acronis's search does: each
 * typed word is the start of a word of the name ("den" finds "Contoso Dental").
 */
export async function searchTenants(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = new AcronisClient(this);
	const rootTenantId = await client.credentialTenantId(0);
	const text = filter?.trim() ?? '';
	if (text.length >= SEARCH_MIN_LENGTH) {
		const found = await findTenants(client, rootTenantId, text, TENANTS_PER_PAGE);
		return { results: found.map(tenantEntry) };
	}
	const page = await listSubtree(client, rootTenantId, {
		after: paginationToken,
		limit: TENANTS_PER_PAGE,
	});
	const tenants =
		text === '' ? page.tenants : page.tenants.filter((t) => startsWords(t.name, text));
	return { results: tenants.map(tenantEntry), paginationToken: page.after };
}

/** Whether each word of `text` starts a word of `name`, case aside. */
function startsWords(name: string, text: string): boolean {
	const words = (value: string) => value.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
	const own = words(name);
	return words(text).every((word) => own.some((candidate) => candidate.startsWith(word)));
}

/** Tenants listed at most where the editor takes a whole list at once (no paging). */
const TENANTS_LISTED = 1000;

/** The credential's tenant and the tenants below it, as a multiple choice (Get Live Usage). */
export async function getTenants(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = new AcronisClient(this);
	const rootTenantId = await client.credentialTenantId(0);
	const tenants: Tenant[] = [];
	let after: string | undefined;
	do {
		const page = await listSubtree(client, rootTenantId, { after, limit: TENANTS_PER_PAGE });
		tenants.push(...page.tenants);
		after = page.after;
	} while (after !== undefined && tenants.length < TENANTS_LISTED);
	return tenants.slice(0, TENANTS_LISTED).map(tenantEntry);
}

/** The reports of the tenant chosen in the node (the credential's by default). */
export async function searchReports(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = new AcronisClient(this);
	const ids = await listTenantReportIds(client, await chosenTenantId(this, client), 0);
	const start = Number(paginationToken ?? 0) || 0;
	const reports = await fetchReports(client, ids.slice(start, start + REPORTS_PER_PAGE));
	const text = filter?.trim().toLowerCase() ?? '';
	const results = reports
		.map(reportEntry)
		.filter((entry) => entry.name.toLowerCase().includes(text) || String(entry.value) === text);
	const next = start + REPORTS_PER_PAGE;
	return { results, paginationToken: next < ids.length ? String(next) : undefined };
}

/** The same reports as a multiple choice (the trigger's Reports to watch). */
export async function getReports(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = new AcronisClient(this);
	const ids = await listTenantReportIds(client, await chosenTenantId(this, client), 0);
	return (await fetchReports(client, ids.slice(0, REPORTS_LISTED))).map(reportEntry);
}

/**
 * People who can receive a report by email: the users of the tenant chosen in the node, then
 * those of the credential's own tenant (the service provider's staff).
 */
export async function getRecipients(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = new AcronisClient(this);
	const ownTenantId = await client.credentialTenantId(0);
	const tenantId = await chosenTenantId(this, client);
	const tenantIds = tenantId === ownTenantId ? [tenantId] : [tenantId, ownTenantId];
	const users = (
		await mapConcurrently(tenantIds, 2, async (id) => await listTenantUsers(client, id))
	).flat();
	return users.map(recipientEntry);
}

/** The Tenant field's value when it names a tenant; the credential's own tenant otherwise. */
async function chosenTenantId(ctx: ILoadOptionsFunctions, client: AcronisClient): Promise<string> {
	// An expression that needs input data cannot be resolved while editing: not a tenant here.
	const value = ctx.getCurrentNodeParameter(tenantIdField.name, { extractValue: true });
	return typeof value === 'string' && isUuid(value)
		? value.trim().toLowerCase()
		: await client.credentialTenantId(0);
}

async function fetchReports(client: AcronisClient, ids: string[]): Promise<IDataObject[]> {
	const reports = await mapConcurrently(ids, REPORT_CONCURRENCY, async (id) =>
		findReport(client, id, 0),
	);
	return reports.filter((report): report is IDataObject => report !== undefined);
}

function tenantEntry(tenant: Tenant): INodeListSearchItems {
	const kind = TENANT_KINDS[tenant.kind] ?? tenant.kind;
	const disabled = tenant.enabled === false ? ', disabled' : '';
	return { name: `${tenant.name} (${kind}${disabled})`, value: tenant.id };
}

function reportEntry(report: IDataObject): INodeListSearchItems {
	return { name: reportLabel(report), value: String(report.id) };
}

function recipientEntry(user: User): INodePropertyOptions {
	const { firstname, lastname, email } = user.contact ?? {};
	const name = [firstname, lastname].filter((part) => part).join(' ') || user.login;
	return {
		name: email ? `${name} <${email}>` : name,
		value: user.id,
		description: `Login ${user.login}`,
	};
}
