/** End-to-end test of the packed package on n8n in queue mode (see e2e/queue.test.cts). */
/** @type {import('jest').Config} */
module.exports = {
	...require('./jest.base.js'),
	testMatch: ['<rootDir>/e2e/queue.test.cts'],
	testTimeout: 300000,
};
