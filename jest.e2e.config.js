/** End-to-end tests: the packed package inside the default real n8n (see e2e/lib/n8n.js). */
/** @type {import('jest').Config} */
module.exports = {
	...require('./jest.base.js'),
	// Queue mode and the version matrix have runs of their own: npm run test:e2e:queue and
	// npm run test:e2e:matrix.
	testMatch: ['<rootDir>/e2e/e2e.test.cts', '<rootDir>/e2e/billing.test.cts'],
	testTimeout: 120000,
};
