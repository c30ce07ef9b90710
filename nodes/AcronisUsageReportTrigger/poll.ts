import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { mapConcurrently } from '../shared/transport/concurrency';
import { pollFieldValues } from '../shared/fields/fieldValues';
import { AcronisClient } from '../shared/transport/client';
import { findReport, listTenantReportIds, REPORT_CONCURRENCY } from '../shared/api/reports';
import type { StoredFile } from '../shared/api/storedFiles';
import { findStoredFiles, reportFileName, storedFileJson } from '../shared/api/storedFiles';
import { downloadStoredFile } from '../shared/api/fileContent';
import { failedFileJson } from '../shared/api/waitForFiles';
import type { TriggerSettings } from './settings';
import { readTriggerSettings, reportIdsField } from './settings';

/** n8n-core's own limit for a poll, for n8n versions that do not say. */
const DEFAULT_POLL_BUDGET_MS = 5 * 60 * 1000;

/** What the trigger keeps in the workflow's static data between polls. */
interface TriggerState {
	/** Saved files already emitted, or already there when watching began; only files still listed. */
	seenFileIds?: string[];
	/** What the ids were taken from, "tenant:<id>" or "reports:<ids>": a change starts over. */
	watching?: string;
	/** The credential's tenant, looked up once: it changes only with the credential. */
	credentialTenant?: { credential: string; tenantId: string };
}

interface ListedFile {
	reportId: string;
	file: StoredFile;
}

/**
 * Emits one item per stored file that is saved and not seen before, oldest first. The first
 * poll only remembers the files already there, and a manual run ("Fetch Test Event") shows the
 * newest file without remembering anything.
 */
export async function pollStoredFiles(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	// Downloading stops once half of the time n8n gives the poll has passed (a large file can
	// take a while): the files left stay new and follow at the next poll.
	const downloadUntil = Date.now() + pollBudgetMs(ctx) / 2;
	const settings = readTriggerSettings(pollFieldValues(ctx));
	const client = new AcronisClient(ctx);
	const manual = ctx.getMode() === 'manual';
	// Read only once needed: n8n saves the static data of a poll that fetched it.
	const state = () => ctx.getWorkflowStaticData('node') as TriggerState;
	const { watching, reportIds } = await watchedReports(
		client,
		settings,
		manual ? undefined : state,
	);
	const listed = await listFiles(client, reportIds, !('reportIds' in settings.watch));
	// A failed file is new once too: its item says so, and it never holds the others back.
	const generated = oldestFirst(listed.filter(({ file }) => isGenerated(file)));

	if (manual) {
		const newest = generated.filter(({ file }) => file.status === 'saved').slice(-1);
		const { items } = await buildItems(client, newest, settings, downloadUntil);
		if (items.length === 0) throw nothingToShow(client, reportIds.length);
		return [items];
	}

	const { seenFileIds: seenBefore, watching: watchingBefore } = state();
	const starting = seenBefore === undefined || watchingBefore !== watching;
	const seen = new Set(starting ? [] : seenBefore);
	const fresh = generated.filter(({ file }) => !seen.has(file.id));
	const quiet = starting && !settings.includeExisting;
	const { items, emittedIds } = quiet
		? { items: [], emittedIds: [] }
		: await buildItems(client, fresh, settings, downloadUntil);

	// A file still being generated is left out, so it counts as new once it is; ids of files no
	// longer listed are dropped, which keeps the state as small as the reports' own lists.
	const remembered = new Set([
		...seen,
		...emittedIds,
		...(quiet ? fresh.map(({ file }) => file.id) : []),
	]);
	const seenFileIds = listed.map(({ file }) => file.id).filter((id) => remembered.has(id));
	// Assigned only when changed: n8n saves the workflow's static data when it was written to.
	if (watchingBefore !== watching) state().watching = watching;
	if (!sameIds(seenBefore, seenFileIds)) state().seenFileIds = seenFileIds;

	return items.length > 0 ? [items] : null;
}

async function watchedReports(
	client: AcronisClient<IPollFunctions>,
	settings: TriggerSettings,
	/** Where the credential's tenant is remembered; a manual run remembers nothing. */
	state: (() => TriggerState) | undefined,
): Promise<{ watching: string; reportIds: string[] }> {
	const { watch } = settings;
	if ('reportIds' in watch) {
		return {
			watching: `reports:${[...watch.reportIds].sort().join(',')}`,
			reportIds: watch.reportIds,
		};
	}
	const tenantId =
		watch.tenant === 'credential' && state
			? await rememberedTenantId(client, state())
			: await client.resolveTenant(watch.tenant, 0);
	return {
		watching: `tenant:${tenantId}`,
		reportIds: await listTenantReportIds(client, tenantId, 0),
	};
}

/** The credential's tenant, remembered from one poll to the next. */
async function rememberedTenantId(
	client: AcronisClient<IPollFunctions>,
	state: TriggerState,
): Promise<string> {
	const credential = await client.credentialIdentity();
	if (state.credentialTenant?.credential === credential) return state.credentialTenant.tenantId;
	const tenantId = await client.credentialTenantId(0);
	state.credentialTenant = { credential, tenantId };
	return tenantId;
}

/** The stored files of each report, in the order of the reports and of their lists. */
async function listFiles(
	client: AcronisClient<IPollFunctions>,
	reportIds: string[],
	fromTenantListing: boolean,
): Promise<ListedFile[]> {
	const lists = await mapConcurrently(reportIds, REPORT_CONCURRENCY, async (reportId) => {
		const files = await findStoredFiles(client, reportId, 0);
		if (files !== undefined) return files.map((file) => ({ reportId, file }));
		// Deleted since the tenant's reports were listed: nothing left to watch.
		if (fromTenantListing) return [];
		throw new NodeOperationError(client.node, `Report ${reportId} was not found`, {
			description: `It was deleted, or the credential cannot see it. Remove it from "${reportIdsField.displayName}".`,
		});
	});
	return lists.flat();
}

/** The files' items, in the given order, as many as there is time for. */
async function buildItems(
	client: AcronisClient<IPollFunctions>,
	files: ListedFile[],
	settings: TriggerSettings,
	downloadUntil: number,
): Promise<{ items: INodeExecutionData[]; emittedIds: string[] }> {
	const reportIds = [...new Set(files.map(({ reportId }) => reportId))];
	const reports = new Map(
		await mapConcurrently(
			reportIds,
			REPORT_CONCURRENCY,
			async (reportId) => [reportId, await findReport(client, reportId, 0)] as const,
		),
	);
	const items: INodeExecutionData[] = [];
	const emittedIds: string[] = [];
	for (const { reportId, file } of files) {
		const report = reports.get(reportId);
		// Deleted since its files were listed: the files went with it.
		if (report === undefined) continue;
		if (settings.download && items.length > 0 && Date.now() > downloadUntil) break;
		items.push(await fileItem(client, report, reportId, file, settings));
		emittedIds.push(file.id);
	}
	return { items, emittedIds };
}

/**
 * The stored file, its report and, when downloading, the file itself. A failed file has
 * nothing to download: its item says what happened.
 */
async function fileItem(
	client: AcronisClient<IPollFunctions>,
	report: IDataObject,
	reportId: string,
	file: StoredFile,
	settings: TriggerSettings,
): Promise<INodeExecutionData> {
	if (file.status === 'failed') {
		return { json: { ...failedFileJson(client, reportId, file, 0), report } };
	}
	if (!settings.download) {
		return {
			json: {
				...storedFileJson(client.node, file, reportId),
				file_name: reportFileName(report, file),
				report,
			},
		};
	}
	const { json, binary } = await downloadStoredFile(
		client,
		report,
		file,
		settings.binaryPropertyName,
		0,
	);
	return { json: { ...json, report }, binary };
}

/**
 * "Fetch Test Event" before any file is saved: what there is, and what makes a file, instead of
 * n8n's bare "no data found".
 */
function nothingToShow(client: AcronisClient<IPollFunctions>, reports: number): NodeOperationError {
	const make =
		'A file comes when a report with Result Action "Save for Download" is generated: Generate and Download (or Create, Save for Download) makes one now; a monthly report saves one at the turn of each month.';
	const message =
		reports === 0
			? 'There is no usage report to watch yet'
			: `None of the ${reports} report${reports === 1 ? '' : 's'} watched has a saved file yet`;
	return new NodeOperationError(client.node, message, {
		description: `${make} Once there is one, Fetch Test Event shows it; the active workflow starts on each new file.`,
	});
}

function isGenerated(file: StoredFile): boolean {
	return file.status === 'saved' || file.status === 'failed';
}

function oldestFirst(files: ListedFile[]): ListedFile[] {
	const time = ({ file }: ListedFile) => Date.parse(file.created_at) || 0;
	return [...files].sort((a, b) => time(a) - time(b));
}

/** n8n 2.x says how long a poll may take; n8n 1.x has no such method. */
function pollBudgetMs(ctx: IPollFunctions): number {
	const { getPollBudgetMs } = ctx as Partial<{ getPollBudgetMs(): number }>;
	return typeof getPollBudgetMs === 'function' ? getPollBudgetMs.call(ctx) : DEFAULT_POLL_BUDGET_MS;
}

function sameIds(before: string[] | undefined, after: string[]): boolean {
	return before?.length === after.length && before.every((id, index) => id === after[index]);
}
