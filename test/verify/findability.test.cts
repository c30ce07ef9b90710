/**
 * What n8n's node panel finds the nodes by (codex aliases and categories) and where its
 * documentation links lead: sections of the README on the repository's home page.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { AcronisApi } from '../../credentials/AcronisApi.credentials';
import { AcronisUsageReport } from '../../nodes/AcronisUsageReport/AcronisUsageReport.node';
import { AcronisUsageReportTrigger } from '../../nodes/AcronisUsageReportTrigger/AcronisUsageReportTrigger.node';

const ROOT = path.resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const repository = manifest.homepage.replace(/#readme$/, '');

/** The categories n8n's node panel groups nodes by (n8n's codex documentation). */
const N8N_CATEGORIES = [
	'Analytics',
	'Communication',
	'Data & Storage',
	'Development',
	'Finance & Accounting',
	'Marketing & Content',
	'Miscellaneous',
	'Productivity',
	'Sales',
	'Utility',
];
const SEARCH_WORDS = [
	'Acronis',
	'Cyber Protect',
	'backup',
	'MSP',
	'usage',
	'billing',
	'invoice',
	'report',
];

/** The anchors GitHub gives the README's headings. */
function readmeAnchors(): string[] {
	return readFileSync(path.join(ROOT, 'README.md'), 'utf8')
		.split('\n')
		.filter((line) => /^#{1,6} /.test(line))
		.map((line) =>
			line
				.replace(/^#+ /, '')
				.trim()
				.toLowerCase()
				.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
				.replace(/ /g, '-'),
		);
}

function expectReadmeSection(url: string) {
	const [page, anchor] = url.split('#');
	expect(page).toBe(repository);
	expect(readmeAnchors()).toContain(anchor);
}

describe.each([
	['AcronisUsageReport', new AcronisUsageReport().description.name],
	['AcronisUsageReportTrigger', new AcronisUsageReportTrigger().description.name],
])('the codex of %s', (node, name) => {
	const codex = JSON.parse(
		readFileSync(path.join(ROOT, 'nodes', node, `${node}.node.json`), 'utf8'),
	);

	it('names the node as n8n loads it from the package', () => {
		expect(codex.node).toBe(`${manifest.name}.${name}`);
	});

	it('has the words users search for, in n8n’s categories', () => {
		expect(codex.alias).toEqual(expect.arrayContaining(SEARCH_WORDS));
		expect(codex.categories.length).toBeGreaterThan(0);
		for (const category of codex.categories) expect(N8N_CATEGORIES).toContain(category);
	});

	it('links to README sections that exist', () => {
		for (const kind of ['primaryDocumentation', 'credentialDocumentation']) {
			expect(codex.resources[kind]).toHaveLength(1);
			expectReadmeSection(codex.resources[kind][0].url);
		}
	});
});

it('the credential documentation is the README’s credential section', () => {
	expectReadmeSection(new AcronisApi().documentationUrl);
});
