// @ts-check
// Each Jest project's time limit for a test or hook (jest.config.js, `globals`): Jest reads
// `testTimeout` from the top-level configuration only.
jest.setTimeout(
	/** @type {{ TEST_TIMEOUT_MS: number }} */ (/** @type {unknown} */ (globalThis)).TEST_TIMEOUT_MS,
);
