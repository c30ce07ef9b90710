/**
 * Reports the generated items can point at, created straight over HTTP (not through the node,
 * so the node's requests are the only ones a run adds to the simulator's log besides these).
 */
import type { IDataObject } from 'n8n-workflow';

import type { Simulator } from '../../../simulator/index.cjs';

export { UNKNOWN_ID } from '../../integration/setup.cjs';

export interface Fixtures {
	/** One-time "save" report, generated: two saved files; not updatable any more. */
	savedOnce: string;
	/** The same for a customer tenant, one file. */
	savedChild: string;
	/** Monthly "send" report: updatable, can be enabled and disabled. */
	monthlySend: string;
	/** One-time "send" report due in the future: still updatable. */
	futureSend: string;
	/** Monthly "save" report with one generated set of saved files. */
	monthlySave: string;
	/** Stored file ids per report id. */
	files: Record<string, string[]>;
}

export function reportBody(
	tenantId: string,
	{
		resultAction,
		schedule,
		generationDate,
		recipients,
		formats = ['csv'],
	}: {
		resultAction: 'send' | 'save';
		schedule: 'once' | 'monthly';
		generationDate?: string;
		recipients?: string[];
		formats?: string[];
	},
): IDataObject {
	return {
		...(resultAction === 'send' ? { recipients } : {}),
		parameters: {
			kind: 'usage_summary',
			tenant_id: tenantId,
			level: 'direct_partners',
			period: { start: '2024-01-01', end: '2024-01-31' },
			formats,
		},
		schedule: { type: schedule },
		...(schedule === 'once' ? { generation_date: generationDate } : {}),
		result_action: resultAction,
	};
}

export async function createFixtures(simulator: Simulator): Promise<Fixtures> {
	const root = simulator.credentials.tenantId;
	const [recipient] = simulator.recipientUserIds;
	const create = async (tenantId: string, options: Parameters<typeof reportBody>[1]) =>
		String((await simulator.api('POST', '/reports', reportBody(tenantId, options))).id);

	const fixtures: Fixtures = {
		savedOnce: await create(root, {
			resultAction: 'save',
			schedule: 'once',
			generationDate: '2024-02-02',
			formats: ['csv', 'html'],
		}),
		savedChild: await create(simulator.childTenantIds[0], {
			resultAction: 'save',
			schedule: 'once',
			generationDate: '2024-02-02',
			formats: ['json_v1'],
		}),
		monthlySend: await create(root, {
			resultAction: 'send',
			schedule: 'monthly',
			recipients: [recipient],
		}),
		futureSend: await create(root, {
			resultAction: 'send',
			schedule: 'once',
			generationDate: '2999-01-01',
			recipients: [recipient],
		}),
		monthlySave: await create(root, { resultAction: 'save', schedule: 'monthly' }),
		files: {},
	};
	simulator.generate(fixtures.monthlySave);
	for (const state of simulator.reports()) {
		fixtures.files[state.report.id] = state.stored.map((file) => file.id);
	}
	return fixtures;
}
