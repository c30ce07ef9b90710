// @ts-check
// What the end-to-end helpers started and must not outlive the test process: processes (a
// negative id is a process group) killed and folders removed when it exits without having
// stopped them. Each helper forgets what it stopped itself.
const fs = require('node:fs');

/** @type {Set<number>} */
const processes = new Set();
/** @type {Set<string>} */
const folders = new Set();

process.on('exit', () => {
	for (const pid of processes) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
	for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

module.exports = { folders, processes };
