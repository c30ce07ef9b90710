import type { IDataObject } from 'n8n-workflow';

/**
 * Usage rows narrowed to what a question is about, and summed: what a person reading a table
 * or a model reading an answer wants, where a month of rows for every tenant is far too much.
 * Report rows and live usage rows share the columns this reads: tenant_name, tenant_id,
 * tenant_customer_id, offering_item, edition, unit and the figures.
 */
export interface RowSelection {
	/** Only rows of these tenants: names, customer IDs or UUIDs, compared without case. */
	tenants?: string[];
	offeringItems?: string[];
	editions?: string[];
	/** One row per tenant, offering item and period, its figures summed. */
	sum: boolean;
}

/** Figures a sum adds up; the other columns of a row are its key, or left out of a sum. */
const FIGURES = [
	...['absolute', 'delta', 'effective'].flatMap((measure) =>
		['total', 'production', 'trial'].map((part) => `usage_${measure}_${part}`),
	),
	'value',
	'absolute_value',
	'pricing_total_cost',
];

/**
 * What a summed row is told apart by. Dates and files stay apart: a daily report keeps a row a
 * day (summing an amount over days means nothing), and two files are two answers.
 */
const KEY = [
	'tenant_id',
	// A user account's lines (reports "with user accounts") stay apart from its tenant's.
	'user_id',
	'offering_item',
	'unit',
	'period_start',
	'period_end',
	'date',
	'report_id',
	'stored_file_id',
];

/** The columns of a summed row, in order, around its editions, figures and count of lines. */
const LEADING = ['tenant_name', 'tenant_kind', 'offering_item'];
const PERIOD = ['unit', 'period_start', 'period_end', 'date'];
const TRAILING = [
	'tenant_customer_id',
	'tenant_id',
	'report_id',
	'report_format',
	'stored_file_id',
];

export function selectRows(rows: IDataObject[], selection: RowSelection): IDataObject[] {
	const tenants = lowerCased(selection.tenants);
	const offeringItems = lowerCased(selection.offeringItems);
	const editions = lowerCased(selection.editions);
	const selected = rows.filter(
		(row) =>
			(tenants === undefined ||
				['tenant_name', 'tenant_customer_id', 'tenant_id'].some((column) =>
					tenants.has(lowerCase(row[column])),
				)) &&
			(offeringItems === undefined || offeringItems.has(lowerCase(row.offering_item))) &&
			(editions === undefined || editions.has(lowerCase(row.edition))),
	);
	return selection.sum ? sumRows(selected) : selected;
}

/**
 * One row per tenant, offering item, unit and period (or day), in the order their first lines
 * come: the figures summed over editions, infrastructures and applications (a figure none of
 * them has stays null), the editions it covers, and how many lines it sums.
 */
function sumRows(rows: IDataObject[]): IDataObject[] {
	const groups = new Map<string, IDataObject[]>();
	for (const row of rows) {
		const key = JSON.stringify(KEY.map((column) => row[column] ?? null));
		const group = groups.get(key);
		if (group === undefined) groups.set(key, [row]);
		else group.push(row);
	}
	return [...groups.values()].map(summedRow);
}

function summedRow(group: IDataObject[]): IDataObject {
	const [first] = group;
	const present = (column: string) => group.some((line) => column in line);
	// A column the lines do not agree on (a tenant renamed between two lines) says nothing.
	const agreed = (column: string) =>
		group.every((line) => line[column] === first[column]) ? (first[column] ?? null) : null;
	const row: IDataObject = {};
	for (const column of LEADING) if (present(column)) row[column] = agreed(column);
	const editions = new Set(group.map((line) => line.edition).filter((edition) => edition));
	row.editions = [...editions].join(', ') || null;
	for (const figure of FIGURES) {
		if (present(figure)) row[figure] = sum(group.map((line) => line[figure]));
	}
	for (const column of PERIOD) if (present(column)) row[column] = agreed(column);
	row.lines = group.length;
	for (const column of TRAILING) if (present(column)) row[column] = agreed(column);
	return row;
}

/** The sum of the numbers among `values`; null when there are none. */
function sum(values: unknown[]): number | null {
	const numbers = values.filter((value): value is number => typeof value === 'number');
	if (numbers.length === 0) return null;
	// Sums of fractional figures (prices) would show binary noise: rounded to what they hold.
	return Number(numbers.reduce((total, value) => total + value, 0).toPrecision(15));
}

function lowerCased(list: string[] | undefined): Set<string> | undefined {
	return list === undefined || list.length === 0 ? undefined : new Set(list.map(lowerCase));
}

function lowerCase(value: unknown): string {
	return value === null || value === undefined ? '' : String(value).trim().toLowerCase();
}
