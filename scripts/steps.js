// @ts-check
// Steps of a test run, timed, and the summary that closes it: what each step took, which
// failed, and the whole run's time. Used by `npm test` (scripts/test.js) and the end-to-end
// suites (e2e/run.js).
const { spawn } = require('node:child_process');

/** @typedef {{ name: string, ok: boolean, seconds: number, detail?: string }} StepResult */

const say = (line = '') => {
	process.stdout.write(`${line}\n`);
};

/** @param {number} seconds */
function duration(seconds) {
	const whole = Math.round(seconds);
	return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

class Steps {
	/** @param {string} title what the run is, for the summary */
	constructor(title) {
		this.title = title;
		this.started = Date.now();
		/** @type {StepResult[]} */
		this.results = [];
	}

	/**
	 * Runs one step; a step fails by throwing, and may resolve with a detail for the summary.
	 * @param {string} name
	 * @param {() => Promise<string | void>} work
	 * @returns {Promise<boolean>} whether it passed
	 */
	async run(name, work) {
		const started = Date.now();
		/** @type {StepResult} */
		let result;
		try {
			const detail = await work();
			result = { name, ok: true, seconds: (Date.now() - started) / 1000, detail: detail || '' };
		} catch (error) {
			say(`${name}: ${String(/** @type {Error} */ (error).message ?? error).split('\n')[0]}`);
			result = { name, ok: false, seconds: (Date.now() - started) / 1000 };
		}
		this.results.push(result);
		return result.ok;
	}

	get failed() {
		return this.results.filter((result) => !result.ok);
	}

	/** Prints each step, then the whole run's time; `note` follows that. */
	summary(note = '') {
		const seconds = (Date.now() - this.started) / 1000;
		say(`\n${this.title}:`);
		for (const { name, ok, seconds: took, detail } of this.results) {
			say(`  ${ok ? 'pass' : 'FAIL'}  ${name} (${duration(took)}${detail ? `, ${detail}` : ''})`);
		}
		const failed = this.failed.length;
		const outcome = failed ? `${failed} of ${this.results.length} steps failed` : 'passed';
		say(`${this.title} ${outcome} in ${duration(seconds)}${note ? ` ${note}` : ''}`);
		return seconds;
	}
}

/**
 * Runs `command` with the output passed through; rejects unless it exits with 0.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<void>}
 */
function spawnStep(command, args, { cwd, env = process.env } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, env, stdio: 'inherit' });
		child.on('error', reject);
		child.on('close', (code, signal) => {
			if (code === 0) resolve();
			else reject(new Error(`${command} ${args.join(' ')} ${signal ?? `exited with ${code}`}`));
		});
	});
}

module.exports = { Steps, duration, say, spawnStep };
