// @ts-check
// The reports the end-to-end tests, the demo and the benchmark set up on the simulator.

/**
 * Creates a report through the simulator's API, for the simulator's tenant unless `tenantId`
 * says another, saved, CSV unless `formats` say otherwise; throws on an error answer. Resolves
 * with the report.
 * @param {import('../../simulator/index.cjs').Simulator} simulator
 * @param {{ kind?: string, level?: string, schedule?: string, formats?: string[], tenantId?: string }} [options]
 */
function createReport(
	simulator,
	{
		kind = 'usage_daily',
		level = 'direct_partners',
		schedule = 'monthly',
		formats = ['csv'],
		tenantId = simulator.credentials.tenantId,
	} = {},
) {
	return simulator.api('POST', '/reports', {
		parameters: { kind, tenant_id: tenantId, level, formats },
		schedule: { type: schedule },
		result_action: 'save',
	});
}

module.exports = { createReport };
