/**
 * A CSV file read as a table: the first record is the header, which names the columns, and each
 * record after it must have as many fields. The caller makes its records from the header once
 * and from each record's fields after.
 */
import type { CsvOptions } from './csv';
import { CsvParser } from './csv';
import type { TextSource } from './text';
import { readBatches } from './text';

/** The records after the header in batches, each made by what `makeRecord` makes of the header. */
export async function* csvRecordBatchesAs<T>(
	source: TextSource,
	makeRecord: (header: string[]) => (fields: string[]) => T,
	options?: Omit<CsvOptions, 'sameColumnCount'>,
): AsyncGenerator<T[], void, undefined> {
	let toRecord: ((fields: string[]) => T) | undefined;
	const parser = new CsvParser({ ...options, sameColumnCount: true });
	for await (const records of readBatches(source, parser)) {
		let first = 0;
		if (toRecord === undefined) {
			checkHeader(records[0]);
			toRecord = makeRecord(records[0]);
			first = 1;
		}
		const made: T[] = new Array(records.length - first);
		for (let index = first; index < records.length; index++) {
			made[index - first] = toRecord(records[index]);
		}
		if (made.length > 0) yield made;
	}
}

function checkHeader(header: string[]): void {
	const seen = new Set<string>();
	for (const name of header) {
		if (seen.has(name)) {
			throw new Error(
				`CSV header: column ${JSON.stringify(name)} appears twice; each column needs its own name`,
			);
		}
		seen.add(name);
	}
}

/**
 * Sets an own property, also one named `__proto__` (assigning that would set the prototype): for
 * objects keyed by the names a header gives.
 */
export function setOwn(object: object, name: string, value: unknown): void {
	Object.defineProperty(object, name, {
		value,
		enumerable: true,
		writable: true,
		configurable: true,
	});
}
