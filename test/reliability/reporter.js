/**
 * Jest's default reporters, then the reliability figures as the very last lines of the run
 * (after Jest's summary); fails the run when a figure that must be 0 is not, or a suite wrote
 * none. The suites write their figures to files: Jest keeps what tests print to itself.
 */
const { mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const SUITES = ['properties', 'faults'];

class ReliabilityReporter {
	constructor(globalConfig) {
		const { DefaultReporter, SummaryReporter, VerboseReporter } = require('@jest/reporters');
		this.reporters = [
			globalConfig.verbose ? new VerboseReporter(globalConfig) : new DefaultReporter(globalConfig),
			new SummaryReporter(globalConfig, {}),
		];
		// Suites run in workers started after this: they find the folder through the environment.
		this.dir = mkdtempSync(path.join(tmpdir(), 'acronis-reliability-'));
		process.env.ACRONIS_RELIABILITY_DIR = this.dir;
		this.error = undefined;
	}

	async onRunStart(...args) {
		for (const reporter of this.reporters) await reporter.onRunStart?.(...args);
	}

	async onTestFileStart(test) {
		for (const reporter of this.reporters) {
			if (reporter.onTestFileStart) await reporter.onTestFileStart(test);
			else await reporter.onTestStart?.(test);
		}
	}

	async onTestCaseStart(...args) {
		for (const reporter of this.reporters) await reporter.onTestCaseStart?.(...args);
	}

	async onTestCaseResult(...args) {
		for (const reporter of this.reporters) await reporter.onTestCaseResult?.(...args);
	}

	async onTestFileResult(...args) {
		for (const reporter of this.reporters) {
			if (reporter.onTestFileResult) await reporter.onTestFileResult(...args);
			else await reporter.onTestResult?.(...args);
		}
	}

	async onRunComplete(...args) {
		for (const reporter of this.reporters) await reporter.onRunComplete?.(...args);
		this.printFigures();
	}

	printFigures() {
		const parts = readdirSync(this.dir)
			.filter((name) => name.endsWith('.json'))
			.map((name) => JSON.parse(readFileSync(path.join(this.dir, name), 'utf8')));
		rmSync(this.dir, { recursive: true, force: true });
		const sum = (key) => parts.reduce((total, part) => total + part[key], 0);
		const totals = {
			inputs: sum('inputs'),
			crashes: sum('crashes'),
			faultsSurvived: sum('faultsSurvived'),
			itemsLost: sum('itemsLost'),
			secretsLeaked: sum('secretsLeaked'),
		};
		const lines = [''];
		const properties = parts.flatMap((part) => part.properties);
		if (properties.length > 0) {
			lines.push(
				'Properties',
				...table(properties, [
					'operation',
					'runs',
					'inputs',
					'refused',
					'succeeded',
					'requests',
					'seconds',
				]),
				'',
			);
		}
		const faults = parts.flatMap((part) => part.faults);
		if (faults.length > 0) {
			lines.push(
				'Faults',
				...table(faults, [
					'fault',
					'operation',
					'items',
					'succeeded',
					'failed',
					'injected',
					'survived',
					'lost',
					'duplicates',
					'seconds',
				]),
				'',
			);
		}
		for (const part of parts) lines.push(`${part.suite}: ${part.seconds.toFixed(1)} s`);
		const missing = SUITES.filter((suite) => !parts.some((part) => part.suite === suite));
		if (missing.length > 0) lines.push(`(no figures from: ${missing.join(', ')})`);
		lines.push(
			`reliability: inputs=${totals.inputs} crashes=${totals.crashes} faults_survived=${totals.faultsSurvived} items_lost=${totals.itemsLost} secrets_leaked=${totals.secretsLeaked}`,
		);
		process.stdout.write(`${lines.join('\n')}\n`);

		if (parts.length === 0) this.error = new Error('No suite wrote its figures');
		else if (totals.crashes + totals.itemsLost + totals.secretsLeaked > 0) {
			this.error = new Error('Crashes, lost items or leaked secrets');
		}
	}

	/** Jest fails the run when a reporter has an error. */
	getLastError() {
		return this.error ?? this.reporters.map((reporter) => reporter.getLastError?.()).find(Boolean);
	}
}

function table(rows, columns) {
	const cells = rows.map((row) =>
		columns.map((column) =>
			typeof row[column] === 'number' && !Number.isInteger(row[column])
				? row[column].toFixed(1)
				: String(row[column]),
		),
	);
	const widths = columns.map((column, index) =>
		Math.max(column.length, ...cells.map((row) => row[index].length)),
	);
	const line = (values) =>
		values
			.map((value, index) => value.padEnd(widths[index]))
			.join('  ')
			.trimEnd();
	return [line(columns), ...cells.map(line)];
}

module.exports = ReliabilityReporter;
