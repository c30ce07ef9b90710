/**
 * The end-to-end core on one n8n version, E2E_N8N_VERSION (default: the default version), and
 * the lowest n8n-workflow the package loads in. `npm run test:e2e:matrix` (e2e/matrix.js) runs
 * the core once per version pinned in e2e/n8n/.
 */
/** @type {import('jest').Config} */
module.exports = {
	...require('./jest.base.js'),
	testMatch: ['<rootDir>/e2e/core.test.cts', '<rootDir>/e2e/floor.test.cts'],
	testTimeout: 120000,
};
