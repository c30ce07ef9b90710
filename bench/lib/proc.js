// Child processes of the benchmark: commands run to their end, with the memory of the child
// sampled from /proc when asked (the n8n process itself, not the shell around it).
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** Runs `command` to its end; rejects on a non-zero exit with its output attached. */
function run(
	command,
	args,
	{ cwd, env = process.env, timeoutMs = 10 * 60000, sampleMemory = false } = {},
) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		// VmHWM is the kernel's own high-water mark; VmRSS samples every 50 ms back it up in case
		// the last read misses the end.
		const memory = { peakRssKb: 0, hwmKb: 0, samples: 0 };
		const sample = () => {
			let status;
			try {
				status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
			} catch {
				return;
			}
			const rss = /^VmRSS:\s+(\d+)/m.exec(status);
			const hwm = /^VmHWM:\s+(\d+)/m.exec(status);
			if (!rss || !hwm) return;
			memory.samples += 1;
			memory.peakRssKb = Math.max(memory.peakRssKb, Number(rss[1]));
			memory.hwmKb = Math.max(memory.hwmKb, Number(hwm[1]));
		};
		const sampler = sampleMemory ? setInterval(sample, 50) : undefined;
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', reject);
		child.on('close', (code) => {
			clearInterval(sampler);
			clearTimeout(timer);
			const result = { code, stdout, stderr, memory };
			if (code === 0) return resolve(result);
			const error = new Error(
				`${path.basename(command)} ${args.join(' ')} exited with ${code}\n${(stderr || stdout).slice(-4000)}`,
			);
			reject(Object.assign(error, result));
		});
	});
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

module.exports = { median, run };
