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

const CSV_V2_HEADER =
	'tenant.id,tenant.name,tenant.kind,user.id,user.login,period.start,period.end,' +
	'application.id,name,usage_name,edition,type,measurement_unit,' +
	'infra.id,infra.owner_id,infra.backend_type,' +
	'usage.absolute.production,usage.absolute.trial,usage.absolute.total,' +
	'usage.delta.production,usage.delta.trial,usage.delta.total,' +
	'usage.effective.production,usage.effective.trial,usage.effective.total';

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
		else if (c === '\r' && text[i + 1] === '\n') {
			rows.push([...row, cell]);
			((row = []), (cell = ''), i++);
		} else cell += c;
	}
	if (cell !== '' || row.length > 0) rows.push([...row, cell]);
	return rows;
}

/** A record as the csv_v2_0 columns name its fields: the documented layout. */
function csvFields(record: UsageRecord): Record<string, string> {
	const values = (measure: 'absolute' | 'delta' | 'effective') =>
		Object.fromEntries(
			(['production', 'trial', 'total'] as const).map((part) => [
				`usage.${measure}.${part}`,
				String(record[measure][part]),
			]),
		);
	return {
		'tenant.id': record.tenant.id,
		'tenant.name': record.tenant.name,
		'tenant.kind': record.tenant.kind,
		'user.id': record.user?.id ?? '',
		'user.login': record.user?.login ?? '',
		'period.start': record.period.start,
		'period.end': record.period.end,
		'application.id': record.applicationId,
		name: record.offeringItem,
		usage_name: record.usageName,
		edition: record.edition ?? '',
		type: record.type,
		measurement_unit: record.measurementUnit,
		'infra.id': record.infra?.id ?? '',
		'infra.owner_id': record.infra?.ownerId ?? '',
		'infra.backend_type': record.infra?.backendType ?? '',
		...(record.sku ? { 'sku.code': record.sku.code, 'sku.name': record.sku.name } : {}),
		...values('absolute'),
		...values('delta'),
		...values('effective'),
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
					application_id: '6e6d758d-8e74-3ae3-ac84-50eb0dff12eb',
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
			expect(usage).toHaveLength(8);
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

		it('csv_v2_0: BOM, the documented header, CRLF, quoted names, rows equal to reportUsage()', async () => {
			const { csv_v2_0: file } = await savedFiles(sim, {
				level: 'accounts',
				show_skus: true,
				formats: ['csv_v2_0'],
			});
			expect([...file.content.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
			const text = file.content.toString('utf8');
			const lines = text.slice(1).split('\r\n');
			expect(lines[0]).toBe(
				CSV_V2_HEADER.replace(
					'usage.absolute.production',
					'sku.code,sku.name,usage.absolute.production',
				),
			);
			expect(lines[lines.length - 1]).toBe(''); // the last row ends in CRLF too
			expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
			expect(text).toContain(',"Smith, Jones & ""Partners"" LLC",customer,');
			expect(text).toContain(',"Weber, Klein & Co. KG",customer,');
			expect(text).toContain(',Bäckerei Müller GmbH,customer,');
			expect(text).toContain(',"Virtual machines, Advanced",');

			const [header, ...rows] = parseCsv(text.slice(1));
			expect(rows).toHaveLength(file.records.length);
			rows.forEach((row, i) =>
				expect(Object.fromEntries(header.map((name, j) => [name, row[j]]))).toEqual(
					csvFields(file.records[i]),
				),
			);
			const userRows = file.records.filter((r) => r.user);
			expect(userRows.map((r) => r.user!.login)).toContain('dr.chen');
			// folders have no usage of their own, but their users do
			const tenantRows = file.records.filter((r) => !r.user);
			expect(new Set(tenantRows.map((r) => r.tenant.kind))).toEqual(
				new Set(['partner', 'customer', 'unit']),
			);
			expect(userRows.find((r) => r.user!.login === 'legal.coordinator')!.tenant.kind).toBe(
				'folder',
			);
		});

		it('csv_v2_0 without show_skus has no sku columns; a trial tenant counts as trial', async () => {
			const { csv_v2_0: file } = await savedFiles(sim, {
				level: 'all_customers',
				formats: ['csv_v2_0'],
			});
			const text = file.content.toString('utf8');
			expect(text.slice(1, text.indexOf('\r\n'))).toBe(CSV_V2_HEADER);
			const trial = file.records.filter((r) => r.tenant.name === 'Fourth Coffee');
			expect(trial).toHaveLength(8);
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

		it('json_v2_0: params and one tenant service usage object per row', async () => {
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
					tenant_name: r.tenant.name,
					tenant_kind: r.tenant.kind,
					...(r.user ? { user: r.user } : {}),
					application_id: r.applicationId,
					name: r.offeringItem,
					edition: r.edition,
					usage_name: r.usageName,
					type: r.type,
					measurement_unit: r.measurementUnit,
					...(r.infra
						? {
								infra_id: r.infra.id,
								infra: {
									id: r.infra.id,
									owner_id: r.infra.ownerId,
									backend_type: r.infra.backendType,
								},
							}
						: {}),
					sku: r.sku,
					range_start: `${r.period.start}T00:00:00`,
					range_end: `${r.period.end}T23:59:59`,
					value: r.absolute.total,
					absolute_value: r.effective.total,
					usage: { absolute: r.absolute, delta: r.delta, effective: r.effective },
				});
			});
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
				expect(records.length).toBeLessThan(2000 + 8);
			}
			const { content, records } = files.csv_v2_0;
			expect(parseCsv(content.toString('utf8').slice(1)).length - 1).toBe(records.length);
			expect(records[records.length - 1].tenant.name).toMatch(/^Padding Customer \d{6}$/);
			expect(JSON.parse(files.json_v2_0.content.toString('utf8')).tenants).toHaveLength(
				files.json_v2_0.records.length,
			);
		} finally {
			await padded.close();
		}
	});
});
