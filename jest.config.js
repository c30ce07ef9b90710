/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/**/*.test.ts'],
	testTimeout: 60000,
	// The n8n pins of the end-to-end tests (e2e/n8n/<version>/package.json) share one name.
	modulePathIgnorePatterns: ['<rootDir>/e2e/n8n/'],
};
