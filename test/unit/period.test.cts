import type { INode } from 'n8n-workflow';

import { readPeriod } from '../../nodes/shared/fields/period';
import type { CalendarDate } from '../../nodes/shared/dates';
import type { FieldValues } from '../../nodes/shared/fields/fieldValues';

/**
 * The period a new report covers, worked out in the workflow's time zone but never past the
 * data center's today (UTC): ahead of UTC the workflow's today is the data center's tomorrow.
 */

const node: INode = {
	id: 'acronis',
	name: 'Acronis Usage Report',
	type: 'n8n-nodes-acronis.acronisUsageReport',
	typeVersion: 1.1,
	position: [0, 0],
	parameters: {},
};

function values(period: string): FieldValues {
	return { node, itemIndex: 0, timezone: 'Pacific/Auckland', get: (name) => ({ period })[name] };
}

const day = (text: string): CalendarDate => {
	const [year, month, dayOfMonth] = text.split('-').map(Number);
	return { year, month, day: dayOfMonth };
};

function period(choice: string, workflowToday: string, dataCenterToday: string) {
	return readPeriod(values(choice), day(workflowToday), day(dataCenterToday));
}

describe('a period worked out by the node', () => {
	it('is the previous month of the workflow’s today once that month is over in UTC', () => {
		expect(period('previousMonth', '2026-12-02', '2026-12-01')).toEqual({
			start: '2026-11-01',
			end: '2026-11-30',
		});
		// Behind UTC: the workflow's month, not the data center's.
		expect(period('previousMonth', '2026-11-30', '2026-12-01')).toEqual({
			start: '2026-10-01',
			end: '2026-10-31',
		});
	});

	it('refuses a previous month whose last day is not over at the data center yet', () => {
		// 1 December, 05:00 in Auckland: 30 November, 16:00 UTC.
		expect(() => period('previousMonth', '2026-12-01', '2026-11-30')).toThrow(
			'The previous month (2026-11) is not over at the data center yet: in UTC, its time, it is 2026-11-30',
		);
	});

	it('ends Month to Date on the data center’s today, not later', () => {
		expect(period('monthToDate', '2026-12-05', '2026-12-04')).toEqual({
			start: '2026-12-01',
			end: '2026-12-04',
		});
		expect(period('monthToDate', '2026-12-05', '2026-12-05')).toEqual({
			start: '2026-12-01',
			end: '2026-12-05',
		});
	});

	it('refuses a Month to Date whose month has not begun at the data center', () => {
		expect(() => period('monthToDate', '2026-12-01', '2026-11-30')).toThrow(
			/has not begun at the data center yet: Month to Date starts on 2026-12-01.*it is 2026-11-30/,
		);
	});

	it('sends no period for Not Set', () => {
		expect(period('none', '2026-12-05', '2026-12-05')).toBeUndefined();
	});
});
