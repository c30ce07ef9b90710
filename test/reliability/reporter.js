// @ts-check
/**
 * The reporter of every Jest run (jest.config.js): Jest's default reporters, then, when the
 * reliability suites ran, their figures as the very last lines of the run (after Jest's
 * summary); fails the run when a figure that must be 0 is not, or a suite wrote none. The
 * suites write their figures to files: Jest keeps what tests print to itself.
 */
const { mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const SUITES = ['properties', 'faults'];

/** @typedef {import('@jest/reporters').Reporter} Reporter */

class ReliabilityReporter {
	/** @param {import('@jest/types').Config.GlobalConfig} globalConfig */
	constructor(globalConfig) {
		const { DefaultReporter, SummaryReporter, VerboseReporter } = require('@jest/reporters');
		/** @type {Reporter[]} */
		this.reporters = [
			globalConfig.verbose ? new VerboseReporter(globalConfig) : new DefaultReporter(globalConfig),
			new SummaryReporter(globalConfig, {}),
		];
		// Suites run in workers started after this: they find the folder through the environment.
		this.dir = mkdtempSync(path.join(tmpdir(), 'acronis-reliability-'));
		process.env.ACRONIS_RELIABILITY_DIR = this.dir;
		/** @type {Error | undefined} */
		this.error = undefined;
		this.reliabilityRan = false;
	}

	/**
	 * @param {import('@jest/test-result').AggregatedResult} results
	 * @param {import('@jest/reporters').ReporterOnStartOptions} options
	 */
	async onRunStart(results, options) {
		for (const reporter of this.reporters) await reporter.onRunStart?.(results, options);
	}

	/** @param {import('@jest/reporters').Test} test */
	async onTestFileStart(test) {
		if (/\.reliability\.c?ts$/.test(test.path)) this.reliabilityRan = true;
		for (const reporter of this.reporters) {
			if (reporter.onTestFileStart) await reporter.onTestFileStart(test);
			else await reporter.onTestStart?.(test);
		}
	}

	/**
	 * @param {import('@jest/reporters').Test} test
	 * @param {import('@jest/test-result').TestCaseResult} result
	 */
	async onTestCaseResult(test, result) {
		for (const reporter of this.reporters) await reporter.onTestCaseResult?.(test, result);
	}

	/**
	 * @param {import('@jest/reporters').Test} test
	 * @param {import('@jest/test-result').TestResult} result
	 * @param {import('@jest/test-result').AggregatedResult} results
	 */
	async onTestFileResult(test, result, results) {
		for (const reporter of this.reporters) {
			if (reporter.onTestFileResult) await reporter.onTestFileResult(test, result, results);
			else await reporter.onTestResult?.(test, result, results);
		}
	}

	/**
	 * @param {Set<import('@jest/reporters').TestContext>} contexts
	 * @param {import('@jest/test-result').AggregatedResult} results
	 */
	async onRunComplete(contexts, results) {
		for (const reporter of this.reporters) await reporter.onRunComplete?.(contexts, results);
		if (this.reliabilityRan) this.printFigures();
		rmSync(this.dir, { recursive: true, force: true });
	}

	printFigures() {
		/** @type {Array<import('./support/figures.cjs').Figures>} */
		const parts = readdirSync(this.dir)
			.filter((name) => name.endsWith('.json'))
			.map((name) => JSON.parse(readFileSync(path.join(this.dir, name), 'utf8')));
		/** @param {'inputs' | 'crashes' | 'faultsSurvived' | 'itemsLost' | 'secretsLeaked'} key */
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

/**
 * @param {object[]} rows
 * @param {string[]} columns
 */
function table(rows, columns) {
	const cells = rows.map((row) =>
		columns.map((column) => {
			const value = /** @type {Record<string, unknown>} */ (row)[column];
			return typeof value === 'number' && !Number.isInteger(value)
				? value.toFixed(1)
				: String(value);
		}),
	);
	const widths = columns.map((column, index) =>
		Math.max(column.length, ...cells.map((row) => row[index].length)),
	);
	const line = (/** @type {string[]} */ values) =>
		values
			.map((value, index) => value.padEnd(widths[index]))
			.join('  ')
			.trimEnd();
	return [line(columns), ...cells.map(line)];
}

module.exports = ReliabilityReporter;
