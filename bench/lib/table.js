// The benchmark's printed report: the figures of bench/results.json as tables, and the verdicts.

const ms = (value) => `${Math.round(value).toLocaleString('en')} ms`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const level = (value) => (value === 0 ? 'all' : String(value));

function printTable(results, verdicts, { say, variants }) {
	const { environment: env, settings, throughput, rateLimit, fileWait, tokens } = results;
	const { size, requireTime, memory, rows } = results;
	const table = (rows) => {
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
	};
	say();
	say(`n8n-nodes-acronis benchmark, ${env.date}`);
	say(
		`n8n ${env.n8nVersion}, Node ${env.nodeVersion}, nproc ${env.nproc}, memory ${(env.totalMemoryBytes / 1024 ** 3).toFixed(1)} GiB, ${env.cpu}`,
	);
	say(`${env.tls}; n8n binary data mode: ${env.binaryDataMode}`);
	const load = (values) => values.map((value) => value.toFixed(2)).join(' ');
	say(
		`load average at start ${load(env.loadAverageAtStart)}, at end ${load(env.loadAverageAtEnd)}`,
	);
	say();
	say(
		`1. Get items, median of ${settings.runs} runs after ${settings.warmupRounds} warm-up round (Batching: ${settings.batching.runs} runs), n8n's executionTime;`,
	);
	say(
		`   all take turns in one n8n process. This node at its defaults (Items at Once ${settings.itemsAtOnce}); HTTP Request v${settings.httpRequestTypeVersion}.`,
	);
	table([
		[
			'latency',
			'items',
			'(a) Acronis',
			'(b) HTTP Request',
			'(e) Batching',
			'(f) helper floor, best',
			'(d) n8n floor',
			'fetch loop',
			'a / faster of b, e',
			'a / f',
		],
		...throughput.map((row) => [
			`${row.latencyMs} ms`,
			row.items.toLocaleString('en'),
			ms(row.variants.a.medianMs),
			ms(row.variants.b.medianMs),
			ms(row.variants.e.medianMs),
			`${ms(row.helperFloor.medianMs)} (${level(row.helperFloor.level)})`,
			ms(row.variants.d.medianMs),
			row.fetch ? `${ms(row.fetch.medianMs)} (${level(row.fetch.concurrency)})` : '-',
			row.aOverHttpRequest.toFixed(2),
			row.aOverHelperFloor.toFixed(2),
		]),
	]);
	say();
	say(
		`   The helper floor's sweep of fixed items at once (a level is not run when ceil(items / level) × latency ≥ ${settings.sweepMaxWaitMs} ms):`,
	);
	table([
		['latency', ...settings.sweep.map(level)],
		...throughput.map((row) => [
			`${row.latencyMs} ms`,
			...settings.sweep.map((one) => {
				const key = `f${one === 0 ? 'all' : String(one).padStart(3, '0')}`;
				const skipped = row.sweepSkipped.find((entry) => entry.level === one);
				return row.variants[key] ? ms(row.variants[key].medianMs) : `(≥ ${ms(skipped.waitMs)})`;
			}),
		]),
	]);
	for (const row of throughput.filter((one) => !one.sweepSkipSafe)) {
		say(`   WARNING: at ${row.latencyMs} ms a level not run could have been the best.`);
	}
	say();
	say(
		`2. Rate limit ${rateLimit.requestsPerSecond} req/s with Retry-After, ${rateLimit.items} items, continue on fail; ideal ${ms(rateLimit.idealMs)}`,
	);
	table([
		['node', 'completed', 'lost', 'time', 'time / ideal', 'requests', 'requests / items'],
		...['a', 'b', 'e'].map((variant) => [
			variants[variant].replace(' (Get)', ''),
			rateLimit[variant].completed,
			rateLimit[variant].lost,
			ms(rateLimit[variant].ms),
			rateLimit[variant].timeVsIdeal.toFixed(2),
			rateLimit[variant].requests,
			rateLimit[variant].requestsPerItem.toFixed(2),
		]),
	]);
	say();
	say(
		`3. Generate and Download, the file saved ${fileWait.fileDelayMs / 1000} s after the report is created: ${fileWait.polls} polls; saved → download request ${ms(fileWait.savedToDownloadRequestMs)}, → downloaded ${ms(fileWait.savedToDownloadedMs)}`,
	);
	say(`   polls at (s): ${fileWait.pollOffsetsMs.map((at) => (at / 1000).toFixed(1)).join(', ')}`);
	say();
	say(
		`4. Token exchanges, ${tokens.items.toLocaleString('en')} items, API client credential with no token yet: ${tokens.exchanges} (${ms(tokens.ms)})`,
	);
	say();
	say('5. Size and start-up');
	table([
		[
			'tarball',
			'unpacked',
			'files',
			'runtime deps',
			'require package',
			'require n8n-workflow (not counted)',
		],
		[
			`${size.tarballBytes.toLocaleString('en')} B`,
			`${size.unpackedBytes.toLocaleString('en')} B`,
			size.files,
			`${size.runtimeDependencies} declared, ${size.installedDependencies} installed`,
			`${requireTime.packageMs.toFixed(1)} ms`,
			`${requireTime.n8nWorkflowMs.toFixed(1)} ms`,
		],
	]);
	say();
	say(
		`6. Memory: Download File of a ${mb(memory.fileBytes)} report file (${mb(memory.compressedBytes)} gzip)`,
	);
	table([
		['baseline peak RSS', 'download peak RSS', 'growth', 'growth / file', 'download time'],
		[
			mb(memory.baselinePeakBytes),
			mb(memory.downloadPeakBytes),
			mb(memory.growthBytes),
			memory.growthPerFileByte.toFixed(2),
			ms(memory.downloadMs),
		],
	]);
	say(
		`   baseline: the peak RSS of n8n executing a no-op workflow, median of ${settings.memoryRuns} runs`,
	);
	say();
	say(
		`7. Rows: a ${rows.fileRows.toLocaleString('en')}-row csv_v2_0 report (${mb(rows.fileBytes)}, ${mb(rows.compressedBytes)} gzip) as items; median of ${settings.memoryRuns} runs, each an n8n process of its own`,
	);
	table([
		[
			'variant',
			'time',
			'per node',
			'peak RSS growth while the nodes run',
			'whole process (n8n saving the run after)',
			'items',
		],
		...['r', 'x'].map((variant) => {
			const row = rows[variant];
			const middle = row.runs.find((one) => one.ms === row.medianMs) ?? row.runs[0];
			return [
				`(${variant}) ${variants[variant]}`,
				ms(row.medianMs),
				middle.nodesMs.map(ms).join(' + '),
				mb(row.medianGrowthBytes),
				mb(row.medianProcessGrowthBytes),
				middle.items.toLocaleString('en'),
			];
		}),
	]);
	say(
		`   r / x: time ${rows.timeVsExtract.toFixed(2)}, peak growth ${rows.memoryVsExtract.toFixed(2)} (whole process ${rows.processMemoryVsExtract.toFixed(2)}); row ${rows.sampleIndex.toLocaleString('en')}: same tenant, offering item and usage values`,
	);
	say();
	say('Targets');
	table([
		['target', 'value', 'goal', 'verdict'],
		...verdicts.map((verdict) => [
			verdict.name,
			verdict.shown,
			verdict.target,
			verdict.pass ? 'PASS' : 'MISS',
		]),
	]);
	say();
	say(
		`Bench duration: ${(results.durationMs / 60000).toFixed(1)} min; where it went (the file wait runs beside the batch):`,
	);
	table([
		['phase', 'time'],
		...Object.entries(results.phasesMs).map(([name, value]) => [name, ms(value)]),
	]);
}

module.exports = { printTable };
