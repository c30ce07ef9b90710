/** Calls to the simulator's API over HTTP and the checks the simulator tests share. */
import { get as httpGet } from 'node:http';

import type { Simulator } from '../../../simulator/index.cjs';

export const TODAY = '2024-06-15';
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const OTHER_TENANT = '11111111-2222-4333-8444-555555555555';

export interface Answer {
	status: number;
	headers: Headers;
	body: any; // parsed JSON of any shape: tests index into it freely
}

export interface CallOptions {
	token?: string | null;
	body?: unknown;
	headers?: Record<string, string>;
}

/** A call to the simulator's API; the static user token unless `token` says otherwise. */
export async function call(
	sim: Simulator,
	method: string,
	path: string,
	options: CallOptions = {},
): Promise<Answer> {
	const headers: Record<string, string> = { ...options.headers };
	const token = options.token === undefined ? sim.credentials.accessToken : options.token;
	if (token !== null) headers.Authorization = `Bearer ${token}`;
	let body: string | undefined;
	if (options.body !== undefined) {
		body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
		headers['Content-Type'] ??= 'application/json';
	}
	const res = await fetch(`${sim.url}/api/2${path}`, { method, headers, body });
	const text = await res.text();
	let parsed: unknown = text;
	try {
		parsed = text ? JSON.parse(text) : undefined;
	} catch {
		// not JSON: keep the text
	}
	return { status: res.status, headers: res.headers, body: parsed };
}

export const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

/**
 * A POST to the token endpoint, answered as it comes; by default the client credentials in
 * HTTP Basic and the client_credentials grant as a form.
 */
export function tokenRequest(
	sim: Simulator,
	headers: Record<string, string> = {
		...FORM,
		Authorization: basic(sim.credentials.clientId, sim.credentials.clientSecret),
	},
	body: string | URLSearchParams = 'grant_type=client_credentials',
): Promise<Response> {
	return fetch(`${sim.url}/api/2/idp/token`, { method: 'POST', headers, body });
}

export async function clientToken(sim: Simulator): Promise<string> {
	const res = await tokenRequest(sim);
	expect(res.status).toBe(200);
	return ((await res.json()) as { access_token: string }).access_token;
}

export function basic(id: string, secret: string): string {
	return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

export function reportBody(sim: Simulator, overrides: Record<string, unknown> = {}) {
	return {
		parameters: {
			kind: 'usage_summary',
			tenant_id: sim.credentials.tenantId,
			level: 'direct_partners',
			period: { start: '2024-05-01', end: '2024-05-31' },
			formats: ['csv'],
		},
		schedule: { type: 'once' },
		result_action: 'save',
		...overrides,
	};
}

export async function createReport(sim: Simulator, overrides: Record<string, unknown> = {}) {
	const answer = await call(sim, 'POST', '/reports', { body: reportBody(sim, overrides) });
	expect(answer.status).toBe(200);
	return answer.body as { id: string; version: number };
}

/** The raw (still compressed) bytes and headers of a download. */
export function rawDownload(
	sim: Simulator,
	path: string,
): Promise<{ status: number; headers: Record<string, unknown>; bytes: Buffer }> {
	return new Promise((resolve, reject) => {
		httpGet(
			`${sim.url}/api/2${path}`,
			{ headers: { Authorization: `Bearer ${sim.credentials.accessToken}` } },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						bytes: Buffer.concat(chunks),
					}),
				);
				res.on('error', reject);
			},
		).on('error', reject);
	});
}

export function expectApiError(answer: Answer, status: number, code?: number): void {
	expect(answer.status).toBe(status);
	expect(answer.body).toEqual({
		error: {
			code: code ?? expect.any(Number),
			message: expect.any(String),
			domain: 'PlatformAccountServer',
			details: expect.any(Object),
		},
	});
}
