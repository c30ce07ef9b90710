/** What every endpoint is made of: the exchange a handler gets, routes and shared services. */
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Principal, TokenStore } from './auth.cjs';
import type { Directory } from './directory.cjs';
import type { Faults } from './faults.cjs';
import type { ReportStore } from './reports.cjs';
import type { ReportFileOptions } from './types.cjs';

export interface Exchange {
	req: IncomingMessage;
	res: ServerResponse;
	/** Path segments captured by the route pattern. */
	params: string[];
	query: Record<string, string>;
	raw: Buffer;
}

/** Public routes (the token endpoint) are called without a principal and must not read it. */
export type Handler = (exchange: Exchange, principal: Principal) => void | Promise<void>;

export interface Route {
	pattern: RegExp;
	methods: Record<string, Handler>;
	/** No bearer token needed (the token endpoint itself). */
	isPublic?: boolean;
}

export interface Services {
	tokens: TokenStore;
	reports: ReportStore;
	directory: Directory;
	today: () => string;
	/** The simulator's time of day, HH:MM (UTC). */
	timeOfDay: () => string;
	reportFiles: () => ReportFileOptions;
	faults: Faults;
	onTokenGranted: () => void;
}

export const SEGMENT = '([^/]+)';

/** A route pattern from a path with capture groups; path segments are matched literally. */
export function route(path: string): RegExp {
	return new RegExp(`^${path}$`);
}
