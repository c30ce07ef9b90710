/**
 * A streaming reader for a JSON document that is one object with a few large arrays in it, such as
 * the `json_v2_0` usage report, `{"params": {...}, "tenants": [{...}, {...}, ...]}`. The arrays the
 * caller names are handed on one element at a time; the other members whole. It holds the current
 * chunk and the value being read, never the whole document.
 *
 * How: a small tokenizer walks the top-level object; inside a value, the value's reader
 * (jsonValue.ts) only tracks nesting depth and strings (with their escapes) to find where the
 * value ends, then gives its text to JSON.parse, which checks it in full. So every value handed on
 * is exactly what JSON.parse of the whole document would give.
 *
 * Format: RFC 8259 JSON in UTF-8; a byte order mark at the start is dropped. The top level must be
 * an object. A named key whose value is not an array is handed on whole. Keys are compared after
 * unescaping, and a key that appears twice is handed on twice. Anything that is not JSON (a
 * missing comma, a trailing comma, text after the end, a document cut short) is an error naming
 * the line, and so is a value longer than `maxValueSize`. Values read before an error are handed
 * on first.
 */
import { endsScalar, jsonError, JsonValueReader } from './jsonValue';
import { Utf8Chunks } from './text';

export interface JsonStreamOptions {
	/** The top-level keys whose arrays are handed on one element at a time. */
	arrays: readonly string[];
	/**
	 * The most characters one value (a member, or an element of a named array) may have as
	 * written; 64 Mi unless set, for the same reasons as the CSV reader's `maxRecordSize`.
	 */
	maxValueSize?: number;
}

/** A top-level member read whole, or one element of a named array. */
export type JsonStreamItem =
	| { kind: 'member'; key: string; value: unknown }
	| { kind: 'element'; key: string; index: number; value: unknown };

const DEFAULT_MAX_VALUE_SIZE = 64 * 1024 * 1024;

const enum Expect {
	/** `{` opening the document. */
	DocumentStart,
	/** A key or `}` (just after `{`). */
	FirstKey,
	/** A key (after a comma). */
	Key,
	Colon,
	/** A member's value. */
	MemberValue,
	/** `,` or `}` after a member. */
	AfterMember,
	/** An element or `]` (just after `[`). */
	FirstElement,
	/** An element (after a comma). */
	Element,
	/** `,` or `]` after an element. */
	AfterElement,
	/** Nothing but whitespace. */
	End,
}

/** What a value being read is: the key of a member, a member's value, or an element. */
const enum Target {
	Key,
	Member,
	Element,
}

const LF = 0x0a;

/**
 * The reader, for callers that feed it chunks and take values in batches; `readBatches` (text.ts)
 * drives it over a stream.
 */
export class JsonStreamReader {
	private readonly arrays: ReadonlySet<string>;
	private readonly chunks = new Utf8Chunks(() => `JSON line ${this.line}`);

	private expect = Expect.DocumentStart;
	private line = 1;

	/** The value being read, when one is, and what it is. */
	private reading = false;
	private target = Target.Key;
	private readonly value: JsonValueReader;

	/** The named arrays the document has so far, empty ones included. */
	readonly arraysFound = new Set<string>();

	/** The member being read, and the index of the next element of its array. */
	private key = '';
	private index = 0;

	constructor(options: JsonStreamOptions) {
		this.arrays = new Set(options.arrays);
		this.value = new JsonValueReader(options.maxValueSize ?? DEFAULT_MAX_VALUE_SIZE, () =>
			this.place(),
		);
	}

	/** Reads one chunk; appends the values it completes to `items` and returns that. */
	push(chunk: Uint8Array | string, items: JsonStreamItem[] = []): JsonStreamItem[] {
		const text = this.chunks.text(chunk);
		this.value.newChunk();
		let position = 0;
		while (position < text.length) {
			position = this.reading ? this.readValue(text, position, items) : this.step(text, position);
		}
		return items;
	}

	/** The end of the input: the document must be complete. */
	end(): void {
		this.chunks.end();
		if (this.expect === Expect.DocumentStart) throw jsonError('the document is empty', this.line);
		if (this.expect !== Expect.End) {
			const inside = this.reading
				? ` inside ${this.place()}`
				: this.inArray()
					? ` inside the array of ${JSON.stringify(this.key)}`
					: '';
			throw jsonError(`the document is cut short${inside}`, this.line);
		}
	}

	/** One token outside the values: whitespace or punctuation; returns the next position. */
	private step(text: string, position: number): number {
		const code = text.charCodeAt(position);
		if (code === 0x20 || code === 0x09 || code === 0x0d) return position + 1;
		if (code === LF) {
			this.line++;
			return position + 1;
		}
		const char = text.charAt(position);
		switch (this.expect) {
			case Expect.DocumentStart:
				if (char !== '{') throw this.unexpected(char, '"{": the document must be an object');
				this.expect = Expect.FirstKey;
				return position + 1;
			case Expect.FirstKey:
			case Expect.Key:
				if (char === '}' && this.expect === Expect.FirstKey) {
					this.expect = Expect.End;
					return position + 1;
				}
				if (char !== '"') throw this.unexpected(char, 'a key in double quotes');
				this.startValue(Target.Key, code);
				return position;
			case Expect.Colon:
				if (char !== ':')
					throw this.unexpected(char, `":" after the key ${JSON.stringify(this.key)}`);
				this.expect = Expect.MemberValue;
				return position + 1;
			case Expect.MemberValue:
				if (char === '[' && this.arrays.has(this.key)) {
					this.arraysFound.add(this.key);
					this.index = 0;
					this.expect = Expect.FirstElement;
					return position + 1;
				}
				this.startValue(Target.Member, code);
				return position;
			case Expect.AfterMember:
				if (char === ',') this.expect = Expect.Key;
				else if (char === '}') this.expect = Expect.End;
				else throw this.unexpected(char, `"," or "}" after ${this.place()}`);
				return position + 1;
			case Expect.FirstElement:
			case Expect.Element:
				if (char === ']' && this.expect === Expect.FirstElement) {
					this.expect = Expect.AfterMember;
					return position + 1;
				}
				this.startValue(Target.Element, code);
				return position;
			case Expect.AfterElement:
				if (char === ',') this.expect = Expect.Element;
				else if (char === ']') this.expect = Expect.AfterMember;
				else throw this.unexpected(char, `"," or "]" after ${this.place()}`);
				return position + 1;
			case Expect.End:
				throw this.unexpected(char, 'nothing after the end of the document');
		}
	}

	private startValue(target: Target, first: number): void {
		if (endsScalar(first) || first === 0x3a) {
			throw this.unexpected(String.fromCharCode(first), `a value in ${this.place()}`);
		}
		this.reading = true;
		this.target = target;
		this.value.start(first, this.line);
	}

	/** Reads on in the current value: returns where it stopped, at its end or the chunk's. */
	private readValue(text: string, start: number, items: JsonStreamItem[]): number {
		const end = this.value.read(text, start);
		this.line += this.value.lineFeeds;
		if (end === -1) return text.length;
		this.finishValue(this.value.parse(), items);
		return end;
	}

	private finishValue(value: unknown, items: JsonStreamItem[]): void {
		this.reading = false;
		switch (this.target) {
			case Target.Key:
				this.key = value as string;
				this.expect = Expect.Colon;
				break;
			case Target.Member:
				items.push({ kind: 'member', key: this.key, value });
				this.expect = Expect.AfterMember;
				break;
			case Target.Element:
				items.push({ kind: 'element', key: this.key, index: this.index, value });
				this.index++;
				this.expect = Expect.AfterElement;
				break;
		}
	}

	/** Where the reader is, in words: `the value of "params"`, `element 3 of "tenants"`. */
	private place(): string {
		const key = JSON.stringify(this.key);
		if (this.reading) {
			if (this.target === Target.Key) return 'a key';
			if (this.target === Target.Element) return `element ${this.index} of ${key}`;
			return `the value of ${key}`;
		}
		if (this.expect === Expect.AfterElement) return `element ${this.index - 1} of ${key}`;
		if (this.inArray()) return `the array of ${key}`;
		return `the value of ${key}`;
	}

	private inArray(): boolean {
		return (
			this.expect === Expect.FirstElement ||
			this.expect === Expect.Element ||
			this.expect === Expect.AfterElement
		);
	}

	private unexpected(char: string, wanted: string): Error {
		return jsonError(`found ${JSON.stringify(char)} where JSON needs ${wanted}`, this.line);
	}
}
