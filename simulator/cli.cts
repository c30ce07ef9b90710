/**
 * Runs the simulator until Ctrl-C:
 *
 *   node dist/simulator/cli.cjs [--port N] [--file-delay-ms N] [--latency-ms N] [--today YYYY-MM-DD]
 *     [--time-of-day HH:MM] [--extra-customers N] [--stored-file-min-rows N]
 *     [--stored-file-min-bytes N] [--json]
 *
 * The port also comes from the PORT environment variable (default 8787). With --json the
 * connection details are printed as one JSON line, for scripts that start the simulator.
 */
import { start } from './index.cjs';
import type { SimulatorOptions } from './types.cjs';

const DEFAULT_PORT = 8787;

interface CliArgs {
	options: SimulatorOptions;
	json: boolean;
}

function parseArgs(argv: string[]): CliArgs {
	const options: SimulatorOptions = { port: Number(process.env.PORT ?? DEFAULT_PORT) };
	let json = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const [name, inline] = arg.split('=', 2);
		const value = (): string => {
			const next = inline ?? argv[++i];
			if (next === undefined) fail(`${name} needs a value`);
			return next;
		};
		switch (name) {
			case '--port':
				options.port = integer(name, value());
				break;
			case '--file-delay-ms':
				options.fileDelayMs = integer(name, value());
				break;
			case '--latency-ms':
				options.faults = { ...options.faults, latencyMs: integer(name, value()) };
				break;
			case '--today':
				options.today = value();
				break;
			case '--time-of-day':
				options.timeOfDay = value();
				break;
			case '--extra-customers':
				options.extraCustomers = integer(name, value());
				break;
			case '--stored-file-min-rows':
				options.storedFileMinRows = integer(name, value());
				break;
			case '--stored-file-min-bytes':
				options.storedFileMinBytes = integer(name, value());
				break;
			case '--json':
				json = true;
				break;
			case '--help':
			case '-h':
				process.stdout.write(
					'Usage: node dist/simulator/cli.cjs [--port N] [--file-delay-ms N] [--latency-ms N] [--today YYYY-MM-DD] [--time-of-day HH:MM] [--extra-customers N] [--stored-file-min-rows N] [--stored-file-min-bytes N] [--json]\n',
				);
				process.exit(0);
				break;
			default:
				fail(`Unknown option ${arg}`);
		}
	}
	if (!Number.isInteger(options.port)) fail(`PORT must be an integer, got ${process.env.PORT}`);
	return { options, json };
}

function integer(name: string, text: string): number {
	const value = Number(text);
	if (!Number.isInteger(value) || value < 0) fail(`${name} must be a whole number, got ${text}`);
	return value;
}

function fail(message: string): never {
	process.stderr.write(`${message}\n`);
	process.exit(2);
}

async function main(): Promise<void> {
	const { options, json } = parseArgs(process.argv.slice(2));
	const sim = await start(options);
	const { credentials } = sim;
	if (json) {
		process.stdout.write(
			`${JSON.stringify({
				url: sim.url,
				...credentials,
				childTenantIds: sim.childTenantIds,
				recipientUserIds: sim.recipientUserIds,
			})}\n`,
		);
	} else {
		const lines = [
			`Acronis API simulator listening on ${sim.url} (API under ${sim.url}/api/2)`,
			'',
			'Credential (Acronis Cyber Protect Cloud API):',
			`  Data Center URL   ${sim.url}`,
			`  Client ID         ${credentials.clientId}`,
			`  Client Secret     ${credentials.clientSecret}`,
			`  Access Token      ${credentials.accessToken}   (the "Access Token" mode; never expires)`,
			'',
			`Tenant ID           ${credentials.tenantId}`,
			`Customer tenants    ${sim.childTenantIds.join(', ')}`,
			`Recipient user IDs  ${sim.recipientUserIds.join(', ')}`,
			'',
			'Press Ctrl-C to stop.',
		];
		process.stdout.write(`${lines.join('\n')}\n`);
	}

	let stopping = false;
	const stop = (): void => {
		if (stopping) return;
		stopping = true;
		sim.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	process.stderr.write(`Could not start the simulator: ${(error as Error).message}\n`);
	process.exit(1);
});
