/**
 * Injected failures, decided before a request reaches its endpoint (as a gateway in front of
 * the real API would). One-shot faults count down; the rate limit keeps a sliding 1 s window.
 */
import type { ApiError } from './errors.cjs';
import { serverError, tooManyRequests } from './errors.cjs';
import type { FaultOptions, ReportFormat } from './types.cjs';

const TOKEN_PATH = '/api/2/idp/token';

export type FaultDecision = { kind: 'drop' } | { kind: 'error'; error: ApiError } | undefined;

export class Faults {
	private settings: FaultOptions = {};
	private tooMany = 0;
	private serverErrors = 0;
	private drops = 0;
	private lateHistories = 0;
	private failingFiles = 0;
	private recent: number[] = [];
	/** API requests still to pass before every issued token is revoked; undefined: not armed. */
	private revokeCountdown: number | undefined;

	constructor() {
		this.set({});
	}

	set(faults: FaultOptions): void {
		this.settings = { ...faults };
		this.tooMany = faults.tooManyRequests?.count ?? 0;
		this.serverErrors = faults.serverErrors?.count ?? 0;
		this.drops = faults.dropConnections ?? 0;
		this.lateHistories = faults.usageHistoryLate?.count ?? 0;
		this.failingFiles = faults.failedFiles?.count ?? 0;
		this.recent = [];
		this.revokeCountdown = faults.revokeTokensAfterRequests;
	}

	get latencyMs(): number {
		return this.settings.latencyMs ?? 0;
	}

	/** Tenants GET /tenants/usages leaves out of its answer (leftOutOfUsageBatches). */
	get leftOutOfUsageBatches(): string[] {
		return this.settings.leftOutOfUsageBatches ?? [];
	}

	get tokenUseLimit(): number | undefined {
		return this.settings.expireTokensAfterRequests;
	}

	/**
	 * Whether every token issued so far dies before this request to `path` is authenticated:
	 * true once, for the API request that follows the armed count.
	 */
	revokeTokensBefore(path: string): boolean {
		if (this.revokeCountdown === undefined || !isApiRequest(path)) return false;
		if (this.revokeCountdown > 0) {
			this.revokeCountdown -= 1;
			return false;
		}
		this.revokeCountdown = undefined;
		return true;
	}

	/** Whether this POST /reports finds the usage history late (usageHistoryLate): once per count. */
	takeLateUsageHistory(): boolean {
		if (this.lateHistories === 0) return false;
		this.lateHistories -= 1;
		return true;
	}

	/** Whether a stored file of `format` being generated now will fail (failedFiles). */
	takeFailedFile(format: ReportFormat): boolean {
		const { formats } = this.settings.failedFiles ?? {};
		if (this.failingFiles === 0 || (formats && !formats.includes(format))) return false;
		this.failingFiles -= 1;
		return true;
	}

	/** What to do with a request to `path` instead of answering it normally. */
	decide(path: string, now = Date.now()): FaultDecision {
		if (!this.applies(path)) return undefined;
		if (this.drops > 0) {
			this.drops -= 1;
			return { kind: 'drop' };
		}
		if (this.tooMany > 0) {
			this.tooMany -= 1;
			return {
				kind: 'error',
				error: tooManyRequests(this.settings.tooManyRequests?.retryAfter ?? '1'),
			};
		}
		if (this.serverErrors > 0) {
			this.serverErrors -= 1;
			return { kind: 'error', error: serverError(this.settings.serverErrors?.status ?? 503) };
		}
		const limit = this.settings.requestsPerSecond;
		if (limit !== undefined) {
			this.recent = this.recent.filter((at) => now - at < 1000);
			if (this.recent.length >= limit) return { kind: 'error', error: tooManyRequests('1') };
			this.recent.push(now);
		}
		return undefined;
	}

	/**
	 * Faults hit API requests. Token requests are spared unless `paths` names the token
	 * endpoint, so a client can always authenticate while its API calls are failing.
	 */
	private applies(path: string): boolean {
		const { paths } = this.settings;
		if (paths && paths.length > 0) return paths.some((prefix) => path.startsWith(prefix));
		return isApiRequest(path);
	}
}

function isApiRequest(path: string): boolean {
	return path.startsWith('/api/2/') && path !== TOKEN_PATH;
}
