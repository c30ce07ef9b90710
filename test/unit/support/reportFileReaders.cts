/**
 * The package's report-file readers driven over a stream, in the forms the unit tests read them:
 * one record or value at a time, or the batches each chunk completes. The package itself drives
 * them through `csvRecordBatchesAs` and `readBatches` alone.
 */
import type { CsvOptions } from '../../../nodes/shared/reportFiles/csv';
import { CsvParser } from '../../../nodes/shared/reportFiles/csv';
import { csvRecordBatchesAs, setOwn } from '../../../nodes/shared/reportFiles/csvHeader';
import type { JsonStreamItem, JsonStreamOptions } from '../../../nodes/shared/reportFiles/json';
import { JsonStreamReader } from '../../../nodes/shared/reportFiles/json';
import type { TextSource } from '../../../nodes/shared/reportFiles/text';
import { readBatches } from '../../../nodes/shared/reportFiles/text';

/** The records of a CSV file, each an array of its fields, header included. */
export async function* parseCsv(
	source: TextSource,
	options?: CsvOptions,
): AsyncGenerator<string[], void, undefined> {
	for await (const records of parseCsvBatches(source, options)) {
		for (const record of records) yield record;
	}
}

/** The records of a CSV file in batches: those each chunk of the source completes. */
export function parseCsvBatches(
	source: TextSource,
	options?: CsvOptions,
): AsyncGenerator<string[][], void, undefined> {
	return readBatches(source, new CsvParser(options));
}

/**
 * The records after the header, each as an object keyed by the header's column names. Every record
 * must have as many fields as the header.
 */
export async function* csvRecords(
	source: TextSource,
	options?: Omit<CsvOptions, 'sameColumnCount'>,
): AsyncGenerator<Record<string, string>, void, undefined> {
	for await (const records of csvRecordBatches(source, options)) {
		for (const record of records) yield record;
	}
}

/** `csvRecords` in batches, as `parseCsvBatches`. */
export function csvRecordBatches(
	source: TextSource,
	options?: Omit<CsvOptions, 'sameColumnCount'>,
): AsyncGenerator<Array<Record<string, string>>, void, undefined> {
	return csvRecordBatchesAs(source, keyedRecord, options);
}

/** Turns a record into an object keyed by the header's column names. */
function keyedRecord(header: string[]): (fields: string[]) => Record<string, string> {
	const protoColumn = header.indexOf('__proto__');
	return (fields) => {
		const record: Record<string, string> = {};
		for (let index = 0; index < header.length; index++) {
			if (index === protoColumn) setOwn(record, header[index], fields[index]);
			else record[header[index]] = fields[index];
		}
		return record;
	};
}

/**
 * The members of a JSON object, one at a time, and the elements of the arrays named in
 * `options.arrays` one at a time instead of whole.
 */
export async function* streamJson(
	source: TextSource,
	options: JsonStreamOptions,
): AsyncGenerator<JsonStreamItem, void, undefined> {
	for await (const items of readBatches(source, new JsonStreamReader(options))) {
		for (const item of items) yield item;
	}
}
