/**
 * What an end-to-end suite runs against: one n8n version with the packed package installed as a
 * community package, the simulator, a local mailbox, the example credentials, and the examples
 * plus the suite's own workflows imported. Workflows run by `n8n execute`, or in `n8n start`.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Simulator } from '../../simulator/index.cjs';
import { start } from '../../simulator/index.cjs';

const n8n = require('./n8n.js');
const { startSmtpSink } = require('./smtpSink.js');
const { exampleCredentials } = require('./credentials.js');

export type Json = Record<string, unknown>;

export interface RunData {
	[node: string]: Array<{
		data?: { main: Array<Array<{ json: Json; pairedItem?: unknown }>> };
		error?: { message: string };
	}>;
}

export interface Execution {
	status: string;
	runData: RunData;
	error?: unknown;
}

export interface Mailbox {
	port: number;
	messages: Array<{ from: string; to: string[]; data: string }>;
	close(): Promise<void>;
}

export interface RunningN8n {
	url: string;
	output(): string;
	stop(): Promise<void>;
	/** n8n's credential test (the editor's "Test" / Save), as the signed-in owner. */
	testCredential(data: Json, id?: string): Promise<{ status: string; message: string }>;
}

const OWNER = { email: 'owner@example.com', password: 'E2e-owner-password-1' };

/** The n8n version under test: E2E_N8N_VERSION (the matrix sets it), else the default. */
export const VERSION: string = process.env.E2E_N8N_VERSION ?? n8n.DEFAULT_VERSION;

export class Testbed {
	private constructor(
		readonly version: string,
		readonly simulator: Simulator,
		readonly smtp: Mailbox,
		readonly workDir: string,
		/** n8n's working folder in these runs, and the one folder it may write files to. */
		readonly filesDir: string,
	) {}

	private get userFolder(): string {
		return path.join(this.workDir, 'n8n');
	}

	private get fileAccess(): Json {
		return { N8N_RESTRICT_FILE_ACCESS_TO: this.filesDir };
	}

	/**
	 * Installs n8n `version` if needed, packs and installs the package, starts the simulator
	 * and the mailbox, imports the example credentials and workflows, then the workflows
	 * `workflows` returns (it may create reports on the simulator first).
	 */
	static async create(
		version: string,
		workflows: (simulator: Simulator) => Promise<Json[]>,
	): Promise<Testbed> {
		await n8n.ensureN8n({ version });
		const workDir = mkdtempSync(path.join(tmpdir(), 'acronis-e2e-'));
		const filesDir = path.join(workDir, 'files');
		mkdirSync(filesDir);
		const [smtp, simulator] = await Promise.all([
			startSmtpSink() as Promise<Mailbox>,
			start({ port: 0, fileDelayMs: 200 }),
		]);
		const bed = new Testbed(version, simulator, smtp, workDir, filesDir);
		try {
			await bed.importEverything(await workflows(simulator));
		} catch (error) {
			await bed.close();
			throw error;
		}
		simulator.requests.length = 0;
		return bed;
	}

	/** The example credentials in n8n's import format: apiClient, accessToken, smtp. */
	credentials() {
		return exampleCredentials(this.simulator, this.smtp.port);
	}

	private async importEverything(workflows: Json[]): Promise<void> {
		const { tarball } = await n8n.packPackage(this.workDir);
		await n8n.installCommunityPackage(this.userFolder, tarball);
		const credentialsFile = path.join(this.workDir, 'credentials.json');
		writeFileSync(credentialsFile, JSON.stringify(Object.values(this.credentials())));
		await this.command(['import:credentials', `--input=${credentialsFile}`]);
		const workflowsDir = path.join(this.workDir, 'workflows');
		mkdirSync(workflowsDir);
		const examplesDir = path.join(n8n.REPO_DIR, 'examples');
		for (const file of readdirSync(examplesDir)) {
			writeFileSync(path.join(workflowsDir, file), readFileSync(path.join(examplesDir, file)));
		}
		for (const definition of workflows) {
			writeFileSync(path.join(workflowsDir, `${definition.id}.json`), JSON.stringify(definition));
		}
		await this.command(['import:workflow', '--separate', `--input=${workflowsDir}`]);
	}

	private command(args: string[]) {
		return n8n.n8nCommand(args, { version: this.version, userFolder: this.userFolder });
	}

	/**
	 * `n8n execute` of one workflow, binary data stored on disk as n8n 2.x does by default. n8n
	 * 1.x keeps it in memory, so `--rawOutput` prints each downloaded file as base64, megabytes
	 * that n8n cuts off now and then when it exits before its output is written.
	 */
	async execute(workflowId: string): Promise<Execution> {
		const { run } = await n8n.executeWorkflow(workflowId, {
			version: this.version,
			userFolder: this.userFolder,
			cwd: this.filesDir,
			env: { ...this.fileAccess, N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' },
		});
		return {
			status: run.status,
			runData: run.data.resultData.runData,
			error: run.data.resultData.error,
		};
	}

	/**
	 * `n8n start` with the workflows `activate` active, an owner signed in, and each webhook path
	 * in `webhooks` and MCP Server Trigger path in `mcpServers` registered.
	 */
	async startN8n({
		activate = [],
		webhooks = [],
		mcpServers = [],
	}: {
		activate?: string[];
		webhooks?: string[];
		mcpServers?: string[];
	} = {}): Promise<RunningN8n> {
		for (const workflowId of activate) {
			await n8n.activateWorkflow(workflowId, {
				version: this.version,
				userFolder: this.userFolder,
			});
		}
		const server = await n8n.startN8n({
			version: this.version,
			userFolder: this.userFolder,
			port: await n8n.freePort(),
			cwd: this.filesDir,
			env: this.fileAccess,
			owner: OWNER,
			webhooks,
			mcpServers,
		});
		let cookie: string;
		try {
			cookie = await server.signIn(OWNER);
		} catch (error) {
			await server.stop();
			throw error;
		}
		return {
			url: server.url,
			output: server.output,
			stop: server.stop,
			async testCredential(data, id = '') {
				const response = await fetch(`${server.url}/rest/credentials/test`, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json', cookie },
					// An id of '' is a credential being filled in, not yet saved.
					body: JSON.stringify({ credentials: { id, name: 'Acronis', type: 'acronisApi', data } }),
				});
				const body = (await response.json()) as { data?: { status: string; message: string } };
				if (!body.data) {
					throw new Error(`Credential test answered ${response.status}: ${JSON.stringify(body)}`);
				}
				return body.data;
			},
		};
	}

	async close(): Promise<void> {
		await this.simulator.close();
		await this.smtp.close();
		if (!process.env.KEEP_E2E_FILES) rmSync(this.workDir, { recursive: true, force: true });
	}
}

/** The items node `node` passed on in its first run. */
export function output(runData: RunData, node: string) {
	const [run] = runData[node];
	return run.data!.main[0];
}

/** The simulator's requests other than token requests. */
export function apiRequests(simulator: Simulator) {
	return simulator.requests.filter((request) => request.path !== '/api/2/idp/token');
}
