import type { IDataObject, INodeExecutionData, IPollFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { readBinaryPropertyName } from '../AcronisUsageReport/actions/report/common.descriptions';
import { mapConcurrently } from '../AcronisUsageReport/helpers/concurrency';
import {
	toBoolean,
	toNonEmptyUuidList,
	toOneOf,
	toOptionalUuid,
} from '../AcronisUsageReport/helpers/validation';
import { isNotFound } from '../AcronisUsageReport/transport';
import {
	findReport,
	listTenantReportIds,
	REPORT_CONCURRENCY,
} from '../AcronisUsageReport/transport/reports';
import type { StoredFile } from '../AcronisUsageReport/transport/storedFiles';
import {
	downloadStoredFile,
	listStoredFiles,
	reportFileName,
} from '../AcronisUsageReport/transport/storedFiles';
import { createOperationContext } from '../AcronisUsageReport/transport/tenant';

/** n8n-core's own limit for a poll, for n8n versions that do not say. */
const DEFAULT_POLL_BUDGET_MS = 5 * 60 * 1000;

/** What the trigger keeps in the workflow's static data between polls. */
export interface TriggerState {
	/** Saved files already emitted, or already there when watching began; only files still listed. */
	seenFileIds?: string[];
	/** What the ids were taken from, "tenant:<id>" or "reports:<ids>": a change starts over. */
	watching?: string;
}

interface Settings {
	/** The reports entered by the user; undefined watches every report of `tenantId`. */
	reportIds?: string[];
	/** undefined: the credential's tenant. */
	tenantId?: string;
	download: boolean;
	binaryPropertyName: string;
	includeExisting: boolean;
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
	const started = Date.now();
	const settings = readSettings(ctx);
	const { watching, reportIds } = await watchedReports(ctx, settings);
	const listed = await listFiles(ctx, reportIds, settings.reportIds === undefined);
	const saved = oldestFirst(listed.filter(({ file }) => file.status === 'saved'));

	if (ctx.getMode() === 'manual') {
		const newest = saved.slice(-1);
		const { items } = await buildItems(ctx, newest, settings, started);
		return items.length > 0 ? [items] : null;
	}

	const state = ctx.getWorkflowStaticData('node') as TriggerState;
	const starting = state.seenFileIds === undefined || state.watching !== watching;
	const seen = new Set(starting ? [] : state.seenFileIds);
	const fresh = saved.filter(({ file }) => !seen.has(file.id));
	const quiet = starting && !settings.includeExisting;
	const { items, emittedIds } = quiet
		? { items: [], emittedIds: [] }
		: await buildItems(ctx, fresh, settings, started);

	// A file not saved yet is left out, so it counts as new once it is; ids of files no longer
	// listed are dropped, which keeps the state as small as the reports' own lists.
	const remembered = new Set([
		...seen,
		...emittedIds,
		...(quiet ? fresh.map(({ file }) => file.id) : []),
	]);
	const seenFileIds = listed.map(({ file }) => file.id).filter((id) => remembered.has(id));
	// Assigned only when changed: n8n saves the workflow's static data when it was written to.
	if (state.watching !== watching) state.watching = watching;
	if (!sameIds(state.seenFileIds, seenFileIds)) state.seenFileIds = seenFileIds;

	return items.length > 0 ? [items] : null;
}

/** Every parameter, checked before the first request. */
function readSettings(ctx: IPollFunctions): Settings {
	const node = ctx.getNode();
	const reports = toOneOf(node, 0, 'Reports', ctx.getNodeParameter('reports', 'all'), [
		'all',
		'selected',
	] as const);
	let reportIds: string[] | undefined;
	let tenantId: string | undefined;
	if (reports === 'selected') {
		const listed = toNonEmptyUuidList(
			node,
			0,
			'Report IDs',
			ctx.getNodeParameter('reportIds', ''),
			{
				message: 'Report IDs is empty',
				description: 'Enter the UUIDs of the reports to watch.',
			},
		);
		reportIds = [...new Set(listed)];
	} else {
		tenantId = toOptionalUuid(node, 0, 'Tenant ID', ctx.getNodeParameter('tenantId', ''));
	}
	const download = toBoolean(node, 0, 'Download File', ctx.getNodeParameter('download', true));
	const binaryPropertyName = download ? readBinaryPropertyName(ctx, 0) : 'data';
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	return {
		reportIds,
		tenantId,
		download,
		binaryPropertyName,
		includeExisting: toBoolean(node, 0, 'Include Existing Files', options.includeExisting ?? false),
	};
}

async function watchedReports(
	ctx: IPollFunctions,
	settings: Settings,
): Promise<{ watching: string; reportIds: string[] }> {
	if (settings.reportIds !== undefined) {
		return {
			watching: `reports:${[...settings.reportIds].sort().join(',')}`,
			reportIds: settings.reportIds,
		};
	}
	const tenantId = settings.tenantId ?? (await createOperationContext(ctx).credentialTenantId(0));
	return { watching: `tenant:${tenantId}`, reportIds: await listTenantReportIds(ctx, tenantId, 0) };
}

/** The stored files of each report, in the order of the reports and of their lists. */
async function listFiles(
	ctx: IPollFunctions,
	reportIds: string[],
	fromTenantListing: boolean,
): Promise<ListedFile[]> {
	const lists = await mapConcurrently(reportIds, REPORT_CONCURRENCY, async (reportId) => {
		try {
			const files = await listStoredFiles(ctx, reportId, 0);
			return files.map((file) => ({ reportId, file }));
		} catch (error) {
			if (!isNotFound(error)) throw new NodeApiError(ctx.getNode(), error as JsonObject);
			// Deleted since the tenant's reports were listed: nothing left to watch.
			if (fromTenantListing) return [];
			throw new NodeOperationError(ctx.getNode(), `Report ${reportId} was not found`, {
				description:
					'It was deleted, or the credential cannot see it. Remove it from "Report IDs".',
			});
		}
	});
	return lists.flat();
}

/**
 * The files' items, in the given order. Downloading stops once half of the time n8n gives the
 * poll has passed (a large file can take a while): the rest stay new and follow next poll.
 */
async function buildItems(
	ctx: IPollFunctions,
	files: ListedFile[],
	settings: Settings,
	started: number,
): Promise<{ items: INodeExecutionData[]; emittedIds: string[] }> {
	const reportIds = [...new Set(files.map(({ reportId }) => reportId))];
	const reports = new Map(
		await mapConcurrently(
			reportIds,
			REPORT_CONCURRENCY,
			async (reportId) => [reportId, await findReport(ctx, reportId, 0)] as const,
		),
	);
	const budgetMs = pollBudgetMs(ctx) / 2;
	const items: INodeExecutionData[] = [];
	const emittedIds: string[] = [];
	for (const { reportId, file } of files) {
		const report = reports.get(reportId);
		// Deleted since its files were listed: the files went with it.
		if (report === undefined) continue;
		if (settings.download && items.length > 0 && Date.now() - started > budgetMs) break;
		items.push(await fileItem(ctx, report, reportId, file, settings));
		emittedIds.push(file.id);
	}
	return { items, emittedIds };
}

/** The stored file, its report and, when downloading, the file itself. */
async function fileItem(
	ctx: IPollFunctions,
	report: IDataObject,
	reportId: string,
	file: StoredFile,
	settings: Settings,
): Promise<INodeExecutionData> {
	if (!settings.download) {
		return {
			json: { ...file, report_id: reportId, file_name: reportFileName(report, file), report },
		};
	}
	const { json, binary } = await downloadStoredFile(
		ctx,
		report,
		file,
		settings.binaryPropertyName,
		0,
	);
	return { json: { ...json, report }, binary };
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
