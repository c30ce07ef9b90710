// @ts-check
// 7. Rows: a 100,000-row csv_v2_0 report as items, (r) Download File with Output Rows against (x)
// Download File with Output File followed by n8n's Extract From File (CSV, header row). Each
// run is an n8n process of its own, its memory sampled, the two taking turns. The memory figure
// is the peak while the nodes run: afterwards n8n saves the run to its database and the bench's
// `execute-batch` writes it to a file, 100,000 items serialised twice, which is n8n's cost, not
// the nodes' (the process's whole peak is kept beside it, for information).
const { createReport } = require('../../e2e/lib/reports.js');
const { QUICK, median, say } = require('../lib/bench.js');
const { formatMb, formatMs, printTable } = require('../lib/print.js');
const wf = require('../lib/workflows.js');
const { MEMORY_RUNS, peakBytes, savedAndSized } = require('./memory.js');

/**
 * @typedef {import('../lib/bench.js').Bench} Bench
 * @typedef {import('../lib/bench.js').BenchSimulator} BenchSimulator
 * @typedef {import('../lib/bench.js').Memory} Memory
 * @typedef {import('../lib/verdicts.js').Check} Check
 * @typedef {import('./memory.js').Baseline} Baseline
 * @typedef {{ ms: number, nodesMs: number[], items: number, peakBytes: number,
 *   growthBytes: number, processGrowthBytes: number, processPeakAfterMs: number }} RowsRun
 * @typedef {{ runs: RowsRun[], medianMs: number, medianGrowthBytes: number,
 *   medianProcessGrowthBytes: number }} RowsVariant
 * @typedef {{ fileRows: number, fileBytes: number, compressedBytes: number,
 *   baselinePeakBytes: number, sampleIndex: number, samples: Record<string, object>,
 *   r: RowsVariant, x: RowsVariant, timeVsExtract: number, memoryVsExtract: number,
 *   processMemoryVsExtract: number }} RowsResult
 */

/** Usage rows of the report read as items. */
const ROWS = QUICK ? 10_000 : 100_000;

const VARIANTS = {
	r: 'Download File, Output Rows',
	x: 'Download File, Output File → Extract From File (CSV)',
};

/**
 * The most memory sampled from `fromMs` to `toMs` (Date.now() times), in bytes; the sample after
 * `toMs` counts too, as the sampler looks every 50 ms.
 * @param {Memory} memory
 * @param {number} fromMs
 * @param {number} toMs
 */
function peakDuring(memory, fromMs, toMs) {
	const during = memory.timeline.filter(([at]) => at >= fromMs && at <= toMs + 50);
	if (during.length === 0) throw new Error(`No memory sample from ${fromMs} to ${toMs}`);
	return Math.max(...during.map(([, kb]) => kb)) * 1024;
}

/** @param {Bench} bench */
async function planRows(bench) {
	const simulator = await bench.simulator({ storedFileMinRows: ROWS });
	const report = await createReport(simulator, {
		kind: 'usage_summary',
		level: 'all_customers',
		schedule: 'once',
		formats: ['csv_v2_0'],
	});
	const reportId = String(report.id);
	const download = (/** @type {'file' | 'rows'} */ output) =>
		wf.acronisDownload(simulator.credential, reportId, output);
	const plan = {
		r: { id: bench.addWorkflow('rowsRows0001', download('rows')), nodes: [wf.TARGET] },
		x: {
			id: bench.addWorkflow('rowsExtract01', download('file'), undefined, [wf.extractCsv()]),
			nodes: [wf.TARGET, wf.EXTRACT],
		},
	};
	return {
		/** @param {Baseline} baseline */
		measure: (baseline) => measureRows(bench, simulator, reportId, plan, baseline),
	};
}

/**
 * @param {Bench} bench
 * @param {BenchSimulator} simulator
 * @param {string} reportId
 * @param {Record<'r' | 'x', { id: string, nodes: string[] }>} plan
 * @param {Baseline} baseline
 * @returns {Promise<RowsResult>}
 */
async function measureRows(bench, simulator, reportId, plan, baseline) {
	const [file] = await savedAndSized(simulator, reportId);
	const fileRows = simulator.reportUsage(reportId, file.id).length;
	// One row in the middle of the file, compared between the two.
	const sampleIndex = Math.floor(fileRows / 2);
	/** @type {Record<string, RowsRun[]>} */
	const runs = { r: [], x: [] };
	/** @type {Record<string, Record<string, any>>} */
	const samples = {};
	for (let round = 0; round < MEMORY_RUNS; round++) {
		for (const [variant, { id, nodes }] of Object.entries(plan)) {
			const { runData, memory } = await bench.executeAlone(id);
			const tasks = nodes.map((name) => runData[name]?.[0]);
			const last = tasks.at(-1);
			const items = last?.data?.main?.[0] ?? [];
			if (!last || tasks.some((task) => !task || task.error) || items.length !== fileRows) {
				const failed = tasks.find((task) => task?.error)?.error;
				throw new Error(
					`${variant}: ${items.length} items for ${fileRows} rows${failed ? `: ${JSON.stringify(failed)}` : ''}`,
				);
			}
			const done = /** @type {import('../lib/bench.js').Task[]} */ (tasks);
			samples[variant] ??= items[sampleIndex].json;
			const startedAt = done[0].startTime;
			const endedAt = last.startTime + last.executionTime;
			const during = peakDuring(memory, startedAt, endedAt);
			const [processPeakAt] = memory.timeline.reduce((top, one) => (one[1] > top[1] ? one : top));
			runs[variant].push({
				ms: done.reduce((sum, task) => sum + task.executionTime, 0),
				nodesMs: done.map((task) => task.executionTime),
				items: items.length,
				peakBytes: during,
				growthBytes: during - baseline.peakBytes,
				processGrowthBytes: peakBytes(memory) - baseline.peakBytes,
				processPeakAfterMs: processPeakAt - startedAt,
			});
		}
	}
	const mismatch = sampleMismatch(samples.r, samples.x);
	if (mismatch) throw new Error(`Row ${sampleIndex}: ${mismatch}`);
	/** @param {RowsRun[]} list @returns {RowsVariant} */
	const summary = (list) => {
		const middle = (/** @type {'ms' | 'growthBytes' | 'processGrowthBytes'} */ key) =>
			median(list.map((one) => one[key]));
		return {
			runs: list,
			medianMs: middle('ms'),
			medianGrowthBytes: middle('growthBytes'),
			medianProcessGrowthBytes: middle('processGrowthBytes'),
		};
	};
	const r = summary(runs.r);
	const x = summary(runs.x);
	return {
		fileRows,
		fileBytes: (await simulator.storedFileContent(reportId, file.id)).length,
		compressedBytes: file.size,
		baselinePeakBytes: baseline.peakBytes,
		sampleIndex,
		samples,
		r,
		x,
		timeVsExtract: r.medianMs / x.medianMs,
		memoryVsExtract: r.medianGrowthBytes / x.medianGrowthBytes,
		processMemoryVsExtract: r.medianProcessGrowthBytes / x.medianProcessGrowthBytes,
	};
}

/**
 * Whether a row of this node and the same line as Extract From File reads it differ, in the
 * tenant, the offering item or a usage value: what, if they do. Extract From File leaves empty
 * cells out and reads every value as text; this node gives null and numbers.
 * @param {Record<string, any>} row
 * @param {Record<string, any>} extracted
 */
function sampleMismatch(row, extracted) {
	const pairs = [
		['tenant_id', 'tenant.id'],
		['offering_item', 'name'],
		...['absolute', 'delta', 'effective'].flatMap((measure) =>
			['production', 'trial', 'total'].map((part) => [
				`usage_${measure}_${part}`,
				`usage.${measure}.${part}`,
			]),
		),
	];
	for (const [column, header] of pairs) {
		const text = extracted[header] ?? '';
		const value = row[column];
		const same =
			typeof value === 'number' ? text !== '' && Number(text) === value : (value ?? '') === text;
		if (!same) return `${column} is ${JSON.stringify(value)}, ${header} ${JSON.stringify(text)}`;
	}
	return undefined;
}

/**
 * @param {RowsResult} rows
 * @param {Check} check
 * @param {{ rowsTimeVsExtract: number, rowsMemoryVsExtract: number }} targets
 */
function rowsVerdicts(rows, check, targets) {
	const count = rows.fileRows.toLocaleString('en');
	check(`${count} rows: time r / x`, rows.timeVsExtract, targets.rowsTimeVsExtract);
	check(
		`${count} rows: peak memory growth r / x`,
		rows.memoryVsExtract,
		targets.rowsMemoryVsExtract,
	);
}

/** @param {RowsResult} rows */
function printRows(rows) {
	say(
		`7. Rows: a ${rows.fileRows.toLocaleString('en')}-row csv_v2_0 report (${formatMb(rows.fileBytes)}, ${formatMb(rows.compressedBytes)} gzip) as items; median of ${MEMORY_RUNS} runs, each an n8n process of its own`,
	);
	printTable([
		[
			'variant',
			'time',
			'per node',
			'peak RSS growth while the nodes run',
			'whole process (n8n saving the run after)',
			'items',
		],
		.../** @type {const} */ (['r', 'x']).map((variant) => {
			const row = rows[variant];
			const middle = row.runs.find((one) => one.ms === row.medianMs) ?? row.runs[0];
			return [
				`(${variant}) ${VARIANTS[variant]}`,
				formatMs(row.medianMs),
				middle.nodesMs.map(formatMs).join(' + '),
				formatMb(row.medianGrowthBytes),
				formatMb(row.medianProcessGrowthBytes),
				middle.items.toLocaleString('en'),
			];
		}),
	]);
	say(
		`   r / x: time ${rows.timeVsExtract.toFixed(2)}, peak growth ${rows.memoryVsExtract.toFixed(2)} (whole process ${rows.processMemoryVsExtract.toFixed(2)}); row ${rows.sampleIndex.toLocaleString('en')}: same tenant, offering item and usage values`,
	);
}

module.exports = { planRows, printRows, rowsVerdicts };
