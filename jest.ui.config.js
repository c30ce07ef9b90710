/** The node in n8n's editor, in Debian's Chromium (see e2e/ui.test.cts). */
/** @type {import('jest').Config} */
module.exports = {
	...require('./jest.base.js'),
	testMatch: ['<rootDir>/e2e/ui.test.cts'],
	testTimeout: 180000,
};
