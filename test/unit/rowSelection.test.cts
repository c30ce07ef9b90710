import type { IDataObject } from 'n8n-workflow';

import { selectRows } from '../../nodes/shared/rows/selection';

/** Usage lines of two storage locations, written out by hand with the sums they make. */
const line = (values: IDataObject): IDataObject => ({
	tenant_name: 'Contoso Dental Clinic',
	tenant_kind: 'customer',
	offering_item: 'storage',
	edition: 'standard',
	usage_absolute_total: 0,
	usage_delta_total: 0,
	unit: 'bytes',
	period_start: '2026-11-01',
	period_end: '2026-11-30',
	tenant_id: 'c1a7e3f5-6b8d-4a2c-9e4f-1b3d5f7a9c21',
	infra_id: 'acronis-hosted',
	report_id: 'r1',
	stored_file_id: 'f1',
	...values,
});

describe('selectRows', () => {
	const lines = [
		line({ usage_absolute_total: 1000, usage_delta_total: 100 }),
		line({ offering_item: 'workstations', unit: '', usage_absolute_total: 3, infra_id: null }),
		line({ usage_absolute_total: 250, usage_delta_total: -50, infra_id: 'partner-hosted' }),
		line({ tenant_name: 'Tailspin Bakery', tenant_id: 't2', usage_absolute_total: 7 }),
		line({ edition: 'advanced', usage_absolute_total: 5, usage_delta_total: null }),
	];

	it('sums the lines of a tenant’s offering item over storage locations and editions', () => {
		expect(selectRows(lines, { sum: true })).toEqual([
			{
				tenant_name: 'Contoso Dental Clinic',
				tenant_kind: 'customer',
				offering_item: 'storage',
				editions: 'standard, advanced',
				usage_absolute_total: 1255,
				usage_delta_total: 50,
				unit: 'bytes',
				period_start: '2026-11-01',
				period_end: '2026-11-30',
				lines: 3,
				tenant_id: 'c1a7e3f5-6b8d-4a2c-9e4f-1b3d5f7a9c21',
				report_id: 'r1',
				stored_file_id: 'f1',
			},
			expect.objectContaining({ offering_item: 'workstations', usage_absolute_total: 3, lines: 1 }),
			expect.objectContaining({ tenant_name: 'Tailspin Bakery', usage_absolute_total: 7 }),
		]);
	});

	it('keeps the days of a daily report apart', () => {
		const days = [line({ date: '2026-11-01' }), line({ date: '2026-11-02' })];
		expect(selectRows(days, { sum: true }).map((row) => row.date)).toEqual([
			'2026-11-01',
			'2026-11-02',
		]);
	});

	it('narrows by name, customer ID or UUID, case aside, and by offering item and edition', () => {
		const narrowed = (selection: Parameters<typeof selectRows>[1]) =>
			selectRows(lines, selection).length;
		expect(narrowed({ tenants: ['TAILSPIN bakery'], sum: false })).toBe(1);
		expect(narrowed({ tenants: ['t2', 'Contoso Dental Clinic'], sum: false })).toBe(5);
		expect(narrowed({ offeringItems: ['workstations'], sum: false })).toBe(1);
		expect(narrowed({ editions: ['advanced'], sum: false })).toBe(1);
		expect(narrowed({ tenants: [], sum: false })).toBe(5);
	});
});
