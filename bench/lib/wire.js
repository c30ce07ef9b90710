// @ts-check
// The fetch loop: the same GETs as the node, as a bare fetch loop at a given concurrency,
// outside n8n. Run in its own process (Node 24, like n8n) so it does not share the
// simulator's event loop. Input: one JSON argument; output: the duration of each run in ms.
const { url, token, reportIds, items, concurrency, warmups, runs } = JSON.parse(process.argv[2]);

async function once() {
	let next = 0;
	let failed = 0;
	const worker = async () => {
		while (next < items) {
			const id = reportIds[next++ % reportIds.length];
			const response = await fetch(`${url}/api/2/reports/${id}`, {
				headers: { Authorization: `Bearer ${token}` },
			});
			const body = /** @type {{ id?: string }} */ (await response.json());
			if (!response.ok || body.id !== id) failed += 1;
		}
	};
	const started = process.hrtime.bigint();
	await Promise.all(Array.from({ length: concurrency }, worker));
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	if (failed > 0) throw new Error(`${failed} of ${items} requests failed`);
	return ms;
}

(async () => {
	for (let run = 0; run < warmups; run++) await once();
	const durations = [];
	for (let run = 0; run < runs; run++) durations.push(await once());
	process.stdout.write(JSON.stringify(durations));
})().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
