import {
	parseRetryAfter,
	retryAfterNetworkError,
	retryAfterStatus,
} from '../../nodes/shared/transport/retry';
import { disposeHarness } from '../harness/index.cjs';
import {
	apiRequests,
	createThroughNode,
	NODE_NAME,
	outputJson,
	runNode,
	seedCreateParameters,
	storeFor,
	UNKNOWN_ID,
	useSimulator,
} from './setup.cjs';

const simulator = useSimulator();
afterAll(disposeHarness);

const createParameters = () => seedCreateParameters(simulator.credentials.tenantId);
const posts = () => apiRequests(simulator).filter((request) => request.method === 'POST');

const createdReportId = async (): Promise<string> =>
	(await createThroughNode(simulator, createParameters())).id as string;

describe('retries', () => {
	it('waits out 429s as Retry-After says, then succeeds', async () => {
		const id = await createdReportId();
		simulator.setFaults({
			tooManyRequests: { count: 2, retryAfter: '1' },
			paths: ['/api/2/reports'],
		});
		const started = Date.now();
		const result = await runNode(simulator, { operation: 'get', reportId: id });
		expect(outputJson(result)[0].id).toBe(id);
		expect(apiRequests(simulator)).toHaveLength(3);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
	});

	it('repeats a read after 5xx answers and a dropped connection', async () => {
		const id = await createdReportId();
		simulator.setFaults({ serverErrors: { count: 2, status: 502 }, paths: ['/api/2/reports'] });
		expect(outputJson(await runNode(simulator, { operation: 'get', reportId: id }))[0].id).toBe(id);
		simulator.setFaults({ dropConnections: 1, paths: ['/api/2/reports'] });
		expect(outputJson(await runNode(simulator, { operation: 'get', reportId: id }))[0].id).toBe(id);
	});

	it('never repeats a create after a 5xx or a dropped connection: it could duplicate the report', async () => {
		simulator.setFaults({ serverErrors: { count: 1, status: 500 }, paths: ['/api/2/reports'] });
		const failed = await runNode(simulator, createParameters(), { continueOnFail: true });
		expect(outputJson(failed)[0]).toMatchObject({ details: { httpCode: '500' } });
		expect(posts()).toHaveLength(1);

		simulator.requests.length = 0;
		simulator.setFaults({ dropConnections: 1, paths: ['/api/2/reports'] });
		const dropped = await runNode(simulator, createParameters(), { continueOnFail: true });
		expect(outputJson(dropped)[0].error).toMatch(/^Could not reach the Acronis data center/);
		expect(posts()).toHaveLength(1);
	});

	it('repeats a create refused with 429, and creates it once', async () => {
		simulator.setFaults({
			tooManyRequests: { count: 1, retryAfter: '0' },
			paths: ['/api/2/reports'],
		});
		const result = await runNode(simulator, createParameters());
		expect(result.status).toBe('success');
		expect(posts()).toHaveLength(2);
		expect(simulator.reports()).toHaveLength(1);
	});

	it('gives up after Max Retries with the last answer', async () => {
		simulator.setFaults({
			tooManyRequests: { count: 5, retryAfter: '0' },
			paths: ['/api/2/reports'],
		});
		const result = await runNode(
			simulator,
			{ operation: 'get', reportId: UNKNOWN_ID, requestOptions: { maxRetries: 1 } },
			{ continueOnFail: true },
		);
		expect(outputJson(result)[0]).toMatchObject({ details: { httpCode: '429' } });
		expect(apiRequests(simulator)).toHaveLength(2);
	});

	it('times an attempt out as Timeout says', async () => {
		simulator.setFaults({ latencyMs: 3000 });
		const result = await runNode(
			simulator,
			{ operation: 'get', reportId: UNKNOWN_ID, requestOptions: { timeout: 1, maxRetries: 0 } },
			{ mode: 'accessToken', continueOnFail: true },
		);
		expect(outputJson(result)[0].error).toMatch(
			/^Could not reach the Acronis data center: the (request|connection) timed out/,
		);
	});

	it('parses Retry-After in seconds and as an HTTP date; repeats only what is safe', () => {
		const now = Date.parse('2026-11-23T10:00:00Z');
		expect(parseRetryAfter('3', now)).toBe(3000);
		expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:05 GMT', now)).toBe(5000);
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(retryAfterStatus('GET', 503, '2', 0, now)).toBe(2000);
		expect(retryAfterStatus('POST', 503, '2', 0, now)).toBeUndefined();
		expect(retryAfterStatus('POST', 429, '2', 0, now)).toBe(2000);
		expect(retryAfterStatus('GET', 404, undefined, 0, now)).toBeUndefined();
		expect(retryAfterStatus('GET', 429, '3600', 0, now)).toBeUndefined(); // too long to wait
		expect(retryAfterNetworkError('POST', 'ECONNRESET', 0)).toBeUndefined();
		expect(retryAfterNetworkError('POST', 'ECONNREFUSED', 0)).toBeGreaterThan(0);
		expect(retryAfterNetworkError('PUT', 'ECONNRESET', 0)).toBeGreaterThan(0);
	});
});

describe('items at once', () => {
	it('works on several items at a time, keeps their order and fetches one token', async () => {
		const id = await createdReportId();
		simulator.setFaults({ latencyMs: 100 });
		const items = Array.from({ length: 20 }, (_, index) => ({
			id: index % 3 === 1 ? 'bad' : id,
			index,
		}));
		const tokensBefore = simulator.tokenRequests();
		const started = Date.now();
		const result = await runNode(
			simulator,
			{ operation: 'get', reportId: '={{ $json.id }}', requestOptions: { concurrency: 5 } },
			{ items, continueOnFail: true, store: storeFor(simulator) },
		);
		const elapsed = Date.now() - started;
		const outputs = result.outputOf(NODE_NAME);
		expect(outputs.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		outputs.forEach((item, index) => {
			if (items[index].id === 'bad') expect(item.json.error).toMatch(/Report must be a UUID/);
			else expect(item.json.id).toBe(id);
		});
		expect(simulator.tokenRequests() - tokensBefore).toBe(1);
		// 13 requests of 100 ms each take 1.3 s one after the other.
		expect(elapsed).toBeLessThan(1000);
	});

	it('stops at the first failing item in input order without Continue', async () => {
		const id = await createdReportId();
		const items = [{ id }, { id: UNKNOWN_ID }, { id }, { id: UNKNOWN_ID }];
		const result = await runNode(
			simulator,
			{
				operation: 'get',
				reportId: '={{ $json.id }}',
				requestOptions: { concurrency: 4 },
			},
			{ items },
		);
		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({ httpCode: '404' });
	});

	it('refuses a malformed item before any item is sent, without Continue', async () => {
		const id = await createdReportId();
		const items = [{ id }, { id }, { id: '../tenants' }, { id }];
		const result = await runNode(
			simulator,
			{ operation: 'get', reportId: '={{ $json.id }}' },
			{ items },
		);
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^Report must be a UUID/);
		expect(simulator.requests).toEqual([]);
	});
});
