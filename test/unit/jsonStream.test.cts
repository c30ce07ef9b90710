import fc from 'fast-check';

import type { JsonStreamItem } from '../../nodes/shared/reportFiles/json';
import { streamJson } from './support/reportFileReaders.cjs';
import {
	bytewise,
	cuts,
	drain,
	endlessSource,
	generatedSource,
	heapAfterGc,
	split,
	streamOf,
	utf8,
} from './support/streams.cjs';

const value = fc.jsonValue({ stringUnit: 'binary', maxDepth: 4 });
/** A report-like document: other members around the arrays that are streamed. */
const documentArb = fc.record({
	before: fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), value, { maxKeys: 3 }),
	tenants: fc.array(value, { maxLength: 8 }),
	usages: fc.oneof(fc.array(value, { maxLength: 4 }), value),
	after: fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), value, { maxKeys: 3 }),
});
const writing = fc.record({
	indent: fc.constantFrom(undefined, 2, '\t'),
	asciiOnly: fc.boolean(),
	byteOrderMark: fc.boolean(),
});

type Doc = {
	before: Record<string, unknown>;
	tenants: unknown[];
	usages: unknown;
	after: Record<string, unknown>;
};

/**
 * The document as JSON text: indented or not, non-ASCII characters as they are or as \u escapes
 * (outside strings JSON has only ASCII, so escaping every non-ASCII character is safe).
 */
function writeJson(
	doc: Doc,
	{
		indent,
		asciiOnly,
		byteOrderMark,
	}: { indent?: number | string; asciiOnly: boolean; byteOrderMark: boolean },
): string {
	const members: Record<string, unknown> = {};
	for (const [key, member] of Object.entries(doc.before)) members[key] = member;
	members.tenants = doc.tenants;
	members.usages = doc.usages;
	for (const [key, member] of Object.entries(doc.after)) members[key] = member;
	let text = JSON.stringify(members, null, indent);
	if (asciiOnly) {
		text = text.replace(
			/[^\x00-\x7f]/g,
			(char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
		);
	}
	return (byteOrderMark ? '\ufeff' : '') + text;
}

/** What the reader should give: each member of JSON.parse's result, the named arrays spread. */
function expectedItems(text: string, arrays: string[]): JsonStreamItem[] {
	const whole = JSON.parse(text.replace(/^\ufeff/, '')) as Record<string, unknown>;
	return Object.entries(whole).flatMap(([key, member]): JsonStreamItem[] =>
		arrays.includes(key) && Array.isArray(member)
			? member.map((element, index) => ({ kind: 'element', key, index, value: element }))
			: [{ kind: 'member', key, value: member }],
	);
}

const ARRAYS = ['tenants', 'usages'];
const read = (chunks: Array<Uint8Array | string>, arrays = ARRAYS) =>
	drain(streamJson(streamOf(chunks), { arrays }));

describe('streamJson gives what JSON.parse of the whole document gives', () => {
	it('from bytes cut anywhere', async () => {
		await fc.assert(
			fc.asyncProperty(documentArb, writing, cuts, async (doc, format, at) => {
				const text = writeJson(doc, format);
				expect(await read(split(utf8(text), at))).toEqual({
					items: expectedItems(text, ARRAYS),
					error: undefined,
				});
			}),
			{ numRuns: 400 },
		);
	});

	it('from text cut anywhere, and from one byte at a time', async () => {
		await fc.assert(
			fc.asyncProperty(documentArb, writing, cuts, async (doc, format, at) => {
				const text = writeJson(doc, format);
				const expected = { items: expectedItems(text, ARRAYS), error: undefined };
				expect(await read(split(text, at))).toEqual(expected);
				expect(await read(bytewise(utf8(text)))).toEqual(expected);
			}),
			{ numRuns: 150 },
		);
	});

	it('gives the same values and the same error however a damaged document is cut', async () => {
		const damaged = fc
			.tuple(
				documentArb,
				writing,
				fc.nat(),
				fc.nat(),
				fc.constantFrom('', ',', '"', '}', ']', '\\', 'x'),
			)
			.map(([doc, format, from, length, insert]) => {
				const text = writeJson(doc, format);
				const start = from % (text.length + 1);
				return text.slice(0, start) + insert + text.slice(start + (length % 4));
			});
		await fc.assert(
			fc.asyncProperty(damaged, cuts, async (text, at) => {
				// As bytes both ways: the damage may have cut a character in two.
				const bytes = utf8(text);
				expect(await read(split(bytes, at))).toEqual(await read([bytes]));
			}),
			{ numRuns: 400 },
		);
	});

	it('never accepts a document cut short', async () => {
		await fc.assert(
			fc.asyncProperty(documentArb, writing, fc.nat(), async (doc, format, at) => {
				const text = writeJson(doc, format);
				const cut = at % text.trimEnd().length;
				const { error } = await read([text.slice(0, cut)]);
				expect(error).toMatch(/^JSON line \d+: /);
			}),
			{ numRuns: 300 },
		);
	});
});

describe('streamJson on a json_v2_0 report', () => {
	const report = JSON.stringify({
		params: { kind: 1, gen_date: 1790000000, name: 'usage' },
		tenants: [
			{ id: 'a', name: 'Tenant "A"', usages: [{ name: 'storage', value: 1.5 }] },
			{ id: 'b', name: 'Ténant \\ B 😀', usages: [] },
		],
	});

	it('gives the params once, then each tenant', async () => {
		expect(await read([report], ['tenants'])).toEqual({
			items: [
				{ kind: 'member', key: 'params', value: { kind: 1, gen_date: 1790000000, name: 'usage' } },
				{
					kind: 'element',
					key: 'tenants',
					index: 0,
					value: { id: 'a', name: 'Tenant "A"', usages: [{ name: 'storage', value: 1.5 }] },
				},
				{
					kind: 'element',
					key: 'tenants',
					index: 1,
					value: { id: 'b', name: 'Ténant \\ B 😀', usages: [] },
				},
			],
			error: undefined,
		});
	});

	it('gives an array whole when its key is not named', async () => {
		expect((await read([report], [])).items.map((item) => item.kind)).toEqual(['member', 'member']);
	});

	it('compares keys after unescaping, and gives a named key that is not an array whole', async () => {
		expect(await read(['{"t\\u0065nants":[1],"tenants":null}'], ['tenants'])).toEqual({
			items: [
				{ kind: 'element', key: 'tenants', index: 0, value: 1 },
				{ kind: 'member', key: 'tenants', value: null },
			],
			error: undefined,
		});
	});
});

describe('streamJson: errors name the line', () => {
	it.each([
		['an empty document', '', 'JSON line 1: the document is empty'],
		[
			'a document that is not an object',
			' [1]',
			'JSON line 1: found "[" where JSON needs "{": the document must be an object',
		],
		[
			'a key without quotes',
			'{\n  params: 1}',
			'JSON line 2: found "p" where JSON needs a key in double quotes',
		],
		['a missing colon', '{"a" 1}', 'JSON line 1: found "1" where JSON needs ":" after the key "a"'],
		[
			'a trailing comma in the object',
			'{"a":1,}',
			'JSON line 1: found "}" where JSON needs a key in double quotes',
		],
		[
			'a trailing comma in a streamed array',
			'{"tenants":[1,\n]}',
			'JSON line 2: found "]" where JSON needs a value in the array of "tenants"',
		],
		[
			'a missing comma between elements',
			'{"tenants":[{"a":1}\n{"b":2}]}',
			'JSON line 2: found "{" where JSON needs "," or "]" after element 0 of "tenants"',
		],
		[
			'an element that is not JSON, named by the line it starts on',
			'{"tenants":[\n{"a":1},\n{"b":\n}]}',
			`JSON line 3: element 1 of "tenants" is not valid JSON (${jsonParseMessage('{"b":\n}')})`,
		],
		[
			'a member that is not JSON',
			'{"params":{"a":tru}}',
			`JSON line 1: the value of "params" is not valid JSON (${jsonParseMessage('{"a":tru}')})`,
		],
		[
			'text after the end',
			'{"a":1}\n,',
			'JSON line 2: found "," where JSON needs nothing after the end of the document',
		],
		[
			'a document cut short inside an element',
			'{"tenants":[{"a":"x',
			'JSON line 1: the document is cut short inside element 0 of "tenants"',
		],
		[
			'a document cut short inside a number',
			'{"tenants":[1,2',
			'JSON line 1: the document is cut short inside element 1 of "tenants"',
		],
		[
			'a document cut short between elements',
			'{"tenants":[1,2,',
			'JSON line 1: the document is cut short inside the array of "tenants"',
		],
		['a document cut short between members', '{"a":1,', 'JSON line 1: the document is cut short'],
	])('%s', async (_name, text, message) => {
		expect((await read([text])).error).toBe(message);
	});

	it('hands on the values read before the error', async () => {
		expect(await read(['{"params":{},"tenants":[1,2,}'])).toEqual({
			items: [
				{ kind: 'member', key: 'params', value: {} },
				{ kind: 'element', key: 'tenants', index: 0, value: 1 },
				{ kind: 'element', key: 'tenants', index: 1, value: 2 },
			],
			error: 'JSON line 1: found "}" where JSON needs a value in the array of "tenants"',
		});
	});

	it('stops a value longer than maxValueSize without reading the rest of the source', async () => {
		const { source, pulled } = endlessSource('{"tenants":[{"name":"');
		const { error } = await drain(
			streamJson(source, { arrays: ['tenants'], maxValueSize: 10_000 }),
		);
		expect(error).toBe(
			'JSON line 1: element 0 of "tenants" is longer than 10000 characters (maxValueSize)',
		);
		expect(pulled()).toBe(10);
	});

	it('rejects bytes that are not UTF-8', async () => {
		expect((await read([utf8('{"a":"'), Uint8Array.of(0xc3, 0x28), utf8('"}')])).error).toBe(
			'JSON line 1: the file is not valid UTF-8',
		);
	});
});

describe('streamJson on 100,000 generated tenants, never held whole', () => {
	const TENANTS = 100_000;
	const PER_CHUNK = 50;
	const tenant = (index: number) =>
		(index === 0 ? '' : ',\n') +
		JSON.stringify({
			id: `tenant-${index}`,
			name: `Customer "${index}" \\ Ltd`,
			usages: Array.from({ length: 5 }, (_, item) => ({
				name: `item-${item}`,
				value: index * item,
			})),
		});
	const frame = { before: '{"params":{"kind":1},"tenants":[\n', after: '\n]}' };

	it('takes a chunk from the source only when the consumer has used up the previous one', async () => {
		const { source, pulled } = generatedSource(TENANTS, PER_CHUNK, tenant, frame);
		let count = 0;
		for await (const item of streamJson(source, { arrays: ['tenants'] })) {
			if (item.kind !== 'element') continue;
			// Plain checks: an expect() per element would be most of the test's time.
			if ((item.value as { id: string }).id !== `tenant-${item.index}`) {
				throw new Error(`element ${item.index}: ${JSON.stringify(item.value)}`);
			}
			// Element i ends in chunk i / PER_CHUNK (counted from 1 as pulled) with its "}".
			if (pulled() > Math.floor(item.index / PER_CHUNK) + 1) {
				throw new Error(`element ${item.index}: ${pulled()} chunks pulled, read ahead`);
			}
			count++;
		}
		expect(count).toBe(TENANTS);
	});

	it('keeps its memory flat while the tenants go by', async () => {
		const { source } = generatedSource(TENANTS, PER_CHUNK, tenant, frame);
		const growth: number[] = [];
		let baseline = 0;
		let count = 0;
		for await (const item of streamJson(source, { arrays: ['tenants'] })) {
			if (item.kind !== 'element') continue;
			count++;
			// A full collection takes a second in a test process: a few samples.
			if (count === 1000) baseline = heapAfterGc();
			else if (count % 25_000 === 0) growth.push(heapAfterGc() - baseline);
		}
		expect(count).toBe(TENANTS);
		// Holding the tenants would take well over 100 MB; the text alone is 25 MB.
		expect(Math.max(...growth)).toBeLessThan(4 * 2 ** 20);
	});
});

function jsonParseMessage(text: string): string {
	try {
		JSON.parse(text);
	} catch (error) {
		return (error as Error).message;
	}
	throw new Error(`${text} is valid JSON`);
}
