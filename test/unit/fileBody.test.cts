import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';

import type { BodyStream } from '../../nodes/shared/reportFiles/body';
import { arrivedBody, fileBytes, inflatedFile } from '../../nodes/shared/reportFiles/body';
import { bytewise } from './support/streams.cjs';

/** A report file body as the data center may send it: gzip or plain, in any chunks. */

const FILE = Buffer.from('tenant.id,name\r\nä,😀\r\n'.repeat(2000));

function body(chunks: Uint8Array[]): BodyStream {
	return Readable.from(
		chunks.map((chunk) => Buffer.from(chunk)),
		{ objectMode: false },
	);
}

async function all(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of source) chunks.push(Buffer.from(chunk));
	return Buffer.concat(chunks);
}

describe('a stored file body', () => {
	it.each([
		['plain, in one chunk', [FILE], false],
		['plain, a byte at a time', bytewise(FILE.subarray(0, 300)), false],
		['gzip, in one chunk', [gzipSync(FILE)], true],
		['gzip, a byte at a time', bytewise(gzipSync(FILE)), true],
	])('%s: is told by its first bytes and read whole', async (_, chunks, gzip) => {
		const arrived = await arrivedBody(body(chunks));
		expect(arrived.gzip).toBe(gzip);
		const expected = chunks.length === 300 ? FILE.subarray(0, 300) : FILE;
		expect((await all(fileBytes(arrived))).equals(expected)).toBe(true);
	});

	it('gives a gzip body whole and inflated, for the binary store', async () => {
		const arrived = await arrivedBody(body([gzipSync(FILE)]));
		expect((await inflatedFile(arrived.stream)).equals(FILE)).toBe(true);
	});

	it('leaves a plain body a stream that still holds its first bytes', async () => {
		const arrived = await arrivedBody(body([FILE.subarray(0, 1), FILE.subarray(1)]));
		expect(arrived.stream).toBeInstanceOf(Readable);
		expect((await all(arrived.stream)).equals(FILE)).toBe(true);
	});

	it('takes an empty body as an empty file', async () => {
		const arrived = await arrivedBody(body([]));
		expect(arrived.gzip).toBe(false);
		expect((await all(fileBytes(arrived))).length).toBe(0);
	});

	it('fails on gzip cut short, rather than giving part of the file', async () => {
		const whole = gzipSync(FILE);
		const cut = whole.subarray(0, whole.length - 10);
		const arrived = await arrivedBody(body([cut]));
		await expect(all(fileBytes(arrived))).rejects.toThrow();
	});
});
