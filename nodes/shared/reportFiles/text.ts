/**
 * What the report readers share: a source of chunks as an HTTP body stream gives them, their text,
 * and driving a reader over the source.
 */

/** Where a report file comes from: an HTTP body stream, an array of chunks... bytes or text. */
export type TextSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/**
 * A reader fed one chunk at a time: `push` and `end` append what they complete to `out`, and throw
 * on bad input.
 */
export interface ChunkReader<T> {
	push(chunk: Uint8Array | string, out: T[]): unknown;
	end(out: T[]): unknown;
}

/**
 * The reader over the source: what each chunk completes, as one batch (none when empty). On a
 * failure, what the chunk completed before it is handed on first, so what a consumer sees does
 * not depend on where the chunks happen to end. The source is read one chunk at a time, as the
 * consumer asks for batches.
 */
export async function* readBatches<T>(
	source: TextSource,
	reader: ChunkReader<T>,
): AsyncGenerator<T[], void, undefined> {
	for await (const chunk of source) {
		const batch: T[] = [];
		const failure = attempt(() => reader.push(chunk, batch));
		if (batch.length > 0) yield batch;
		if (failure) throw failure.error;
	}
	const batch: T[] = [];
	const failure = attempt(() => reader.end(batch));
	if (batch.length > 0) yield batch;
	if (failure) throw failure.error;
}

const BYTE_ORDER_MARK = 0xfeff;

/**
 * Chunks of UTF-8 bytes (or text) to text, a byte order mark at the start dropped. A character
 * split between chunks is kept back and decoded with the next one: the decoder's own streaming
 * mode does the same but is several times slower than whole-chunk decoding.
 */
export class Utf8Chunks {
	private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
	/** The first bytes of a character the last chunk ended inside. */
	private pending: Uint8Array | undefined;
	private started = false;

	/** `where` says where the reader is, for the error message. */
	constructor(private readonly where: () => string) {}

	/** The text of one chunk; '' while a character is still incomplete. */
	text(chunk: Uint8Array | string): string {
		let text = typeof chunk === 'string' ? chunk : this.decode(chunk);
		if (!this.started && text.length > 0) {
			this.started = true;
			if (text.charCodeAt(0) === BYTE_ORDER_MARK) text = text.slice(1);
		}
		return text;
	}

	/** Checks that the input did not end inside a character. */
	end(): void {
		if (this.pending !== undefined) {
			throw new Error(`${this.where()}: the file ends inside a UTF-8 character`);
		}
	}

	private decode(chunk: Uint8Array): string {
		let bytes = chunk;
		if (this.pending !== undefined) {
			bytes = new Uint8Array(this.pending.length + chunk.length);
			bytes.set(this.pending);
			bytes.set(chunk, this.pending.length);
			this.pending = undefined;
		}
		const complete = completeLength(bytes);
		if (complete < bytes.length) this.pending = bytes.slice(complete);
		let text = '';
		const whole = complete < bytes.length ? bytes.subarray(0, complete) : bytes;
		if (attempt(() => (text = this.decoder.decode(whole)))) {
			throw new Error(`${this.where()}: the file is not valid UTF-8`);
		}
		return text;
	}
}

/** How many bytes at the start hold whole characters: the rest begins one the next chunk ends. */
function completeLength(bytes: Uint8Array): number {
	const length = bytes.length;
	for (let back = 1; back <= 3 && back <= length; back++) {
		const byte = bytes[length - back];
		// 10xxxxxx: a continuation byte; look further back for the lead byte.
		if ((byte & 0xc0) === 0x80) continue;
		const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
		return size > back ? length - back : length;
	}
	// Invalid (or empty): the decoder says so.
	return length;
}

/** Runs `step`; what it threw, if it did. */
function attempt(step: () => unknown): { error: unknown } | undefined {
	try {
		step();
		return undefined;
	} catch (error) {
		return { error };
	}
}
