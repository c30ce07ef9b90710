/**
 * `npm run test:reliability`: property-based and fault tests of the node (test/reliability).
 * Files are named *.reliability.ts so that the default config (test/**\/*.test.ts) skips them.
 * @type {import('jest').Config}
 */
module.exports = {
	...require('./jest.config.js'),
	testMatch: ['<rootDir>/test/reliability/**/*.reliability.ts'],
	testTimeout: 600000,
	// Jest's own reporters are run by this one, so that the figures come after its summary.
	reporters: ['<rootDir>/test/reliability/reporter.js'],
};
