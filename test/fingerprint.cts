import { createHash } from 'node:crypto';

/**
 * What two files are compared by: their length and SHA-256. Jest's toEqual compares Buffers
 * index by index, about 3 s per megabyte, and a report file is several megabytes.
 */
export function fingerprint(bytes: Buffer): { bytes: number; sha256: string } {
	return { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}
