/**
 * The node as AI tools in a real n8n: the example "Acronis usage for your AI assistant", n8n's
 * MCP Server Trigger serving three of the node's operations as tools, filled by the model
 * through `$fromAI()` as the editor writes it; a real MCP client (the SDK, over Streamable HTTP)
 * lists and calls them against the simulator.
 *
 * Runs on the default n8n (2.41.1); E2E_N8N_VERSION picks another pinned one. On every pinned
 * version (1.123.80, 2.8.4, 2.41.1) the MCP Server Trigger is there in version 2 (one URL for
 * Streamable HTTP and SSE) and a community node's tools attach with no setting: none of them
 * reads N8N_COMMUNITY_PACKAGES_ALLOW_TOOL_USAGE, and each makes a tool of every `usableAsTool`
 * node. 1.x makes the workflow active by its flag, 2.x by publishing it (e2e/lib/versions.js).
 * 2.8.4 appends the stack trace to a tool's error text.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { IDataObject } from 'n8n-workflow';

import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { SimulatorTenant } from '../simulator/index.cjs';

import { createReport } from './lib/reports.js';
import type { RunningN8n } from './lib/testbed.cjs';
import { Testbed, VERSION } from './lib/testbed.cjs';

/** The example "Acronis usage for your AI assistant", as a user imports it. */
const EXAMPLE = JSON.parse(
	readFileSync(path.join(__dirname, '../examples/ai-assistant-usage-tools.json'), 'utf8'),
) as { id: string; nodes: Array<{ name: string; type: string; parameters: IDataObject }> };
const MCP_PATH = EXAMPLE.nodes.find(({ type }) => type.endsWith('.mcpTrigger'))!.parameters
	.path as string;

/** The model's argument naming a tenant: its name, as a person asking would say it. */
const tenantArgument = (tenant: Pick<SimulatorTenant, 'name'>) => tenant.name;

/**
 * Several tenants in one argument, as Tenant Names or IDs reads them: between semicolons, since
 * a name may hold a comma.
 */
const tenantsArgument = (tenants: SimulatorTenant[]) => tenants.map(tenantArgument).join('; ');

/**
 * The example's tools, by the name of their node (n8n makes the tool's name of it), with the key
 * the model gives the tenant under, and what their description must say they return.
 */
const TOOLS = {
	liveUsage: {
		nodeName: 'Live usage of tenants',
		tenantKey: 'Tenant_Names_or_IDs',
		returns: /current usage/i,
	},
	lastMonth: {
		nodeName: "Last month's usage of a tenant",
		tenantKey: 'Tenant',
		returns: /how much .* used over a period/i,
	},
	reports: {
		nodeName: 'Usage reports of a tenant',
		tenantKey: 'Tenant',
		returns: /lists the usage reports/i,
	},
};
type Tool = (typeof TOOLS)[keyof typeof TOOLS];

/** The tool name n8n makes of a node name: what is not a letter, digit, _ or - becomes _. */
const toolName = (tool: Tool) => tool.nodeName.replace(/[^a-zA-Z0-9_-]+/g, '_');

/** Figures added up per key, in the order keys first come. */
function sumsBy<T>(entries: T[], key: (entry: T) => string, figure: (entry: T) => number) {
	const sums = new Map<string, { sum: number; lines: number }>();
	for (const entry of entries) {
		const { sum, lines } = sums.get(key(entry)) ?? { sum: 0, lines: 0 };
		sums.set(key(entry), { sum: sum + figure(entry), lines: lines + 1 });
	}
	return [...sums].map(([name, { sum, lines }]) => [name, sum, lines]);
}

let bed: Testbed;
let server: RunningN8n;
let client: Client;
/** Enabled customers of the simulator, the tenants a model asks about. */
let customers: SimulatorTenant[];

beforeAll(async () => {
	// The testbed imports every example, this one with them.
	bed = await Testbed.create(VERSION, async () => []);
	customers = bed.simulator
		.tenants()
		.filter((tenant) => tenant.kind === 'customer' && tenant.enabled);
	server = await bed.startN8n({ activate: [EXAMPLE.id], mcpServers: [MCP_PATH] });
	client = new Client({ name: 'n8n-nodes-acronis-e2e', version: '1.0.0' });
	await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp/${MCP_PATH}`)));
}, 20 * 60000);

afterAll(async () => {
	await client?.close();
	await server?.stop();
	await bed?.close();
});

/** Calls a tool; its answer: the text n8n sent, and whether it marked it an error. */
async function call(tool: Tool, tenant: string) {
	const result = await client.callTool({
		name: toolName(tool),
		arguments: { [tool.tenantKey]: tenant },
	});
	const content = result.content as Array<{ type: string; text: string }>;
	expect(content.map(({ type }) => type)).toEqual(['text']);
	return { text: content[0].text, isError: result.isError === true };
}

/** The items a tool output, from its answer. */
async function items(tool: Tool, tenant: string) {
	const answer = await call(tool, tenant);
	expect(answer).toMatchObject({ isError: false });
	return JSON.parse(answer.text) as IDataObject[];
}

describe('the node as tools of an MCP Server Trigger in a real n8n', () => {
	it('lists one tool per node, each asking for the tenant', async () => {
		const { tools } = await client.listTools();
		process.stdout.write(`The tools n8n ${VERSION} serves:\n${JSON.stringify(tools, null, 2)}\n`);
		expect(tools.map((tool) => tool.name).sort()).toEqual(
			Object.values(TOOLS).map(toolName).sort(),
		);
		for (const tool of Object.values(TOOLS)) {
			const listed = tools.find((entry) => entry.name === toolName(tool))!;
			expect(listed.inputSchema).toMatchObject({
				type: 'object',
				// The example says what the tenant argument takes: a model knows names.
				properties: {
					[tool.tenantKey]: { type: 'string', description: expect.stringMatching(/exact name/) },
				},
				required: [tool.tenantKey],
			});
		}
	});

	// Each operation's own Description field, which the tool shows (`@tool`), is what n8n tells
	// the model: what it takes, what it returns, in which units.
	it('describes each tool by what it returns', async () => {
		const { tools } = await client.listTools();
		const described = (tool: Tool) => tools.find((entry) => entry.name === toolName(tool))!;
		const descriptions = Object.values(TOOLS).map((tool) => described(tool).description);
		expect(new Set(descriptions).size).toBe(descriptions.length);
		for (const tool of Object.values(TOOLS)) {
			expect(described(tool).description).toMatch(tool.returns);
		}
	});

	it('gives the live usage of the tenants the model names, summed per offering item', async () => {
		const { simulator } = bed;
		const asked = customers.slice(0, 2);
		const rows = await items(TOOLS.liveUsage, tenantsArgument(asked));
		expect(rows.map((row) => [row.tenant_id, row.offering_item, row.value, row.lines])).toEqual(
			asked.flatMap((tenant) =>
				sumsBy(
					simulator.liveUsage(tenant.id),
					(entry) => entry.name,
					(entry) => entry.value,
				).map((sum) => [tenant.id, ...sum]),
			),
		);
	});

	it("gives a tenant's usage of last month, summed per offering item, from the report it generated", async () => {
		const { simulator } = bed;
		simulator.reset();
		const tenant = customers[2];
		const rows = await items(TOOLS.lastMonth, tenantArgument(tenant));
		const [{ report, stored }] = simulator.reports();
		expect(report.parameters).toMatchObject({ tenant_id: tenant.id, level: 'itself' });
		// The simulator's own record of the file's lines, added up per offering item.
		const sums = sumsBy(
			simulator.reportUsage(report.id as string, stored[0].id),
			(record) => record.offeringItem,
			(record) => record.absolute.total,
		);
		expect(sums.length).toBeGreaterThan(1);
		expect(rows.map((row) => [row.offering_item, row.usage_absolute_total, row.lines])).toEqual(
			sums,
		);
		expect(new Set(rows.map((row) => row.tenant_name))).toEqual(new Set([tenant.name]));
	});

	it("gives the reports of the tenant the model names, and no other tenant's", async () => {
		const { simulator } = bed;
		simulator.reset();
		const [tenant, other] = customers.slice(3, 5);
		const own = [
			await createReport(simulator, { tenantId: tenant.id }),
			await createReport(simulator, { tenantId: tenant.id, kind: 'usage_summary' }),
		];
		await createReport(simulator, { tenantId: other.id });
		const reports = await items(TOOLS.reports, tenantArgument(tenant));
		expect(reports.map((report) => report.id).sort()).toEqual(
			own.map((report) => report.id).sort(),
		);
	});

	it('answers a tenant that does not exist with a tool error the model can read', async () => {
		const missing = tenantArgument({ name: 'No Such Customer Ltd' });
		for (const tool of Object.values(TOOLS)) {
			const answer = await call(tool, missing);
			process.stdout.write(`${toolName(tool)}, a tenant that does not exist:\n${answer.text}\n`);
			expect(answer.isError).toBe(true);
			// Its first line, the error's message, names the tenant.
			expect(answer.text.split('\n')[0]).toContain(missing);
		}
		// The session goes on: the next call is answered.
		expect(await items(TOOLS.liveUsage, tenantArgument(customers[0]))).not.toHaveLength(0);
	});
});
