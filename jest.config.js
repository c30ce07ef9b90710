/** `npm run test:integration`: the node in n8n-core's engine, the simulator, the harness. */
/** @type {import('jest').Config} */
module.exports = {
	...require('./jest.base.js'),
	testMatch: ['<rootDir>/test/**/*.test.{ts,cts}'],
	testTimeout: 60000,
};
