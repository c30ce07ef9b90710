import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { RowSource, TenantLookup, TenantName } from '../../nodes/shared/reportFiles/rows';
import { nameTenants, readReportRows } from '../../nodes/shared/reportFiles/rows';
import { bytewise, cuts, split, streamOf, utf8 } from './support/streams.cjs';

/**
 * Rows of report files: Acronis's own sample read field by field, and, for files generated in
 * any column order with columns added or missing, every value that is in the file is in its
 * row, typed as the README says.
 */

const SAMPLE = readFileSync(
	path.join(__dirname, '..', 'fixtures', 'csv_v2_0-acronis-sample-2020-03-03.csv'),
);

const CSV_SOURCE: RowSource = {
	reportId: '8b50297b-facb-49b0-9351-5afdf0ab72c0',
	format: 'csv_v2_0',
	storedFileId: 'a8f3b1e2-1c1a-4d3e-9a0b-000000000001',
	// The period of the report the sample's file was made for (its POST /reports answer).
	period: { start: '2020-03-01', end: '2020-03-03' },
};
const JSON_SOURCE: RowSource = { ...CSV_SOURCE, format: 'json_v2_0' };

/** The row column of each column of Acronis's csv_v2_0 header, as the README lists them. */
const SAMPLE_COLUMNS: Record<string, { column: string; kind: 'text' | 'number' | 'boolean' }> = {
	'application.id': { column: 'application_id', kind: 'text' },
	'application.name': { column: 'application_name', kind: 'text' },
	date: { column: 'date', kind: 'text' },
	'infra.backend_type': { column: 'infra_backend_type', kind: 'text' },
	'infra.id': { column: 'infra_id', kind: 'text' },
	'infra.name': { column: 'infra_name', kind: 'text' },
	'infra.owner_id': { column: 'infra_owner_id', kind: 'text' },
	is_range: { column: 'is_range', kind: 'boolean' },
	measurement_unit: { column: 'unit', kind: 'text' },
	name: { column: 'offering_item', kind: 'text' },
	'pricing.currency': { column: 'pricing_currency', kind: 'text' },
	'pricing.mode': { column: 'pricing_mode', kind: 'text' },
	'pricing.price': { column: 'pricing_price', kind: 'number' },
	'pricing.total_cost': { column: 'pricing_total_cost', kind: 'number' },
	'quota.value': { column: 'quota_value', kind: 'number' },
	'tenant.customer_id': { column: 'tenant_customer_id', kind: 'text' },
	'tenant.id': { column: 'tenant_id', kind: 'text' },
	'tenant.kind': { column: 'tenant_kind', kind: 'text' },
	'tenant.name': { column: 'tenant_name', kind: 'text' },
	'usage.absolute.production': { column: 'usage_absolute_production', kind: 'number' },
	'usage.absolute.total': { column: 'usage_absolute_total', kind: 'number' },
	'usage.absolute.trial': { column: 'usage_absolute_trial', kind: 'number' },
	'usage.delta.production': { column: 'usage_delta_production', kind: 'number' },
	'usage.delta.total': { column: 'usage_delta_total', kind: 'number' },
	'usage.delta.trial': { column: 'usage_delta_trial', kind: 'number' },
	'usage.effective.production': { column: 'usage_effective_production', kind: 'number' },
	'usage.effective.total': { column: 'usage_effective_total', kind: 'number' },
	'usage.effective.trial': { column: 'usage_effective_trial', kind: 'number' },
	edition: { column: 'edition', kind: 'text' },
};

async function rowsOf(chunks: Iterable<Uint8Array | string>, source = CSV_SOURCE) {
	return await readReportRows(streamOf(chunks), source);
}

async function failureOf(text: string, source = CSV_SOURCE): Promise<string> {
	try {
		await readReportRows(streamOf([utf8(text)]), source);
	} catch (error) {
		return (error as Error).message;
	}
	throw new Error('the file was read without an error');
}

describe("Acronis's sample csv_v2_0 file", () => {
	const lines = SAMPLE.toString('utf8').trimEnd().split('\n');
	const header = lines[0].split(',');
	const records = lines.slice(1).map((line) => line.split(','));

	it('has the 29 columns and 26 rows the screenshot shows', () => {
		expect(header).toEqual(Object.keys(SAMPLE_COLUMNS));
		expect(records).toHaveLength(26);
		for (const record of records) expect(record).toHaveLength(29);
	});

	it('gives 26 rows holding every cell, typed, with the period of the report', async () => {
		const rows = await rowsOf([SAMPLE]);
		expect(rows).toHaveLength(26);
		rows.forEach((row, index) => {
			header.forEach((name, column) => {
				const cell = records[index][column];
				const { column: rowColumn, kind } = SAMPLE_COLUMNS[name];
				const expected =
					cell === ''
						? null
						: kind === 'number'
							? Number(cell)
							: kind === 'boolean'
								? cell === 'True'
								: cell;
				expect([name, row[rowColumn]]).toEqual([name, expected]);
			});
			expect(row.period_start).toBe('2020-03-01');
			expect(row.period_end).toBe('2020-03-03');
			expect(row.report_id).toBe(CSV_SOURCE.reportId);
			expect(row.report_format).toBe('csv_v2_0');
			expect(row.stored_file_id).toBe(CSV_SOURCE.storedFileId);
			// The 29 columns, the period and the three ids: nothing else.
			expect(Object.keys(row)).toHaveLength(29 + 2 + 3);
		});
	});

	it('reads the first, an infra and a range row as Acronis wrote them', async () => {
		const rows = await rowsOf(bytewise(SAMPLE));
		expect(rows[0]).toEqual({
			tenant_name: 'Acronis User',
			tenant_kind: 'partner',
			offering_item: 'euc_count',
			edition: null,
			usage_absolute_total: 0,
			usage_absolute_production: 0,
			usage_absolute_trial: 0,
			usage_delta_total: -1,
			usage_delta_production: -1,
			usage_delta_trial: 0,
			usage_effective_total: 0,
			usage_effective_production: 0,
			usage_effective_trial: 0,
			unit: null,
			period_start: '2020-03-01',
			period_end: '2020-03-03',
			date: '2020-03-03',
			is_range: false,
			quota_value: null,
			pricing_currency: null,
			pricing_mode: null,
			pricing_price: null,
			pricing_total_cost: null,
			application_name: 'platform',
			infra_name: null,
			tenant_customer_id: null,
			tenant_id: '53b471e1-50dd-4557-ae6d-f687946821d4',
			application_id: '7459244f-68f3-3bf4-9f53-5f63ecc1d91f',
			infra_id: null,
			infra_owner_id: null,
			infra_backend_type: null,
			report_id: CSV_SOURCE.reportId,
			report_format: 'csv_v2_0',
			stored_file_id: CSV_SOURCE.storedFileId,
		});
		const storage = rows.find((row) => row.offering_item === 'storage')!;
		expect(storage).toMatchObject({
			unit: 'bytes',
			edition: 'standard',
			infra_id: '019097a6-114f-4418-bd54-e01ef049f209',
			infra_name: 'fes-eu3-baas.acronis.com',
			infra_owner_id: '8beef6be-c136-4ef6-a900-0e74c703ddcc',
			infra_backend_type: null,
			is_range: false,
		});
		const computePoints = rows.find((row) => row.offering_item === 'compute_points')!;
		expect(computePoints).toMatchObject({ unit: 'seconds', is_range: true });
	});

	it('puts the columns a person reads first, and the ids last', async () => {
		const [row] = await rowsOf([SAMPLE]);
		const columns = Object.keys(row);
		expect(columns.slice(0, 7)).toEqual([
			'tenant_name',
			'tenant_kind',
			'offering_item',
			'edition',
			'usage_absolute_total',
			'usage_absolute_production',
			'usage_absolute_trial',
		]);
		expect(columns.indexOf('unit')).toBeLessThan(columns.indexOf('period_start'));
		expect(columns.slice(-4)).toEqual([
			'infra_backend_type',
			'report_id',
			'report_format',
			'stored_file_id',
		]);
		expect(columns.indexOf('tenant_id')).toBeGreaterThan(columns.indexOf('tenant_customer_id'));
	});
});

// --- generated csv_v2_0 files ------------------------------------------------------------------

type CellKind = 'text' | 'number' | 'boolean' | 'date';

/** Columns a file may have: Acronis's, columns of our choosing, and ones nobody knows yet. */
const KNOWN_CSV_COLUMNS: Array<[string, CellKind]> = [
	...Object.entries(SAMPLE_COLUMNS).map(
		([name, { kind }]) => [name, name === 'date' ? 'date' : kind] as [string, CellKind],
	),
	['period.start', 'date'],
	['period.end', 'date'],
	['sku.code', 'text'],
	['user.login', 'text'],
	['usage.peak.total', 'number'],
];

/** What a row names a csv_v2_0 column, as the README says. */
function rowColumn(name: string): string {
	if (name === 'name') return 'offering_item';
	if (name === 'measurement_unit') return 'unit';
	return name.replace(/\./g, '_');
}

const cellOf: Record<CellKind, fc.Arbitrary<string>> = {
	text: fc.oneof(
		fc.constant(''),
		fc.string({
			unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r\n', 'é', '€', '😀', '.', '-'),
			maxLength: 10,
		}),
	),
	number: fc.oneof(
		fc.constant(''),
		fc.maxSafeInteger().map(String),
		fc.integer({ min: -5, max: 5 }).map(String),
		fc.double({ min: -1e9, max: 1e9, noNaN: true }).map((value) => value.toFixed(2)),
	),
	boolean: fc.constantFrom('', 'True', 'False', 'true', 'false'),
	date: fc.oneof(
		fc.constant(''),
		fc
			.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
			.map((date) => date.toISOString().slice(0, 10)),
	),
};

/** A column nobody knows: letters and dots, never one of the names rows give themselves. */
const unknownColumn = fc
	.array(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 1, maxLength: 3 })
	.map((parts) => `x_${parts.join('.')}`);

const csvFile = fc
	.record({
		known: fc.subarray(KNOWN_CSV_COLUMNS),
		unknown: fc.uniqueArray(unknownColumn, { maxLength: 3, selector: (name) => rowColumn(name) }),
		order: fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
		rowCount: fc.nat({ max: 6 }),
		lineEnding: fc.constantFrom('\n', '\r\n'),
		byteOrderMark: fc.boolean(),
		quoteAll: fc.boolean(),
		cuts,
	})
	.chain((file) => {
		const columns: Array<[string, CellKind]> = [
			...file.known,
			...file.unknown.map((name) => [name, 'text'] as [string, CellKind]),
		]
			.map((column, index) => ({ column, key: file.order[index % file.order.length] }))
			.sort((a, b) => a.key - b.key)
			.map(({ column }) => column);
		const record = fc.tuple(...columns.map(([, kind]) => cellOf[kind]));
		return fc.record({
			columns: fc.constant(columns),
			records: fc.array(columns.length > 0 ? record : fc.constant([] as string[]), {
				minLength: file.rowCount,
				maxLength: file.rowCount,
			}),
			file: fc.constant(file),
		});
	})
	.filter(({ columns }) => columns.length > 0);

function csvText(
	columns: string[],
	records: string[][],
	file: { lineEnding: string; byteOrderMark: boolean; quoteAll: boolean },
) {
	const cell = (value: string) =>
		file.quoteAll || /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
	// A record of one empty cell is written "" (an empty line is no record).
	const line = (cells: string[]) =>
		(cells.length === 1 && cells[0] === '' ? '""' : cells.map(cell).join(',')) + file.lineEnding;
	return (file.byteOrderMark ? '\ufeff' : '') + [columns, ...records].map(line).join('');
}

function typedCell(text: string, kind: CellKind): unknown {
	if (text === '') return null;
	if (kind === 'number') return Number(text);
	if (kind === 'boolean') return text.toLowerCase() === 'true';
	return text;
}

describe('any csv_v2_0 file', () => {
	it('gives one row per record holding every non-empty cell under its name, typed; empty cells null', async () => {
		await fc.assert(
			fc.asyncProperty(csvFile, async ({ columns, records, file }) => {
				const names = columns.map(([name]) => name);
				const bytes = utf8(csvText(names, records, file));
				const rows = await rowsOf(split(bytes, file.cuts));
				expect(rows).toHaveLength(records.length);
				rows.forEach((row, index) => {
					columns.forEach(([name, kind], column) => {
						const cell = records[index][column];
						// An empty period cell: the file does not say, the report does.
						const fromReport = cell === '' && name.startsWith('period.');
						const period = CSV_SOURCE.period as Record<string, string>;
						expect([name, row[rowColumn(name)]]).toEqual([
							name,
							fromReport ? period[name.slice('period.'.length)] : typedCell(cell, kind),
						]);
					});
					for (const core of [
						'tenant_id',
						'tenant_name',
						'tenant_kind',
						'offering_item',
						'edition',
						'unit',
					]) {
						expect(row).toHaveProperty(core);
					}
					const hasPeriod = names.includes('period.start');
					if (!hasPeriod) expect(row.period_start).toBe(CSV_SOURCE.period!.start);
					expect(row.report_id).toBe(CSV_SOURCE.reportId);
				});
			}),
			{ numRuns: 300 },
		);
	});
});

// --- generated json_v2_0 files -----------------------------------------------------------------

/** The fields of a tenant service usage object, and what a row names and makes of each. */
const KNOWN_JSON_FIELDS: Array<[string[], string, fc.Arbitrary<unknown>]> = [
	[['tenant_uuid'], 'tenant_id', fc.uuid()],
	[['tenant_id'], 'tenant_legacy_id', fc.nat()],
	[['application_id'], 'application_id', fc.uuid()],
	[['edition'], 'edition', fc.oneof(fc.constant(null), fc.constantFrom('standard', 'advanced'))],
	[['infra_id'], 'infra_id', fc.uuid()],
	[['measurement_unit'], 'unit', fc.constantFrom('bytes', 'quantity', 'seconds', 'n/a')],
	[['name'], 'offering_item', fc.string({ maxLength: 12 })],
	[['offering_item', 'status'], 'offering_item_status', fc.constantFrom(0, 1)],
	[['offering_item', 'quota', 'value'], 'quota_value', fc.oneof(fc.constant(null), fc.nat())],
	[['offering_item', 'quota', 'overage'], 'quota_overage', fc.oneof(fc.constant(null), fc.nat())],
	[['offering_item', 'quota', 'version'], 'quota_version', fc.nat()],
	[['usage_name'], 'usage_name', fc.string({ maxLength: 12 })],
	[['value'], 'value', fc.maxSafeInteger()],
	[['absolute_value'], 'absolute_value', fc.maxSafeInteger()],
	[['type'], 'type', fc.constantFrom('count', 'feature', 'infra')],
	[['sku', 'code'], 'sku_code', fc.string({ maxLength: 8 })],
	[
		['extra', 'deep', 'thing'],
		'extra_deep_thing',
		fc.oneof(fc.string(), fc.integer(), fc.boolean()),
	],
	[['notes'], 'notes', fc.array(fc.string(), { maxLength: 3 })],
];

const jsonEntry = fc
	.tuple(
		fc.subarray(KNOWN_JSON_FIELDS.map((_, index) => index)),
		fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
		fc.boolean(),
	)
	.chain(([fields, rangeStart, withRange]) =>
		fc.record({
			fields: fc.tuple(...fields.map((index) => KNOWN_JSON_FIELDS[index][2])).map((values) =>
				fields.map((index, position) => ({
					field: KNOWN_JSON_FIELDS[index],
					value: values[position],
				})),
			),
			rangeStart: fc.constant(
				withRange ? `${rangeStart.toISOString().slice(0, 10)}T00:00:00` : undefined,
			),
			shuffle: fc.array(fc.nat(), { minLength: 20, maxLength: 20 }),
		}),
	);

function entryObject(entry: {
	fields: Array<{ field: (typeof KNOWN_JSON_FIELDS)[number]; value: unknown }>;
	rangeStart?: string;
	shuffle: number[];
}) {
	const object: Record<string, unknown> = {};
	const fields = entry.fields
		.map((item, index) => ({ item, key: entry.shuffle[index % entry.shuffle.length] }))
		.sort((a, b) => a.key - b.key)
		.map(({ item }) => item);
	for (const { field, value } of fields) {
		const [path] = field;
		let target = object;
		for (const key of path.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
		target[path[path.length - 1]] = value;
	}
	if (entry.rangeStart) object.range_start = entry.rangeStart;
	return object;
}

describe('any json_v2_0 file', () => {
	it('gives one row per tenants entry holding every field under its name; every row has every column', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(jsonEntry, { maxLength: 6 }),
				fc.boolean(),
				fc.constantFrom('', ' ', '\n  '),
				cuts,
				async (entries, withParams, space, cutsAt) => {
					const objects = entries.map(entryObject);
					const params = { kind: 5, begin_date: 1_580_515_200, end_date: 1_583_020_799 };
					const document = withParams ? { params, tenants: objects } : { tenants: objects };
					const text = JSON.stringify(document, null, space);
					const named = new Map<string, TenantName>();
					const lookUp: TenantLookup = async (ids) => {
						for (const id of ids)
							named.set(id, { name: `Tenant ${id.slice(0, 4)}`, kind: 'customer' });
						return named;
					};
					const rows = await readReportRows(streamOf(split(utf8(text), cutsAt)), JSON_SOURCE);
					await nameTenants(rows, lookUp);
					expect(rows).toHaveLength(objects.length);
					const columns = new Set(rows.flatMap((row) => Object.keys(row)));
					rows.forEach((row, index) => {
						expect(new Set(Object.keys(row))).toEqual(columns);
						for (const { field, value } of entries[index].fields) {
							expect([field[1], row[field[1]]]).toEqual([field[1], value]);
						}
						if (entries[index].rangeStart) {
							expect(row.range_start).toBe(entries[index].rangeStart!.slice(0, 10));
						}
						const tenantId = row.tenant_id;
						expect(row.tenant_name).toBe(
							typeof tenantId === 'string' ? `Tenant ${tenantId.slice(0, 4)}` : null,
						);
						expect(row.period_start).toBe(withParams ? '2020-02-01' : JSON_SOURCE.period!.start);
						expect(row.period_end).toBe(withParams ? '2020-02-29' : JSON_SOURCE.period!.end);
					});
				},
			),
			{ numRuns: 300 },
		);
	});

	it('looks up each unnamed tenant once, and keeps a name the file gives', async () => {
		const asked: string[][] = [];
		const lookUp: TenantLookup = async (ids) => {
			asked.push(ids);
			return new Map(ids.map((id) => [id, { name: `looked up ${id}`, kind: 'unit' }]));
		};
		const tenants = [
			{ tenant_uuid: 'a', name: 'storage', value: 1 },
			{ tenant_uuid: 'a', name: 'vms', value: 2 },
			{ tenant_uuid: 'b', tenant_name: 'Given', tenant_kind: 'customer', name: 'vms', value: 3 },
		];
		const rows = await readReportRows(streamOf([JSON.stringify({ tenants })]), JSON_SOURCE);
		await nameTenants(rows, lookUp);
		expect(asked).toEqual([['a']]);
		expect(rows.map((row) => [row.tenant_name, row.tenant_kind])).toEqual([
			['looked up a', 'unit'],
			['looked up a', 'unit'],
			['Given', 'customer'],
		]);
	});
});

describe('a file that is not what its format says fails, naming where', () => {
	const header = 'tenant.id,name,usage.absolute.total,is_range,date';
	it.each([
		[
			`${header}\nt,storage,12,False,2020-03-03\nt,vms,twelve,False,2020-03-03\n`,
			'row 2, column usage.absolute.total: "twelve" is not a number',
		],
		[
			`${header}\nt,vms,1,maybe,2020-03-03\n`,
			'row 1, column is_range: "maybe" is not True or False',
		],
		[
			`${header}\nt,vms,1,True,03/03/2020\n`,
			'row 1, column date: "03/03/2020" is not a date (YYYY-MM-DD)',
		],
		[
			`${header}\nt,vms,9007199254740993,True,2020-03-03\n`,
			'row 1, column usage.absolute.total: "9007199254740993" is too large to be read exactly',
		],
		[
			'tenant.id,tenant_id\na,b\n',
			'columns tenant.id and tenant_id would both be column tenant_id',
		],
		['tenant.id,report.id\na,b\n', 'column report.id has the name the node gives the report id'],
		['', 'the file is empty: it has not even a header'],
	])('%j', async (text, message) => {
		expect(await failureOf(text)).toBe(message);
	});

	it.each([
		['{"tenants":[{"value":1},"storage"]}', 'tenants entry 2 is not an object'],
		['{"tenants":{"value":1}}', '"tenants" is not an array'],
		['{"params":{}}', 'the file has no "tenants" array of usage objects'],
		[
			'{"tenants":[{"value":"1.5e3"},{"value":"lots"}]}',
			'tenants entry 2, value: "lots" is not a number',
		],
		[
			'{"tenants":[{"value":9007199254740993}]}',
			'tenants entry 1, value: 9007199254740992 is too large to be read exactly',
		],
		[
			'{"tenants":[{"infra_id":"a","infra":{"id":"b"}}]}',
			'tenants entry 1: infra_id and infra.id would both be column infra_id, with different values',
		],
	])('%j', async (text, message) => {
		expect(await failureOf(text, JSON_SOURCE)).toBe(message);
	});

	it('takes a number written as text, and one field written twice alike', async () => {
		const rows = await rowsOf(
			[utf8('{"tenants":[{"value":"1.5e3","infra_id":"a","infra":{"id":"a"}}]}')],
			JSON_SOURCE,
		);
		expect(rows[0]).toMatchObject({ value: 1500, infra_id: 'a' });
	});
});
