// @ts-check
// The pinned real n8n as the end-to-end tests install and run it: e2e/lib/n8n.js, typed there.

/** @typedef {import('../../e2e/lib/n8n.js').Memory} N8nMemory */
/** @typedef {ReturnType<typeof import('../../e2e/lib/n8n.js').paths>} N8nPaths */

module.exports = require('../../e2e/lib/n8n.js');
