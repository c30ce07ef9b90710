import { type Simulator, type UsageRecord, start } from '../../simulator/index.cjs';
import {
	OTHER_TENANT,
	TODAY,
	call,
	createReport,
	expectApiError,
	reportBody,
} from './support/api.cjs';

const USAGE_OUTPUT_FIELDS = [
	'application_id',
	'name',
	'edition',
	'usage_name',
	'type',
	'measurement_unit',
	'tenant_uuid',
	'tenant_id',
	'range_start',
	'absolute_value',
	'value',
	'offering_item',
];

/** The header of Acronis's own sample csv_v2_0 file: 29 columns, sorted, `edition` added last. */
const CSV_V2_HEADER =
	'application.id,application.name,date,infra.backend_type,infra.id,infra.name,infra.owner_id,' +
	'is_range,measurement_unit,name,pricing.currency,pricing.mode,pricing.price,pricing.total_cost,' +
	'quota.value,tenant.customer_id,tenant.id,tenant.kind,tenant.name,' +
	'usage.absolute.production,usage.absolute.total,usage.absolute.trial,' +
	'usage.delta.production,usage.delta.total,usage.delta.trial,' +
	'usage.effective.production,usage.effective.total,usage.effective.trial,edition';

/** A small RFC 4180 reader for checking the simulator's files (independent of the package). */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') ((cell += '"'), i++);
			else if (c === '"') quoted = false;
			else cell += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') (row.push(cell), (cell = ''));
		else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
			rows.push([...row, cell]);
			((row = []), (cell = ''), (i += c === '\r' ? 1 : 0));
		} else cell += c;
	}
	if (cell !== '' || row.length > 0) rows.push([...row, cell]);
	return rows;
}

/**
 * A record as Acronis's csv_v2_0 columns write its fields: empty for none, True/False, no unit
 * for counts, infra.backend_type always empty (as in the sample); `date` given.
 */
function csvFields(record: UsageRecord, date: string): Record<string, string> {
	const values = (measure: 'absolute' | 'delta' | 'effective') =>
		Object.fromEntries(
			(['production', 'trial', 'total'] as const).map((part) => [
				`usage.${measure}.${part}`,
				String(record[measure][part]),
			]),
		);
	return {
		'application.id': record.application.id,
		'application.name': record.application.name,
		date,
		'infra.backend_type': '',
		'infra.id': record.infra?.id ?? '',
		'infra.name': record.infra?.name ?? '',
		'infra.owner_id': record.infra?.ownerId ?? '',
		is_range: record.isRange ? 'True' : 'False',
		measurement_unit: record.measurementUnit === 'quantity' ? '' : record.measurementUnit,
		name: record.offeringItem,
		'pricing.currency': record.pricing?.currency ?? '',
		'pricing.mode': record.pricing?.mode ?? '',
		'pricing.price': record.pricing?.price ?? '',
		'pricing.total_cost': record.pricing?.totalCost ?? '',
		'quota.value': record.quota.value === null ? '' : String(record.quota.value),
		'tenant.customer_id': record.tenant.customerId ?? '',
		'tenant.id': record.tenant.id,
		'tenant.kind': record.tenant.kind,
		'tenant.name': record.tenant.name,
		...values('absolute'),
		...values('delta'),
		...values('effective'),
		edition: record.edition ?? '',
	};
}

/** A saved one-time report's stored files, by format. */
async function savedFiles(sim: Simulator, parameters: Record<string, unknown>) {
	const report = await createReport(sim, {
		parameters: { ...reportBody(sim).parameters, ...parameters },
	});
	const items = (await call(sim, 'GET', `/reports/${report.id}/stored`)).body.items as Array<{
		id: string;
		report_format: string;
	}>;
	const files: Record<string, { content: Buffer; records: UsageRecord[] }> = {};
	for (const item of items) {
		files[item.report_format] = {
			content: await sim.storedFileContent(report.id, item.id),
			records: sim.reportUsage(report.id, item.id),
		};
	}
	return files;
}

describe('simulator: usage', () => {
	let sim: Simulator;
	let root: string;
	const tenantNamed = (name: string) => sim.tenants().find((t) => t.name === name)!;

	beforeAll(async () => {
		sim = await start({ port: 0, fileDelayMs: 0, today: TODAY });
		root = sim.credentials.tenantId;
	});
	afterAll(() => sim.close());
	beforeEach(() => sim.reset());

	describe('GET /tenants/{id}/usages', () => {
		it('answers one usageOutput per offering item, as liveUsage() says', async () => {
			const contoso = sim.childTenantIds[0];
			const answer = await call(sim, 'GET', `/tenants/${contoso}/usages`);
			expect(answer.status).toBe(200);
			expect(answer.body).toEqual({ items: sim.liveUsage(contoso) });
			const items = answer.body.items as Array<Record<string, any>>;
			expect(items.map((u) => u.name)).toEqual([
				'workstations',
				'servers',
				'vms',
				'adv_vms',
				'o365_mailboxes',
				'storage',
				'local_storage',
				'dr_compute_points',
				'notarizations',
			]);
			const legacyId = sim.tenants().find((t) => t.id === contoso)!.legacyId;
			for (const usage of items) {
				const expected = [...USAGE_OUTPUT_FIELDS, ...(usage.type === 'infra' ? ['infra_id'] : [])];
				expect(Object.keys(usage).sort()).toEqual(expected.sort());
				const { status, quota } = usage.offering_item;
				expect(status).toBe(usage.value > 0 ? 1 : 0);
				expect(quota.value === null ? quota : quota.overage).toEqual(
					quota.value === null
						? { value: null, overage: null, version: 0 }
						: Math.ceil(quota.value / 10),
				);
				expect(usage).toMatchObject({
					application_id:
						usage.name === 'notarizations'
							? 'f9c5744e-bd1a-36b6-b0f0-ecd7483e1796'
							: '6e6d758d-8e74-3ae3-ac84-50eb0dff12eb',
					tenant_uuid: contoso,
					tenant_id: legacyId,
					range_start: '2024-06-01T00:00:00',
				});
				expect(Number.isInteger(usage.value) && usage.value >= 0).toBe(true);
				expect(usage.absolute_value).toBeGreaterThanOrEqual(usage.value);
				expect(['bytes', 'quantity', 'seconds']).toContain(usage.measurement_unit);
			}
			const quotas = sim
				.tenants()
				.flatMap((t) => sim.liveUsage(t.id).map((u) => u.offering_item!.quota!));
			expect(quotas.some((q) => q.value !== null)).toBe(true);
			const adv = items.find((u) => u.name === 'adv_vms')!;
			expect(adv).toMatchObject({ usage_name: 'vms', edition: 'advanced' });
			expect(items.find((u) => u.name === 'local_storage')!.edition).toBeNull();
		});

		it('filters by usage_names and editions; items without an edition pass an editions filter', async () => {
			const contoso = sim.childTenantIds[0];
			const names = async (query: string) =>
				(await call(sim, 'GET', `/tenants/${contoso}/usages?${query}`)).body.items.map(
					(u: { name: string }) => u.name,
				);
			expect(await names('usage_names=vms')).toEqual(['vms', 'adv_vms']);
			expect(await names('editions=advanced,disaster_recovery')).toEqual([
				'adv_vms',
				'local_storage',
				'dr_compute_points',
				'notarizations',
			]);
			expect(await names('usage_names=storage,local_storage&editions=standard')).toEqual([
				'storage',
				'local_storage',
			]);
		});

		it('gives a folder no usage, and a disabled tenant its usage', async () => {
			const folder = tenantNamed('Healthcare Clients');
			expect((await call(sim, 'GET', `/tenants/${folder.id}/usages`)).body).toEqual({ items: [] });
			const disabled = tenantNamed('Wingtip Toys');
			const usage = (await call(sim, 'GET', `/tenants/${disabled.id}/usages`)).body.items;
			expect(usage).toHaveLength(9);
			expect(usage.some((u: { value: number }) => u.value > 0)).toBe(true);
		});
	});

	describe('GET /tenants/usages (batch)', () => {
		it('groups live usage per tenant, in the order asked', async () => {
			const [a, b] = sim.childTenantIds;
			const answer = await call(sim, 'GET', `/tenants/usages?tenants=${b},${a},${b}`);
			expect(answer.status).toBe(200);
			expect(answer.body).toEqual({
				items: [
					{ tenant: b, usages: sim.liveUsage(b) },
					{ tenant: a, usages: sim.liveUsage(a) },
				],
			});
			const filtered = await call(sim, 'GET', `/tenants/usages?tenants=${a}&usage_names=servers`);
			expect(filtered.body.items[0].usages).toEqual(
				sim.liveUsage(a).filter((u) => u.usage_name === 'servers'),
			);
		});

		it('needs tenants, all UUIDs and all inside the tree', async () => {
			const missing = await call(sim, 'GET', '/tenants/usages');
			expectApiError(missing, 400, 400);
			expect(missing.body.error.details.field).toBe('tenants');
			expectApiError(await call(sim, 'GET', '/tenants/usages?tenants=abc'), 400, 400);
			const foreign = await call(
				sim,
				'GET',
				`/tenants/usages?tenants=${root},${sim.foreignTenantId}`,
			);
			expectApiError(foreign, 403, 1002);
			expect(foreign.body.error.details).toMatchObject({
				tenant_id: sim.foreignTenantId,
				field: 'tenants',
			});
			expectApiError(await call(sim, 'GET', `/tenants/usages?tenants=${OTHER_TENANT}`), 403, 1002);
		});
	});

	describe('report files', () => {
		it('agree with live usage over the same days', async () => {
			const { csv_v2_0: file } = await savedFiles(sim, {
				level: 'all_customers',
				period: { start: '2024-06-01', end: TODAY },
				formats: ['csv_v2_0'],
			});
			expect(file.records.length).toBeGreaterThan(400);
			for (const record of file.records) {
				const live = sim.liveUsage(record.tenant.id).find((u) => u.name === record.offeringItem)!;
				expect([record.absolute.total, record.effective.total]).toEqual([
					live.value,
					live.absolute_value,
				]);
			}
		});

		it("csv_v2_0: Acronis's header, LF, no BOM, its cell conventions, rows equal to reportUsage()", async () => {
			const { csv_v2_0: file } = await savedFiles(sim, {
				level: 'all_customers',
				formats: ['csv_v2_0'],
			});
			const text = file.content.toString('utf8');
			expect(text.startsWith('application.id,')).toBe(true);
			const lines = text.split('\n');
			expect(lines[0]).toBe(CSV_V2_HEADER);
			expect(lines[lines.length - 1]).toBe(''); // the last row ends in a line break too
			expect(text).not.toContain('\r');
			expect(text).toContain(',"Smith, Jones & ""Partners"" LLC",');
			expect(text).toContain(',Bäckerei Müller GmbH,');

			const [header, ...rows] = parseCsv(text);
			expect(rows).toHaveLength(file.records.length);
			rows.forEach((row, i) =>
				expect(Object.fromEntries(header.map((name, j) => [name, row[j]]))).toEqual(
					csvFields(file.records[i], file.records[i].period.end),
				),
			);
			const column = (name: string) => header.indexOf(name);
			expect(new Set(rows.map((row) => row[column('is_range')]))).toEqual(
				new Set(['True', 'False']),
			);
			expect(rows.some((row) => Number(row[column('usage.delta.total')]) < 0)).toBe(true);
			expect(rows.some((row) => row[column('measurement_unit')] === '')).toBe(true);
			expect(rows.some((row) => row[column('pricing.price')] !== '')).toBe(true);
			expect(rows.some((row) => row[column('quota.value')] !== '')).toBe(true);
			// folders have no usage of their own, and without user rows nobody else has rows
			expect(new Set(file.records.map((r) => r.tenant.kind))).toEqual(
				new Set(['partner', 'customer', 'unit']),
			);
			expect(file.records.some((r) => r.user)).toBe(false);
		});

		it('csv_v2_0 layout options: BOM, CRLF, period and SKU columns, user rows, generation-day date', async () => {
			sim.setReportFiles({
				csvByteOrderMark: true,
				csvLineEnding: '\r\n',
				csvPeriodColumns: true,
				csvDate: 'generationDay',
				userRows: true,
			});
			const { csv_v2_0: file } = await savedFiles(sim, {
				level: 'accounts',
				show_skus: true,
				formats: ['csv_v2_0'],
			});
			expect([...file.content.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
			const text = file.content.toString('utf8').slice(1);
			expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
			const [header, ...rows] = parseCsv(text);
			expect(header).toEqual([
				...[
					...CSV_V2_HEADER.split(',').slice(0, -1),
					'period.end',
					'period.start',
					'sku.code',
					'sku.name',
					'user.id',
					'user.login',
				].sort(),
				'edition',
			]);
			const userRows = file.records.filter((r) => r.user);
			expect(userRows.map((r) => r.user!.login)).toContain('dr.chen');
			expect(userRows.find((r) => r.user!.login === 'legal.coordinator')!.tenant.kind).toBe(
				'folder',
			);
			rows.forEach((row, i) => {
				const r = file.records[i];
				expect(Object.fromEntries(header.map((name, j) => [name, row[j]]))).toEqual({
					...csvFields(r, TODAY),
					'period.start': r.period.start,
					'period.end': r.period.end,
					'sku.code': r.sku!.code,
					'sku.name': r.sku!.name,
					'user.id': r.user?.id ?? '',
					'user.login': r.user?.login ?? '',
				});
			});
		});

		it('csv_v2_0 without show_skus has no sku columns; a trial tenant counts as trial', async () => {
			const { csv_v2_0: file } = await savedFiles(sim, {
				level: 'all_customers',
				formats: ['csv_v2_0'],
			});
			const text = file.content.toString('utf8');
			expect(text.slice(0, text.indexOf('\n'))).toBe(CSV_V2_HEADER);
			const trial = file.records.filter((r) => r.tenant.name === 'Fourth Coffee');
			expect(trial).toHaveLength(9);
			for (const r of trial) {
				expect(r.absolute).toEqual({
					production: 0,
					trial: r.absolute.total,
					total: r.absolute.total,
				});
			}
			const production = file.records.find(
				(r) => r.tenant.name === 'Coho Winery' && r.absolute.total > 0,
			)!;
			expect(production.absolute.trial).toBe(0);
		});

		it('json_v2_0: params and one tenant service usage object per row, as Acronis documents it', async () => {
			sim.setReportFiles({ userRows: true });
			const { json_v2_0: file } = await savedFiles(sim, {
				level: 'accounts',
				show_skus: true,
				formats: ['json_v2_0'],
			});
			const json = JSON.parse(file.content.toString('utf8'));
			expect(json.params).toEqual({
				kind: 5,
				gen_date: Date.parse(`${TODAY}T00:00:00Z`) / 1000,
				begin_date: Date.parse('2024-05-01T00:00:00Z') / 1000,
				end_date: Date.parse('2024-05-31T23:59:59Z') / 1000,
				group_id: sim.tenants()[0].legacyId,
				name: 'Northwind IT Services',
				report_level: 3,
				report_type: 5,
			});
			expect(json.tenants).toHaveLength(file.records.length);
			const legacyIds = new Map(sim.tenants().map((t) => [t.id, t.legacyId]));
			json.tenants.forEach((usage: Record<string, unknown>, i: number) => {
				const r = file.records[i];
				expect(usage).toEqual({
					tenant_uuid: r.tenant.id,
					tenant_id: legacyIds.get(r.tenant.id),
					application_id: r.application.id,
					edition: r.edition,
					...(r.infra ? { infra_id: r.infra.id } : {}),
					measurement_unit: r.measurementUnit,
					name: r.offeringItem,
					offering_item: { status: r.offeringItemStatus, quota: r.quota },
					range_start: `${r.period.start}T00:00:00`,
					usage_name: r.usageName,
					value: r.absolute.total,
					absolute_value: r.effective.total,
					type: r.type,
					sku: r.sku,
					...(r.user ? { user: r.user } : {}),
				});
			});
			expect(file.records.some((r) => r.user)).toBe(true);
		});

		it('every format holds the same rows; daily rows add up to the summary', async () => {
			const period = { start: '2024-05-01', end: '2024-05-31' };
			const formats = ['csv', 'html', 'json_v1', 'csv_v2_0', 'json_v2_0'];
			const summary = await savedFiles(sim, { level: 'direct_partners', period, formats });
			const records = summary.csv_v2_0.records;
			for (const format of formats) expect(summary[format].records).toEqual(records);
			const v1 = JSON.parse(summary.json_v1.content.toString('utf8')).rows;
			expect(v1.map((row: { end_value: number }) => row.end_value)).toEqual(
				records.map((r) => r.absolute.total),
			);

			const daily = (
				await savedFiles(sim, {
					level: 'direct_partners',
					period,
					kind: 'usage_daily',
					formats: ['csv_v2_0'],
				})
			).csv_v2_0.records;
			expect(daily).toHaveLength(records.length * 31);
			for (const r of records) {
				const days = daily.filter(
					(d) => d.tenant.id === r.tenant.id && d.offeringItem === r.offeringItem,
				);
				expect(days.map((d) => d.period.start)).toEqual(days.map((d) => d.period.end));
				expect(days.reduce((sum, d) => sum + d.delta.total, 0)).toBe(r.delta.total);
				expect(Math.max(...days.map((d) => d.absolute.total))).toBe(r.effective.total);
				expect(days[days.length - 1].absolute).toEqual(r.absolute);
			}
		});

		it('hide_zero_usage drops unused offering items', async () => {
			const all = (await savedFiles(sim, { level: 'all_customers', formats: ['csv_v2_0'] }))
				.csv_v2_0.records;
			const used = (
				await savedFiles(sim, {
					level: 'all_customers',
					hide_zero_usage: true,
					formats: ['csv_v2_0'],
				})
			).csv_v2_0.records;
			expect(used.length).toBeLessThan(all.length);
			expect(used).toEqual(all.filter((r) => r.effective.total > 0));
		});
	});

	it('pads a file to storedFileMinRows with filler customers, counted in reportUsage()', async () => {
		const padded = await start({ port: 0, fileDelayMs: 0, today: TODAY, storedFileMinRows: 2000 });
		try {
			const files = await savedFiles(padded, {
				level: 'direct_partners',
				formats: ['csv_v2_0', 'json_v2_0'],
			});
			for (const format of ['csv_v2_0', 'json_v2_0']) {
				const { records } = files[format];
				expect(records.length).toBeGreaterThanOrEqual(2000);
				expect(records.length).toBeLessThan(2000 + 9);
			}
			const { content, records } = files.csv_v2_0;
			expect(parseCsv(content.toString('utf8')).length - 1).toBe(records.length);
			expect(records[records.length - 1].tenant.name).toMatch(/^Padding Customer \d{6}$/);
			expect(JSON.parse(files.json_v2_0.content.toString('utf8')).tenants).toHaveLength(
				files.json_v2_0.records.length,
			);
		} finally {
			await padded.close();
		}
	});
});
