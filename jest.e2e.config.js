/** End-to-end tests: the packed package inside a real n8n (see e2e/lib/n8n.js). */
/** @type {import('jest').Config} */
module.exports = {
	...require('./jest.base.js'),
	// Queue mode has a run of its own: npm run test:e2e:queue.
	testMatch: ['<rootDir>/e2e/e2e.test.cts', '<rootDir>/e2e/billing.test.cts'],
	testTimeout: 120000,
};
