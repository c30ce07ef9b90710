/**
 * Chromium driven by playwright-core: no browser download, a fresh profile per run, and
 * screenshots of each step under test-output/ui/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { type BrowserContext, type Locator, type Page, chromium, selectors } from 'playwright-core';

const { REPO_DIR } = require('../lib/n8n.js');
const { chromiumPath, ensureServices } = require('../lib/services.js');

export const SCREENSHOT_DIR = path.join(REPO_DIR, 'test-output', 'ui');

/** Offline and quiet: no GPU, no QUIC, none of Chrome's own calls home. */
const CHROMIUM_FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** CHROME_PATH, else a Chromium on the PATH, else Debian's installed as root (lib/services.js). */
export async function ensureChromium(): Promise<void> {
	await ensureServices(['chromium']);
}

export interface Browser {
	context: BrowserContext;
	page: Page;
	/**
	 * Saves a PNG of the page as test-output/ui/NN-name.png, numbered in the order taken: of the
	 * part of the page that holds the `areas` given (and `margin` pixels around), or of the whole
	 * page.
	 */
	screenshot(name: string, areas?: Locator[], margin?: number): Promise<string>;
	close(): Promise<void>;
}

/** A headless Chromium whose pages resolve relative URLs against `baseURL`. */
export async function launchBrowser(baseURL: string): Promise<Browser> {
	// n8n's editor marks its elements with data-test-id (Playwright's default is data-testid).
	selectors.setTestIdAttribute('data-test-id');
	const profile = mkdtempSync(path.join(tmpdir(), 'acronis-ui-chromium-'));
	let context: BrowserContext;
	try {
		context = await chromium.launchPersistentContext(profile, {
			executablePath: chromiumPath(),
			headless: true,
			args: CHROMIUM_FLAGS,
			baseURL,
			viewport: { width: 1440, height: 900 },
			// The output panel's "Copy to Clipboard" is how the helpers read a node's output.
			permissions: ['clipboard-read', 'clipboard-write'],
		});
	} catch (error) {
		rmSync(profile, { recursive: true, force: true });
		throw error;
	}
	const page = context.pages()[0] ?? (await context.newPage());
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	let taken = 0;
	return {
		context,
		page,
		async screenshot(name, areas = [], margin = 8) {
			taken += 1;
			const file = path.join(SCREENSHOT_DIR, `${String(taken).padStart(2, '0')}-${name}.png`);
			await page.screenshot({ path: file, clip: await enclosingBox(page, areas, margin) });
			return file;
		},
		async close() {
			try {
				await context.close();
			} finally {
				rmSync(profile, { recursive: true, force: true });
			}
		},
	};
}

/** The part of the page that holds every one of `areas`, with a margin; undefined for none. */
async function enclosingBox(page: Page, areas: Locator[], margin: number) {
	if (areas.length === 0) return undefined;
	const boxes = await Promise.all(
		areas.map(async (area) => {
			const box = await area.boundingBox();
			if (!box) throw new Error(`Not shown, so not in the screenshot: ${String(area)}`);
			return box;
		}),
	);
	const viewport = page.viewportSize() ?? { width: Infinity, height: Infinity };
	const left = Math.max(0, Math.min(...boxes.map((box) => box.x)) - margin);
	const top = Math.max(0, Math.min(...boxes.map((box) => box.y)) - margin);
	const right = Math.min(
		viewport.width,
		Math.max(...boxes.map((box) => box.x + box.width)) + margin,
	);
	const bottom = Math.min(
		viewport.height,
		Math.max(...boxes.map((box) => box.y + box.height)) + margin,
	);
	return { x: left, y: top, width: right - left, height: bottom - top };
}
