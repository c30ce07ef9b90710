#!/usr/bin/env node
// @ts-check
// `npm run demo`: the simulator, and a real n8n with this package installed from its npm pack,
// the simulator's credential and the example workflows imported. `--headless` runs the first
// example, prints what the node returned, and exits.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const n8n = require('./lib/n8n.js');
const { exampleCredentials } = require('./lib/credentials.js');
const { createReport } = require('./lib/reports.js');
const { attachmentNames, startSmtpSink, subject } = require('./lib/smtpSink.js');
// The built simulator (npm run build), typed as its source.
const BUILT_SIMULATOR = '../dist/simulator/index.cjs';
/** @type {typeof import('../simulator/index.cjs')} */
const { start } = require(BUILT_SIMULATOR);

const headless = process.argv.includes('--headless');
// The usual ports when they are free (another n8n may hold 5678), else free ones.
const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);
const SIMULATOR_PORT = Number(process.env.SIMULATOR_PORT ?? 8787);
const OWNER = { email: 'demo@example.com', password: 'Acronis-demo-1' };
const FIRST_EXAMPLE = { id: 'acronisExMonthly01', node: "Last month's usage report" };

const say = (line = '') => {
	process.stdout.write(`${line}\n`);
};

async function main() {
	await n8n.ensureN8n({ log: say });
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'acronis-demo-'));
	const userFolder = path.join(workDir, 'n8n');
	// Where the examples' file-writing node may write: n8n's working folder in the demo.
	const filesDir = path.join(workDir, 'files');
	fs.mkdirSync(filesDir);
	const n8nRun = { userFolder, cwd: filesDir, env: { N8N_RESTRICT_FILE_ACCESS_TO: filesDir } };
	const simulator = await start({
		port: headless ? 0 : await n8n.portOr(SIMULATOR_PORT),
		fileDelayMs: 3000,
	});
	// The mail example sends to this local mailbox instead of a mail server.
	const smtp = await startSmtpSink({
		onMessage: (/** @type {import('./lib/smtpSink.js').Message} */ message) =>
			say(
				`Mail received for ${message.to.join(', ')}: ${subject(message) ?? '(no subject)'} (${attachments(message)})`,
			),
	});
	const cleanUp = async () => {
		await simulator.close();
		await smtp.close();
		fs.rmSync(workDir, { recursive: true, force: true });
	};

	try {
		say(`Acronis API simulator on ${simulator.url}`);
		const { tarball } = await n8n.packPackage(workDir);
		const installed = await n8n.installCommunityPackage(userFolder, tarball);
		say(`Installed ${installed.name}@${installed.version} into n8n's community nodes folder`);

		const credentialsFile = path.join(workDir, 'credentials.json');
		const credentials = exampleCredentials(simulator, smtp.port);
		fs.writeFileSync(credentialsFile, JSON.stringify(Object.values(credentials)));
		await n8n.n8nCommand(['import:credentials', `--input=${credentialsFile}`], { userFolder });
		await n8n.n8nCommand(
			['import:workflow', '--separate', `--input=${path.join(n8n.REPO_DIR, 'examples')}`],
			{ userFolder },
		);

		if (headless) {
			const { run } = await n8n.executeWorkflow(FIRST_EXAMPLE.id, n8nRun);
			const [result] = run.data.resultData.runData[FIRST_EXAMPLE.node];
			say(`Workflow "Acronis: monthly usage report by email": ${run.status}`);
			const items = /** @type {Array<{ json: unknown }> | undefined} */ (result.data?.main[0]);
			say(JSON.stringify(items?.map((item) => item.json) ?? result.error, null, 2));
			say(`Mails in the local mailbox: ${smtp.messages.length}`);
			await cleanUp();
			process.exitCode = run.status === 'success' ? 0 : 1;
			return;
		}

		await n8n.activateWorkflow('acronisExWebhook01', { userFolder });
		const port = await n8n.portOr(N8N_PORT);
		const server = await n8n.startN8n({
			...n8nRun,
			port,
			owner: OWNER,
			webhooks: ['acronis-report-schedule'],
		});
		// A monthly (scheduled) report for the webhook example to enable and disable.
		const monthlyReportId = (
			await createReport(simulator, { kind: 'usage_summary', level: 'direct_partners' })
		).id;
		say();
		say(`n8n is running on http://localhost:${port}`);
		say(`  Sign in as ${OWNER.email} / ${OWNER.password} (a local demo owner).`);
		say('  Workflows, with the credential "Acronis (simulator)" already filled in:');
		say(
			'  - "Acronis: monthly usage report by email": click "Execute workflow". The node generates',
		);
		say(
			"    last month's report, waits for the file, and Send Email delivers it to a local mailbox",
		);
		say('    (each mail is announced here).');
		say(`  - "Acronis: one-off usage report saved to disk": the files land in ${filesDir}`);
		say('  - "Acronis: enable or disable a scheduled report from a webhook" is published; try:');
		say(
			`    curl -X POST http://localhost:${port}/webhook/acronis-report-schedule -H 'Content-Type: application/json' -d '{"reportId":"${monthlyReportId}","enabled":false}'`,
		);
		say('Press Ctrl-C to stop.');
		const stop = async () => {
			await server.stop();
			await cleanUp();
			process.exit(0);
		};
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
	} catch (error) {
		await cleanUp();
		throw error;
	}
}

/** @param {import('./lib/smtpSink.js').Message} message */
function attachments(message) {
	const names = attachmentNames(message);
	return names.length ? `attached: ${names.join(', ')}` : 'no attachment';
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
