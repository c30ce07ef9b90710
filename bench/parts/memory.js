// @ts-check
// 6. Memory while downloading a 100 MB report file, n8n's binary data on disk: the peak RSS of
// the n8n process over the no-op baseline, the peak of an n8n process running a workflow that
// does nothing. The baseline serves the rows part too.
const { createReport } = require('../../e2e/lib/reports.js');
const { BINARY_DATA_MODE, QUICK, median, say } = require('../lib/bench.js');
const { formatMb, formatMs, printTable } = require('../lib/print.js');
const wf = require('../lib/workflows.js');

/**
 * @typedef {import('../lib/bench.js').Bench} Bench
 * @typedef {import('../lib/bench.js').BenchSimulator} BenchSimulator
 * @typedef {import('../lib/bench.js').Memory} Memory
 * @typedef {import('../lib/verdicts.js').Check} Check
 * @typedef {{ runsPeakBytes: number[], peakBytes: number, runs: number }} Baseline
 * @typedef {{ binaryDataMode: string, fileBytes: number, compressedBytes: number,
 *   downloadMs: number, binaryFileSize: unknown, baselinePeakBytes: number,
 *   downloadPeakBytes: number, samples: number, growthBytes: number,
 *   growthPerFileByte: number }} MemoryResult
 */

const FILE_BYTES = (QUICK ? 10 : 100) * 1024 * 1024;
/** Runs of the no-op baseline (and of each rows variant), each an n8n process of its own. */
const MEMORY_RUNS = QUICK ? 1 : 3;

/** The peak memory of an n8n process sampled by e2e/lib/n8n.js, in bytes. @param {Memory} memory */
const peakBytes = (memory) => Math.max(memory.hwmKb, memory.peakRssKb) * 1024;

/**
 * The no-op baseline the memory figures grow from: the peak memory of an n8n process running a
 * workflow that does nothing, median of `MEMORY_RUNS`.
 * @param {Bench} bench
 */
function planBaseline(bench) {
	const id = bench.addWorkflow('memBaseline1', wf.noOp());
	return {
		/** @returns {Promise<Baseline>} */
		measure: async () => {
			const runs = [];
			for (let round = 0; round < MEMORY_RUNS; round++) {
				runs.push(peakBytes((await bench.executeAlone(id)).memory));
			}
			return { runsPeakBytes: runs, peakBytes: median(runs), runs: MEMORY_RUNS };
		},
	};
}

/**
 * A report's stored files once saved and sized: the simulator sizes a file (gzips it once) when
 * it is first listed, done before n8n runs so that n8n does not wait for it.
 * @param {BenchSimulator} simulator
 * @param {string} reportId
 * @returns {Promise<{ id: string, status: string, size: number }[]>}
 */
async function savedAndSized(simulator, reportId) {
	for (let attempt = 0; attempt < 240; attempt++) {
		const { items } = await simulator.api('GET', `/reports/${reportId}/stored`);
		const stored = /** @type {{ id: string, status: string, size: number }[]} */ (items);
		if (stored.length > 0 && stored.every((file) => file.status === 'saved' && file.size > 0))
			return stored;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`The files of report ${reportId} were not saved and sized within 2 minutes`);
}

/** @param {Bench} bench */
async function planMemory(bench) {
	const simulator = await bench.simulator({ storedFileMinBytes: FILE_BYTES });
	const fileReport = await createReport(simulator, {
		kind: 'usage_summary',
		level: 'accounts',
		schedule: 'once',
	});
	const reportId = String(fileReport.id);
	bench.addWorkflow(
		'memDownload1',
		wf.acronis(simulator.credential, { operation: 'download', reportId }),
	);
	return {
		/** @param {Baseline} baseline */
		measure: (baseline) => measureMemory(bench, simulator, reportId, baseline),
	};
}

/**
 * @param {Bench} bench
 * @param {BenchSimulator} simulator
 * @param {string} reportId
 * @param {Baseline} baseline
 * @returns {Promise<MemoryResult>}
 */
async function measureMemory(bench, simulator, reportId, baseline) {
	const stored = await savedAndSized(simulator, reportId);
	const fileBytes = (await simulator.storedFileContent(reportId, stored[0].id)).length;
	const download = await bench.executeAlone('memDownload1');
	const downloaded = download.runData[wf.TARGET]?.[0];
	const downloadedItem = downloaded?.data?.main?.[0]?.[0];
	if (!downloaded || !downloadedItem?.binary?.data) {
		throw new Error(
			`The download produced no file: ${JSON.stringify(downloaded?.error ?? downloaded)}`,
		);
	}
	const downloadPeakBytes = peakBytes(download.memory);
	const growthBytes = downloadPeakBytes - baseline.peakBytes;
	return {
		binaryDataMode: BINARY_DATA_MODE,
		fileBytes,
		compressedBytes: stored[0].size,
		downloadMs: downloaded.executionTime,
		binaryFileSize: downloadedItem.binary.data.fileSize,
		baselinePeakBytes: baseline.peakBytes,
		downloadPeakBytes,
		samples: download.memory.samples,
		growthBytes,
		growthPerFileByte: growthBytes / fileBytes,
	};
}

/**
 * @param {MemoryResult} result
 * @param {Check} check
 * @param {{ memoryGrowthPerFileByte: number }} targets
 */
function memoryVerdicts(result, check, targets) {
	check('peak RSS growth / file size', result.growthPerFileByte, targets.memoryGrowthPerFileByte);
}

/** @param {MemoryResult} memory @param {Baseline} baseline */
function printMemory(memory, baseline) {
	say(
		`6. Memory: Download File of a ${formatMb(memory.fileBytes)} report file (${formatMb(memory.compressedBytes)} gzip)`,
	);
	printTable([
		['baseline peak RSS', 'download peak RSS', 'growth', 'growth / file', 'download time'],
		[
			formatMb(memory.baselinePeakBytes),
			formatMb(memory.downloadPeakBytes),
			formatMb(memory.growthBytes),
			memory.growthPerFileByte.toFixed(2),
			formatMs(memory.downloadMs),
		],
	]);
	say(
		`   baseline: the peak RSS of n8n executing a no-op workflow, median of ${baseline.runs} runs`,
	);
}

module.exports = {
	MEMORY_RUNS,
	memoryVerdicts,
	peakBytes,
	planBaseline,
	planMemory,
	printMemory,
	savedAndSized,
};
