/**
 * Collects everything a user or a log could see (outputs, errors with their causes, console
 * and stdout/stderr lines) and counts where a secret of the credential shows up in it.
 */
import { format } from 'node:util';

import type { Simulator } from '../../../simulator/index.cjs';

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

export class SecretScanner {
	private readonly texts: string[] = [];
	private readonly secrets = new Set<string>();
	private readonly restores: Array<() => void> = [];

	/** Keeps a copy of every console call and stdout/stderr write until release(). */
	captureOutput(): void {
		for (const method of CONSOLE_METHODS) {
			const original = console[method];
			console[method] = (...args: unknown[]) => {
				this.texts.push(format(...args));
				original.apply(console, args);
			};
			this.restores.push(() => (console[method] = original));
		}
		for (const stream of [process.stdout, process.stderr]) {
			const original = stream.write;
			stream.write = ((chunk: unknown, ...rest: unknown[]) => {
				this.texts.push(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
				return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
			}) as typeof stream.write;
			this.restores.push(() => (stream.write = original));
		}
	}

	release(): void {
		for (const restore of this.restores.splice(0).reverse()) restore();
	}

	add(value: unknown): void {
		this.texts.push(typeof value === 'string' ? value : serialize(value));
	}

	/** An error as every field a user or a log could show: message, description, cause, JSON. */
	addError(error: unknown): void {
		if (error === undefined || error === null) return;
		const fields = error as { message?: unknown; description?: unknown; cause?: unknown };
		this.texts.push(String(fields.message), String(fields.description), String(error));
		this.texts.push(serialize(fields.cause), serialize(error));
	}

	/** The credential's secrets and every token the simulator saw; call before its log is reset. */
	harvest(simulator: Simulator): void {
		const { clientId, clientSecret, accessToken } = simulator.credentials;
		this.secrets.add(clientSecret);
		this.secrets.add(accessToken);
		this.secrets.add(Buffer.from(`${clientId}:${clientSecret}`).toString('base64'));
		for (const request of simulator.requests) {
			const header = request.headers.authorization;
			for (const value of Array.isArray(header) ? header : [header]) {
				const token = /^(?:Bearer|Basic)\s+(\S+)/i.exec(value ?? '')?.[1];
				// Tokens shorter than this would match by chance; the real ones are much longer.
				if (token && token.length >= 16) this.secrets.add(token);
			}
		}
	}

	get secretCount(): number {
		return this.secrets.size;
	}

	/** Occurrences of any secret in anything collected, with a few places for the report. */
	scan(): { hits: number; samples: string[] } {
		let hits = 0;
		const samples: string[] = [];
		for (const text of this.texts) {
			for (const secret of this.secrets) {
				for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + 1)) {
					hits += 1;
					if (samples.length < 5) {
						samples.push(`…${text.slice(Math.max(0, at - 80), at)}<secret>…`);
					}
				}
			}
		}
		return { hits, samples };
	}
}

/** JSON of anything, errors with their non-enumerable fields, cycles cut. */
function serialize(value: unknown): string {
	const seen = new WeakSet<object>();
	try {
		return (
			JSON.stringify(value, (_key, entry: unknown) => {
				if (typeof entry === 'bigint') return String(entry);
				if (typeof entry === 'function') return undefined;
				if (entry !== null && typeof entry === 'object') {
					if (seen.has(entry)) return '[seen]';
					seen.add(entry);
					if (entry instanceof Error) {
						const own = Object.fromEntries(
							Object.getOwnPropertyNames(entry).map((name) => [
								name,
								(entry as unknown as Record<string, unknown>)[name],
							]),
						);
						return { name: entry.name, ...own, cause: (entry as { cause?: unknown }).cause };
					}
					// A Buffer arrives here as { type: 'Buffer', data: [...] }: read it as text.
					const buffer = entry as { type?: unknown; data?: unknown };
					if (buffer.type === 'Buffer' && Array.isArray(buffer.data)) {
						return Buffer.from(buffer.data as number[]).toString('utf8');
					}
				}
				return entry;
			}) ?? String(value)
		);
	} catch (error) {
		return `${String(value)} (not serializable: ${(error as Error).message})`;
	}
}
