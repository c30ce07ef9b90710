/**
 * A streaming CSV reader for report files: bytes (or text) in, records out, each an array of its
 * fields. It holds the current chunk and the record being read, never the whole file. `CsvParser`
 * is fed one chunk at a time and gives the records each chunk completes; `readBatches` (text.ts)
 * drives it over a stream, and `csvRecordBatchesAs` (csvHeader.ts) makes records from the header.
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
 * (`sameColumnCount`, always on for `csvRecordBatchesAs`), and a record longer than
 * `maxRecordSize`. Each error names the line of the file (1-based, counting line breaks inside
 * quoted fields). The records before an error are handed on first, wherever the chunks end.
 */
import type { CsvRecordChecks } from './csvRecord';
import { csvError, CsvRecordBuilder } from './csvRecord';
import { Utf8Chunks } from './text';

export interface CsvOptions extends CsvRecordChecks {
	/** One character between fields; `,` unless set. */
	delimiter?: string;
}

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

/** The parser, for callers that feed it chunks and take records in batches. */
export class CsvParser {
	private readonly delimiter: string;
	private readonly delimiterCode: number;
	private readonly record: CsvRecordBuilder;
	private readonly chunks = new Utf8Chunks(() => `CSV line ${this.line}`);

	private state = State.FieldStart;
	/** The current field as far as it is read, when it spans chunks or holds `""`. */
	private partial = '';
	/** The line the parser is at, and the one the current quote opened on. */
	private line = 1;
	private quoteLine = 1;

	constructor(options: CsvOptions = {}) {
		const delimiter = options.delimiter ?? ',';
		if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
			throw new Error(
				`CSV delimiter ${JSON.stringify(delimiter)} is not allowed: use one character other than a quote or a line break`,
			);
		}
		this.delimiter = delimiter;
		this.delimiterCode = delimiter.charCodeAt(0);
		this.record = new CsvRecordBuilder(options);
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
				throw csvError(
					'the quote opening a field here is not closed by the end of the file',
					this.quoteLine,
				);
			case State.Unquoted:
				this.record.end(stripCr(this.partial), false, 0, this.line, records);
				break;
			case State.QuoteInQuoted:
			case State.ClosedThenCr:
				this.record.end(this.partial, true, 0, this.line, records);
				break;
			case State.FieldStart:
				// After a trailing delimiter the record has one more, empty, field.
				if (this.record.fields.length > 0) this.record.end('', false, 0, this.line, records);
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
					const fields = this.record.fields;
					// The unquoted fields up to the end of the line, a quoted field or the chunk's end.
					for (;;) {
						if (nextDelimiter !== -1 && nextDelimiter < position) {
							nextDelimiter = text.indexOf(delimiter, position);
						}
						const end = nextDelimiter !== -1 && nextDelimiter < lineEnd ? nextDelimiter : lineEnd;
						if (nextQuote !== -1 && nextQuote < end) {
							throw csvError(
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
							this.record.end(stripCr(value), false, end - recordStart, this.line, records);
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
						this.record.fields.push(this.partial);
						this.partial = '';
						this.state = State.FieldStart;
					} else if (code === LF) {
						this.endQuotedRecord(position - recordStart, records);
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
					this.endQuotedRecord(position - recordStart, records);
					position++;
					recordStart = position;
					break;
				}
			}
		}
		this.record.carry(length - recordStart);
	}

	private endQuotedRecord(size: number, records: string[][]): void {
		this.record.end(this.partial, true, size, this.line, records);
		this.partial = '';
		this.state = State.FieldStart;
		this.line++;
	}

	private unexpectedAfterQuote(text: string, position: number): Error {
		return csvError(
			`${JSON.stringify(text.charAt(position))} after the closing quote of a field; only a delimiter or a line break may follow it`,
			this.line,
		);
	}
}

function stripCr(value: string): string {
	return value.charCodeAt(value.length - 1) === CR ? value.slice(0, -1) : value;
}

function countLineFeeds(text: string): number {
	let count = 0;
	for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
	return count;
}
