import fc from 'fast-check';

import { CsvParser } from '../../nodes/shared/reportFiles/csv';
import {
	csvRecordBatches,
	csvRecords,
	parseCsv,
	parseCsvBatches,
} from './support/reportFileReaders.cjs';
import {
	bytewise,
	cuts,
	drain,
	endlessSource,
	generatedSource,
	heapAfterGc,
	manyCuts,
	split,
	streamOf,
	utf8,
} from './support/streams.cjs';

/** Characters that matter to CSV, and some that matter to UTF-8 (2, 3 and 4 bytes). */
const tricky = fc.constantFrom(
	'a',
	'b',
	' ',
	',',
	'"',
	'""',
	'\r',
	'\n',
	'\r\n',
	'é',
	'€',
	'😀',
	'\ufeff',
);
const field = fc.oneof(
	fc.string({ unit: tricky, maxLength: 12 }),
	fc.string({ unit: 'binary', maxLength: 8 }),
	fc.constant(''),
);
const table = fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { maxLength: 12 });
const layout = fc.record({
	lineBreak: fc.constantFrom('\r\n', '\n'),
	finalLineBreak: fc.boolean(),
	byteOrderMark: fc.boolean(),
});
type Layout = { lineBreak: string; finalLineBreak: boolean; byteOrderMark: boolean };

/**
 * A table written as a conformant writer does: a field is quoted when it holds a delimiter, a
 * quote or a line break (or starts with U+FEFF, which a reader would take for a byte order mark),
 * and a record of one empty field is written `""` so that it is not an empty line.
 */
function writeCsv(rows: string[][], { lineBreak, finalLineBreak, byteOrderMark }: Layout): string {
	const written = rows.map((row) =>
		row.length === 1 && row[0] === ''
			? '""'
			: row
					.map((value) =>
						/[,"\r\n]|^\ufeff/.test(value) ? `"${value.replace(/"/g, '""')}"` : value,
					)
					.join(','),
	);
	const body = written.join(lineBreak) + (finalLineBreak && rows.length > 0 ? lineBreak : '');
	return (byteOrderMark ? '\ufeff' : '') + body;
}

async function readAll(chunks: Array<Uint8Array | string>) {
	return drain(parseCsv(streamOf(chunks)));
}

describe('parseCsv reads back any table a conformant writer wrote', () => {
	it('from bytes cut anywhere: inside characters, inside "" escapes, between CR and LF', async () => {
		await fc.assert(
			fc.asyncProperty(table, layout, cuts, async (rows, format, at) => {
				const bytes = utf8(writeCsv(rows, format));
				expect(await readAll(split(bytes, at))).toEqual({ items: rows, error: undefined });
			}),
			{ numRuns: 400 },
		);
	});

	it('from text cut anywhere, between the halves of an astral character too', async () => {
		await fc.assert(
			fc.asyncProperty(table, layout, cuts, async (rows, format, at) => {
				const text = writeCsv(rows, format);
				expect(await readAll(split(text, at))).toEqual({ items: rows, error: undefined });
			}),
			{ numRuns: 400 },
		);
	});

	it('from one byte at a time', async () => {
		await fc.assert(
			fc.asyncProperty(table, layout, async (rows, format) => {
				const bytes = utf8(writeCsv(rows, format));
				expect(await readAll(bytewise(bytes))).toEqual({ items: rows, error: undefined });
			}),
			{ numRuns: 100 },
		);
	});

	it('with a field of megabytes among small ones, cut into stream-sized chunks', async () => {
		const huge = fc
			.tuple(
				fc.string({ unit: tricky, minLength: 1, maxLength: 40 }),
				fc.integer({ min: 1, max: 3 }),
			)
			.map(([pattern, megabytes]) =>
				pattern.repeat(Math.ceil((megabytes * 2 ** 20) / pattern.length)),
			);
		await fc.assert(
			fc.asyncProperty(huge, table, layout, manyCuts, async (big, rows, format, at) => {
				const withHuge = [...rows, ['before', big, 'after'], ...rows];
				const chunks = split(utf8(writeCsv(withHuge, format)), at);
				const { items, error } = await readAll(chunks);
				expect(error).toBeUndefined();
				// toEqual on megabyte strings prints megabytes on failure: compare in pieces.
				expect(items.length).toBe(withHuge.length);
				expect(items[rows.length][1].length).toBe(big.length);
				expect(items[rows.length][1] === big).toBe(true);
				expect(items).toEqual(withHuge.map((row) => (row[1] === big ? items[rows.length] : row)));
			}),
			{ numRuns: 6 },
		);
	});

	it('gives the same records and the same error however any input, valid or not, is cut', async () => {
		const anyText = fc.string({ unit: tricky, maxLength: 60 });
		await fc.assert(
			fc.asyncProperty(anyText, cuts, async (text, at) => {
				const whole = await readAll([utf8(text)]);
				expect(await readAll(split(utf8(text), at))).toEqual(whole);
			}),
			{ numRuns: 600 },
		);
	});
});

describe('parseCsv: the layouts it accepts', () => {
	it.each([
		['CRLF', 'a,b\r\n1,2\r\n'],
		['LF', 'a,b\n1,2\n'],
		['no final line break', 'a,b\n1,2'],
		['a final CRLF after a quoted field', 'a,b\r\n1,"2"\r\n'],
		['a byte order mark', '\ufeffa,b\n1,2\n'],
		['empty lines, skipped', '\na,b\n\r\n\n1,2\n\n'],
	])('%s', async (_name, text) => {
		expect(await readAll([utf8(text)])).toEqual({
			items: [
				['a', 'b'],
				['1', '2'],
			],
			error: undefined,
		});
	});

	it('keeps empty fields, a trailing delimiter and a record of one quoted empty field', async () => {
		expect(await readAll(['a,,\n,"",x\n""\n'])).toEqual({
			items: [['a', '', ''], ['', '', 'x'], ['']],
			error: undefined,
		});
	});

	it('keeps a lone CR inside an unquoted field, and a U+FEFF that is not at the start', async () => {
		expect(await readAll(['a\rb,c\n\ufeffd,e'])).toEqual({
			items: [
				['a\rb', 'c'],
				['\ufeffd', 'e'],
			],
			error: undefined,
		});
	});

	it('reads with another delimiter', async () => {
		expect(await drain(parseCsv(['a;"b;c";d,e\n'], { delimiter: ';' }))).toEqual({
			items: [['a', 'b;c', 'd,e']],
			error: undefined,
		});
	});

	it('gives nothing for an empty file or one with only a byte order mark', async () => {
		expect(await readAll([])).toEqual({ items: [], error: undefined });
		expect(await readAll([utf8('\ufeff')])).toEqual({ items: [], error: undefined });
	});
});

describe('parseCsv: errors name the line', () => {
	it.each([
		[
			'a quote left open at the end, named by the line it opened on',
			'h1,h2\n1,"x\ny\n',
			'CSV line 2: the quote opening a field here is not closed by the end of the file',
		],
		[
			'a quote inside an unquoted field',
			'h1,h2\n1,x"y\n',
			'CSV line 2: a quote inside an unquoted field; a field with quotes must be quoted whole, its quotes doubled ("")',
		],
		[
			'a character after a closing quote, lines inside quotes counted',
			'h\n"x\ny"\n"z" \n',
			'CSV line 4: " " after the closing quote of a field; only a delimiter or a line break may follow it',
		],
		[
			'a CR after a closing quote without its LF',
			'"a"\rb\n',
			'CSV line 1: "b" after the closing quote of a field; only a delimiter or a line break may follow it',
		],
	])('%s', async (_name, text, message) => {
		expect((await readAll([text])).error).toBe(message);
	});

	it('hands on the records before the error, however the input is cut', async () => {
		const text = 'a\nb\nc"\n';
		for (const chunks of [[text], text.split('')]) {
			expect(await readAll(chunks)).toEqual({
				items: [['a'], ['b']],
				error: expect.stringMatching(/^CSV line 3: a quote inside an unquoted field/),
			});
		}
	});

	it('stops a record longer than maxRecordSize without reading the rest of the source', async () => {
		const { source, pulled } = endlessSource('h\n"');
		const { error } = await drain(parseCsv(source, { maxRecordSize: 10_000 }));
		expect(error).toBe(
			'CSV line 2: the record is longer than 10000 characters (maxRecordSize); is a quote left open?',
		);
		expect(pulled()).toBe(10);
	});

	it('counts maxRecordSize over the whole record, not one field', async () => {
		const { items, error } = await drain(parseCsv(['ab,cd\nabc,def,g\n'], { maxRecordSize: 8 }));
		expect(items).toEqual([['ab', 'cd']]);
		expect(error).toMatch(/^CSV line 2: the record is longer than 8 characters/);
	});

	it('rejects bytes that are not UTF-8, and a file that ends inside a character', async () => {
		expect((await readAll([utf8('a,b\n'), Uint8Array.of(0x61, 0xff, 0x0a)])).error).toBe(
			'CSV line 2: the file is not valid UTF-8',
		);
		expect((await readAll([utf8('a,b\n'), Uint8Array.of(0xe2, 0x82)])).error).toBe(
			'CSV line 2: the file ends inside a UTF-8 character',
		);
	});

	it('refuses a delimiter that cannot work', () => {
		for (const delimiter of ['"', '\n', '\r', ';;', '']) {
			expect(() => new CsvParser({ delimiter })).toThrow(
				`CSV delimiter ${JSON.stringify(delimiter)} is not allowed: use one character other than a quote or a line break`,
			);
		}
	});
});

describe('csvRecords', () => {
	it('gives each record after the header as an object keyed by column name', async () => {
		const text = 'tenant.id,name,usage.absolute.total\r\nt1,"Storage, total",12\r\nt2,,0\r\n';
		expect(await drain(csvRecords([utf8(text)]))).toEqual({
			items: [
				{ 'tenant.id': 't1', name: 'Storage, total', 'usage.absolute.total': '12' },
				{ 'tenant.id': 't2', name: '', 'usage.absolute.total': '0' },
			],
			error: undefined,
		});
	});

	it('reads back any table as objects, whichever way it is cut, in batches too', async () => {
		const width = fc.integer({ min: 1, max: 5 });
		const rectangle = width.chain((columns) =>
			fc.tuple(
				fc.uniqueArray(field, { minLength: columns, maxLength: columns }),
				fc.array(fc.array(field, { minLength: columns, maxLength: columns }), { maxLength: 8 }),
			),
		);
		await fc.assert(
			fc.asyncProperty(rectangle, layout, cuts, async ([header, rows], format, at) => {
				// A header of one empty name would be an empty line; a writer quotes it.
				const bytes = utf8(writeCsv([header, ...rows], format));
				const expected = rows.map((row) =>
					Object.fromEntries(header.map((name, index) => [name, row[index]])),
				);
				const { items } = await drain(csvRecords(streamOf(split(bytes, at))));
				expect(items).toEqual(expected);
				const batches = await drain(csvRecordBatches(streamOf(split(bytes, at))));
				expect(batches.items.flat()).toEqual(expected);
				expect(batches.items.every((batch) => batch.length > 0)).toBe(true);
			}),
			{ numRuns: 300 },
		);
	});

	it('rejects a record with more or fewer fields than the header, naming its line', async () => {
		expect(await drain(csvRecords(['a,b\n1,2\n"x\ny",2,3\n']))).toEqual({
			items: [{ a: '1', b: '2' }],
			error: 'CSV line 3: 3 fields where the header has 2',
		});
		expect((await drain(csvRecords(['a,b\n1,2\n3\n']))).error).toBe(
			'CSV line 3: 1 field where the header has 2',
		);
	});

	it('rejects a header that names a column twice', async () => {
		expect((await drain(csvRecords(['a,b,a\n1,2,3\n']))).error).toBe(
			'CSV header: column "a" appears twice; each column needs its own name',
		);
	});

	it('keeps a column named __proto__ as a column, not a prototype', async () => {
		const { items } = await drain(csvRecords(['__proto__,b\n{},2\n']));
		expect(Object.getPrototypeOf(items[0])).toBe(Object.prototype);
		expect(Object.keys(items[0])).toEqual(['__proto__', 'b']);
		expect(Object.getOwnPropertyDescriptor(items[0], '__proto__')?.value).toBe('{}');
	});
});

describe('parseCsv on 100,000 generated rows, never held whole', () => {
	const ROWS = 100_000;
	const PER_CHUNK = 50;
	const header = Array.from({ length: 20 }, (_, column) => `column.${column}`).join(',') + '\r\n';
	const row = (index: number) =>
		`${index},"Customer ${index}, ""Ltd""",tenant-${index % 977},` +
		Array.from({ length: 17 }, (_, column) => index * column).join(',') +
		'\r\n';

	it('takes a chunk from the source only when the consumer has used up the previous one', async () => {
		const { source, pulled } = generatedSource(ROWS, PER_CHUNK, row, { before: header });
		let index = -1;
		for await (const record of parseCsv(source)) {
			// Row `index` ends in chunk `index / PER_CHUNK` (counted from 1 as pulled). Plain
			// checks: an expect() per row would be most of the test's time.
			if (index >= 0 && record[0] !== String(index)) throw new Error(`row ${index}: ${record}`);
			if (index >= 0 && pulled() > Math.floor(index / PER_CHUNK) + 1) {
				throw new Error(`row ${index}: ${pulled()} chunks pulled, read ahead`);
			}
			index++;
		}
		expect(index).toBe(ROWS);
	});

	it('keeps its memory flat while the rows go by', async () => {
		const { source } = generatedSource(ROWS, PER_CHUNK, row, { before: header });
		const growth: number[] = [];
		let baseline = 0;
		let count = 0;
		for await (const batch of parseCsvBatches(source)) {
			count += batch.length;
			// A full collection takes a second in a test process: a few samples.
			if (baseline === 0 && count >= 1000) baseline = heapAfterGc();
			else if (count % 25_000 < PER_CHUNK) growth.push(heapAfterGc() - baseline);
		}
		expect(count).toBe(ROWS + 1);
		expect(growth.length).toBe(4);
		// Holding the rows would take some 100 MB (2 million strings); the text alone is 12 MB.
		expect(Math.max(...growth)).toBeLessThan(4 * 2 ** 20);
	});
});
