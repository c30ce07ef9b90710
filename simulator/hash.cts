/**
 * Deterministic ids and numbers derived from text seeds, so that the simulated organisation and
 * its usage are the same on every start (saved credentials and expected values stay valid).
 */
import { createHash } from 'node:crypto';

/** FNV-1a, 32 bits: a fast, stable hash of a short seed. */
export function fnv1a(text: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}

/** A well-mixed 32-bit number from a number (lowbias32), for values that vary by day. */
export function mix32(value: number): number {
	let x = value >>> 0;
	x ^= x >>> 16;
	x = Math.imul(x, 0x7feb352d);
	x ^= x >>> 15;
	x = Math.imul(x, 0x846ca68b);
	x ^= x >>> 16;
	return x >>> 0;
}

/** A stable version-4-shaped UUID derived from a seed. */
export function uuidFrom(seed: string): string {
	const hex = createHash('md5').update(seed).digest('hex');
	return [
		hex.slice(0, 8),
		hex.slice(8, 12),
		`4${hex.slice(13, 16)}`,
		`${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}`,
		hex.slice(20, 32),
	].join('-');
}
