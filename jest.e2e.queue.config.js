/** End-to-end test of the packed package on n8n in queue mode (see e2e/queue.test.ts). */
/** @type {import('jest').Config} */
module.exports = {
	...require('./jest.config.js'),
	testMatch: ['<rootDir>/e2e/queue.test.ts'],
	testTimeout: 300000,
};
