/**
 * The node remembers, per data center and credential, how many items at once the data center
 * took, and the next execution in the same process starts there (nodes/shared/transport/adaptiveConcurrency).
 * Seen at the simulator: it records when each request arrived, and answers each after a fixed
 * latency, so the requests of one round trip arrive together.
 */
import type { RecordedRequest, Simulator } from '../../simulator/index.cjs';
import { start } from '../../simulator/index.cjs';
import { disposeHarness } from '../harness/index.cjs';
import type { CredentialMode } from './setup.cjs';
import { outputJson, runNode, seedCreateParameters, seedReportBody } from './setup.cjs';

afterAll(disposeHarness);

const LATENCY_MS = 500;

/** A simulator of the test's own (a data center the node has not met) with `count` reports. */
async function dataCenter(count = 5): Promise<Simulator & { reportIds: string[] }> {
	const simulator = await start({ port: 0, fileDelayMs: 0 });
	const reportIds: string[] = [];
	for (let index = 0; index < count; index++) {
		const report = await simulator.api(
			'POST',
			'/reports',
			seedReportBody(simulator.credentials.tenantId),
		);
		reportIds.push(report.id as string);
	}
	simulator.requests.length = 0;
	return Object.assign(simulator, { reportIds });
}

const simulators: Simulator[] = [];
afterEach(async () => {
	await Promise.all(simulators.splice(0).map(async (simulator) => await simulator.close()));
});

async function answeringAfter(latencyMs: number) {
	const simulator = await dataCenter();
	simulators.push(simulator);
	simulator.setFaults({ latencyMs });
	return simulator;
}

/**
 * Get of `count` items cycling through the simulator's reports; the requests it sent. With the
 * access token by default: an API client's first request fetches the token while the others
 * wait, which would blur the first round.
 */
async function getItems(
	simulator: Simulator & { reportIds: string[] },
	count: number,
	{ mode = 'accessToken' as CredentialMode, continueOnFail = false } = {},
) {
	simulator.requests.length = 0;
	const items = Array.from({ length: count }, (_, index) => ({
		id: simulator.reportIds[index % simulator.reportIds.length],
	}));
	const result = await runNode(
		simulator,
		{ operation: 'get', reportId: '={{ $json.id }}' },
		{ items, mode, continueOnFail },
	);
	return { output: outputJson(result), requests: reportRequests(simulator) };
}

const reportRequests = (simulator: Simulator) =>
	simulator.requests.filter((request) => request.path.startsWith('/api/2/reports'));

/**
 * How many requests each round trip sent: the simulator answers every request after
 * `latencyMs`, so a pause of half that between two arrivals separates one round trip's
 * requests from the next one's.
 */
function roundTrips(requests: RecordedRequest[], latencyMs: number): number[] {
	const arrivals = requests.map((request) => request.at).sort((a, b) => a - b);
	const counts: number[] = [];
	arrivals.forEach((at, index) => {
		if (index === 0 || at - arrivals[index - 1] > latencyMs / 2) counts.push(0);
		counts[counts.length - 1] += 1;
	});
	return counts;
}

/** The most requests the simulator held at once: those that arrived within one latency. */
function mostAtOnce(requests: RecordedRequest[], latencyMs: number): number {
	const arrivals = requests.map((request) => request.at).sort((a, b) => a - b);
	let first = 0;
	let most = 0;
	arrivals.forEach((at, index) => {
		while (arrivals[first] <= at - latencyMs) first += 1;
		most = Math.max(most, index - first + 1);
	});
	return most;
}

describe('the level a data center took, remembered between executions', () => {
	it('starts the next execution there: after a first round that checks, the level at once', async () => {
		const simulator = await answeringAfter(LATENCY_MS);
		const first = await getItems(simulator, 600);
		const firstRounds = roundTrips(first.requests, LATENCY_MS);
		const held = mostAtOnce(first.requests, LATENCY_MS);
		// A data center it has not met: 100 at first, then at most double per round trip.
		expect(firstRounds[0]).toBe(100);
		expect(firstRounds[1]).toBeLessThanOrEqual(200);
		expect(held).toBeGreaterThan(250);

		const second = await getItems(simulator, 600);
		const secondRounds = roundTrips(second.requests, LATENCY_MS);
		expect(second.output.every((item) => item.error === undefined)).toBe(true);
		expect(secondRounds[0]).toBe(100);
		// The first round came back clean: the limit opened to what the first execution held.
		expect(secondRounds[1]).toBeGreaterThan(200);
		expect(secondRounds[1]).toBeGreaterThanOrEqual(Math.floor(held * 0.9));
	});

	it('keeps it per credential: another credential of the same data center starts anew', async () => {
		const simulator = await answeringAfter(LATENCY_MS);
		await getItems(simulator, 600, { mode: 'accessToken' });
		const other = await getItems(simulator, 600, { mode: 'apiClient' });
		// The first request fetched the token, then the rest of the first round went.
		const rounds = roundTrips(other.requests.slice(1), LATENCY_MS);
		expect(rounds[0]).toBe(99);
		expect(rounds[1]).toBeLessThanOrEqual(200);
	});

	it('keeps the gentle start of report creations, whatever the reads learnt', async () => {
		const simulator = await answeringAfter(LATENCY_MS);
		await getItems(simulator, 600);
		simulator.requests.length = 0;
		const items = Array.from({ length: 30 }, (_, index) => ({ index }));
		const result = await runNode(simulator, seedCreateParameters(simulator.credentials.tenantId), {
			items,
			mode: 'accessToken',
		});
		expect(outputJson(result)).toHaveLength(30);
		const posts = simulator.requests.filter((request) => request.method === 'POST');
		// 4, then at most double per round trip: the level the reads held is theirs alone.
		const [first, second] = roundTrips(posts, LATENCY_MS);
		expect(first).toBe(4);
		expect(second).toBeLessThanOrEqual(8);
	});

	it('loses nothing when the data center has lowered its limit far below the level remembered', async () => {
		const simulator = await answeringAfter(LATENCY_MS);
		const first = await getItems(simulator, 600);
		expect(mostAtOnce(first.requests, LATENCY_MS)).toBeGreaterThan(250);

		simulator.setFaults({ requestsPerSecond: 50 });
		const limited = await getItems(simulator, 300, { continueOnFail: true });
		expect(limited.output.filter((item) => item.error !== undefined)).toEqual([]);
		expect(limited.output).toHaveLength(300);
		// Only the first round went before the 429s' Retry-After (1 s): 50 taken, 50 refused.
		const startedAt = Math.min(...limited.requests.map((request) => request.at));
		const firstSecond = limited.requests.filter((request) => request.at < startedAt + 1000);
		expect(firstSecond).toHaveLength(100);
		// Then spaced to the rate the data center took (bench/ measures it: 1.2 at most there).
		expect(limited.requests.length).toBeLessThanOrEqual(300 * 1.3);
	});
});
