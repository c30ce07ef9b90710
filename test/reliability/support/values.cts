/**
 * Generators of field values, valid and invalid mixed. Values that need ids known only once
 * the simulator holds the run's reports are generated as references ({ $ref, form }) and
 * resolved just before the run; everything else is the item's JSON as it is.
 */
import fc from 'fast-check';

/** Ids a reference can name; resolved per run (see resolveItem in operations.ts). */
export type RefName =
	| 'savedOnce'
	| 'savedChild'
	| 'monthlySend'
	| 'futureSend'
	| 'monthlySave'
	| 'unknown'
	| 'rootTenant'
	| 'childTenant'
	| 'recipient'
	| 'fileOfReport';

export interface Ref {
	$ref: RefName;
	form: string;
}

const withSpaces = (pad: string) => (id: string) => `${pad}${id}${pad}`;

/** Ways to write a UUID that the node must accept (surrounding spaces, any letter case). */
const VALID_FORMS: Record<string, (id: string) => unknown> = {
	plain: (id) => id,
	upper: (id) => id.toUpperCase(),
	mixed: (id) => [...id].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join(''),
	spaces: withSpaces('  '),
	tabs: (id) => `\t${id}\n`,
	nbsp: withSpaces('\u00a0'),
	crlf: (id) => `\r\n${id}\r\n`,
};

/** Ways to write a UUID that the node must refuse, many of them aimed at the request path. */
const INVALID_FORMS: Record<string, (id: string) => unknown> = {
	innerSpace: (id) => `${id.slice(0, 8)} ${id.slice(8)}`,
	dropChar: (id) => id.slice(0, -1),
	extraChar: (id) => `${id}0`,
	nonHex: (id) => `g${id.slice(1)}`,
	noDashes: (id) => id.replace(/-/g, ''),
	braces: (id) => `{${id}}`,
	urn: (id) => `urn:uuid:${id}`,
	dotdotPrefix: (id) => `../${id}`,
	dotdotSuffix: (id) => `${id}/..`,
	traverseTenants: (id) => `../tenants/${id}/reports`,
	traverseDeep: (id) => `${id}/../../clients/${id}`,
	storedSuffix: (id) => `${id}/stored`,
	query: (id) => `${id}?version=1`,
	hash: (id) => `${id}#fragment`,
	encodedSlash: (id) => `${id}%2F..%2F..%2Fusers%2Fme`,
	encodedDotdot: (id) => `%2e%2e%2f${id}`,
	backslash: (id) => `..\\${id}`,
	twoIds: (id) => `${id}\n${id}`,
	commaTwo: (id) => `${id},${id}`,
	nullByte: (id) => `${id}\u0000`,
	headerInjection: (id) => `${id}\r\nX-Injected: 1`,
	unicodeDash: (id) => id.replace(/-/g, '\u2010'),
	fullwidthDigit: (id) => id.replace(/\d/, (d) => String.fromCharCode(0xff10 + Number(d))),
	percentEncoded: (id) => `%${id.charCodeAt(0).toString(16)}${id.slice(1)}`,
	array: (id) => [id],
	object: (id) => ({ id }),
	absoluteUrl: (id) => `https://evil.example/${id}`,
};

function applyForm(form: string, id: string): unknown {
	const apply = VALID_FORMS[form] ?? INVALID_FORMS[form];
	if (!apply) throw new Error(`Unknown form ${form}`);
	return apply(id);
}

/** A field's values: only ones the node must accept, and any mix of valid and invalid. */
export interface Field {
	valid: fc.Arbitrary<unknown>;
	any: fc.Arbitrary<unknown>;
}

const validForm = fc.constantFrom(...Object.keys(VALID_FORMS));
const anyForm = fc.oneof(
	{ weight: 3, arbitrary: validForm },
	{ weight: 2, arbitrary: fc.constantFrom(...Object.keys(INVALID_FORMS)) },
);

const validRef = (names: RefName[]): fc.Arbitrary<Ref> =>
	fc.record({ $ref: fc.constantFrom(...names), form: validForm });
const anyRef = (names: RefName[]): fc.Arbitrary<Ref> =>
	fc.record({ $ref: fc.constantFrom(...names), form: anyForm });

/** Anything an expression could hand over that is not a UUID at all. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
	fc.constantFrom('', '   ', '\t', null, 'null', 'undefined', '../', '..', '/', '%00', '*'),
	fc.constantFrom('../../tenants', '20dffb36-d77b-45c6-b2fa', 'report-1', 'NaN', '{{ $json.id }}'),
	fc.string({ maxLength: 40 }),
	fc.string({ unit: 'grapheme', maxLength: 20 }),
	fc.integer(),
	fc.double({ noNaN: true, noDefaultInfinity: true }),
	fc.boolean(),
	fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
	fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.string({ maxLength: 5 }), {
		maxKeys: 2,
	}),
	fc.uuid().map((id) => ` ${id.toUpperCase()} `),
	fc.uuid(),
);

/** A UUID field: references to the run's ids written in many ways, fresh UUIDs, and junk. */
export function uuidField(...names: RefName[]): Field {
	return {
		valid: validRef(names),
		any: fc.oneof({ weight: 6, arbitrary: anyRef(names) }, { weight: 2, arbitrary: junk }),
	};
}

/** An optional UUID field (Tenant ID, Stored File ID): empty means "not given". */
export function optionalUuidField(...names: RefName[]): Field {
	const blank = fc.constantFrom('', ' ', '\t\n');
	const field = uuidField(...names);
	return {
		valid: fc.oneof({ weight: 1, arbitrary: blank }, { weight: 2, arbitrary: field.valid }),
		any: fc.oneof({ weight: 1, arbitrary: blank }, { weight: 3, arbitrary: field.any }),
	};
}

export function enumField(allowed: readonly string[], labels: string[]): Field {
	const valid = fc.oneof(
		{ weight: 4, arbitrary: fc.constantFrom(...allowed) },
		{
			weight: 1,
			arbitrary: fc
				.tuple(fc.constantFrom(...allowed), fc.constantFrom(' ', '\t', '  \n'))
				.map(([value, pad]) => `${pad}${value}${pad}`),
		},
	);
	return {
		valid,
		any: fc.oneof(
			{ weight: 6, arbitrary: valid },
			{ weight: 1, arbitrary: fc.constantFrom(...allowed).map((value) => value.toUpperCase()) },
			{ weight: 1, arbitrary: fc.constantFrom(...labels) },
			{
				weight: 1,
				arbitrary: fc.constantFrom(...allowed).map((value) => value.replace('_', ' ')),
			},
			{ weight: 1, arbitrary: fc.constantFrom(...allowed).map((value) => [value]) },
			{ weight: 1, arbitrary: fc.constantFrom('', null, 0, 1, true, 'unknown', 'usage', '*') },
			{ weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
		),
	};
}

export const booleanField: Field = {
	valid: fc.oneof(
		{ weight: 3, arbitrary: fc.boolean() },
		{ weight: 2, arbitrary: fc.constantFrom('true', 'false', 'TRUE', ' False ', 'True\n', 'tRuE') },
	),
	any: fc.oneof(
		{ weight: 4, arbitrary: fc.boolean() },
		{ weight: 3, arbitrary: fc.constantFrom('true', 'false', 'TRUE', ' False ', 'True\n') },
		{
			weight: 2,
			arbitrary: fc.constantFrom(
				'yes',
				'no',
				'1',
				'0',
				'',
				'on',
				'off',
				't',
				'truee',
				'false,true',
			),
		},
		{ weight: 1, arbitrary: fc.constantFrom(1, 0, null, [true], { value: true }) },
	),
};

const validWholeNumber = fc.oneof(
	{ weight: 4, arbitrary: fc.nat(1000) },
	{ weight: 2, arbitrary: fc.nat(1000).map(String) },
	{ weight: 1, arbitrary: fc.nat(1000).map((n) => ` ${n}\n`) },
);

export const wholeNumberField: Field = {
	valid: validWholeNumber,
	any: fc.oneof(
		{ weight: 6, arbitrary: validWholeNumber },
		{ weight: 1, arbitrary: fc.integer({ min: -1000, max: -1 }) },
		{
			weight: 1,
			arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
		},
		{
			weight: 2,
			arbitrary: fc.constantFrom(
				2 ** 53,
				2 ** 53 + 2,
				1e21,
				Number.MAX_SAFE_INTEGER,
				Number.MAX_VALUE,
				'9007199254740993',
				'1e3',
				'0x10',
				'1.0',
				'+5',
				'-0',
				'-1',
				'1.5',
				'',
				'  ',
				'abc',
				'12abc',
				'\u0661\u0662',
				'Infinity',
				'NaN',
				null,
				true,
				[1],
				{ n: 1 },
			),
		},
	),
};

/** Wait Timeout: small values only, a valid one must not make a run wait for minutes. */
export const waitTimeoutField: Field = {
	valid: fc.oneof(fc.constantFrom(0, 1, 5, 300, '2', ' 30 '), fc.nat(600)),
	any: wholeNumberField.any,
};

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * Dates in many shapes, the real ones between `first` and `last`: valid, impossible, other
 * notations, Date and Luxon objects, junk. `years` feeds the impossible month/day combinations.
 */
function datesBetween(first: string, last: string, years: number[]): Field {
	const min = new Date(`${first}T00:00:00Z`);
	const max = new Date(`${last}T00:00:00Z`);
	const isoDay = fc
		.date({ min, max, noInvalidDate: true })
		.map((date) => date.toISOString().slice(0, 10));

	const validDate = fc.oneof(
		{ weight: 5, arbitrary: isoDay },
		{ weight: 1, arbitrary: isoDay.map((day) => `  ${day}\t`) },
		{
			weight: 2,
			arbitrary: fc
				.tuple(isoDay, fc.constantFrom('T10:00:00Z', 'T00:00:00', ' 23:59', 'T12:30:00.123+05:30'))
				.map(([day, time]) => `${day}${time}`),
		},
		{
			weight: 2,
			arbitrary: fc
				.date({ min, max, noInvalidDate: true })
				.map((date) => ({ __date: date.toISOString() })),
		},
		{
			weight: 2,
			arbitrary: fc
				.tuple(isoDay, fc.constantFrom('', 'T08:15', 'T23:30:00'))
				.map(([day, time]) => ({ __luxon: `${day}${time}` })),
		},
	);

	return {
		valid: validDate,
		any: fc.oneof(
			{ weight: 6, arbitrary: validDate },
			{
				weight: 1,
				arbitrary: fc
					.tuple(isoDay, fc.constantFrom('Tgarbage', ' next tuesday', 'T', ' '))
					.map(([day, rest]) => `${day}${rest}`),
			},
			{
				weight: 2,
				arbitrary: fc
					.record({
						year: fc.constantFrom(...years),
						month: fc.integer({ min: 0, max: 13 }),
						day: fc.integer({ min: 0, max: 32 }),
					})
					.map(({ year, month, day }) => `${pad(year, 4)}-${pad(month)}-${pad(day)}`),
			},
			{
				weight: 2,
				arbitrary: fc.tuple(isoDay, fc.nat(7)).map(([day, shape]) => {
					const [y, m, d] = day.split('-');
					return [
						`${m}/${d}/${y}`,
						`${d}.${m}.${y}`,
						`${y}/${m}/${d}`,
						`${y}${m}${d}`,
						`${y}-${Number(m)}-${Number(d)}`,
						`${y}-${m}`,
						`${y}-${m}-${d}Z`,
						new Date(`${day}T00:00:00Z`).toUTCString(),
					][shape];
				}),
			},
			{
				weight: 1,
				arbitrary: fc.constantFrom(
					{ __date: 'garbage' },
					{ __luxon: 'garbage' },
					{ __luxon: '2017-02-30' },
					'2017-W18',
					'2017',
					'May 1, 2017',
					'\uff12\uff10\uff11\uff17-05-01',
					'',
					null,
					true,
					20170501,
					1493596800000,
					['2017-05-01'],
					{ date: '2017-05-01' },
				),
			},
		),
	};
}

/** Dates of three decades, and years around them for the impossible ones. */
export const dateField = datesBetween(
	'2000-01-01',
	'2030-12-31',
	[1900, 1999, 2000, 2016, 2017, 2023, 2024, 2100, 2999],
);

/**
 * Dates of one quarter, for operations that generate a file for every valid input: a custom
 * period of decades of daily rows makes a file of hundreds of megabytes, which tests nothing the
 * short periods do not and makes a run of 100 items take minutes.
 */
export const quarterDateField = datesBetween('2024-01-01', '2024-03-31', [2024]);

const SEPARATORS = [',', ', ', ';', ' ', '\n', ' ,; '];
const joined = (ids: fc.Arbitrary<Ref[]>) =>
	fc
		.tuple(ids, fc.constantFrom(...SEPARATORS))
		.map(([list, separator]) => ({ $join: list, separator }));

/** Recipients: arrays, and strings separated in every way the description allows, or not. */
export const recipientsField: Field = {
	valid: fc.oneof(
		fc.array(validRef(['recipient', 'unknown']), { minLength: 1, maxLength: 4 }),
		joined(fc.array(validRef(['recipient', 'unknown']), { minLength: 1, maxLength: 4 })),
	),
	any: fc.oneof(
		{
			weight: 3,
			arbitrary: fc.array(uuidField('recipient', 'unknown').any, { minLength: 1, maxLength: 4 }),
		},
		{
			weight: 3,
			arbitrary: joined(fc.array(anyRef(['recipient', 'unknown']), { minLength: 1, maxLength: 4 })),
		},
		{ weight: 1, arbitrary: fc.constantFrom('', ' ', ',', ' , ;', null, [], [''], 42, { id: 1 }) },
		{ weight: 1, arbitrary: junk },
	),
};

export const FORMAT_VALUES = ['csv', 'html', 'json_v1', 'csv_v2_0', 'json_v2_0'] as const;

const validFormats = fc.oneof(
	{
		weight: 3,
		arbitrary: fc.shuffledSubarray([...FORMAT_VALUES], { minLength: 1, maxLength: 3 }),
	},
	{
		weight: 1,
		arbitrary: fc
			.shuffledSubarray([...FORMAT_VALUES], { minLength: 1, maxLength: 3 })
			.map((formats) => formats.join(', ')),
	},
);

/**
 * Formats: distinct lists, as the editor's multi-select gives, and what expressions give. Lists
 * naming a format twice are left out (properties.reliability.cts tests them on their own).
 */
export const formatsField: Field = {
	valid: validFormats,
	any: fc.oneof(
		{ weight: 5, arbitrary: validFormats },
		{
			weight: 2,
			arbitrary: fc
				.array(enumField(FORMAT_VALUES, ['CSV', 'HTML', 'JSON (Version 1)']).any, { maxLength: 3 })
				.filter((formats) => !hasDuplicateFormats(formats)),
		},
		{
			weight: 1,
			arbitrary: fc.constantFrom('', ',', 'csv,,html', 'csv;html', null, [], 'CSV', 5),
		},
	),
};

/** A list the API would refuse: the same format twice (after trimming). */
export function hasDuplicateFormats(value: unknown): boolean {
	const entries = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
	const names = entries
		.filter((entry): entry is string => typeof entry === 'string' && entry.trim() !== '')
		.map((entry) => entry.trim());
	return new Set(names).size !== names.length;
}

const validFieldName = fc.oneof(
	{ weight: 4, arbitrary: fc.constantFrom('data', 'file', ' report ', 'attachment_0') },
	{
		weight: 2,
		arbitrary: fc.constantFrom(
			'a.b',
			'data[0]',
			'__proto__',
			'constructor',
			'toString',
			'hasOwnProperty',
			'x'.repeat(300),
			'файл',
			'📎',
			'with space',
		),
	},
);

export const fieldNameField: Field = {
	valid: validFieldName,
	any: fc.oneof(
		{ weight: 6, arbitrary: validFieldName },
		{ weight: 2, arbitrary: fc.constantFrom('', '   ', null, 0, ['data'], { name: 'data' }) },
		{ weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
	),
};

/** Request Options values: never invalid (they are clamped), so only "never crashes" applies. */
const requestOptionValue = fc.oneof(
	fc.nat(10),
	fc.constantFrom(-5, 0, 1, 2.5, 1e9, '3', ' 7 ', 'abc', '', null, true, [2]),
);
export const requestOptionField: Field = { valid: requestOptionValue, any: requestOptionValue };

/**
 * Items of one run: about a third entirely valid, half with one field drawn from all values,
 * the rest with every field drawn from all values (so errors of every field show up).
 */
export function itemOf(fields: Record<string, Field>): fc.Arbitrary<Record<string, unknown>> {
	const keys = Object.keys(fields);
	const record = (pick: (field: Field) => fc.Arbitrary<unknown>) =>
		fc.record(Object.fromEntries(keys.map((key) => [key, pick(fields[key])])));
	const allValid = record((field) => field.valid);
	const oneOff = fc
		.constantFrom(...keys)
		.chain((key) =>
			fc.tuple(allValid, fields[key].any).map(([item, value]) => ({ ...item, [key]: value })),
		);
	return fc.oneof(
		{ weight: 3, arbitrary: allValid },
		{ weight: 5, arbitrary: oneOff },
		{ weight: 2, arbitrary: record((field) => field.any) },
	);
}

/** Replaces references ({ $ref, form } and joined lists) with concrete values. */
export function resolveRefs(value: unknown, lookup: (name: RefName) => string): unknown {
	if (Array.isArray(value)) return value.map((entry) => resolveRefs(entry, lookup));
	if (value === null || typeof value !== 'object') return value;
	const record = value as Record<string, unknown>;
	if (typeof record.$ref === 'string' && typeof record.form === 'string') {
		return applyForm(record.form, lookup(record.$ref as RefName));
	}
	if (Array.isArray(record.$join) && typeof record.separator === 'string') {
		return record.$join
			.map((entry) => resolveRefs(entry, lookup))
			.map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry)))
			.join(record.separator);
	}
	return Object.fromEntries(
		Object.entries(record).map(([key, entry]) => [key, resolveRefs(entry, lookup)]),
	);
}
