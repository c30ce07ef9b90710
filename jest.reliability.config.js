/**
 * `npm run test:reliability`: property-based and fault tests of the node (test/reliability).
 * Files are named *.reliability.cts so that the default config (test/**\/*.test.*) skips them.
 * @type {import('jest').Config}
 */
module.exports = {
	...require('./jest.base.js'),
	testMatch: ['<rootDir>/test/reliability/**/*.reliability.{ts,cts}'],
	testTimeout: 600000,
	// Jest's own reporters are run by this one, so that the figures come after its summary.
	reporters: ['<rootDir>/test/reliability/reporter.js'],
};
