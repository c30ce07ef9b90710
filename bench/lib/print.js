// @ts-check
// The bench's printed report: figures as aligned tables, and the header naming the machine.
const { say } = require('./bench.js');

/** @param {number} value */
const formatMs = (value) => `${Math.round(value).toLocaleString('en')} ms`;
/** @param {number} bytes */
const formatMb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
/** A level of items at once; 0 is all. @param {number} value */
const level = (value) => (value === 0 ? 'all' : String(value));

/**
 * Rows as columns padded to their widest cell, a rule under the first row.
 * @param {(string | number)[][]} rows
 */
function printTable(rows) {
	const widths = rows[0].map((_, column) =>
		Math.max(...rows.map((row) => String(row[column]).length)),
	);
	for (const [index, row] of rows.entries()) {
		say(
			`  ${row
				.map((cell, column) => String(cell).padEnd(widths[column]))
				.join('  ')
				.trimEnd()}`,
		);
		if (index === 0) say(`  ${widths.map((width) => '-'.repeat(width)).join('  ')}`);
	}
}

/**
 * What the figures were measured on: other work on the machine skews timings.
 * @param {import('./environment.js').Environment} env
 */
function printHeader(env) {
	const load = (/** @type {number[] | undefined} */ values) =>
		(values ?? []).map((value) => value.toFixed(2)).join(' ');
	say();
	say(`n8n-nodes-acronis benchmark, ${env.date}`);
	say(
		`n8n ${env.n8nVersion}, Node ${env.nodeVersion}, nproc ${env.nproc}, memory ${(env.totalMemoryBytes / 1024 ** 3).toFixed(1)} GiB, ${env.cpu}`,
	);
	say(`${env.tls}; n8n binary data mode: ${env.binaryDataMode}`);
	say(
		`load average at start ${load(env.loadAverageAtStart)}, at end ${load(env.loadAverageAtEnd)}`,
	);
}

module.exports = { formatMb, formatMs, level, printHeader, printTable };
