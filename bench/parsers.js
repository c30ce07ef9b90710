#!/usr/bin/env node
// @ts-check
// The report readers alone, on 100,000 generated rows: the CSV reader on a csv_v2_0-like file of
// 20 columns, against csv-parse as n8n's Extract From File node drives it (when the pinned n8n is
// installed, see e2e/lib/n8n.js), and the JSON reader on a json_v2_0-like file of 100,000
// tenants, against JSON.parse of the whole text. Input in 64 KiB chunks, as a file or HTTP stream
// gives it. Prints the median of RUNS runs after a warm-up; nothing is asserted.
// Run: npm run build && node bench/parsers.js
const fs = require('node:fs');
const path = require('node:path');
const { Readable } = require('node:stream');

const n8n = require('./lib/n8n.js');
const { reportFiles } = require('./lib/built.js');

const { CsvParser } = reportFiles.csv;
const { csvRecordBatchesAs, setOwn } = reportFiles.csvHeader;
const { JsonStreamReader } = reportFiles.json;
const { readBatches } = reportFiles.text;

// The readers driven as the unit tests drive them (test/unit/support/reportFileReaders.cts): one
// record at a time, or the batches each chunk completes.

/** @typedef {import('../nodes/shared/reportFiles/text').TextSource} TextSource */
/** @typedef {import('../nodes/shared/reportFiles/csv').CsvOptions} CsvOptions */

/** @param {TextSource} source @param {CsvOptions} [options] */
const parseCsvBatches = (source, options) => readBatches(source, new CsvParser(options));

/** @param {TextSource} source @param {CsvOptions} [options] */
async function* parseCsv(source, options) {
	for await (const records of parseCsvBatches(source, options)) yield* records;
}

/** @param {string[]} header */
function keyedRecord(header) {
	const protoColumn = header.indexOf('__proto__');
	return (/** @type {string[]} */ fields) => {
		/** @type {Record<string, string>} */
		const record = {};
		for (let index = 0; index < header.length; index++) {
			if (index === protoColumn) setOwn(record, header[index], fields[index]);
			else record[header[index]] = fields[index];
		}
		return record;
	};
}

/** @param {TextSource} source @param {CsvOptions} [options] */
const csvRecordBatches = (source, options) => csvRecordBatchesAs(source, keyedRecord, options);

/** @param {TextSource} source @param {CsvOptions} [options] */
async function* csvRecords(source, options) {
	for await (const records of csvRecordBatches(source, options)) yield* records;
}

/** @param {TextSource} source @param {import('../nodes/shared/reportFiles/json').JsonStreamOptions} options */
async function* streamJson(source, options) {
	for await (const items of readBatches(source, new JsonStreamReader(options))) yield* items;
}

const ROWS = 100_000;
const RUNS = 7;
const CHUNK = 64 * 1024;

const COLUMNS = [
	'application.id',
	'tenant.id',
	'tenant.name',
	'tenant.kind',
	'name',
	'edition',
	'infra.backend_type',
	'infra.id',
	'infra.owner_id',
	'usage.absolute.production',
	'usage.absolute.trial',
	'usage.absolute.total',
	'usage.delta.production',
	'usage.delta.trial',
	'usage.delta.total',
	'usage.effective.production',
	'usage.effective.trial',
	'usage.effective.total',
	'measurement_unit',
	'sku',
];

/** @param {number} n */
const uuid = (n) => {
	const hex = (/** @type {number} */ value, /** @type {number} */ width) =>
		(value >>> 0).toString(16).padStart(width, '0').slice(-width);
	return `${hex(n * 2654435761, 8)}-${hex(n, 4)}-4${hex(n >> 4, 3)}-8${hex(n >> 8, 3)}-${hex(n * 40503, 12)}`;
};

/** One csv_v2_0-like row: a tenant name with a comma and quotes every tenth row. @param {number} index */
function csvRow(index) {
	const tenant = index % 5000;
	const name = tenant % 10 === 0 ? `"Customer ${tenant}, ""Ltd"""` : `Customer ${tenant}`;
	const value = index * 1024;
	return [
		uuid(index % 7),
		uuid(tenant),
		name,
		'customer',
		`storage_item_${index % 20}`,
		index % 3 === 0 ? '' : 'standard',
		'local',
		uuid(index % 3),
		uuid(index % 11),
		value,
		0,
		value,
		index,
		0,
		index,
		value,
		0,
		value,
		'bytes',
		`SKU-${index % 97}`,
	].join(',');
}

/** @param {string} text */
function chunksOf(text) {
	const bytes = Buffer.from(text);
	/** @type {Buffer[]} */
	const chunks = [];
	for (let offset = 0; offset < bytes.length; offset += CHUNK) {
		chunks.push(bytes.subarray(offset, offset + CHUNK));
	}
	return { chunks, bytes: bytes.length };
}

/**
 * csv-parse with the options Extract From File (CSV) passes, fed from a stream of the chunks.
 * @param {(options: object) => import('node:stream').Transform} parse
 * @param {Buffer[]} chunks
 * @returns {Promise<number>}
 */
function csvParseAsExtractFromFile(parse, chunks) {
	return new Promise((resolve, reject) => {
		let count = 0;
		const parser = parse({
			skip_empty_lines: true,
			columns: true,
			onRecord: (/** @type {Record<string, string>} */ record) => {
				// The node's default drops empty cells.
				Object.fromEntries(Object.entries(record).filter(([, value]) => value !== ''));
				count++;
			},
		});
		parser.resume();
		parser.on('error', reject);
		parser.on('end', () => resolve(count));
		Readable.from(chunks, { objectMode: false }).pipe(parser);
	});
}

/** csv-parse as the pinned n8n installs it, when it is installed. */
function findCsvParse() {
	const { dir } = n8n.paths();
	const candidate = path.join(dir, 'node_modules', 'csv-parse');
	if (!fs.existsSync(candidate)) return undefined;
	return {
		parse: require(candidate).parse,
		version: require(path.join(candidate, 'package.json')).version,
	};
}

/**
 * @typedef {{ count: number, wallMs: number, cpuMs: number }} Measured
 * @param {() => Promise<number>} run
 * @returns {Promise<Measured>}
 */
async function measure(run) {
	/** @type {number[]} */
	const walls = [];
	/** @type {number[]} */
	const cpus = [];
	let count = 0;
	for (let round = 0; round <= RUNS; round++) {
		const cpuBefore = process.cpuUsage();
		const started = process.hrtime.bigint();
		count = await run();
		const wall = Number(process.hrtime.bigint() - started) / 1e6;
		const cpu = process.cpuUsage(cpuBefore);
		// Round 0 warms the code up.
		if (round > 0) {
			walls.push(wall);
			cpus.push((cpu.user + cpu.system) / 1000);
		}
	}
	const median = (/** @type {number[]} */ values) =>
		values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
	return { count, wallMs: median(walls), cpuMs: median(cpus) };
}

/**
 * @param {Record<string, string | number>[]} rows
 * @param {string} name
 * @param {number} bytes
 * @param {Measured} measured
 * @param {Measured} [baseline]
 */
function report(rows, name, bytes, { count, wallMs, cpuMs }, baseline) {
	rows.push({
		reader: name,
		rows: count,
		'wall ms': wallMs.toFixed(0),
		'cpu ms': cpuMs.toFixed(0),
		'rows/s': Math.round((count / wallMs) * 1000).toLocaleString('en'),
		'MB/s': (bytes / 2 ** 20 / (wallMs / 1000)).toFixed(0),
		// The machine may be busy with other work: CPU time is the steadier figure.
		'wall vs first': baseline ? `${(wallMs / baseline.wallMs).toFixed(2)}x` : '',
		'cpu vs first': baseline ? `${(cpuMs / baseline.cpuMs).toFixed(2)}x` : '',
	});
}

async function main() {
	const csv = chunksOf(
		[COLUMNS.join(','), ...Array.from({ length: ROWS }, (_, i) => csvRow(i))].join('\r\n') + '\r\n',
	);
	/** @type {Record<string, string | number>[]} */
	const csvRows = [];
	const csvParse = findCsvParse();
	let baseline;
	if (csvParse) {
		baseline = await measure(() => csvParseAsExtractFromFile(csvParse.parse, csv.chunks));
		report(
			csvRows,
			`csv-parse ${csvParse.version} (Extract From File's options)`,
			csv.bytes,
			baseline,
		);
	}
	/**
	 * @template T
	 * @param {AsyncIterable<T> | Iterable<T>} iterable
	 * @param {(item: T) => number} [size]
	 */
	const count = async (iterable, size = () => 1) => {
		let total = 0;
		for await (const item of iterable) total += size(item);
		return total;
	};
	/** @type {[string, () => Promise<number>][]} */
	const readers = [
		['parseCsv (arrays, header included)', () => count(parseCsv(csv.chunks))],
		['parseCsvBatches', () => count(parseCsvBatches(csv.chunks), (batch) => batch.length)],
		['csvRecords (objects)', () => count(csvRecords(csv.chunks))],
		['csvRecordBatches', () => count(csvRecordBatches(csv.chunks), (batch) => batch.length)],
	];
	for (const [name, run] of readers) {
		report(csvRows, name, csv.bytes, await measure(run), baseline);
	}
	console.log(
		`CSV: ${ROWS.toLocaleString('en')} rows x ${COLUMNS.length} columns, ${(csv.bytes / 2 ** 20).toFixed(1)} MB, ${CHUNK / 1024} KiB chunks, median of ${RUNS}`,
	);
	if (!csvParse) console.log('(csv-parse not found: the pinned n8n is not installed)');
	console.table(csvRows);

	const tenant = (/** @type {number} */ index) =>
		JSON.stringify({
			id: uuid(index),
			name: `Customer ${index} "Ltd"`,
			kind: 'customer',
			usages: [
				{ name: 'storage', edition: 'standard', value: index * 1024, unit: 'bytes' },
				{ name: 'workstations', edition: 'standard', value: index % 50, unit: 'quantity' },
			],
		});
	const jsonText = `{"params":{"kind":1,"gen_date":1790000000,"report_level":2},"tenants":[\n${Array.from({ length: ROWS }, (_, i) => tenant(i)).join(',\n')}\n]}`;
	const json = chunksOf(jsonText);
	/** @type {Record<string, string | number>[]} */
	const jsonRows = [];
	const whole = await measure(async () => {
		const text = Buffer.concat(json.chunks).toString('utf8');
		return JSON.parse(text).tenants.length;
	});
	report(jsonRows, 'JSON.parse of the whole text', json.bytes, whole);
	const streamed = await measure(() =>
		count(streamJson(json.chunks, { arrays: ['tenants'] }), (item) =>
			item.kind === 'element' ? 1 : 0,
		),
	);
	report(jsonRows, 'streamJson', json.bytes, streamed, whole);
	console.log(
		`\nJSON: ${ROWS.toLocaleString('en')} tenants, ${(json.bytes / 2 ** 20).toFixed(1)} MB`,
	);
	console.table(jsonRows);
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
