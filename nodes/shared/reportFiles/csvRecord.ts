/**
 * The records of a CSV file as the parser (csv.ts) finds their fields: each record's checks (the
 * size limit, the header's number of fields) before it is handed on, and the errors' form.
 */

/** What the parser checks of each whole record. */
export interface CsvRecordChecks {
	/**
	 * The most characters one record may hold, all its fields together; 64 Mi unless set. It stops
	 * a file with a quote left open from reading the rest of the file into one field, and fails
	 * with this parser's message well below JavaScript's own string limit (about 512 Mi
	 * characters), while leaving room for fields of many megabytes: a usage report's records are
	 * a few hundred characters.
	 */
	maxRecordSize?: number;
	/** Every record must have as many fields as the first one (the header). */
	sameColumnCount?: boolean;
}

const DEFAULT_MAX_RECORD_SIZE = 64 * 1024 * 1024;

/**
 * The record the parser is reading, from its first field to its end: the fields found so far, the
 * line it began on and its characters in earlier chunks. An empty line is no record.
 */
export class CsvRecordBuilder {
	/** The fields of the current record read so far: the parser appends to this array. */
	fields: string[] = [];
	/** The line the current record began on. */
	private line = 1;
	/** Characters of the current record in earlier chunks, for the size limit. */
	private carriedSize = 0;
	private columnCount = -1;
	private readonly maxRecordSize: number;
	private readonly sameColumnCount: boolean;

	constructor(checks: CsvRecordChecks) {
		this.maxRecordSize = checks.maxRecordSize ?? DEFAULT_MAX_RECORD_SIZE;
		this.sameColumnCount = checks.sameColumnCount ?? false;
	}

	/**
	 * Ends the record with its last field. `size`: its characters as written in the current chunk;
	 * `endLine`: the line it ends on, so the next record begins on the line after.
	 */
	end(
		lastValue: string,
		quoted: boolean,
		size: number,
		endLine: number,
		records: string[][],
	): void {
		const fields = this.fields;
		const line = this.line;
		const recordSize = this.carriedSize + size;
		this.fields = [];
		this.carriedSize = 0;
		this.line = endLine + 1;
		if (fields.length === 0 && lastValue.length === 0 && !quoted) return;
		this.checkSize(recordSize, line);
		fields.push(lastValue);
		if (this.sameColumnCount) {
			if (this.columnCount === -1) {
				this.columnCount = fields.length;
			} else if (fields.length !== this.columnCount) {
				throw csvError(
					`${fields.length} field${fields.length === 1 ? '' : 's'} where the header has ${this.columnCount}`,
					line,
				);
			}
		}
		records.push(fields);
	}

	/** The chunk ends inside the record: its `size` characters in it count toward the limit. */
	carry(size: number): void {
		this.carriedSize += size;
		this.checkSize(this.carriedSize, this.line);
	}

	private checkSize(size: number, line: number): void {
		if (size > this.maxRecordSize) {
			throw csvError(
				`the record is longer than ${this.maxRecordSize} characters (maxRecordSize); is a quote left open?`,
				line,
			);
		}
	}
}

/** Every CSV error names the line of the file it is about. */
export function csvError(message: string, line: number): Error {
	return new Error(`CSV line ${line}: ${message}`);
}
