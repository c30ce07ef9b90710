/** Small helpers around Node's http objects: reading bodies and writing JSON answers. */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { ApiError, invalid } from './errors.cjs';

/** Request bodies above this size are refused (the API only takes small JSON bodies). */
const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {}

export function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new BodyTooLarge());
				req.resume();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/** The media type of a Content-Type header, lower-cased and without parameters ("" if absent). */
export function mediaType(req: IncomingMessage): string {
	return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

/** The body as the request log shows it: parsed JSON or form fields, else the text. */
export function bodyForLog(raw: Buffer, type: string): unknown {
	if (raw.length === 0) return undefined;
	const text = raw.toString('utf8');
	if (type === 'application/x-www-form-urlencoded') {
		return Object.fromEntries(new URLSearchParams(text));
	}
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/**
 * The JSON object of a POST/PUT body. A body needs `Content-Type: application/json` (else 415,
 * as the real API); an empty body or anything but a JSON object is a 400.
 */
export function jsonObjectBody(req: IncomingMessage, raw: Buffer): Record<string, unknown> {
	if (raw.length > 0 && mediaType(req) !== 'application/json') {
		const given = req.headers['content-type'];
		throw new ApiError(
			415,
			415,
			given
				? `Unsupported Content-Type "${given}": send the body as application/json`
				: 'Missing Content-Type: send the body as application/json',
			{ info: 'Content-Type: application/json' },
		);
	}
	if (raw.length === 0) throw invalid('', 'The request body is required: send a JSON object');
	let value: unknown;
	try {
		value = JSON.parse(raw.toString('utf8'));
	} catch (error) {
		throw invalid('', `The request body is not valid JSON: ${(error as Error).message}`);
	}
	if (!isPlainObject(value)) throw invalid('', 'The request body must be a JSON object');
	return value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json',
		'Content-Length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}

export function sendNoContent(res: ServerResponse): void {
	res.writeHead(204);
	res.end();
}

/** The query string as a flat record (the last value of a repeated name wins). */
export function queryRecord(url: URL): Record<string, string> {
	return Object.fromEntries(url.searchParams);
}
