/**
 * The reports the simulator holds and their stored files. Stored file status is worked out from
 * timestamps when asked (no timers), and a one-time report whose generation date arrives is
 * generated the next time it is looked at.
 */
import { randomUUID } from 'node:crypto';

import type { Principal } from './auth.cjs';
import { isoSeconds, nextMonthlyGeneration } from './dates.cjs';
import type { Directory } from './directory.cjs';
import { ApiError, CODE_VERSION_MISMATCH, invalid, notFound, ruleBroken } from './errors.cjs';
import { type FileSource, type Padding, compressedSize } from './storedFiles.cjs';
import type {
	ReportBody,
	ReportFileOptions,
	ReportFormat,
	StoredItem,
	StoredReportState,
} from './types.cjs';
import { type ContentSpec, coveredPeriod } from './usageData.cjs';
import { type CreateRequest, type UpdateRequest, isUuid } from './validation.cjs';

export interface StoredFile {
	id: string;
	format: ReportFormat;
	createdAt: number;
	spec: ContentSpec;
	/** Generation ends `failed` instead of `saved` (the failedFiles fault). */
	failed: boolean;
	/** How the file is written: the simulator's report file options when it was generated. */
	layout: ReportFileOptions;
	/** Compressed size, known once computed. */
	size?: number;
	sizing?: Promise<number>;
}

interface ReportRecord {
	body: ReportBody;
	createdByTenantId: string;
	createdAt: number;
	/** A one-time report has run (files made, or e-mail "sent"). */
	generated: boolean;
	files: StoredFile[];
}

export interface ReportStoreConfig {
	fileDelayMs: number;
	padding: Padding;
	directory: Directory;
	today: () => string;
	reportFiles: () => ReportFileOptions;
	/** Whether a file of this format generated now fails (the failedFiles fault). */
	fileFails: (format: ReportFormat) => boolean;
}

export class ReportStore {
	private readonly records = new Map<string, ReportRecord>();
	/** Aborts size computations still running when the simulator closes. */
	private aborter = new AbortController();

	constructor(private readonly config: ReportStoreConfig) {}

	create(input: CreateRequest, principal: Principal): ReportBody {
		const today = this.config.today();
		const generationDate =
			input.generation_date ??
			(input.schedule.type === 'monthly' ? nextMonthlyGeneration(today) : today);
		// A one-time report says the period it covers, as in Acronis's sample answer (a
		// usage_current report created without one).
		const parameters =
			input.schedule.type === 'once' && input.parameters.period === undefined
				? { ...input.parameters, period: coveredPeriod(input.parameters, 'once', generationDate) }
				: input.parameters;
		const body: ReportBody = {
			id: randomUUID(),
			version: 1,
			generation_date: generationDate,
			...(input.result_action === 'send' ? { recipients: input.recipients } : {}),
			result_action: input.result_action,
			parameters,
			schedule: input.schedule,
		};
		const record: ReportRecord = {
			body,
			createdByTenantId: principal.tenantId,
			createdAt: Date.now(),
			generated: false,
			files: [],
		};
		this.records.set(body.id, record);
		this.runIfDue(record);
		return clone(body);
	}

	get(id: string, principal: Principal): ReportBody {
		return clone(this.find(id, principal).body);
	}

	update(id: string, update: UpdateRequest, principal: Principal): ReportBody {
		const record = this.find(id, principal);
		if (!this.isScheduled(record)) {
			const onlySchedule = Object.keys(update).length === 1 && update.schedule !== undefined;
			throw ruleBroken(
				onlySchedule
					? 'Only scheduled reports can be enabled or disabled'
					: 'Only scheduled reports can be updated',
				{ info: 'This one-time report has already been generated', id },
			);
		}
		const { body } = record;
		if (update.recipients !== undefined) {
			if (body.result_action !== 'send') {
				throw invalid(
					'recipients',
					'recipients can only be set on reports sent by email (result_action "send")',
				);
			}
			body.recipients = update.recipients;
		}
		if (update.parameters) Object.assign(body.parameters, update.parameters);
		if (update.schedule) body.schedule.enabled = update.schedule.enabled;
		body.version += 1;
		this.runIfDue(record); // a re-enabled one-time report may be due already
		return clone(body);
	}

	remove(id: string, version: string | undefined, principal: Principal): void {
		const record = this.find(id, principal);
		if (version === undefined || version === '') {
			throw invalid(
				'version',
				'The version query parameter is required: DELETE /reports/{id}?version=N',
			);
		}
		if (!/^\d+$/.test(version)) {
			throw invalid('version', `version must be an integer (got ${JSON.stringify(version)})`);
		}
		if (Number(version) !== record.body.version) {
			throw new ApiError(409, CODE_VERSION_MISMATCH, 'Version mismatch', {
				info: `The report is at version ${record.body.version}, the request gave version ${version}`,
				field: 'version',
				current_version: record.body.version,
			});
		}
		this.records.delete(id);
	}

	/** Ids of the reports about `tenantId`, oldest first. */
	idsForTenant(tenantId: string): string[] {
		return [...this.records.values()]
			.filter((r) => r.body.parameters.tenant_id === tenantId)
			.map((r) => r.body.id);
	}

	/** GET /reports/{id}/stored: sizes of saved files are computed (once) before answering. */
	async storedItems(id: string, principal: Principal): Promise<StoredItem[]> {
		const record = this.find(id, principal);
		const now = Date.now();
		const saved = record.files.filter((f) => this.status(f, now) === 'saved');
		await Promise.all(saved.map((f) => this.sizeOf(f)));
		return record.files.map((f) => this.item(f, now));
	}

	/** The stored file to download; 404 if unknown, 409 while it is being generated or failed. */
	storedFile(id: string, storedId: string, principal: Principal): StoredFile {
		const record = this.find(id, principal);
		const file = record.files.find((f) => f.id === storedId);
		if (!file) {
			throw notFound(`Stored report ${storedId} not found for report ${id}`, { id: storedId });
		}
		const status = this.status(file, Date.now());
		if (status === 'in_progress') {
			throw new ApiError(
				409,
				409,
				'The stored report is not ready yet: its status is in_progress; poll GET /reports/{report_id}/stored until it is saved',
				{ id: storedId, status },
			);
		}
		if (status === 'failed') {
			throw new ApiError(409, 409, 'The stored report failed to generate: it has no content', {
				id: storedId,
				status,
			});
		}
		return file;
	}

	/** A new set of stored files now, one per format (the test hook for monthly runs). */
	generate(id: string): void {
		const record = this.records.get(id);
		if (!record) throw new Error(`No report ${id}`);
		if (record.body.result_action !== 'save') {
			throw new Error(
				`Report ${id} is sent by email (result_action "send"); it has no stored files`,
			);
		}
		this.run(record);
	}

	/** What a stored file's content is made from, for any principal (the test hooks). */
	sourceById(reportId: string, storedId: string): FileSource {
		const file = this.records.get(reportId)?.files.find((f) => f.id === storedId);
		if (!file) throw new Error(`No stored file ${storedId} in report ${reportId}`);
		return this.source(file);
	}

	source(file: StoredFile): FileSource {
		const { directory, padding } = this.config;
		return { spec: file.spec, format: file.format, directory, padding, layout: file.layout };
	}

	snapshot(): StoredReportState[] {
		const now = Date.now();
		return [...this.records.values()].map((record) => {
			this.runIfDue(record);
			return {
				report: clone(record.body),
				createdByTenantId: record.createdByTenantId,
				scheduled: this.isScheduled(record),
				stored: record.files.map((f) => this.item(f, now)),
				createdAt: record.createdAt,
			};
		});
	}

	clear(): void {
		this.records.clear();
		this.abortSizing();
	}

	abortSizing(): void {
		this.aborter.abort();
		this.aborter = new AbortController();
	}

	private find(id: string, principal: Principal): ReportRecord {
		const record = isUuid(id) ? this.records.get(id) : undefined;
		const { directory } = this.config;
		if (!record || !directory.isInScope(principal.tenantId, record.body.parameters.tenant_id)) {
			throw notFound(`Report ${id} not found`, { id });
		}
		this.runIfDue(record);
		return record;
	}

	/** Monthly reports, and one-time reports not generated yet, can be updated and switched. */
	private isScheduled(record: ReportRecord): boolean {
		return record.body.schedule.type === 'monthly' || !record.generated;
	}

	private runIfDue(record: ReportRecord): void {
		const { body } = record;
		if (body.schedule.type !== 'once' || record.generated) return;
		if (!body.schedule.enabled) return;
		if (body.generation_date <= this.config.today()) this.run(record);
	}

	private run(record: ReportRecord): void {
		record.generated = true;
		if (record.body.result_action !== 'save') return;
		const today = this.config.today();
		const { parameters, schedule } = record.body;
		const spec: ContentSpec = {
			parameters: clone(parameters),
			period: coveredPeriod(parameters, schedule.type, today),
			generatedOn: today,
		};
		const createdAt = Date.now();
		const layout = { ...this.config.reportFiles() };
		for (const format of parameters.formats) {
			const failed = this.config.fileFails(format);
			record.files.push({ id: randomUUID(), format, createdAt, spec, failed, layout });
		}
	}

	private status(file: StoredFile, now: number): StoredItem['status'] {
		if (now - file.createdAt < this.config.fileDelayMs) return 'in_progress';
		return file.failed ? 'failed' : 'saved';
	}

	private sizeOf(file: StoredFile): Promise<number> {
		file.sizing ??= compressedSize(this.source(file), this.aborter.signal).then(
			(size) => (file.size = size),
			(error: unknown) => {
				file.sizing = undefined;
				throw error;
			},
		);
		return file.sizing;
	}

	private item(file: StoredFile, now: number): StoredItem {
		const status = this.status(file, now);
		return {
			id: file.id,
			report_format: file.format,
			size: status === 'saved' ? (file.size ?? 0) : 0,
			// The simulator's day at the real time of day: what a monthly file covers follows.
			created_at: `${file.spec.generatedOn}${isoSeconds(file.createdAt).slice(10)}`,
			status,
		};
	}
}

function clone<T>(value: T): T {
	return structuredClone(value);
}
