/**
 * A streaming CSV reader for report files: bytes (or text) in, one record at a time out. It holds
 * the current chunk and the record being read, never the whole file. `parseCsv` gives arrays of
 * fields, `csvRecords` objects keyed by the header; their `...Batches` forms give the records of
 * each chunk at once, `csvRecordBatchesAs` records made by the caller from the header, and
 * `CsvParser` is the reader itself for callers that feed it.
 *
 * Format (RFC 4180, with the deviations real files have):
 * - Fields are separated by a comma (or `delimiter`); records end with CRLF or LF. The last record
 *   may lack a final line break. A lone CR inside an unquoted field is data; CR-only line breaks
 *   (classic Mac) are not supported.
 * - A field in double quotes may hold commas, CR, LF and quotes, a quote written twice (`""`).
 * - A UTF-8 byte order mark at the very start is dropped. The bytes must be valid UTF-8.
 * - An empty line (no character, or only CR) is skipped: files often end with one. A record of one
 *   empty field is therefore written `""`, as conformant writers do.
 * - Empty fields are empty strings; nothing is trimmed or converted.
 *
 * Deviations are errors, not guesses, since the rows become billing data: a quote inside an
 * unquoted field, a character other than a delimiter or line break after a closing quote, a quote
 * left open at the end of the input, a record with another number of fields than the header
 * (`sameColumnCount`, always on for `csvRecords`), and a record longer than `maxRecordSize`. Each
 * error names the line of the file (1-based, counting line breaks inside quoted fields). The
 * records before an error are handed on first, wherever the chunks end.
 */
import type { TextSource } from './textStream';
import { readBatches, Utf8Chunks } from './textStream';

export interface CsvOptions {
	/** One character between fields; `,` unless set. */
	delimiter?: string;
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

export const DEFAULT_MAX_RECORD_SIZE = 64 * 1024 * 1024;

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

const enum State {
	/** Before the first character of a field. */
	FieldStart,
	/** Inside an unquoted field that started in an earlier chunk. */
	Unquoted,
	/** Inside a quoted field. */
	Quoted,
	/** A quote inside a quoted field: either the first of `""` or the closing one. */
	QuoteInQuoted,
	/** After the closing quote and a CR: only LF may follow. */
	ClosedThenCr,
}

/**
 * The parser itself, for callers that feed chunks and take records in batches; `parseCsv` and
 * `csvRecords` drive it from a stream.
 */
export class CsvParser {
	private readonly delimiter: string;
	private readonly delimiterCode: number;
	private readonly maxRecordSize: number;
	private readonly sameColumnCount: boolean;
	private readonly chunks = new Utf8Chunks(() => `CSV line ${this.line}`);

	private state = State.FieldStart;
	/** Fields of the current record read so far. */
	private fields: string[] = [];
	/** The current field as far as it is read, when it spans chunks or holds `""`. */
	private partial = '';
	/** Characters of the current record in earlier chunks, for the size limit. */
	private carriedSize = 0;
	/** The line the parser is at, the one the current record began on, and the current quote's. */
	private line = 1;
	private recordLine = 1;
	private quoteLine = 1;
	private columnCount = -1;

	constructor(options: CsvOptions = {}) {
		const delimiter = options.delimiter ?? ',';
		if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
			throw new Error(
				`CSV delimiter ${JSON.stringify(delimiter)} is not allowed: use one character other than a quote or a line break`,
			);
		}
		this.delimiter = delimiter;
		this.delimiterCode = delimiter.charCodeAt(0);
		this.maxRecordSize = options.maxRecordSize ?? DEFAULT_MAX_RECORD_SIZE;
		this.sameColumnCount = options.sameColumnCount ?? false;
	}

	/** Reads one chunk; appends the records it completes to `records` and returns that. */
	push(chunk: Uint8Array | string, records: string[][] = []): string[][] {
		const text = this.chunks.text(chunk);
		if (text.length > 0) this.scan(text, records);
		return records;
	}

	/** The end of the input: appends the last record if it lacked a line break. */
	end(records: string[][] = []): string[][] {
		this.chunks.end();
		switch (this.state) {
			case State.Quoted:
				throw this.error(
					'the quote opening a field here is not closed by the end of the file',
					this.quoteLine,
				);
			case State.Unquoted:
				this.endRecord(stripCr(this.partial), false, this.carriedSize, records);
				break;
			case State.QuoteInQuoted:
			case State.ClosedThenCr:
				this.endRecord(this.partial, true, this.carriedSize, records);
				break;
			case State.FieldStart:
				// After a trailing delimiter the record has one more, empty, field.
				if (this.fields.length > 0) this.endRecord('', false, this.carriedSize, records);
				break;
		}
		this.partial = '';
		this.state = State.FieldStart;
		return records;
	}

	/**
	 * The scanner. Delimiters, line feeds and quotes are found with indexOf, each search done at
	 * most once per chunk position (the next hit is kept until passed), and fields are slices of
	 * the chunk: no per-character work in JavaScript.
	 */
	private scan(text: string, records: string[][]): void {
		const length = text.length;
		const delimiter = this.delimiter;
		let position = 0;
		let recordStart = 0;
		// The next delimiter, LF and quote at or after `position`; -1: none left in this chunk.
		let nextDelimiter = -2;
		let nextLf = -2;
		let nextQuote = -2;
		while (position < length) {
			switch (this.state) {
				case State.FieldStart:
				case State.Unquoted: {
					if (this.state === State.FieldStart && text.charCodeAt(position) === QUOTE) {
						this.state = State.Quoted;
						this.quoteLine = this.line;
						position++;
						break;
					}
					if (nextLf !== -1 && nextLf < position) nextLf = text.indexOf('\n', position);
					if (nextQuote !== -1 && nextQuote < position) nextQuote = text.indexOf('"', position);
					const lineEnd = nextLf === -1 ? length : nextLf;
					let carried = this.state === State.Unquoted ? this.partial : '';
					this.partial = '';
					this.state = State.FieldStart;
					const fields = this.fields;
					// The unquoted fields up to the end of the line, a quoted field or the chunk's end.
					for (;;) {
						if (nextDelimiter !== -1 && nextDelimiter < position) {
							nextDelimiter = text.indexOf(delimiter, position);
						}
						const end = nextDelimiter !== -1 && nextDelimiter < lineEnd ? nextDelimiter : lineEnd;
						if (nextQuote !== -1 && nextQuote < end) {
							throw this.error(
								'a quote inside an unquoted field; a field with quotes must be quoted whole, its quotes doubled ("")',
								this.line,
							);
						}
						let value = text.slice(position, end);
						if (carried.length > 0) {
							value = carried + value;
							carried = '';
						}
						if (end === length) {
							// The field goes on in the next chunk.
							this.partial = value;
							this.state = State.Unquoted;
							position = length;
							break;
						}
						position = end + 1;
						if (end === nextLf) {
							this.endRecord(stripCr(value), false, this.carriedSize + end - recordStart, records);
							this.line++;
							recordStart = position;
							break;
						}
						fields.push(value);
						if (text.charCodeAt(position) === QUOTE || position === length) break;
					}
					break;
				}
				case State.Quoted: {
					if (nextQuote !== -1 && nextQuote < position) nextQuote = text.indexOf('"', position);
					const end = nextQuote === -1 ? length : nextQuote;
					const piece = text.slice(position, end);
					this.line += countLineFeeds(piece);
					this.partial = this.partial.length === 0 ? piece : this.partial + piece;
					if (end === length) {
						position = length;
					} else {
						this.state = State.QuoteInQuoted;
						position = end + 1;
					}
					break;
				}
				case State.QuoteInQuoted: {
					const code = text.charCodeAt(position);
					if (code === QUOTE) {
						this.partial += '"';
						this.state = State.Quoted;
					} else if (code === this.delimiterCode) {
						this.fields.push(this.partial);
						this.partial = '';
						this.state = State.FieldStart;
					} else if (code === LF) {
						this.endQuotedRecord(this.carriedSize + position - recordStart, records);
						recordStart = position + 1;
					} else if (code === CR) {
						this.state = State.ClosedThenCr;
					} else {
						throw this.unexpectedAfterQuote(text, position);
					}
					position++;
					break;
				}
				case State.ClosedThenCr: {
					if (text.charCodeAt(position) !== LF) throw this.unexpectedAfterQuote(text, position);
					this.endQuotedRecord(this.carriedSize + position - recordStart, records);
					position++;
					recordStart = position;
					break;
				}
			}
		}
		this.carriedSize += length - recordStart;
		this.checkSize(this.carriedSize, this.recordLine);
	}

	private endQuotedRecord(size: number, records: string[][]): void {
		this.endRecord(this.partial, true, size, records);
		this.partial = '';
		this.state = State.FieldStart;
		this.line++;
	}

	/** Ends the record with its last field; `size`: its characters as written, for the limit. */
	private endRecord(lastValue: string, quoted: boolean, size: number, records: string[][]): void {
		const fields = this.fields;
		const line = this.recordLine;
		this.fields = [];
		this.carriedSize = 0;
		// The line break ending this record is counted after this.
		this.recordLine = this.line + 1;
		if (fields.length === 0 && lastValue.length === 0 && !quoted) return;
		this.checkSize(size, line);
		fields.push(lastValue);
		if (this.sameColumnCount) {
			if (this.columnCount === -1) {
				this.columnCount = fields.length;
			} else if (fields.length !== this.columnCount) {
				throw this.error(
					`${fields.length} field${fields.length === 1 ? '' : 's'} where the header has ${this.columnCount}`,
					line,
				);
			}
		}
		records.push(fields);
	}

	private checkSize(size: number, line: number): void {
		if (size > this.maxRecordSize) {
			throw this.error(
				`the record is longer than ${this.maxRecordSize} characters (maxRecordSize); is a quote left open?`,
				line,
			);
		}
	}

	private unexpectedAfterQuote(text: string, position: number): Error {
		return this.error(
			`${JSON.stringify(text.charAt(position))} after the closing quote of a field; only a delimiter or a line break may follow it`,
			this.line,
		);
	}

	private error(message: string, line: number): Error {
		return new Error(`CSV line ${line}: ${message}`);
	}
}

/** The records of a CSV file, each an array of its fields, header included. */
export async function* parseCsv(
	source: TextSource,
	options?: CsvOptions,
): AsyncGenerator<string[], void, undefined> {
	for await (const records of parseCsvBatches(source, options)) {
		for (const record of records) yield record;
	}
}

/**
 * The records of a CSV file in batches: those each chunk of the source completes. For callers
 * that handle many records at once, this saves an await per record.
 */
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

/** The records after the header in batches, each made by what `makeRecord` makes of the header. */
export async function* csvRecordBatchesAs<T>(
	source: TextSource,
	makeRecord: (header: string[]) => (fields: string[]) => T,
	options?: Omit<CsvOptions, 'sameColumnCount'>,
): AsyncGenerator<T[], void, undefined> {
	let toRecord: ((fields: string[]) => T) | undefined;
	for await (const records of parseCsvBatches(source, { ...options, sameColumnCount: true })) {
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

/** Sets an own property, also one named `__proto__` (assigning that would set the prototype). */
export function setOwn(object: object, name: string, value: unknown): void {
	Object.defineProperty(object, name, {
		value,
		enumerable: true,
		writable: true,
		configurable: true,
	});
}

function stripCr(value: string): string {
	return value.charCodeAt(value.length - 1) === CR ? value.slice(0, -1) : value;
}

function countLineFeeds(text: string): number {
	let count = 0;
	for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
	return count;
}
