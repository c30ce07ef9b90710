// Runs the simulator in a process of its own, so a test can read that process's peak memory
// while it streams a large stored file: 'mark' starts a measurement, 'peak' reads it (bytes of
// resident set). The simulator's TypeScript is transpiled on require.
'use strict';
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const ts = require('typescript');

require.extensions['.cts'] = (module, filename) => {
	const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
		compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021 },
		fileName: filename,
	});
	module._compile(outputText, filename);
};
// The simulator's modules import each other as the `.cjs` files they compile to.
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
	const source = request.startsWith('.') && request.endsWith('.cjs');
	return resolveFilename.call(this, source ? `${request.slice(0, -4)}.cts` : request, ...rest);
};

const { start } = require('../../../simulator/index.cts');

/** The highest resident set size since the last 'mark', sampled every few milliseconds. */
let peakRss = 0;
const sampler = setInterval(() => {
	peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 5);

start(JSON.parse(process.argv[2])).then((sim) => {
	process.on('message', (message) => {
		if (message === 'mark') peakRss = process.memoryUsage().rss;
		if (message === 'mark' || message === 'peak') process.send({ peakRss });
		if (message === 'close') {
			clearInterval(sampler);
			sim.close().then(() => process.exit(0));
		}
	});
	process.send({ url: sim.url, accessToken: sim.credentials.accessToken });
});
