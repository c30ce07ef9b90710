// @ts-check
// What differs between the n8n versions the end-to-end tests run (pinned in e2e/n8n/), in one
// place. Each entry was read in that version's own code (dist/ of its install); a new pin needs
// its entry here. A release newer than every entry (the weekly run against n8n's newest, see
// e2e/run.js) is driven as the newest entry is.
const DEFAULT_VERSION = '2.41.1';

/** @typedef {{ publish: boolean, ownerFromEnvironment: boolean, testsUnsavedCredentials: boolean }} Traits */

/** @type {Record<string, Traits>} */
const TRAITS = {
	'1.123.80': { publish: false, ownerFromEnvironment: false, testsUnsavedCredentials: false },
	'2.8.4': { publish: true, ownerFromEnvironment: false, testsUnsavedCredentials: false },
	'2.41.1': { publish: true, ownerFromEnvironment: true, testsUnsavedCredentials: true },
};

/**
 * Orders version numbers (major.minor.patch) oldest first.
 * @param {string} a
 * @param {string} b
 */
function compareVersions(a, b) {
	const [x, y] = [a, b].map((version) => version.split('.').map(Number));
	return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** @param {string} version */
function traitsOf(version) {
	if (TRAITS[version]) return TRAITS[version];
	const newest = Object.keys(TRAITS).sort(compareVersions).at(-1) ?? DEFAULT_VERSION;
	if (compareVersions(version, newest) > 0) return TRAITS[newest];
	throw new Error(`No traits for n8n ${version}: add them in e2e/lib/versions.js`);
}

/**
 * How to drive n8n `version`:
 * - `activate(id)`: the CLI arguments that make a workflow active for `n8n start`. 2.x publishes
 *   the workflow's current version (`publish:workflow`); 1.x has no publishing, and its
 *   `update:workflow --active=true` sets the flag `n8n start` activates by.
 * - `ownerFromEnvironment`: n8n reads its owner from N8N_INSTANCE_OWNER_* (2.41; not 2.8 or
 *   1.x, where a fresh instance waits for its sign-up form, POST /rest/owner/setup).
 * - `testsUnsavedCredentials`: POST /rest/credentials/test accepts a credential that is not
 *   saved yet (2.41); 2.8 and 1.x look the id up and answer 403 without one.
 * `execute --id --rawOutput` and its output (`data.resultData.runData`), the credential test's
 * body and the sign-in are alike in all of them.
 * @param {string} version
 */
function versionTraits(version) {
	const traits = traitsOf(version);
	return {
		version,
		ownerFromEnvironment: traits.ownerFromEnvironment,
		testsUnsavedCredentials: traits.testsUnsavedCredentials,
		/** @param {string} workflowId */
		activate: (workflowId) =>
			traits.publish
				? ['publish:workflow', `--id=${workflowId}`]
				: ['update:workflow', `--id=${workflowId}`, '--active=true'],
	};
}

module.exports = { DEFAULT_VERSION, compareVersions, versionTraits };
