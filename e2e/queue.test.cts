/**
 * The packed package on n8n in queue mode: main (`n8n start`, EXECUTIONS_MODE=queue) takes the
 * webhook calls and enqueues the executions in Redis, two `n8n worker` processes run them, all
 * three share PostgreSQL, and each has the package installed as a community package in its own
 * user folder, as on separate machines. Against the simulator.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Simulator } from '../simulator/index.cjs';
import { start } from '../simulator/index.cjs';

import { fingerprint } from '../test/fingerprint.cjs';
import * as queue from './lib/queue.js';
import { attachment, startSmtpSink } from './lib/smtpSink.js';
import { CLIENT_CREDENTIAL, exampleCredentials } from './lib/credentials.js';
import { createReport } from './lib/reports.js';
import * as wf from './lib/workflows.js';

// Plain JavaScript whose option objects TypeScript cannot infer: used untyped.
const n8n = require('./lib/n8n.js');

/** A second API-client credential nobody has used yet: no token stored with it. */
const FRESH_CREDENTIAL = { id: 'acronisQueueFresh1', name: 'Acronis (simulator, unused)' };
const BURST = 50;
const ITEMS = 20;
/** Executions a worker runs at once (`n8n worker --concurrency`, n8n's default). */
const WORKER_CONCURRENCY = 10;

const WORKFLOWS = {
	burst: 'queueGetBurst0001',
	fresh: 'queueGetFresh0001',
	creates: 'queueCreateBurst01',
	monthly: 'acronisExMonthly01',
	save: 'acronisExSave00001',
	webhook: 'acronisExWebhook01',
};

type Json = Record<string, unknown>;
interface Worker {
	output(): string;
	started(): string[];
	finished(): string[];
	kill(): Promise<void>;
	stop(): Promise<void>;
}
interface ExecutionRow {
	id: number;
	status: string;
	mode: string;
}

let simulator: Simulator;
let smtp: { port: number; messages: Array<{ to: string[]; data: string }>; close(): Promise<void> };
let redis: Awaited<ReturnType<typeof queue.startRedis>>;
let postgres: Awaited<ReturnType<typeof queue.startPostgres>>;
let main: { url: string; stop(): Promise<void>; output(): string };
let workers: Worker[] = [];
let workDir: string;
let filesDir: string;
let scheduledReportId: string;
let reportIds: string[];
/** The burst workflow's Get output from a regular (single-process) run. */
let singleProcessOutput: Json[];
/** What the run measured, printed at the end. */
const figures: Record<string, unknown> = {};

function webhookNode(id: string, webhookPath: string) {
	return {
		id: `${id}-webhook`,
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: {
			httpMethod: 'POST',
			path: webhookPath,
			responseMode: 'lastNode',
			responseData: 'allEntries',
			options: {},
		},
	};
}

/**
 * Webhook (and a manual trigger, for `n8n execute`) → optional Create → Code node making 20
 * items → Get per item with the report id from an expression; answers with Get's items.
 */
function burstWorkflow(id: string, credential: typeof CLIENT_CREDENTIAL, { create = false } = {}) {
	const items = Array.from({ length: ITEMS }, (_, index) => ({
		reportId: reportIds[index % reportIds.length],
		index,
	}));
	const acronis = (name: string, parameters: Json, x: number) => ({
		id: `${id}-${name}`,
		name,
		position: [x, 0],
		...wf.acronisNode(credential, parameters),
	});
	const nodes: Json[] = [
		webhookNode(id, id),
		wf.manualTrigger(id, [0, 200]),
		wf.itemsNode(id, wf.itemsCode(items), [400, 0]),
		acronis('Get', { operation: 'get', reportId: '={{ $json.reportId }}' }, 600),
	];
	const connections: Json = { Run: wf.connectTo('Items'), Items: wf.connectTo('Get') };
	if (create) {
		// One report per call, its period's day taken from the call: a report created twice
		// shows up as two reports (and two POSTs) for the same day.
		nodes.push(
			acronis(
				'Create',
				{
					operation: 'create',
					resultAction: 'save',
					kind: 'usage_summary',
					level: 'accounts',
					period: 'custom',
					periodStart: '={{ $json.body.day }}',
					periodEnd: '={{ $json.body.day }}',
					formats: ['csv'],
					scheduleType: 'once',
				},
				200,
			),
		);
		connections.Webhook = wf.connectTo('Create');
		connections.Create = wf.connectTo('Items');
	} else {
		connections.Webhook = wf.connectTo('Items');
	}
	return { id, name: id, nodes, connections, settings: { executionOrder: 'v1' }, active: false };
}

/** An example workflow started by a webhook instead of its manual and schedule triggers. */
function exampleViaWebhook(file: string) {
	const example = JSON.parse(readFileSync(path.join(n8n.REPO_DIR, 'examples', file), 'utf8'));
	const isTrigger = (node: Json) =>
		['n8n-nodes-base.manualTrigger', 'n8n-nodes-base.scheduleTrigger'].includes(
			node.type as string,
		);
	const triggers = (example.nodes as Json[]).filter(isTrigger).map((node) => node.name as string);
	const manual = (example.nodes as Json[]).find(
		(node) => node.type === 'n8n-nodes-base.manualTrigger',
	)!;
	const connections = {
		...example.connections,
		Webhook: example.connections[manual.name as string],
	};
	for (const name of triggers) delete connections[name];
	return {
		...example,
		nodes: [
			...(example.nodes as Json[]).filter((node) => !isTrigger(node)),
			webhookNode(example.id, example.id),
		],
		connections,
		active: false,
	};
}

async function callWebhook(webhookPath: string, body: unknown = {}) {
	const response = await fetch(`${main.url}/webhook/${webhookPath}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(180000),
	});
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = text;
	}
	return { status: response.status, body: json, at: Date.now() };
}

async function executions(workflowId: string): Promise<ExecutionRow[]> {
	return (await postgres.rows(
		`SELECT id, status, mode FROM execution_entity WHERE "workflowId" = '${workflowId}' ORDER BY id`,
	)) as ExecutionRow[];
}

/** Which worker logged each execution as started: ids → worker indexes. */
function runners(ids: Array<number | string>) {
	return ids.map((id) =>
		workers.flatMap((worker, index) =>
			worker
				.started()
				.filter((started) => started === String(id))
				.map(() => index),
		),
	);
}

beforeAll(async () => {
	const setupStarted = Date.now();
	await n8n.ensureN8n();
	workDir = mkdtempSync(path.join(tmpdir(), 'acronis-e2e-queue-'));
	filesDir = path.join(workDir, 'files');
	mkdirSync(filesDir);
	[redis, postgres, smtp, simulator] = await Promise.all([
		queue.startRedis(path.join(workDir, 'redis')),
		queue.startPostgres(),
		startSmtpSink(),
		start({ port: 0, fileDelayMs: 200 }),
	]);

	const report = (kind: string, level: string) => createReport(simulator, { kind, level });
	// The webhook example enables and disables its own report; the bursts get the others.
	scheduledReportId = (await report('usage_daily', 'itself')).id as string;
	const created = [
		await report('usage_daily', 'direct_partners'),
		await report('usage_summary', 'accounts'),
		await report('usage_current', 'all_customers'),
		await report('usage_breakdown', 'all_partners'),
	];
	reportIds = created.map((body: Json) => body.id as string);

	// Each process has the package in its own user folder, as on separate machines.
	const folders = ['main', 'worker-1', 'worker-2'].map((name) => path.join(workDir, name));
	const { tarball } = await n8n.packPackage(workDir);
	for (const folder of folders) await n8n.installCommunityPackage(folder, tarball);

	const shared = {
		...queue.queueEnv({ redis, postgres }),
		N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
		// A dead worker's jobs are noticed once their lock expires (default 60 s).
		QUEUE_WORKER_LOCK_DURATION: '10000',
		QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
		QUEUE_WORKER_STALLED_INTERVAL: '3000',
	};
	const cliOptions = { userFolder: folders[0], cwd: filesDir, env: shared, timeoutMs: 300000 };
	const cli = (args: string[]) => n8n.n8nCommand(args, cliOptions);

	const { apiClient, smtp: mailbox } = exampleCredentials(simulator, smtp.port);
	const fresh = { ...apiClient, ...FRESH_CREDENTIAL };
	writeFileSync(
		path.join(workDir, 'credentials.json'),
		JSON.stringify([apiClient, fresh, mailbox]),
	);
	const workflowsDir = path.join(workDir, 'workflows');
	mkdirSync(workflowsDir);
	const definitions = [
		burstWorkflow(WORKFLOWS.burst, CLIENT_CREDENTIAL),
		burstWorkflow(WORKFLOWS.fresh, FRESH_CREDENTIAL),
		burstWorkflow(WORKFLOWS.creates, CLIENT_CREDENTIAL, { create: true }),
		exampleViaWebhook('monthly-usage-report.json'),
		exampleViaWebhook('save-usage-report.json'),
		JSON.parse(
			readFileSync(path.join(n8n.REPO_DIR, 'examples', 'report-schedule-webhook.json'), 'utf8'),
		),
	];
	for (const definition of definitions) {
		writeFileSync(path.join(workflowsDir, `${definition.id}.json`), JSON.stringify(definition));
	}
	// The first command creates the schema in PostgreSQL.
	await cli(['import:credentials', `--input=${path.join(workDir, 'credentials.json')}`]);
	await cli(['import:workflow', '--separate', `--input=${workflowsDir}`]);

	// The same workflow run by one regular process (`n8n execute` does not use the queue).
	const { run } = await n8n.executeWorkflow(WORKFLOWS.burst, cliOptions);
	expect(run.status).toBe('success');
	singleProcessOutput = run.data.resultData.runData.Get[0].data.main[0].map(
		(item: { json: Json }) => item.json,
	);
	figures.tokenRequestsSingleProcessRun = simulator.tokenRequests();

	// What `n8n publish:workflow --id=…` does, for all of them in one statement.
	const ids = definitions.map((definition) => `'${definition.id}'`).join(', ');
	await postgres.query(
		`UPDATE workflow_entity SET active = true, "activeVersionId" = "versionId" WHERE id IN (${ids})`,
	);

	const processEnv = { ...shared, N8N_LOG_LEVEL: 'info' };
	// Settled one by one, so that afterAll stops whatever did start.
	const [mainStart, ...workerStarts] = await Promise.allSettled([
		n8n.startN8n({
			userFolder: folders[0],
			port: await n8n.freePort(),
			cwd: filesDir,
			env: processEnv,
		}),
		...folders.slice(1).map(async (userFolder) =>
			queue.startWorker({
				userFolder,
				cwd: filesDir,
				concurrency: WORKER_CONCURRENCY,
				env: processEnv,
			}),
		),
	]);
	if (mainStart.status === 'fulfilled') main = mainStart.value;
	for (const started of workerStarts)
		if (started.status === 'fulfilled') workers.push(started.value);
	for (const started of [mainStart, ...workerStarts]) {
		if (started.status === 'rejected') throw started.reason;
	}
	// Main answers readiness before it has published the workflows (their webhooks are
	// registered in the background): wait until each has its webhook.
	const deadline = Date.now() + 120000;
	const registered = () => postgres.rows('SELECT DISTINCT "workflowId" FROM webhook_entity');
	while ((await registered()).length < definitions.length) {
		if (Date.now() > deadline) throw new Error(`Webhooks not registered:\n${main.output()}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	figures.setupSeconds = Math.round((Date.now() - setupStarted) / 1000);
}, 20 * 60000);

afterAll(async () => {
	if (workDir && process.env.KEEP_E2E_FILES) {
		const logs: Array<[string, string | undefined]> = [
			['main', main?.output()],
			...workers.map((worker, index): [string, string] => [`worker-${index + 1}`, worker.output()]),
		];
		for (const [name, text] of logs) writeFileSync(path.join(workDir, `${name}.log`), text ?? '');
	}
	const stops = [main?.stop(), ...workers.map((worker) => worker.stop())];
	await Promise.allSettled(stops);
	await Promise.allSettled([redis?.stop(), postgres?.stop(), simulator?.close(), smtp?.close()]);
	if (workDir && !process.env.KEEP_E2E_FILES) rmSync(workDir, { recursive: true, force: true });
	process.stderr.write(`\nQueue-mode figures: ${JSON.stringify(figures, null, 2)}\n`);
});

describe('the package on n8n in queue mode (main + two workers)', () => {
	it('runs the example webhook through main, each call on a worker', async () => {
		const call = async (enabled: boolean) => {
			const response = await callWebhook('acronis-report-schedule', {
				reportId: scheduledReportId,
				enabled,
			});
			expect(response.status).toBe(200);
			return response.body as Json;
		};
		expect(await call(false)).toMatchObject({
			id: scheduledReportId,
			schedule: { enabled: false },
		});
		expect(await call(true)).toMatchObject({ id: scheduledReportId, schedule: { enabled: true } });
		const rows = await executions(WORKFLOWS.webhook);
		expect(rows.map((row) => [row.mode, row.status])).toEqual([
			['webhook', 'success'],
			['webhook', 'success'],
		]);
		expect(runners(rows.map((row) => row.id)).map((ran) => ran.length)).toEqual([1, 1]);
	});

	it('runs the example "monthly usage report by email" on a worker: the file reaches the mailbox', async () => {
		const response = await callWebhook(WORKFLOWS.monthly);
		expect(response.status).toBe(200);
		const created = simulator
			.reports()
			.filter((state) => state.report.parameters.kind === 'usage_summary')
			.at(-1)!;
		const [file] = created.stored;
		expect(smtp.messages).toHaveLength(1);
		const [message] = smtp.messages;
		expect(message.to).toEqual(['<finance@example.com>']);
		// The attachment, base64 in the MIME message, is the report file byte for byte.
		expect(attachment(message)).toEqual(
			await simulator.storedFileContent(created.report.id, file.id),
		);
		const rows = await executions(WORKFLOWS.monthly);
		expect(rows.map((row) => row.status)).toEqual(['success']);
		expect(runners(rows.map((row) => row.id))[0]).toHaveLength(1);
	});

	it('runs the example "one-off usage report saved to disk" on a worker: each file intact', async () => {
		const response = await callWebhook(WORKFLOWS.save);
		expect(response.status).toBe(200);
		const written = response.body as Json[];
		expect(written.map((item) => item.report_format).sort()).toEqual(['csv_v2_0', 'json_v2_0']);
		// Written by the worker into the working folder it shares with the other processes.
		for (const item of written) {
			expect(fingerprint(readFileSync(path.join(filesDir, item.file_name as string)))).toEqual(
				fingerprint(await simulator.storedFileContent(item.report_id as string, item.id as string)),
			);
		}
		const rows = await executions(WORKFLOWS.save);
		expect(rows.map((row) => row.status)).toEqual(['success']);
		expect(runners(rows.map((row) => row.id))[0]).toHaveLength(1);
	});

	it(`runs a burst of ${BURST} executions of ${ITEMS} items each on the workers, as one process would, on the stored token`, async () => {
		const tokensBefore = simulator.tokenRequests();
		const began = Date.now();
		const responses = await Promise.all(
			Array.from({ length: BURST }, () => callWebhook(WORKFLOWS.burst)),
		);
		figures.burstSeconds = (Date.now() - began) / 1000;
		for (const response of responses) {
			expect(response.status).toBe(200);
			expect(response.body).toEqual(singleProcessOutput);
		}
		const rows = await executions(WORKFLOWS.burst);
		// One `cli` execution (the single-process run), then the burst, all successful.
		expect(rows.filter((row) => row.mode === 'webhook')).toHaveLength(BURST);
		expect(rows.every((row) => row.status === 'success')).toBe(true);
		const ranOn = runners(rows.filter((row) => row.mode === 'webhook').map((row) => row.id));
		// Every execution ran on exactly one worker, and both workers took their share.
		expect(ranOn.every((ran) => ran.length === 1)).toBe(true);
		const perWorker = workers.map((_, index) => ranOn.filter(([ran]) => ran === index).length);
		figures.burstExecutionsPerWorker = perWorker;
		expect(perWorker.every((count) => count > 0)).toBe(true);
		// The token the first execution of all stored with the credential serves every worker.
		figures.tokenRequestsBurst = simulator.tokenRequests() - tokensBefore;
		expect(simulator.tokenRequests() - tokensBefore).toBe(0);
		expect(simulator.tokenRequests()).toBe(1);
	});

	it(`counts the token requests of a burst on a credential without a stored token`, async () => {
		const tokensBefore = simulator.tokenRequests();
		const responses = await Promise.all(
			Array.from({ length: BURST }, () => callWebhook(WORKFLOWS.fresh)),
		);
		for (const response of responses) {
			expect(response.status).toBe(200);
			expect(response.body).toEqual(singleProcessOutput);
		}
		const fetched = simulator.tokenRequests() - tokensBefore;
		figures.tokenRequestsFreshCredentialBurst = fetched;
		expect(fetched).toBeGreaterThanOrEqual(1);
		// No lock spans processes: each execution that makes its first request before a token
		// is stored fetches one. The node asks with its first item alone, so at most one per
		// execution running at that moment.
		expect(fetched).toBeLessThanOrEqual(workers.length * WORKER_CONCURRENCY);
		// Once one is stored, later executions use it.
		const after = simulator.tokenRequests();
		expect((await callWebhook(WORKFLOWS.fresh)).status).toBe(200);
		expect(simulator.tokenRequests()).toBe(after);
	});

	/**
	 * A worker killed in the middle of a burst of creates. What the package promises is kept apart
	 * from what n8n does with a dead worker's jobs: a change in n8n reads as n8n's, not as the
	 * package's failure.
	 */
	describe('a worker killed in the middle of a burst of creates', () => {
		const days = Array.from({ length: BURST }, (_, index) =>
			new Date(Date.UTC(2020, 0, 1 + index)).toISOString().slice(0, 10),
		);
		let responses: Array<{ status: number; body: unknown; at: number }>;
		let rows: ExecutionRow[];
		let failedIds: string[];
		let ranOn: Map<string, number[]>;
		let inFlight: string[] = [];
		let killedAt: number;
		let tokensBefore: number;

		beforeAll(async () => {
			const [victim] = workers;
			const startedBefore = victim.started().length;
			const finishedBefore = victim.finished().length;
			tokensBefore = simulator.tokenRequests();
			// Slower answers keep executions in flight long enough to be caught by the kill.
			simulator.setFaults({ latencyMs: 25 });
			const began = Date.now();
			const pending = Promise.all(days.map((day) => callWebhook(WORKFLOWS.creates, { day })));
			for (const deadline = Date.now() + 60000; Date.now() < deadline;) {
				const started = victim.started().slice(startedBefore);
				const finished = new Set(victim.finished().slice(finishedBefore));
				inFlight = started.filter((id) => !finished.has(id));
				if (inFlight.length >= 3) break;
				await new Promise((resolve) => setTimeout(resolve, 20));
			}
			await victim.kill();
			killedAt = Date.now();
			responses = await pending;
			simulator.setFaults({});

			rows = (await executions(WORKFLOWS.creates)).filter((row) => row.mode === 'webhook');
			failedIds = rows.filter((row) => row.status !== 'success').map((row) => String(row.id));
			const ran = runners(rows.map((row) => row.id));
			ranOn = new Map(rows.map((row, index) => [String(row.id), ran[index]]));
			figures.workerKill = {
				killedAfterSeconds: (killedAt - began) / 1000,
				startedOnKilledWorkerAndUnfinished: inFlight.length,
				executionRows: rows.length,
				statuses: rows.reduce<Record<string, number>>(
					(counts, row) => ({
						...counts,
						[row.status]: (counts[row.status] ?? 0) + 1,
					}),
					{},
				),
				failedExecutionsNeverStarted: failedIds.filter((id) => ranOn.get(id)!.length === 0).length,
				httpStatuses: [...new Set(responses.map((response) => response.status))],
				failedAnsweredSecondsAfterKill: responses
					.filter((response) => response.status !== 200)
					.map((response) => (response.at - killedAt) / 1000),
				burstSeconds: (Math.max(...responses.map((response) => response.at)) - began) / 1000,
			};
		}, 5 * 60000);

		it('the package: the kill caught executions in flight', () => {
			expect(inFlight.length).toBeGreaterThanOrEqual(3);
		});

		it('the package: no report is created twice, each successful call has its report, and the answers are those of one process', () => {
			const succeeded = responses.filter((response) => response.status === 200);
			for (const response of succeeded) expect(response.body).toEqual(singleProcessOutput);
			// At most one POST and one report per call (day), and exactly one for each call that
			// succeeded.
			const posted = simulator.requests
				.filter((request) => request.method === 'POST' && request.path === '/api/2/reports')
				.map((request) => request.body as { parameters?: { period?: { start?: string } } })
				.map((body) => body.parameters?.period?.start)
				.filter((day): day is string => day !== undefined && days.includes(day));
			const reported = simulator
				.reports()
				.map((state) => state.report.parameters.period?.start)
				.filter((day): day is string => day !== undefined && days.includes(day));
			figures.workerKill = {
				...(figures.workerKill as Json),
				reportsCreated: reported.length,
				successfulExecutions: succeeded.length,
			};
			expect(new Set(posted).size).toBe(posted.length);
			expect(new Set(reported).size).toBe(reported.length);
			responses.forEach((response, index) => {
				if (response.status === 200) expect(reported).toContain(days[index]);
			});
			expect(simulator.tokenRequests()).toBe(tokensBefore);
		});

		it('n8n (recorded, not the package’s promise): one execution per call, each on one worker at most, never retried', async () => {
			const [, survivor] = workers;
			// Every call made exactly one execution, and every execution reached an end.
			expect(rows).toHaveLength(BURST);
			expect(
				rows.filter((row) => ['new', 'running', 'waiting'].includes(String(row.status))),
			).toEqual([]);
			// None ran twice, none was taken over: an execution ran on one worker at most, and a
			// failed one never on the survivor.
			for (const [id, ran] of ranOn) {
				expect(ran.length).toBeLessThanOrEqual(1);
				if (failedIds.includes(id)) expect(ran).not.toContain(1);
				else expect(ran).toHaveLength(1);
			}
			// n8n 2.41 runs Bull with maxStalledCount 0: once their lock expires, the jobs of the
			// dead worker fail as stalled and main records each as an error saying so; none is
			// retried. Those are the ones the killed worker had taken: started (in flight) or only
			// just dequeued, at most its concurrency. Main answers their calls with HTTP 500.
			expect(rows.filter((row) => row.status !== 'success').map((row) => row.status)).toEqual(
				failedIds.map(() => 'error'),
			);
			expect(failedIds).toEqual(expect.arrayContaining(inFlight));
			expect(failedIds.length).toBeLessThanOrEqual(WORKER_CONCURRENCY);
			const stalled = await postgres.rows(
				`SELECT "executionId" AS id FROM execution_data WHERE data LIKE '%failed to be processed too many times%'`,
			);
			expect(stalled.map((row) => String((row as { id: unknown }).id)).sort()).toEqual(
				[...failedIds].sort(),
			);
			const failed = responses.filter((response) => response.status !== 200);
			expect(failed).toHaveLength(failedIds.length);
			for (const response of failed) expect(response.status).toBe(500);
			expect(survivor.started().length).toBeGreaterThan(0);
		});
	});
});
