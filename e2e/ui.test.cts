/**
 * The node in n8n's editor, in a browser: the packed package installed into a real n8n, the
 * simulator's credentials imported, Debian's Chromium driven through the editor as a user does.
 * The steps follow one another like a user's session: find the node, a first run with nothing
 * but a credential chosen, the Tenant, Report and Recipients pickers on the simulator's data, and
 * what the forms show. Screenshots of each step land in test-output/ui/; docs/images/ holds
 * copies of the best ones, for the README.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Locator, Page } from 'playwright-core';

import { AcronisUsageReport } from '../nodes/AcronisUsageReport/AcronisUsageReport.node';
import { description as reportProperties } from '../nodes/AcronisUsageReport/actions/operations';
import { AcronisUsageReportTrigger } from '../nodes/AcronisUsageReportTrigger/AcronisUsageReportTrigger.node';
import type { Simulator, SimulatorTenant, SimulatorUser } from '../simulator/index.cjs';
import { start } from '../simulator/index.cjs';
import { expectedFileRows } from '../test/expectedRows.cjs';
import { type Browser, SCREENSHOT_DIR, ensureChromium, launchBrowser } from './ui/browser.cjs';
import * as editor from './ui/editor.cjs';

const n8n = require('./lib/n8n.js');
const { CLIENT_CREDENTIAL, TOKEN_CREDENTIAL, exampleCredentials } = require('./lib/credentials.js');

const OWNER = { email: 'owner@example.com', password: 'Ui-owner-password-1' };
const NODE = 'Acronis Usage Report';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

let simulator: Simulator;
let workDir: string;
let server: { url: string; stop(): Promise<void>; output(): string } | undefined;
let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
	rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
	await ensureChromium();
	await n8n.ensureN8n();
	workDir = mkdtempSync(path.join(tmpdir(), 'acronis-ui-'));
	const userFolder = path.join(workDir, 'n8n');
	simulator = await start({ port: 0, fileDelayMs: 200 });

	const { tarball } = await n8n.packPackage(workDir);
	await n8n.installCommunityPackage(userFolder, tarball);
	// Two credentials of the node's type, so that choosing one is a real choice.
	const { apiClient, accessToken } = exampleCredentials(simulator, 0);
	const credentialsFile = path.join(workDir, 'credentials.json');
	writeFileSync(credentialsFile, JSON.stringify([apiClient, accessToken]));
	await n8n.n8nCommand(['import:credentials', `--input=${credentialsFile}`], { userFolder });

	const started = await n8n.startN8n({
		userFolder,
		port: await n8n.freePort(),
		owner: OWNER,
		// "Previous Month" is the month before today in the workflow's time zone: UTC here.
		env: { GENERIC_TIMEZONE: 'UTC' },
	});
	server = started;
	browser = await launchBrowser(started.url);
	page = browser.page;
}, 20 * 60000);

afterAll(async () => {
	const steps = [
		() => browser?.close(),
		() => server?.stop(),
		() => simulator?.close(),
		() => workDir && rmSync(workDir, { recursive: true, force: true }),
	];
	for (const step of steps) {
		try {
			await step();
		} catch (error) {
			process.stderr.write(`Clean-up step failed: ${String(error)}\n`);
		}
	}
});

const shot = (name: string, areas?: Locator[], margin?: number) =>
	browser!.screenshot(name, areas, margin);

describe('finding the node', () => {
	it('signs in and opens a new workflow', async () => {
		await editor.signIn(page, OWNER);
		await editor.newWorkflow(page);
		await shot('new-workflow');
		expect(new URL(page.url()).pathname).toMatch(/^\/workflow\//);
	});

	it('lists the package as one node described by its own description, in the results and the panel', async () => {
		const description = new AcronisUsageReport().description.description;
		// n8n lists a node and its trigger as one entry and gives it the trigger's description:
		// both nodes carry the same text, so the entry reads right.
		expect(new AcronisUsageReportTrigger().description.description).toBe(description);

		const entries = await editor.searchNodes(page, 'Acronis');
		await shot('search-acronis');
		expect(entries).toEqual([{ name: NODE, description }]);
		const panel = await editor.openNodeEntry(page, NODE);
		await shot('node-panel');
		expect(panel).toContain(description);
		expect(panel).toContain('Triggers (1)');
		expect(panel).toContain(`Actions (${operationNames().length})`);
	});

	it.each(['backup', 'MSP'])('finds the node by "%s"', async (query) => {
		const found = await editor.searchNodes(page, query);
		await shot(`search-${query.toLowerCase()}`);
		expect(found.map((entry) => entry.name)).toContain(NODE);
	});
});

describe('a first run with no typing', () => {
	it("adds the node, takes a credential and nothing else, and outputs last month's usage rows", async () => {
		await editor.addNode(page, {
			search: 'Acronis',
			node: NODE,
			action: 'Generate and download a usage report',
		});
		await editor.selectCredential(page, CLIENT_CREDENTIAL.name);
		// Nothing picked: the credential's own tenant.
		expect(await editor.resourceLocatorValue(page, 'Tenant')).toBe('');
		await shot('first-run-parameters');
		// Room for the output's columns: the parameters panel moves left, over the empty input.
		await editor.moveParametersPanel(page, -360);

		await runNode();
		const finishedOn = new Date();
		await editor.showOutputTableFrom(page, 'tenant_name');
		await editor.closeNotifications(page);
		await shot('first-run-rows', [editor.parametersPanel(page), editor.outputPanel(page)], 0);
		// A table that reads like a bill: who, what, the figures, the unit and period, ids last.
		const columns = await editor.outputTableColumns(page);
		expect(columns.slice(0, 7)).toEqual([
			'tenant_name',
			'tenant_kind',
			'offering_item',
			'edition',
			'usage_absolute_total',
			'usage_absolute_production',
			'usage_absolute_trial',
		]);
		expect(columns.indexOf('period_end')).toBeLessThan(columns.indexOf('tenant_id'));
		expect(columns.slice(-3)).toEqual(['report_id', 'report_format', 'stored_file_id']);
		const rows = await editor.outputItems(page);

		// The report the run created, about the credential's tenant, and its file row for row.
		expect(simulator.reports()).toHaveLength(1);
		const [{ report, stored }] = simulator.reports();
		expect(report.parameters.tenant_id).toBe(simulator.credentials.tenantId);
		const files = stored.map((item) => ({
			reportId: report.id,
			storedFileId: item.id,
			format: item.report_format,
		}));
		expect(files.map((file) => file.format)).toEqual(['csv_v2_0']);
		const [file] = files;
		const expected = expectedFileRows(simulator, file.reportId, file.storedFileId);
		expect(expected.length).toBeGreaterThan(0);
		expect(rows).toEqual(expected);
		const monthBefore = previousMonth(finishedOn);
		for (const row of rows) {
			expect({ start: row.period_start, end: row.period_end }).toEqual(monthBefore);
		}
		// Text the simulator's data produces: the credential's customers by name.
		const names = new Set(rows.map((row) => row.tenant_name));
		expect(names).toContain('Contoso Dental Clinic');
		expect(names).toContain('Fabrikam Logistics');
		const tenantNames = new Set(simulator.tenants().map((tenant) => tenant.name));
		for (const name of names) expect(tenantNames).toContain(name);
	});

	it("shows the operation's name under the node on the canvas", async () => {
		await editor.closeNodeView(page);
		await shot('first-run-canvas');
		// Its name, then its subtitle (after "N items" of its last run).
		const text = await editor.canvasNodeText(page, NODE);
		expect(text.slice(text.indexOf(NODE))).toEqual([NODE, 'Generate and Download']);
	});
});

describe("the pickers, on the simulator's data", () => {
	let contoso: SimulatorTenant;
	/** Two reports about Contoso: the Report picker lists them. */
	let monthly: Record<string, unknown>;
	let oneTime: Record<string, unknown>;

	beforeAll(async () => {
		contoso = simulator.tenants().find((tenant) => tenant.name === 'Contoso Dental Clinic')!;
		monthly = await simulator.api('POST', '/reports', {
			parameters: {
				kind: 'usage_summary',
				tenant_id: contoso.id,
				level: 'direct_partners',
				formats: ['csv', 'html'],
			},
			schedule: { type: 'monthly' },
			result_action: 'save',
		});
		oneTime = await simulator.api('POST', '/reports', {
			parameters: {
				kind: 'usage_daily',
				tenant_id: contoso.id,
				level: 'itself',
				period: { start: '2025-01-01', end: '2025-01-31' },
				formats: ['csv_v2_0'],
			},
			schedule: { type: 'once' },
			generation_date: '2025-02-03',
			result_action: 'save',
		});
		await editor.newWorkflow(page);
		await editor.addNode(page, { search: 'Acronis', node: NODE, action: 'Get a usage report' });
		await editor.selectCredential(page, CLIENT_CREDENTIAL.name);
		// Wide enough for whole report labels. A list takes the width its field had when the node
		// view opened: it opens again.
		await editor.resizeParametersPanel(page, 300);
		await editor.closeNodeView(page);
		await editor.openNodeView(page, NODE);
	});

	/** The parameters panel down to the open list, for the screenshots of the pickers. */
	const pickerArea = (list: Locator) => [
		editor.nodeView(page).getByTestId('tab-params'),
		editor.nodeView(page).getByTestId('node-execute-button'),
		list,
	];

	it("lists the credential's tenant and every tenant below it in tree order, page after page", async () => {
		const expected = tenantTree(simulator);
		const firstPage = await editor.openResourceLocatorList(page, 'Tenant');
		await shot('tenant-list', pickerArea(editor.resourceLocatorDropdown(page)));
		expect(firstPage).toEqual(expected.slice(0, firstPage.length));
		// Each tenant right under its parent, which it names below the first level.
		const unit = expected.indexOf(
			'Contoso Dental Downtown Office (Unit under Contoso Dental Clinic)',
		);
		expect(expected[unit - 1]).toBe('Contoso Dental Clinic (Customer)');

		const all = await editor.scrollResourceLocatorList(page, expected.length);
		expect(all).toEqual(expected);
	});

	it('narrows the list to the tenants a search matches, and picks one', async () => {
		const narrowed = await editor.searchResourceLocatorList(page, 'Contoso');
		await shot('tenant-search', pickerArea(editor.resourceLocatorDropdown(page)));
		expect(narrowed).toEqual([
			'Contoso Dental Clinic (Customer)',
			'Contoso Dental Downtown Office (Unit under Contoso Dental Clinic)',
			'Contoso Dental Westside Office (Unit under Contoso Dental Clinic)',
			'Contoso Pharmaceuticals (Customer)',
		]);
		await editor.pickResourceLocatorEntry(page, 'Contoso Dental Clinic (Customer)');
		expect(await editor.resourceLocatorValue(page, 'Tenant')).toBe(
			'Contoso Dental Clinic (Customer)',
		);
	});

	it("lists the tenant's reports by what they are, and Get runs on the one picked", async () => {
		const reports = await editor.openResourceLocatorList(page, 'Report');
		await shot('report-list', pickerArea(editor.resourceLocatorDropdown(page)));
		const monthlyLabel = `Summary, monthly, CSV + HTML, saved for download, next ${String(monthly.generation_date)}`;
		expect([...reports].sort()).toEqual(
			[
				monthlyLabel,
				'Daily, 2025-01, CSV (Version 2.0), saved for download, generated 2025-02-03',
			].sort(),
		);
		await editor.pickResourceLocatorEntry(page, monthlyLabel);
		await expectGetOutputs(monthly, 'report-get-output');
	});

	it('runs Get on a report ID typed in "By ID", where the Tenant above has no say and is hidden', async () => {
		await editor.switchResourceLocatorMode(page, 'Report', 'id');
		// The picked report stays, now as its ID.
		expect(await editor.resourceLocatorValue(page, 'Report')).toBe(monthly.id);
		expect(await editor.isParameterShown(page, 'Tenant')).toBe(false);
		await editor.typeResourceLocatorValue(page, 'Report', String(oneTime.id));
		await expectGetOutputs(oneTime, 'report-by-id-output');
		await editor.switchResourceLocatorMode(page, 'Report', 'list');
		expect(await editor.isParameterShown(page, 'Tenant')).toBe(true);
	});

	it('takes the Tenant by its name: the Report list shows that tenant’s reports', async () => {
		await editor.switchResourceLocatorMode(page, 'Tenant', 'name');
		await editor.typeResourceLocatorValue(page, 'Tenant', 'contoso dental clinic');
		const reports = await editor.openResourceLocatorList(page, 'Report');
		expect(reports).toHaveLength(2);
		expect(reports).toContain(
			`Summary, monthly, CSV + HTML, saved for download, next ${String(monthly.generation_date)}`,
		);
		await page.keyboard.press('Escape');
		await shot('tenant-by-name');
		// The tenant stays given by name: Create below makes its report for it.
	});

	/** Runs the node (Get) and expects `report` as the simulator holds it, as its only output. */
	async function expectGetOutputs(report: Record<string, unknown>, screenshot: string) {
		await runNode();
		const items = await editor.outputItems(page);
		await shot(screenshot);
		expect(items).toEqual([await simulator.api('GET', `/reports/${String(report.id)}`)]);
	}

	it("lists the users of the tenant and of the credential's tenant as recipients; Create sends the two picked", async () => {
		await editor.setOptionsParameter(page, 'Operation', 'Create');
		// The Tenant hidden a moment ago may have lost its value: Contoso again.
		if (
			(await editor.resourceLocatorValue(page, 'Tenant')) !== 'Contoso Dental Clinic (Customer)'
		) {
			await editor.openResourceLocatorList(page, 'Tenant');
			await editor.searchResourceLocatorList(page, 'Contoso');
			await editor.pickResourceLocatorEntry(page, 'Contoso Dental Clinic (Customer)');
		}
		await editor.setOptionsParameter(page, 'Result Action', 'Send by Email');
		const users = simulator
			.users()
			.filter((user) => [contoso.id, simulator.credentials.tenantId].includes(user.tenantId));
		const listed = await editor.openOptionsList(page, 'Recipient Names or IDs');
		await shot('recipients-list', pickerArea(editor.optionsDropdown(page)));
		expect([...listed].sort()).toEqual(users.map(recipientLabel).sort());

		const picked = [
			users.find((user) => user.login === 'reception')!,
			users.find((user) => user.login === 'jamie.lee')!,
		];
		await editor.chooseOptions(page, picked.map(recipientLabel));
		expect(await editor.chosenOptions(page, 'Recipient Names or IDs')).toEqual(
			picked.map(recipientLabel),
		);

		const requestsBefore = simulator.requests.length;
		await runNode();
		await shot('create-output');
		const creates = simulator.requests
			.slice(requestsBefore)
			.filter((request) => request.method === 'POST' && request.path === '/api/2/reports');
		expect(creates).toHaveLength(1);
		const body = creates[0].body as { recipients: string[]; parameters: { tenant_id: string } };
		expect([...body.recipients].sort()).toEqual(picked.map((user) => user.id).sort());
		expect(body.parameters.tenant_id).toBe(contoso.id);
	});

	it("lists Get Live Usage's tenants in the same tree order, the credential's own when none is chosen", async () => {
		await editor.setOptionsParameter(page, 'Operation', 'Get Live Usage');
		// n8n writes "Select" in an empty multiple choice: the hint under it says what empty means.
		expect(await editor.showsText(page, "Empty: the credential's own tenant.")).toBe(true);
		const listed = await editor.openOptionsList(page, 'Tenant Names or IDs');
		await shot('live-usage-tenants', pickerArea(editor.optionsDropdown(page)));
		expect(listed).toEqual(tenantTree(simulator));
		await page.keyboard.press('Escape');
		await editor.closeNodeView(page);
	});
});

describe('defaults a new node runs with as it comes', () => {
	it('Create saves a CSV (Version 2.0) report; Download File given only that report outputs its rows', async () => {
		await editor.newWorkflow(page);
		await editor.addNode(page, { search: 'Acronis', node: NODE, action: 'Create a usage report' });
		await editor.selectCredential(page, CLIENT_CREDENTIAL.name);
		await runNode();
		const [created] = await editor.outputItems(page);
		expect(created).toMatchObject({
			result_action: 'save',
			parameters: { formats: ['csv_v2_0'], tenant_id: simulator.credentials.tenantId },
		});

		await editor.setOptionsParameter(page, 'Operation', 'Download File');
		await editor.switchResourceLocatorMode(page, 'Report', 'id');
		await editor.typeResourceLocatorValue(page, 'Report', String(created.id));
		await runNode();
		await editor.showOutputTableFrom(page, 'tenant_name');
		await shot('download-rows');
		const [{ stored }] = simulator.reports().filter(({ report }) => report.id === created.id);
		expect(await editor.outputItems(page)).toEqual(
			expectedFileRows(simulator, String(created.id), stored[0].id),
		);
		await editor.closeNodeView(page);
	});
});

describe('what a daily user sees in the forms', () => {
	beforeAll(async () => {
		await editor.newWorkflow(page);
		await editor.addNode(page, { search: 'Acronis', node: NODE, action: 'Create a usage report' });
		await editor.selectCredential(page, TOKEN_CREDENTIAL.name);
		await shot('create-form');
	});

	it('shows Options after all of the report fields in Create', async () => {
		const nodeParameters = new Set(reportProperties.map((property) => property.name));
		const shown = (await editor.parameterNames(page)).filter((name) => nodeParameters.has(name));
		// Only Request Options, common to every operation, comes after it.
		expect(shown.slice(-2)).toEqual(['options', 'requestOptions']);
	});

	it('keeps words meant for developers out of the tooltips', async () => {
		const shown = new Set(await editor.parameterNames(page));
		const described = new Map(
			reportProperties
				.filter((property) => shown.has(property.name) && property.description)
				.map((property) => [property.name, property.displayName]),
		);
		expect(described.size).toBeGreaterThan(5);
		for (const displayName of described.values()) {
			const tooltip = await editor.parameterTooltip(page, displayName);
			expect({ displayName, tooltip }).toEqual({
				displayName,
				tooltip: expect.not.stringMatching(/\((parameters|schedule)\.\w+\)|API reference/),
			});
		}
	});

	it('shows example IDs and dates as examples ("e.g. …"), not as values that look filled in', async () => {
		await editor.switchResourceLocatorMode(page, 'Tenant', 'id');
		await editor.setOptionsParameter(page, 'Period', 'Custom');
		await shot('create-examples');
		const placeholders = await editor.parameterPlaceholders(page);
		const examples = placeholders.filter(
			(text) => UUID.test(text) || /\d{4}-\d{2}-\d{2}/.test(text),
		);
		// The tenant's ID, Period Start and Period End.
		expect(examples).toHaveLength(3);
		for (const example of examples) expect(example).toMatch(/^e\.g\. /);
	});

	it('takes dates as typed days, with no date-and-time picker', async () => {
		for (const field of ['Period Start', 'Period End']) {
			expect(await editor.isDatePicker(page, field)).toBe(false);
		}
		await editor.setOptionsParameter(page, 'Period', 'Previous Month');
		expect(await editor.isDatePicker(page, 'Generation Date')).toBe(false);
	});

	it('explains in Update which reports can be changed', async () => {
		await editor.setOptionsParameter(page, 'Operation', 'Update');
		await shot('update-notice');
		const notice = editor.nodeView(page).getByText(/^Only scheduled reports can be changed/);
		expect(await notice.isVisible()).toBe(true);
		await editor.closeNodeView(page);
	});
});

describe("the trigger's test event", () => {
	beforeAll(() => simulator.reset());

	it('says in its own words that there is no file yet, and what makes one', async () => {
		await editor.newWorkflow(page);
		await editor.addNode(page, {
			search: 'Acronis',
			node: NODE,
			category: 'Triggers',
			action: 'On a new usage report file',
		});
		await editor.selectCredential(page, CLIENT_CREDENTIAL.name);
		expect(await editor.executeNode(page)).toBe('error');
		await shot('trigger-no-file-yet');
		expect(await editor.outputError(page)).toBe('There is no usage report to watch yet');
		await editor.closeNodeView(page);
	});
});

/** Runs the node of the open node view; fails with the error its output shows, if it fails. */
async function runNode() {
	if ((await editor.executeNode(page)) === 'error') {
		throw new Error(`The node failed: ${await editor.outputError(page)}`);
	}
}

/** The names of the node's operations, as its Operation dropdown lists them. */
function operationNames(): string[] {
	const operation = reportProperties.find((property) => property.name === 'operation');
	return (operation?.options ?? []).map((option) => option.name);
}

/**
 * The tenants as the Tenant picker lists them: in tree order, each right under its parent and
 * sisters by name, a tenant below the first level naming its parent.
 */
function tenantTree(sim: Simulator): string[] {
	const tenants = sim.tenants();
	const root = sim.credentials.tenantId;
	const byId = new Map(tenants.map((tenant) => [tenant.id, tenant]));
	const listed: string[] = [];
	const visit = (tenant: SimulatorTenant) => {
		const kind = tenant.kind.charAt(0).toUpperCase() + tenant.kind.slice(1);
		const parent = byId.get(tenant.parentId);
		const under = tenant.id !== root && parent && parent.id !== root ? ` under ${parent.name}` : '';
		listed.push(`${tenant.name} (${kind}${under}${tenant.enabled ? '' : ', disabled'})`);
		tenants
			.filter((child) => child.parentId === tenant.id && child.id !== tenant.id)
			.sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }))
			.forEach(visit);
	};
	visit(byId.get(root)!);
	return listed;
}

/** A user as a user reads it in the Recipients list. */
function recipientLabel(user: SimulatorUser): string {
	const { firstname, lastname, email } = user.contact;
	return `${firstname} ${lastname} <${email}>`;
}

/** The calendar month before `date`'s month, in UTC, as a report's period. */
function previousMonth(date: Date): { start: string; end: string } {
	const year = date.getUTCFullYear();
	const month = date.getUTCMonth();
	const day = (d: Date) => d.toISOString().slice(0, 10);
	return {
		start: day(new Date(Date.UTC(year, month - 1, 1))),
		end: day(new Date(Date.UTC(year, month, 0))),
	};
}
