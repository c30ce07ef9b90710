// @ts-check
// 3. File wait: Generate and Download of a report whose file is saved 120 s after it is created:
// the polls, and the time from "saved" to downloaded. It runs in its own `n8n execute` beside
// the rest, as it mostly sleeps.
const { QUICK, say } = require('../lib/bench.js');
const { formatMs } = require('../lib/print.js');
const wf = require('../lib/workflows.js');

/**
 * @typedef {import('../lib/bench.js').Bench} Bench
 * @typedef {import('../lib/verdicts.js').Check} Check
 * @typedef {{ fileDelayMs: number, polls: number, pollOffsetsMs: number[],
 *   savedToDownloadRequestMs: number, savedToDownloadedMs: number }} FileWaitResult
 */

const FILE_DELAY_MS = QUICK ? 10_000 : 120_000;

/**
 * Sets up the simulator and the workflow. Its `start` resolves once the report has been
 * created, with `done`, which resolves with the figures.
 * @param {Bench} bench
 */
async function planFileWait(bench) {
	const simulator = await bench.simulator({ fileDelayMs: FILE_DELAY_MS });
	simulator.requests.length = 0;
	const id = bench.addWorkflow(
		'fileWait01',
		wf.acronis(simulator.credential, {
			operation: 'generateAndDownload',
			kind: 'usage_summary',
			level: 'accounts',
			waitTimeout: 600,
		}),
	);
	const create = () => simulator.requests.find((one) => one.method === 'POST');
	return {
		start: async () => {
			const execution = bench.execute(id);
			while (!create()) {
				await Promise.race([execution, new Promise((resolve) => setTimeout(resolve, 200))]);
			}
			const done = execution.then(({ run }) => {
				const task = run.data.resultData.runData[wf.TARGET]?.[0];
				const item = task?.data?.main?.[0]?.[0];
				const createdAt = create()?.at;
				if (!task || !item?.binary || createdAt === undefined) {
					throw new Error(`The file wait produced no file: ${JSON.stringify(task?.error)}`);
				}
				const reportId = item.json.report_id;
				const savedAt = createdAt + FILE_DELAY_MS;
				const polls = simulator.requests.filter(
					(one) => one.method === 'GET' && one.path === `/api/2/reports/${reportId}/stored`,
				);
				const download = simulator.requests.find((one) =>
					one.path.startsWith(`/api/2/reports/${reportId}/stored/`),
				);
				if (!download) throw new Error('The file wait downloaded nothing');
				/** @type {FileWaitResult} */
				const result = {
					fileDelayMs: FILE_DELAY_MS,
					polls: polls.length,
					pollOffsetsMs: polls.map((one) => one.at - createdAt),
					savedToDownloadRequestMs: download.at - savedAt,
					savedToDownloadedMs: task.startTime + task.executionTime - savedAt,
				};
				return result;
			});
			return { done };
		},
	};
}

/**
 * @param {FileWaitResult} result
 * @param {Check} check
 * @param {{ fileWaitPolls: number, fileWaitSavedToDownloadedMs: number }} targets
 */
function fileWaitVerdicts(result, check, targets) {
	check(
		`polls for a file saved after ${FILE_DELAY_MS / 1000} s`,
		result.polls,
		targets.fileWaitPolls,
		{
			format: String,
		},
	);
	check('saved → downloaded', result.savedToDownloadedMs, targets.fileWaitSavedToDownloadedMs, {
		format: (ms) => `${(ms / 1000).toFixed(1)} s`,
	});
}

/** @param {FileWaitResult} result */
function printFileWait(result) {
	say(
		`3. Generate and Download, the file saved ${result.fileDelayMs / 1000} s after the report is created: ${result.polls} polls; saved → download request ${formatMs(result.savedToDownloadRequestMs)}, → downloaded ${formatMs(result.savedToDownloadedMs)}`,
	);
	say(`   polls at (s): ${result.pollOffsetsMs.map((at) => (at / 1000).toFixed(1)).join(', ')}`);
}

module.exports = { fileWaitVerdicts, planFileWait, printFileWait };
