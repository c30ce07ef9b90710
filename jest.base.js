/**
 * What every Jest config here shares. The TypeScript that is not part of the package (tests,
 * simulator) is CommonJS TypeScript, `.cts`, so that n8n's lint (`n8n-node lint`, whose rules
 * apply to `*.ts`) covers exactly the package's own code.
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	moduleFileExtensions: ['cts', 'ts', 'js', 'json'],
	transform: { '^.+\\.c?ts$': 'ts-jest' },
	resolver: '<rootDir>/jest.resolver.js',
};
