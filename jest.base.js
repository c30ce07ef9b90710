/**
 * What every Jest config here shares. The TypeScript that is not part of the package (tests,
 * simulator) is CommonJS TypeScript, `.cts`: n8n's lint (`n8n-node lint`) applies its rules for
 * community nodes to every `*.ts` file, and they forbid what tests need (node:http, process,
 * timers). A test written as `.ts` runs too, under those rules.
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	moduleFileExtensions: ['cts', 'ts', 'js', 'json'],
	transform: { '^.+\\.c?ts$': 'ts-jest' },
	resolver: '<rootDir>/jest.resolver.js',
	// The n8n pins of the end-to-end tests (e2e/n8n/<version>/package.json) share one name.
	modulePathIgnorePatterns: ['<rootDir>/e2e/n8n/'],
};
