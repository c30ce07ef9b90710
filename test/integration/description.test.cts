import type { INode, INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { AcronisApi } from '../../credentials/AcronisApi.credentials';
import { operations } from '../../nodes/AcronisUsageReport/actions/operations';
import { AcronisUsageReport } from '../../nodes/AcronisUsageReport/AcronisUsageReport.node';
import { AcronisUsageReportTrigger } from '../../nodes/AcronisUsageReportTrigger/AcronisUsageReportTrigger.node';

/** The names users' saved workflows depend on, and the wiring between the UI and the code. */
describe('node descriptions', () => {
	const { description } = new AcronisUsageReport();
	const operationField = description.properties.find((property) => property.name === 'operation')!;
	const offered = (operationField.options as Array<{ value: string }>).map(
		(option) => option.value,
	);

	it('keeps the public names stable', () => {
		expect(description.name).toBe('acronisUsageReport');
		expect(description.displayName).toBe('Acronis Usage Report');
		expect(description.credentials).toEqual([{ name: 'acronisApi', required: true }]);
		// An AI tool, which says what it is for without the trigger (a tool starts nothing).
		expect(description.usableAsTool).toEqual({
			replacements: { description: expect.not.stringMatching(/start|trigger/i) },
		});
		expect(new AcronisApi().name).toBe('acronisApi');
		expect(new AcronisUsageReportTrigger().description.name).toBe('acronisUsageReportTrigger');
		expect(offered).toEqual(
			expect.arrayContaining(['create', 'get', 'update', 'enable', 'disable']),
		);
		expect(description.properties.filter((p) => p.name === 'reportId').length).toBeGreaterThan(0);
	});

	it('offers exactly the operations it can run', () => {
		expect([...offered].sort()).toEqual(Object.keys(operations).sort());
	});

	it('shows the Tenant above a Report only while the Report is picked from the list', () => {
		const node: INode = {
			id: 'n',
			name: 'Acronis Usage Report',
			type: 'n8n-nodes-acronis.acronisUsageReport',
			typeVersion: 1.2,
			position: [0, 0],
			parameters: {},
		};
		const tenantShown = (parameters: INodeParameters) =>
			description.properties
				.filter((property) => property.name === 'tenantId')
				.some((property) => NodeHelpers.displayParameter(parameters, property, node, description));
		const report = (mode: string) => ({ __rl: true, mode, value: '' });
		for (const operation of [
			'get',
			'update',
			'enable',
			'disable',
			'delete',
			'getFiles',
			'download',
		]) {
			expect([operation, tenantShown({ operation, reportId: report('list') })]).toEqual([
				operation,
				true,
			]);
			expect([operation, tenantShown({ operation, reportId: report('id') })]).toEqual([
				operation,
				false,
			]);
		}
		// Where it chooses the report's tenant, it always shows.
		expect(tenantShown({ operation: 'create' })).toBe(true);
		expect(tenantShown({ operation: 'getAll' })).toBe(true);
	});

	it('shows every field for operations that exist', () => {
		const shownFor = (property: INodeProperties) =>
			(property.displayOptions?.show?.operation as string[] | undefined) ?? [];
		for (const property of description.properties) {
			// Fields of every operation: Request Options, and the tool's Answer Limit.
			if (['operation', 'requestOptions', 'answerLimit'].includes(property.name)) continue;
			expect(shownFor(property).length).toBeGreaterThan(0);
			for (const operation of shownFor(property)) expect(offered).toContain(operation);
		}
	});
});
