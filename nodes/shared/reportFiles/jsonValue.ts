/**
 * One JSON value read from the chunks it spans: where it ends, found without parsing it (inside an
 * object or array only the nesting depth and strings with their escapes are tracked; a number,
 * true, false or null ends at the first character that cannot be part of it), then its text
 * given to JSON.parse, which checks it in full.
 */

const QUOTE = 0x22;
const LF = 0x0a;

/** Reads one value at a time, as the document's reader (json.ts) starts each. */
export class JsonValueReader {
	/** The value's text so far, and the line it began on. */
	private text = '';
	private line = 1;

	private depth = 0;
	private inString = false;
	private escaped = false;
	/** A number, true, false or null. */
	private scalar = false;

	/** The next quote and backslash in the current chunk; -1: none left, -2: not looked for. */
	private nextQuote = -2;
	private nextBackslash = -2;

	/** The line feeds the last `read` passed. */
	lineFeeds = 0;

	/**
	 * `maxValueSize`: the most characters a value may have as written; `where` says which value
	 * this is, for the error messages.
	 */
	constructor(
		private readonly maxValueSize: number,
		private readonly where: () => string,
	) {}

	/** A new value, beginning on `line` with the character `first`. */
	start(first: number, line: number): void {
		this.text = '';
		this.line = line;
		this.depth = 0;
		this.inString = false;
		this.escaped = false;
		this.scalar = first !== 0x7b && first !== 0x5b && first !== QUOTE;
	}

	/** A new chunk: the quotes and backslashes found in the last one are no longer there. */
	newChunk(): void {
		this.nextQuote = -2;
		this.nextBackslash = -2;
	}

	/**
	 * Reads on in the value from `start`, keeping its text: the position just after its end, or -1
	 * when the chunk ends first.
	 */
	read(text: string, start: number): number {
		const end = this.findEnd(text, start);
		const stop = end === -1 ? text.length : end;
		this.text =
			this.text.length === 0 ? text.slice(start, stop) : this.text + text.slice(start, stop);
		if (this.text.length > this.maxValueSize) {
			throw jsonError(
				`${this.where()} is longer than ${this.maxValueSize} characters (maxValueSize)`,
				this.line,
			);
		}
		return end;
	}

	/** The value, once `read` found its end. */
	parse(): unknown {
		let value: unknown;
		try {
			value = JSON.parse(this.text);
		} catch (error) {
			const reason = error instanceof Error ? error.message : String(error);
			throw jsonError(`${this.where()} is not valid JSON (${reason})`, this.line);
		}
		this.text = '';
		return value;
	}

	/** Strings are skipped with indexOf, the rest is walked a character at a time. */
	private findEnd(text: string, start: number): number {
		const length = text.length;
		let position = start;
		this.lineFeeds = 0;
		if (this.scalar) {
			while (position < length && !endsScalar(text.charCodeAt(position))) position++;
			return position < length ? position : -1;
		}
		while (position < length) {
			if (this.inString) {
				if (this.escaped) {
					this.escaped = false;
					position++;
					continue;
				}
				if (this.nextQuote !== -1 && this.nextQuote < position) {
					this.nextQuote = text.indexOf('"', position);
				}
				if (this.nextBackslash !== -1 && this.nextBackslash < position) {
					this.nextBackslash = text.indexOf('\\', position);
				}
				const quote = this.nextQuote;
				const backslash = this.nextBackslash;
				if (backslash !== -1 && (quote === -1 || backslash < quote)) {
					this.escaped = true;
					position = backslash + 1;
					continue;
				}
				if (quote === -1) return -1;
				this.inString = false;
				position = quote + 1;
				if (this.depth === 0) return position;
				continue;
			}
			const code = text.charCodeAt(position);
			position++;
			if (code === QUOTE) {
				this.inString = true;
			} else if (code === 0x7b || code === 0x5b) {
				this.depth++;
			} else if (code === 0x7d || code === 0x5d) {
				if (--this.depth === 0) return position;
			} else if (code === LF) {
				this.lineFeeds++;
			}
		}
		return -1;
	}
}

/** Every JSON error names the line of the document it is about. */
export function jsonError(message: string, line: number): Error {
	return new Error(`JSON line ${line}: ${message}`);
}

/** Whitespace and the punctuation that may follow a number, true, false or null. */
export function endsScalar(code: number): boolean {
	return (
		code === 0x2c ||
		code === 0x7d ||
		code === 0x5d ||
		code === 0x20 ||
		code === 0x0a ||
		code === 0x0d ||
		code === 0x09
	);
}
