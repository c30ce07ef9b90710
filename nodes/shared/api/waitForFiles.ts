import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { formatDate, today } from '../dates';
import type { AcronisClient } from '../transport/client';
import type { StoredFile } from './storedFiles';
import { listStoredFiles, storedFileJson } from './storedFiles';

export interface FilesWanted {
	/** 0 takes one look: the files must be generated already. */
	timeoutSeconds: number;
	/** One file of the report; every file when not given. */
	fileId?: string;
	/** The formats a report was just created with: each must have its file. */
	formats?: string[];
}

/** A report's generated files: the saved ones, and those the data center failed to make. */
export interface GeneratedFiles {
	saved: StoredFile[];
	failed: StoredFile[];
}

/**
 * The report's files once none of the wanted ones is still being generated, polling until then:
 * generation "in most cases takes 1-2 minutes", the API documentation says, and it recommends
 * polling. A report that has no file and none on its way fails at once, saying what it waits
 * for. A failed file does not stop the wait for the others; the item fails only when nothing
 * was saved (or the one file asked for failed).
 */
export async function waitForGeneratedFiles(
	client: AcronisClient,
	report: IDataObject,
	{ timeoutSeconds, fileId, formats }: FilesWanted,
	itemIndex: number,
): Promise<GeneratedFiles> {
	const reportId = String(report.id);
	const fail = (message: string, description: string): never => {
		throw new NodeOperationError(client.node, message, { itemIndex, description });
	};
	const deadline = Date.now() + timeoutSeconds * 1000;
	// Looks at 0, 2, 6, 14 s, then every 10 s: a file saved after 2 minutes is seen within
	// 10 s, by the 15th look.
	let pause = 2000;
	for (;;) {
		const listed = await listStoredFiles(client, reportId, itemIndex);
		const notComing = listed.length === 0 ? noFileComing(report) : undefined;
		if (notComing) fail(notComing.message, notComing.description);
		const files = fileId === undefined ? listed : listed.filter((file) => file.id === fileId);
		// Files are listed as soon as generation starts: an id not listed will not appear.
		if (fileId !== undefined && files.length === 0) {
			fail(
				`Report ${reportId} has no stored file ${fileId}`,
				'Use an id from the List Files operation of the same report.',
			);
		}
		const inProgress = files.filter((file) => file.status !== 'saved' && file.status !== 'failed');
		const missingFormat = formats?.some(
			(format) => !files.some((file) => file.report_format === format),
		);
		if (files.length > 0 && inProgress.length === 0 && !missingFormat) {
			const generated = {
				saved: files.filter((file) => file.status === 'saved'),
				failed: files.filter((file) => file.status === 'failed'),
			};
			if (generated.saved.length === 0)
				throw failedFileError(client, reportId, generated.failed[0], itemIndex);
			return generated;
		}
		if (timeoutSeconds === 0) {
			const notSaved = inProgress[0];
			fail(
				notSaved === undefined
					? `Report ${reportId} has no stored files`
					: `The ${notSaved.report_format} file of report ${reportId} is ${notSaved.status}, not saved`,
				'Set "Wait Timeout (Seconds)" above 0 to wait for the data center to finish generating it.',
			);
		}
		if (Date.now() >= deadline) {
			const progress =
				files.length === 0
					? 'no stored files yet'
					: files.map((file) => `${file.report_format} ${file.status}`).join(', ');
			fail(
				`The report file was not ready within ${timeoutSeconds} second${timeoutSeconds === 1 ? '' : 's'}`,
				`Report ${reportId}: ${progress}. Generation usually takes 1-2 minutes; raise "Wait Timeout (Seconds)" or try again later.`,
			);
		}
		// The last look is at the deadline itself.
		await sleep(Math.min(pause, deadline - Date.now()));
		pause = Math.min(pause * 2, 10000);
	}
}

/**
 * Why a report that has no file will not have one soon: sent by email, disabled, or due later
 * (a monthly report before its first run, a one-time report dated later). Undefined when a
 * file may be on its way.
 */
export function noFileComing(
	report: IDataObject,
	todayAtDataCenter = formatDate(today('UTC')),
): { message: string; description: string } | undefined {
	const id = String(report.id);
	const schedule = (report.schedule ?? {}) as IDataObject;
	const due = typeof report.generation_date === 'string' ? report.generation_date : '';
	const now = 'Generate and Download makes a report now.';
	if (report.result_action === 'send') {
		return {
			message: `Report ${id} is sent by email: the data center keeps no files of it`,
			description: `Reports with Result Action "Save for Download" keep their files. ${now}`,
		};
	}
	if (schedule.enabled === false) {
		return {
			message: `Report ${id} is disabled and has no files`,
			description: `Enable it to have it generated. ${now}`,
		};
	}
	if (due <= todayAtDataCenter) return undefined;
	return schedule.type === 'monthly'
		? {
				message: `Monthly report ${id} has no file yet: its first file is due on ${due}`,
				description: `Acronis makes monthly reports at the turn of the month (UTC). Download its file from that day on. ${now}`,
			}
		: {
				message: `One-time report ${id} has no file yet: it is due on ${due}`,
				description: `Download its file from that day on. ${now}`,
			};
}

/** The error of a file the data center failed to generate: the report's other files are fine. */
export function failedFileError(
	client: AcronisClient,
	reportId: string,
	file: StoredFile,
	itemIndex: number,
): NodeOperationError {
	return new NodeOperationError(
		client.node,
		`The data center failed to generate the ${file.report_format} file of report ${reportId}`,
		{
			itemIndex,
			description: `Stored file ${file.id}, created ${file.created_at}, has status "failed" and no content; the report's other files are not affected. To get it, generate the report again.`,
		},
	);
}

/** The item of a failed file where it does not stop the node: the file, and what happened. */
export function failedFileJson(
	client: AcronisClient,
	reportId: string,
	file: StoredFile,
	itemIndex: number,
): IDataObject {
	const { message, description } = failedFileError(client, reportId, file, itemIndex);
	return { ...storedFileJson(client.node, file, reportId), error: message, description };
}
