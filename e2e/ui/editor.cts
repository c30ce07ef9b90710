/**
 * Page helpers for n8n's editor (checked on n8n 2.41.1), written against the data-test-id
 * attributes of its bundle, the ones n8n's own Playwright page objects use. Each helper acts as a
 * user would, and finds parameters by the display name the user reads.
 */
import type { Locator, Page } from 'playwright-core';

/** An entry of the node creator: a node, or one of its actions. */
export interface NodeCreatorEntry {
	name: string;
	description: string;
}

/** How a run of a node ended, as the output panel shows it. */
export type RunStatus = 'success' | 'error';

/** The text box a test id marks: the element itself, or the input inside it. */
function textBox(scope: Page | Locator, testId: string): Locator {
	return scope.locator(`input[data-test-id="${testId}"], [data-test-id="${testId}"] input`).first();
}

/** Reads `read` until two reads 250 ms apart agree: lists the editor renders in several steps. */
async function settled<T>(read: () => Promise<T>, timeoutMs = 10000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last = JSON.stringify(await read());
	for (;;) {
		await new Promise((resolve) => setTimeout(resolve, 250));
		const value = await read();
		const current = JSON.stringify(value);
		if (current === last || Date.now() > deadline) return value;
		last = current;
	}
}

export async function signIn(page: Page, owner: { email: string; password: string }) {
	await page.goto('/signin');
	await textBox(page, 'emailOrLdapLoginId').fill(owner.email);
	await textBox(page, 'password').fill(owner.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

export async function newWorkflow(page: Page) {
	await page.goto('/workflow/new');
	await page.getByTestId('node-creator-plus-button').waitFor();
}

// The node creator: the panel the "+" button opens.

function nodeCreator(page: Page): Locator {
	return page.getByTestId('node-creator');
}

export async function openNodeCreator(page: Page) {
	if (await nodeCreator(page).isVisible()) return;
	await page.getByTestId('node-creator-plus-button').click();
	await nodeCreator(page).waitFor();
}

export async function closeNodeCreator(page: Page) {
	if (!(await nodeCreator(page).isVisible())) return;
	// A click on the canvas beside it closes it, whatever its view.
	await page.getByTestId('canvas-wrapper').click({ position: { x: 40, y: 40 } });
	await nodeCreator(page).waitFor({ state: 'hidden' });
}

/** The entries the node creator lists now: nodes, or the actions of an opened node. */
export async function nodeCreatorEntries(page: Page): Promise<NodeCreatorEntry[]> {
	const items = nodeCreator(page).getByTestId('item-iterator-item');
	return await settled(async () => {
		const entries: NodeCreatorEntry[] = [];
		for (const item of await items.all()) {
			const [name = '', description = ''] = await Promise.all(
				['node-creator-item-name', 'node-creator-item-description'].map(async (testId) =>
					(await item.getByTestId(testId).allInnerTexts())[0]?.trim(),
				),
			);
			entries.push({ name, description });
		}
		return entries;
	});
}

/**
 * Opens the node creator afresh and types `query` into its search box; resolves with the entries
 * found.
 */
export async function searchNodes(page: Page, query: string): Promise<NodeCreatorEntry[]> {
	await closeNodeCreator(page);
	await openNodeCreator(page);
	await nodeCreator(page).getByTestId('node-creator-search-bar').fill(query);
	return await nodeCreatorEntries(page);
}

function entry(page: Page, name: string): Locator {
	return nodeCreator(page)
		.getByTestId('item-iterator-item')
		.filter({ has: page.getByTestId('node-creator-item-name').getByText(name, { exact: true }) });
}

/**
 * Opens a node listed in the node creator: its details (for a community node), its triggers and
 * its actions. Resolves with the panel's text.
 */
export async function openNodeEntry(page: Page, name: string): Promise<string> {
	await entry(page, name).click();
	await nodeCreator(page)
		.getByTestId('node-creator-category-item')
		.filter({ hasText: /^(Actions|Triggers) \(\d+\)/ })
		.first()
		.waitFor();
	// The panel slides in over the previous one: read it once the previous one has gone.
	return await settled(() => nodeCreator(page).innerText());
}

/** Opens a collapsed section ("Actions", "Triggers") of the opened node's panel. */
async function expandCategory(page: Page, category: string) {
	const header = nodeCreator(page)
		.getByTestId('node-creator-category-item')
		.filter({ hasText: new RegExp(`^${category}\\b`) });
	const section = header.locator('xpath=..');
	if ((await section.getAttribute('data-category-collapsed')) === 'true') await header.click();
}

/**
 * Adds a node the way a user does: search, open the node, choose the action. Resolves when the
 * new node's view (NDV) is open.
 */
export async function addNode(
	page: Page,
	{ search, node, action, category = 'Actions' }: AddNodeOptions,
) {
	await searchNodes(page, search);
	await openNodeEntry(page, node);
	await expandCategory(page, category);
	await entry(page, action).click();
	await nodeView(page).waitFor();
}

export interface AddNodeOptions {
	/** What to type into the search box. */
	search: string;
	/** Where the action is listed in the node's panel; "Actions" unless said. */
	category?: 'Actions' | 'Triggers';
	/** The node's name in the results. */
	node: string;
	/** The action's name in the node's panel, e.g. "Get many usage reports". */
	action: string;
}

// The node view (NDV): parameters in the middle, the output on the right.

export function nodeView(page: Page): Locator {
	return page.getByTestId('ndv');
}

export async function closeNodeView(page: Page) {
	await nodeView(page).getByTestId('ndv-close-button').click();
	await nodeView(page).waitFor({ state: 'hidden' });
}

export async function selectCredential(page: Page, name: string) {
	const select = nodeView(page).getByTestId('node-credentials-select');
	await select.click();
	await page
		.getByRole('option')
		.filter({ has: page.getByText(name, { exact: true }), visible: true })
		.click();
	await waitForValue(select.locator('input').first(), name, 'Credential');
}

/** The internal name of the parameter labelled `displayName`: its label's `for`. */
export async function parameterName(page: Page, displayName: string): Promise<string> {
	const label = nodeView(page)
		.getByTestId('node-parameters')
		.locator('label[for]')
		.filter({ has: page.getByText(displayName, { exact: true }) })
		.first();
	const name = await label.getAttribute('for');
	if (!name) throw new Error(`No parameter labelled "${displayName}" in the node view`);
	return name;
}

/** The internal names of the parameters the node view shows, top to bottom. */
export async function parameterNames(page: Page): Promise<string[]> {
	const labels = nodeView(page).getByTestId('node-parameters').locator('label[for]');
	return await Promise.all(
		(await labels.all()).map(async (label) => (await label.getAttribute('for')) ?? ''),
	);
}

/** Whether the node view shows a parameter labelled `displayName`. */
export async function isParameterShown(page: Page, displayName: string): Promise<boolean> {
	const labels = nodeView(page)
		.getByTestId('node-parameters')
		.locator('label[for]')
		.filter({ has: page.getByText(displayName, { exact: true }) });
	return (await labels.count()) > 0;
}

/** Whether the node view shows `text` (a hint under a field, a notice...). */
export async function showsText(page: Page, text: string): Promise<boolean> {
	return await nodeView(page).getByText(text, { exact: false }).first().isVisible();
}

async function parameterInput(page: Page, displayName: string): Promise<Locator> {
	return nodeView(page).getByTestId(`parameter-input-${await parameterName(page, displayName)}`);
}

/** The tooltip of a parameter's "?" icon, which shows its description. */
export async function parameterTooltip(page: Page, displayName: string): Promise<string> {
	const label = nodeView(page).locator(`label[for="${await parameterName(page, displayName)}"]`);
	await label.hover();
	await label.locator('[data-icon="circle-help"]').hover();
	const tooltip = page.getByTestId('tooltip-content').filter({ visible: true }).last();
	await tooltip.waitFor();
	const text = (await tooltip.innerText()).trim();
	// Away from the icon, so that the next tooltip read is not this one.
	await page.mouse.move(0, 0);
	await tooltip.waitFor({ state: 'hidden' });
	return text;
}

/** The grey texts of the node view's empty text boxes (its placeholders), top to bottom. */
export async function parameterPlaceholders(page: Page): Promise<string[]> {
	const boxes = nodeView(page)
		.getByTestId('node-parameters')
		.locator('input[placeholder], textarea[placeholder]');
	const placeholders = await Promise.all(
		(await boxes.all()).map(async (box) => (await box.getAttribute('placeholder')) ?? ''),
	);
	return placeholders.filter((placeholder) => placeholder !== '');
}

/** Whether a parameter opens a date (and time) picker rather than taking typed text. */
export async function isDatePicker(page: Page, displayName: string): Promise<boolean> {
	return (await (await parameterInput(page, displayName)).locator('.el-date-editor').count()) > 0;
}

/** The open list of an options or multi-options parameter (a popper outside the node view). */
export function optionsDropdown(page: Page): Locator {
	return page.locator('.el-select-dropdown').filter({ visible: true }).last();
}

function optionEntry(page: Page, name: string): Locator {
	return optionsDropdown(page)
		.getByRole('option')
		.filter({ has: page.getByText(name, { exact: true }) });
}

/** Chooses an option of an options parameter (a dropdown) by its visible name. */
export async function setOptionsParameter(page: Page, displayName: string, option: string) {
	const input = await parameterInput(page, displayName);
	await input.click();
	await optionEntry(page, option).click();
	await waitForValue(input.locator('input').first(), option, displayName);
}

/**
 * Opens the list of an options or multi-options parameter; resolves with the names of its
 * entries once the node has loaded them.
 */
export async function openOptionsList(page: Page, displayName: string): Promise<string[]> {
	await (await parameterInput(page, displayName)).click();
	// Until the node's method answers, the list has no entries.
	await optionsDropdown(page).getByRole('option').first().waitFor();
	return await settled(async () =>
		(await optionsDropdown(page).locator('.option-headline').allInnerTexts()).map((name) =>
			name.trim(),
		),
	);
}

/** Chooses entries of the open multi-options list by name, then closes the list. */
export async function chooseOptions(page: Page, names: string[]) {
	for (const name of names) {
		await optionEntry(page, name).click();
		await optionEntry(page, name).and(page.locator('[aria-selected="true"]')).waitFor();
	}
	await page.keyboard.press('Escape');
	await optionsDropdown(page).waitFor({ state: 'hidden' });
}

/** The entries a multi-options parameter holds, as its tags name them. */
export async function chosenOptions(page: Page, displayName: string): Promise<string[]> {
	const tags = (await parameterInput(page, displayName)).locator('.el-select__tags-text');
	return (await tags.allInnerTexts()).map((name) => name.trim());
}

async function waitForValue(field: Locator, expected: string, what: string) {
	const value = await settled(() => field.inputValue());
	if (value !== expected) throw new Error(`${what} shows "${value}", not "${expected}"`);
}

// Resource locators: a parameter with modes ("From list", "By ID", ...) and a searchable list.

export async function resourceLocator(page: Page, displayName: string): Promise<Locator> {
	return nodeView(page).getByTestId(`resource-locator-${await parameterName(page, displayName)}`);
}

/** Switches a resource locator to a mode by the mode's name in the node ("list", "id", "url"). */
export async function switchResourceLocatorMode(page: Page, displayName: string, mode = 'id') {
	const locator = await resourceLocator(page, displayName);
	await locator.getByTestId('rlc-mode-selector').click();
	await page.getByTestId(`mode-${mode}`).filter({ visible: true }).click();
	await page.getByTestId(`mode-${mode}`).filter({ visible: true }).waitFor({ state: 'hidden' });
}

/** What the resource locator's box shows: the picked entry's name, or the ID typed. */
export async function resourceLocatorValue(page: Page, displayName: string): Promise<string> {
	return await textBox(await resourceLocator(page, displayName), 'rlc-input').inputValue();
}

/** Types a value into the resource locator's box (in a mode that takes text, e.g. "By ID"). */
export async function typeResourceLocatorValue(page: Page, displayName: string, value: string) {
	const box = textBox(await resourceLocator(page, displayName), 'rlc-input');
	await box.fill(value);
	await box.blur();
	await waitForValue(box, value, displayName);
}

/** Opens the "From list" dropdown (switching to that mode first); resolves with its entries. */
export async function openResourceLocatorList(page: Page, displayName: string): Promise<string[]> {
	const locator = await resourceLocator(page, displayName);
	const box = textBox(locator, 'rlc-input');
	// Only the list mode's box is read-only: it opens the dropdown instead of taking text.
	if ((await box.getAttribute('readonly')) === null) {
		await switchResourceLocatorMode(page, displayName, 'list');
	}
	await box.click();
	await resourceLocatorDropdown(page).waitFor();
	return await resourceLocatorEntries(page);
}

/** The open "From list" dropdown (a popover outside the node view). */
export function resourceLocatorDropdown(page: Page): Locator {
	return page
		.locator('[role="dialog"]')
		.filter({ visible: true, has: page.locator('[data-test-id^="rlc-"], .n8n-loading') })
		.last();
}

/** The entries of the open "From list" dropdown, once it has loaded them. */
export async function resourceLocatorEntries(page: Page): Promise<string[]> {
	const dropdown = resourceLocatorDropdown(page);
	return await settled(async () => {
		// While it loads, the dropdown shows grey placeholder rows.
		await dropdown.locator('.n8n-loading').first().waitFor({ state: 'hidden' });
		const texts = await dropdown.getByTestId('rlc-item').allInnerTexts();
		return texts.map((text) => text.trim());
	});
}

/**
 * Scrolls the open "From list" dropdown to its end, as a user does to see more, until it lists
 * `count` entries: the editor asks the node for the next page as the end comes into view.
 * Resolves with the entries.
 */
export async function scrollResourceLocatorList(
	page: Page,
	count: number,
	timeoutMs = 30000,
): Promise<string[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		await resourceLocatorDropdown(page).getByTestId('rlc-item').last().scrollIntoViewIfNeeded();
		const entries = await resourceLocatorEntries(page);
		if (entries.length >= count) return entries;
		if (Date.now() > deadline) {
			throw new Error(`The list shows ${entries.length} entries after scrolling, not ${count}`);
		}
	}
}

/** Types into the open dropdown's search box; resolves with the entries it narrows to. */
export async function searchResourceLocatorList(page: Page, query: string): Promise<string[]> {
	await textBox(page, 'rlc-search').fill(query);
	return await resourceLocatorEntries(page);
}

/** Picks the entry of the open dropdown whose text is `name`. */
export async function pickResourceLocatorEntry(page: Page, name: string) {
	await page
		.getByTestId('rlc-item')
		.filter({ has: page.getByText(name, { exact: true }), visible: true })
		.click();
	await page.getByTestId('rlc-item').filter({ visible: true }).first().waitFor({ state: 'hidden' });
}

// Running the node and reading what it returned.

export function outputPanel(page: Page): Locator {
	return page.getByTestId('output-panel');
}

/** "Execute step" in the node view; resolves when the output panel shows how the run ended. */
export async function executeNode(page: Page, timeoutMs = 90000): Promise<RunStatus> {
	await nodeView(page).getByTestId('node-execute-button').click();
	const ended = outputPanel(page).locator(
		'[data-test-id="node-run-status-success"], [data-test-id="node-error-message"]',
	);
	await ended.first().waitFor({ timeout: timeoutMs });
	const success = outputPanel(page).getByTestId('node-run-status-success');
	return (await success.count()) > 0 ? 'success' : 'error';
}

/** Closes the notifications in the corner ("Node executed successfully"), which cover the output. */
export async function closeNotifications(page: Page) {
	const notifications = page.locator('.el-notification').filter({ visible: true });
	for (const close of await notifications.locator('.el-notification__closeBtn').all()) {
		await close.click();
	}
	await notifications.first().waitFor({ state: 'hidden' });
}

/** The error message the output panel shows after a failed run. */
export async function outputError(page: Page): Promise<string> {
	return (await outputPanel(page).getByTestId('node-error-message').innerText()).trim();
}

/**
 * The JSON of the items in the output panel, through its "Copy to Clipboard" button: the whole
 * output, whatever part of it the (virtualised) JSON view renders.
 */
export async function outputItems(page: Page): Promise<Array<Record<string, unknown>>> {
	const panel = outputPanel(page);
	await panel.getByTestId('radio-button-json').click();
	await panel.getByTestId('ndv-json-actions').getByRole('button').first().click();
	const copied = (await page.evaluate('navigator.clipboard.readText()')) as string;
	return JSON.parse(copied) as Array<Record<string, unknown>>;
}

/**
 * Shows the output as a table, scrolled sideways so that `column` is the first column in view
 * (the columns before it stay one scroll away).
 */
export async function showOutputTableFrom(page: Page, column: string) {
	const panel = outputPanel(page);
	await panel.getByTestId('radio-button-table').click();
	const header = panel.locator('th').filter({ hasText: new RegExp(`^${column}$`) });
	await header.waitFor();
	await header.evaluate((cell: ScrollableElement) => {
		let box = cell.parentElement;
		while (box && box.scrollWidth <= box.clientWidth) box = box.parentElement;
		if (box) box.scrollLeft = cell.offsetLeft;
	});
}

/** The column names of the output table, left to right (the table view, switched to). */
export async function outputTableColumns(page: Page): Promise<string[]> {
	const panel = outputPanel(page);
	await panel.getByTestId('radio-button-table').click();
	const headers = panel.locator('thead th');
	await headers.first().waitFor();
	return (await headers.allInnerTexts()).map((text) => text.trim()).filter(Boolean);
}

/** What showOutputTableFrom reads of the page's elements (this project compiles without DOM types). */
interface ScrollableElement {
	offsetLeft: number;
	scrollLeft: number;
	scrollWidth: number;
	clientWidth: number;
	parentElement: ScrollableElement | null;
}

// The panels of the node view, which a user can move and resize with the mouse.

/** The parameters panel, between the input and the output. */
export function parametersPanel(page: Page): Locator {
	return nodeView(page).locator('.node-settings');
}

/** Drags the parameters panel sideways by `dx` pixels (negative: to the left) by its handle. */
export async function moveParametersPanel(page: Page, dx: number) {
	const handle = await boxOf(nodeView(page).getByTestId('panel-drag-button'));
	await dragSideways(page, handle.x + handle.width / 2, handle.y + handle.height / 2, dx);
}

/** Widens the parameters panel by `dx` pixels (negative: narrows it) by its right edge. */
export async function resizeParametersPanel(page: Page, dx: number) {
	const panel = await boxOf(parametersPanel(page));
	const before = panel.width;
	await dragSideways(page, panel.x + panel.width, panel.y + panel.height / 2, dx);
	const after = (await boxOf(parametersPanel(page))).width;
	if (after === before) throw new Error('The parameters panel kept its width');
}

async function boxOf(locator: Locator) {
	const box = await locator.boundingBox();
	if (!box) throw new Error(`Not shown: ${String(locator)}`);
	return box;
}

async function dragSideways(page: Page, x: number, y: number, dx: number) {
	await page.mouse.move(x, y);
	await page.mouse.down();
	// In steps: the editor follows the moves of the mouse, not a jump.
	await page.mouse.move(x + dx, y, { steps: 10 });
	await page.mouse.up();
}

// The canvas.

function canvasNode(page: Page, nodeName: string): Locator {
	return page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`);
}

/** Opens a node of the canvas in the node view, as a double click does. */
export async function openNodeView(page: Page, nodeName: string) {
	await canvasNode(page, nodeName).dblclick();
	await nodeView(page).waitFor();
}

/** The text under a node on the canvas: its name, then its subtitle. */
export async function canvasNodeText(page: Page, nodeName: string): Promise<string[]> {
	const text = await canvasNode(page, nodeName).innerText();
	return text
		.split('\n')
		.map((line) => line.trim())
		.filter(Boolean);
}
