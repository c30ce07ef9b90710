import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { mapConcurrently } from '../transport/concurrency';
import { formatDate, today } from '../dates';
import { editorFieldValues } from '../fields/fieldValues';
import type { TenantChoice } from '../fields/tenant';
import { readTenant } from '../fields/tenant';
import { reportLabel } from './reportLabel';
import { tenantLabel } from './tenantLabel';
import { AcronisClient } from '../transport/client';
import type { Tenant, User } from '../api/tenants';
import {
	findTenants,
	listTenantTree,
	listTenantUsers,
	SEARCH_MIN_LENGTH,
	TENANT_TREE_MAX,
} from '../api/tenants';
import { findReports, listTenantReportIds } from '../api/reports';

/**
 * What the editor's pickers list: tenants, reports and users, read with the node's credential.
 * Both nodes offer these as their `methods`.
 */

/** Tenants a page of the Tenant list shows. */
const TENANTS_PER_PAGE = 50;
/** Reports a page shows: each is one request, the tenant's listing gives ids only. */
const REPORTS_PER_PAGE = 20;
/** Pages of reports a search reads at most before it answers with what it found. */
const REPORT_PAGES_PER_SEARCH = 5;
/** Reports the trigger's multiple choice lists at most. */
const REPORTS_LISTED = 100;

/**
 * The credential's tenant and every tenant below it, in tree order (each right under its
 * parent). Typed text of three characters or more is searched for by the data center (names,
 * customer ids, contacts); shorter text, which its search may refuse, narrows the tree here. Both
 * match as Acronis's search does: each typed word is the start of a word of the name ("den" finds
 * "Contoso Dental").
 */
export async function searchTenants(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = new AcronisClient(this);
	const rootTenantId = await client.credentialTenantId(0);
	const tree = await listTenantTree(client, rootTenantId, TENANT_TREE_MAX);
	const text = filter?.trim() ?? '';
	if (text.length >= SEARCH_MIN_LENGTH) {
		const inTree = new Map(tree.map((tenant) => [tenant.id, tenant]));
		const found = await findTenants(client, rootTenantId, text, TENANTS_PER_PAGE);
		return { results: found.map((tenant) => tenantEntry(inTree.get(tenant.id) ?? tenant)) };
	}
	const shown = text === '' ? tree : tree.filter((tenant) => startsWords(tenant.name, text));
	const start = Number(paginationToken ?? 0) || 0;
	const next = start + TENANTS_PER_PAGE;
	return {
		results: shown.slice(start, next).map(tenantEntry),
		paginationToken: next < shown.length ? String(next) : undefined,
	};
}

/** Whether each word of `text` starts a word of `name`, case aside. */
function startsWords(name: string, text: string): boolean {
	const words = (value: string) => value.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
	const own = words(name);
	return words(text).every((word) => own.some((candidate) => candidate.startsWith(word)));
}

/** Tenants listed at most where the editor takes a whole list at once (no paging). */
const TENANTS_LISTED = 1000;

/** The credential's tenant and the tenants below it in tree order, as a multiple choice. */
export async function getTenants(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = new AcronisClient(this);
	const rootTenantId = await client.credentialTenantId(0);
	return (await listTenantTree(client, rootTenantId, TENANTS_LISTED)).map(tenantEntry);
}

/** The reports of the tenant chosen in the node (the credential's by default). */
export async function searchReports(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = new AcronisClient(this);
	const ids = await listTenantReportIds(client, await chosenTenantId(this, client), 0);
	const text = filter?.trim().toLowerCase() ?? '';
	const results: INodeListSearchItems[] = [];
	// The API filters no report by its label: pages are read until one page of matches is found,
	// so that a match beyond the first page does not leave the list empty, and at most a few per
	// call, as the editor asks again with each key typed.
	let next = Number(paginationToken ?? 0) || 0;
	const last = next + REPORT_PAGES_PER_SEARCH * REPORTS_PER_PAGE;
	do {
		const reports = await findReports(client, ids.slice(next, next + REPORTS_PER_PAGE), 0);
		next += REPORTS_PER_PAGE;
		results.push(
			...reports
				.map(reportEntry)
				.filter((entry) => entry.name.toLowerCase().includes(text) || String(entry.value) === text),
		);
	} while (results.length < REPORTS_PER_PAGE && next < ids.length && next < last);
	return { results, paginationToken: next < ids.length ? String(next) : undefined };
}

/** The same reports as a multiple choice (the trigger's Reports to watch). */
export async function getReports(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = new AcronisClient(this);
	const ids = await listTenantReportIds(client, await chosenTenantId(this, client), 0);
	return (await findReports(client, ids.slice(0, REPORTS_LISTED), 0)).map(reportEntry);
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

/** The Tenant field's tenant; the credential's own while the field names none it can read. */
async function chosenTenantId(ctx: ILoadOptionsFunctions, client: AcronisClient): Promise<string> {
	let tenant: TenantChoice;
	try {
		tenant = readTenant(editorFieldValues(ctx));
	} catch {
		// Half typed, or an expression that needs input data: no tenant to list yet.
		tenant = 'credential';
	}
	return await client.resolveTenant(tenant, 0);
}

function tenantEntry(tenant: Tenant): INodeListSearchItems {
	return { name: tenantLabel(tenant), value: tenant.id };
}

function reportEntry(report: IDataObject): INodeListSearchItems {
	return { name: reportLabel(report, formatDate(today('UTC'))), value: String(report.id) };
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
