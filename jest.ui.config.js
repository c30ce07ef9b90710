/** The node in n8n's editor, in Debian's Chromium (see e2e/ui.test.ts). */
/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	testMatch: ['<rootDir>/e2e/ui.test.ts'],
	testTimeout: 120000,
};
