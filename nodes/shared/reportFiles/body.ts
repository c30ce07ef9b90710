/**
 * The body of a stored report file, as the data center may send it: gzip with
 * `Content-Encoding: gzip` (Acronis's samples need `curl --compressed`: n8n's HTTP client inflates
 * it on the way), gzip without that header (Acronis's WHMCS module reads the bytes as a .gz
 * file), or plain. The first two bytes tell: gzip starts with 1f 8b, which no CSV, JSON or HTML
 * file does. Inflating uses the DecompressionStream every Node since 18 has (a node may not use
 * node:zlib).
 */

/** A response body stream, as n8n's request helper gives it with `encoding: 'stream'`. */
export interface BodyStream extends AsyncIterable<Uint8Array> {
	read(size?: number): Uint8Array | null;
	unshift(chunk: Uint8Array): void;
	once(event: 'readable' | 'end' | 'error', listener: (error?: unknown) => void): unknown;
	off(event: 'readable' | 'end' | 'error', listener: (error?: unknown) => void): unknown;
	readonly readableEnded?: boolean;
}

/** A file body as it arrived: still gzip, or the file itself. */
export interface ArrivedBody {
	gzip: boolean;
	stream: BodyStream;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/** Looks at the first bytes of the body, leaving them in the stream for whoever reads it. */
export async function arrivedBody(stream: BodyStream): Promise<ArrivedBody> {
	const first = await readUpTo(stream, GZIP_MAGIC.length);
	if (first.length > 0) stream.unshift(first);
	const gzip = first.length === GZIP_MAGIC.length && GZIP_MAGIC.every((b, i) => first[i] === b);
	return { gzip, stream };
}

/** The file's own bytes, inflated as they come when the body is still gzip. */
export function fileBytes(body: ArrivedBody): AsyncIterable<Uint8Array> {
	return body.gzip ? gunzip(body.stream) : body.stream;
}

/** The whole file, inflated: for a gzip body that n8n's binary store cannot take as a stream. */
export async function inflatedFile(stream: BodyStream): Promise<Buffer> {
	const chunks: Uint8Array[] = [];
	for await (const chunk of gunzip(stream)) chunks.push(chunk);
	return Buffer.concat(chunks);
}

async function* gunzip(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
	const inflater = new DecompressionStream('gzip');
	const writer = inflater.writable.getWriter();
	const feeding = (async () => {
		try {
			for await (const chunk of source) await writer.write(chunk);
			await writer.close();
		} catch (error) {
			// The reading side learns of it through the stream it reads.
			await writer.abort(error).catch(() => undefined);
		}
	})();
	const reader = inflater.readable.getReader();
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) return;
			yield value;
		}
	} finally {
		// A reader that stops early (a row it could not read) stops the feeding too.
		await reader.cancel().catch(() => undefined);
		await feeding;
	}
}

/** Up to `size` bytes from the start of a stream in paused mode: fewer only if it ends first. */
async function readUpTo(stream: BodyStream, size: number): Promise<Uint8Array> {
	for (;;) {
		const chunk = stream.read(size) ?? (stream.readableEnded ? stream.read() : null);
		if (chunk !== null) return chunk;
		if (stream.readableEnded) return new Uint8Array(0);
		await new Promise<void>((resolve, reject) => {
			const done = (error?: unknown) => {
				stream.off('readable', done);
				stream.off('end', done);
				stream.off('error', failed);
				if (error === undefined) resolve();
				else reject(error);
			};
			const failed = (error?: unknown) => done(error ?? new Error('The download failed'));
			stream.once('readable', done);
			stream.once('end', done);
			stream.once('error', failed);
		});
	}
}
