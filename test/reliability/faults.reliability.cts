/**
 * Fault runs: 200 items through the node while the simulator injects failures. Whatever the
 * fault, every input item must end as exactly one result or one error item, paired with its
 * input and in input order, and a Create must never make a report twice.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { FaultOptions, RecordedRequest } from '../../simulator/index.cjs';
import type { RunWorkflowResult } from '../harness/index.cjs';
import type { CredentialMode } from '../integration/setup.cjs';
import { NODE_NAME, runNode } from '../integration/setup.cjs';
import { isCrash, pairOutputs } from './support/check.cjs';
import type { FaultRow } from './support/figures.cjs';
import { reportBody } from './support/fixtures.cjs';
import { ALLOWED_PATHS } from './support/operations.cjs';
import type { ItemOutcome } from './support/recorder.cjs';
import { recordItems } from './support/recorder.cjs';
import { reliabilitySuite } from './support/suite.cjs';

const ITEMS = 200;
const KINDS = ['usage_summary', 'usage_daily', 'usage_current', 'usage_breakdown'];

const suite = reliabilitySuite('faults');
const { figures, scanner } = suite;

interface FaultRun {
	fault: string;
	operation: 'get' | 'update' | 'create';
	mode: CredentialMode;
	/**
	 * Fault settings, each from the moment the run made `after` API requests (token requests
	 * not counted). Starting after the first lets it through: it is the request that fetches
	 * the API client's token while the others wait, and the faults are meant for items worked
	 * on at once.
	 */
	phases: Array<{ after: number; faults: FaultOptions }>;
	requestOptions?: INodeParameters;
	/** Some items are expected to survive a fault (not so for a Create that timed out). */
	expectSurvivors: boolean;
	/** Items that must fail: 0 where every fault can be waited out. */
	expectFailed?: number;
}

const RUNS: FaultRun[] = [
	{
		fault: '429 storm, Retry-After: 0',
		operation: 'get',
		mode: 'accessToken',
		phases: [{ after: 1, faults: { tooManyRequests: { count: 30, retryAfter: '0' } } }],
		requestOptions: { maxRetries: 10 },
		expectSurvivors: true,
		expectFailed: 0,
	},
	{
		fault: '429 storm, Retry-After: 1',
		operation: 'update',
		mode: 'apiClient',
		phases: [{ after: 1, faults: { tooManyRequests: { count: 25, retryAfter: '1' } } }],
		requestOptions: { maxRetries: 10 },
		expectSurvivors: true,
		expectFailed: 0,
	},
	{
		fault: '5xx burst (502)',
		operation: 'get',
		mode: 'apiClient',
		phases: [{ after: 1, faults: { serverErrors: { count: 15, status: 502 } } }],
		requestOptions: { maxRetries: 10 },
		expectSurvivors: true,
		expectFailed: 0,
	},
	{
		fault: '5xx burst (503)',
		operation: 'update',
		mode: 'accessToken',
		phases: [{ after: 1, faults: { serverErrors: { count: 15, status: 503 } } }],
		requestOptions: { maxRetries: 10 },
		expectSurvivors: true,
		expectFailed: 0,
	},
	{
		fault: 'token expiry every 25 requests',
		operation: 'get',
		mode: 'apiClient',
		phases: [{ after: 0, faults: { expireTokensAfterRequests: 25 } }],
		expectSurvivors: true,
		expectFailed: 0,
	},
	{
		fault: 'dropped connections',
		operation: 'update',
		mode: 'accessToken',
		phases: [{ after: 1, faults: { dropConnections: 15 } }],
		requestOptions: { maxRetries: 10 },
		expectSurvivors: true,
		expectFailed: 0,
	},
	{
		fault: 'responses slower than Timeout',
		operation: 'get',
		mode: 'accessToken',
		phases: [
			{ after: 1, faults: { latencyMs: 1500 } },
			{ after: 13, faults: {} },
		],
		requestOptions: { timeout: 1, maxRetries: 10 },
		expectSurvivors: true,
		expectFailed: 0,
	},
	{
		fault: 'requests-per-second limit (50/s)',
		operation: 'get',
		mode: 'apiClient',
		phases: [{ after: 0, faults: { requestsPerSecond: 50 } }],
		requestOptions: { concurrency: 10, maxRetries: 10 },
		expectSurvivors: true,
		expectFailed: 0,
	},
	{
		fault: 'dropped connections, 429s, then 500s',
		operation: 'create',
		mode: 'accessToken',
		phases: [
			{ after: 1, faults: { dropConnections: 5, tooManyRequests: { count: 20, retryAfter: '0' } } },
			{ after: 100, faults: { serverErrors: { count: 5, status: 500 } } },
		],
		requestOptions: { maxRetries: 10 },
		expectSurvivors: true,
		// The 5 dropped and the 5 answered 500 may have been processed: never sent again.
		expectFailed: 10,
	},
	{
		fault: 'responses slower than Timeout',
		operation: 'create',
		mode: 'apiClient',
		phases: [
			{ after: 1, faults: { latencyMs: 1500 } },
			{ after: 11, faults: {} },
		],
		requestOptions: { timeout: 1 },
		// A create that timed out may have been processed: it fails and is not sent again.
		expectSurvivors: false,
	},
];

/** A distinct recipient per Create item: it tells which item a POST and a report belong to. */
const recipientOf = (index: number) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;

async function createReports(count: number): Promise<string[]> {
	const { simulator } = suite;
	const ids: string[] = [];
	const body = reportBody(simulator.credentials.tenantId, {
		resultAction: 'send',
		schedule: 'monthly',
		recipients: [simulator.recipientUserIds[0]],
	});
	for (let first = 0; first < count; first += 20) {
		const batch = Array.from({ length: Math.min(20, count - first) }, () =>
			simulator.api('POST', '/reports', body),
		);
		ids.push(...(await Promise.all(batch)).map((report) => String(report.id)));
	}
	return ids;
}

function parametersFor(run: FaultRun): INodeParameters {
	const { simulator } = suite;
	const requestOptions = { requestOptions: { ...run.requestOptions } };
	switch (run.operation) {
		case 'get':
			return { operation: 'get', reportId: '={{ $json.reportId }}', ...requestOptions };
		case 'update':
			return {
				operation: 'update',
				reportId: '={{ $json.reportId }}',
				updateFields: { kind: '={{ $json.kind }}' },
				...requestOptions,
			};
		case 'create':
			return {
				operation: 'create',
				resultAction: 'send',
				recipients: '={{ $json.recipient }}',
				kind: 'usage_summary',
				level: 'direct_partners',
				period: 'custom',
				periodStart: '2024-01-01',
				periodEnd: '2024-01-31',
				formats: ['csv'],
				scheduleType: 'once',
				generationDate: '2999-01-01',
				tenantId: simulator.credentials.tenantId,
				...requestOptions,
			};
	}
}

/** Applies the run's fault phases as its API requests go by; returns the way to stop. */
function injectFaults(run: FaultRun, firstRequest: number): () => void {
	const { simulator } = suite;
	const pending = [...run.phases];
	const advance = () => {
		const seen = simulator.requests
			.slice(firstRequest)
			.filter((request) => request.path !== '/api/2/idp/token').length;
		while (pending.length > 0 && seen >= pending[0].after) {
			simulator.setFaults(pending.shift()!.faults);
		}
	};
	advance();
	const timer = setInterval(advance, 1);
	return () => {
		clearInterval(timer);
		simulator.setFaults({});
	};
}

async function faultRun(run: FaultRun): Promise<FaultRow> {
	const { simulator, store } = suite;
	scanner.harvest(simulator);
	simulator.reset();
	const ids = run.operation === 'create' ? [] : await createReports(ITEMS);
	const items: IDataObject[] = Array.from({ length: ITEMS }, (_, index) =>
		run.operation === 'create'
			? { recipient: recipientOf(index) }
			: { reportId: ids[index], kind: KINDS[index % KINDS.length] },
	);
	const firstRequest = simulator.requests.length;
	const started = Date.now();
	const stopFaults = injectFaults(run, firstRequest);
	let recorded: { result: RunWorkflowResult; outcomes: Map<number, ItemOutcome> };
	try {
		recorded = await recordItems(simulator, run.operation, async () =>
			runNode(simulator, parametersFor(run), {
				items,
				continueOnFail: true,
				mode: run.mode,
				store,
			}),
		);
	} finally {
		stopFaults();
	}
	const seconds = (Date.now() - started) / 1000;
	const { result, outcomes } = recorded;
	scanner.add(result.runData);
	scanner.addError(result.error);
	for (const item of outcomes.values()) scanner.addError(item.error);
	expect(result.status).toBe('success');

	const requests = simulator.requests.slice(firstRequest);
	for (const request of requests) {
		expect(ALLOWED_PATHS.some((path) => path.test(request.path))).toBe(true);
	}
	const outputs = result.outputOf(NODE_NAME);
	const attemptsOf = attribution(run, requests, ids);

	const row: FaultRow = {
		fault: run.fault,
		operation: run.operation,
		items: ITEMS,
		succeeded: 0,
		failed: 0,
		injected: 0,
		survived: 0,
		lost: 0,
		duplicates: 0,
		seconds,
	};
	const problems: string[] = [];
	let crashes = 0;

	// Exactly one output per input item, in input order, paired with it.
	const byItem = pairOutputs(outputs, ITEMS, (text) => {
		row.lost += 1;
		problems.push(text);
	});
	for (let index = 0; index < ITEMS; index++) {
		const own = byItem[index];
		if (own.length !== 1) {
			row.lost += 1;
			problems.push(`item ${index}: ${own.length} outputs`);
			continue;
		}
		const json = own[0].json;
		const attempts = attemptsOf(index);
		const error = outcomes.get(index)?.error;
		if (isCrash(error)) {
			crashes += 1;
			problems.push(`item ${index} crashed: ${String(error)}`);
		}
		if (json.error === undefined && isResultOf(run, json, items[index], ids[index])) {
			row.succeeded += 1;
			row.injected += attempts - 1;
			row.survived += attempts - 1;
		} else if (typeof json.error === 'string') {
			row.failed += 1;
			row.injected += attempts;
		} else {
			row.lost += 1;
			problems.push(`item ${index}: output is neither its result nor an error`);
		}
	}

	let reportsMade: number | undefined;
	let timedOut = 0;
	if (run.operation === 'create') {
		// A create that timed out is still being answered: wait for the slowest answer.
		const latency = Math.max(0, ...run.phases.map((phase) => phase.faults.latencyMs ?? 0));
		if (latency > 0) await sleep(latency + 500);
		const reports = simulator.reports();
		reportsMade = reports.length;
		const perRecipient = new Map<string, number>();
		for (const { report } of reports) {
			const recipient = report.recipients?.[0] ?? '';
			perRecipient.set(recipient, (perRecipient.get(recipient) ?? 0) + 1);
		}
		row.duplicates = [...perRecipient.values()].reduce((sum, count) => sum + count - 1, 0);
		timedOut = outputs.filter((output) => /timed out/.test(String(output.json.error ?? ''))).length;
	}

	figures.faults.push(row);
	figures.faultsSurvived += row.survived;
	figures.itemsLost += row.lost;
	figures.crashes += crashes;
	expect(problems.slice(0, 10)).toEqual([]);
	expect({ lost: row.lost, crashes, duplicates: row.duplicates }).toEqual({
		lost: 0,
		crashes: 0,
		duplicates: 0,
	});
	if (reportsMade !== undefined) {
		// A create that timed out was processed all the same (its answer came too late): it
		// fails, and is not sent again, so its report exists once. Other failures made none.
		expect(reportsMade).toBe(row.succeeded + timedOut);
	}
	expect(row.injected).toBeGreaterThan(0);
	if (run.expectSurvivors) expect(row.survived).toBeGreaterThan(0);
	if (run.expectFailed !== undefined) expect(row.failed).toBe(run.expectFailed);
	return row;
}

/** Attempts per item: requests to its own report, or POSTs naming its recipient. */
function attribution(
	run: FaultRun,
	requests: RecordedRequest[],
	ids: string[],
): (index: number) => number {
	const counts = new Map<string, number>();
	for (const request of requests) {
		const key =
			run.operation === 'create'
				? request.method === 'POST' && request.path === '/api/2/reports'
					? String((request.body as { recipients?: string[] } | undefined)?.recipients?.[0])
					: undefined
				: request.path;
		if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	return (index) =>
		counts.get(run.operation === 'create' ? recipientOf(index) : `/api/2/reports/${ids[index]}`) ??
		0;
}

function isResultOf(run: FaultRun, json: IDataObject, item: IDataObject, id: string): boolean {
	if (run.operation === 'create') {
		return (json.recipients as string[] | undefined)?.[0] === item.recipient;
	}
	if (json.id !== id) return false;
	return run.operation === 'get' || (json.parameters as IDataObject).kind === item.kind;
}

describe('fault runs, 200 items each', () => {
	it.each(RUNS.map((run) => [`${run.operation}: ${run.fault}`, run] as const))(
		'%s: no item lost or doubled',
		async (_, run) => {
			await faultRun(run);
		},
	);
});

suite.describeSecrets();
