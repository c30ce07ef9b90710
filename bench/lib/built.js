// @ts-check
// The built package (`npm run build` writes dist/), typed by its sources: `npm run typecheck`
// checks the bench without a build.
const path = require('node:path');

const DIST = path.join(__dirname, '..', '..', 'dist');

/** @param {string} file a file under dist/ */
const load = (file) => require(path.join(DIST, file));

/** @type {typeof import('../../simulator/index.cjs')} */
const simulator = load('simulator/index.cjs');
/** @type {typeof import('../../nodes/shared/fields/requestOptions')} */
const requestOptions = load('nodes/shared/fields/requestOptions.js');
/** The report-file readers, as the package drives them (nodes/shared/reportFiles/). */
const reportFiles = {
	/** @type {typeof import('../../nodes/shared/reportFiles/csv')} */
	csv: load('nodes/shared/reportFiles/csv.js'),
	/** @type {typeof import('../../nodes/shared/reportFiles/csvHeader')} */
	csvHeader: load('nodes/shared/reportFiles/csvHeader.js'),
	/** @type {typeof import('../../nodes/shared/reportFiles/json')} */
	json: load('nodes/shared/reportFiles/json.js'),
	/** @type {typeof import('../../nodes/shared/reportFiles/text')} */
	text: load('nodes/shared/reportFiles/text.js'),
};

module.exports = { reportFiles, requestOptions, simulator };
