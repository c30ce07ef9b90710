// @ts-check
// What the figures were measured on: versions, the machine, and its load (other work on the
// machine skews timings, so a noisy run can be told apart).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { BINARY_DATA_MODE, run } = require('./bench.js');

/**
 * @typedef {{ date: string, n8nVersion: string, nodeVersion: string, nproc: number,
 *   totalMemoryBytes: number, cpu: string | undefined, loadAverageAtStart: number[],
 *   loadAverageAtEnd?: number[], binaryDataMode: string, tls: string }} Environment
 */

/**
 * @param {{ dir: string, node: string }} n8nPaths
 * @returns {Promise<Environment>}
 */
async function environment(n8nPaths) {
	let nproc;
	try {
		nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
	} catch {
		nproc = os.availableParallelism();
	}
	return {
		date: new Date().toISOString(),
		n8nVersion: JSON.parse(
			fs.readFileSync(path.join(n8nPaths.dir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
		).version,
		nodeVersion: (await run(n8nPaths.node, ['--version'])).stdout.trim(),
		nproc,
		totalMemoryBytes: os.totalmem(),
		cpu: os.cpus()[0]?.model,
		loadAverageAtStart: os.loadavg(),
		binaryDataMode: BINARY_DATA_MODE,
		tls: 'https, throwaway CA (ECDSA P-256) trusted through NODE_EXTRA_CA_CERTS',
	};
}

module.exports = { environment };
