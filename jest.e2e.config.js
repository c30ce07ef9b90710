/** End-to-end tests: the packed package inside a real n8n (see e2e/lib/n8n.js). */
/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	testMatch: ['<rootDir>/e2e/**/*.test.ts'],
	// Queue mode has a run of its own: npm run test:e2e:queue.
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/e2e/queue.test.ts'],
	testTimeout: 120000,
};
