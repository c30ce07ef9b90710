import fc from 'fast-check';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** Where to cut a text or byte array, as fractions of its length. */
const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
export const cuts = fc.array(fraction, { maxLength: 40 });
/** Cuts for a text of megabytes: chunks of some 10-60 kB, as a network stream gives. */
export const manyCuts = fc.array(fraction, { minLength: 50, maxLength: 300 });

/** `whole` split at the given cuts: bytes or text, empty pieces included (a stream may send them). */
export function split<T extends string | Uint8Array>(whole: T, fractions: number[]): T[] {
	const offsets = fractions
		.map((fraction) => Math.floor(fraction * whole.length))
		.sort((a, b) => a - b);
	const pieces: T[] = [];
	let start = 0;
	for (const offset of [...offsets, whole.length]) {
		pieces.push(whole.slice(start, offset) as T);
		start = offset;
	}
	return pieces;
}

/** Every single byte as its own chunk: each boundary there is, inside characters too. */
export function bytewise(bytes: Uint8Array): Uint8Array[] {
	return Array.from(bytes, (byte) => Uint8Array.of(byte));
}

export const utf8 = (text: string) => new TextEncoder().encode(text);

/** An async source over the chunks, as an HTTP body stream is. */
export async function* streamOf<T>(chunks: Iterable<T>): AsyncGenerator<T> {
	for (const chunk of chunks) yield chunk;
}

/** Everything a reader yields, and the message it failed with, if it did. */
export async function drain<T>(
	items: AsyncIterable<T>,
): Promise<{ items: T[]; error: string | undefined }> {
	const out: T[] = [];
	try {
		for await (const item of items) out.push(item);
	} catch (error) {
		return { items: out, error: (error as Error).message };
	}
	return { items: out, error: undefined };
}

/**
 * The heap in use after a full garbage collection. The collector is reached through V8's flag,
 * as jest offers no way to start node with --expose-gc.
 */
export function heapAfterGc(): number {
	v8.setFlagsFromString('--expose-gc');
	(vm.runInNewContext('gc') as () => void)();
	return v8.getHeapStatistics().used_heap_size;
}

/**
 * A source of `count` generated lines, `linesPerChunk` to a chunk, never held whole; `pulled()`
 * says how many chunks the reader has taken so far.
 */
export function generatedSource(
	count: number,
	linesPerChunk: number,
	line: (index: number) => string,
	{ before = '', after = '' }: { before?: string; after?: string } = {},
) {
	let pulled = 0;
	async function* chunks(): AsyncGenerator<Uint8Array> {
		const encoder = new TextEncoder();
		for (let first = 0; first < count; first += linesPerChunk) {
			let text = first === 0 ? before : '';
			for (let index = first; index < Math.min(count, first + linesPerChunk); index++) {
				text += line(index);
			}
			if (first + linesPerChunk >= count) text += after;
			pulled++;
			yield encoder.encode(text);
		}
	}
	return { source: chunks(), pulled: () => pulled };
}

/** A source that never ends: `first`, then `x` a thousand at a time; `pulled()` counts those. */
export function endlessSource(first: string) {
	let pulled = 0;
	async function* chunks(): AsyncGenerator<string> {
		yield first;
		for (;;) {
			pulled++;
			yield 'x'.repeat(1000);
		}
	}
	return { source: chunks(), pulled: () => pulled };
}
