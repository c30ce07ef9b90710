// The reports the end-to-end tests, the demo and the benchmark set up on the simulator.

/**
 * Creates a report through the simulator's API, for the simulator's tenant, saved, CSV unless
 * `formats` say otherwise; throws on an error answer. Resolves with the report.
 */
function createReport(
	simulator,
	{ kind = 'usage_daily', level = 'direct_partners', schedule = 'monthly', formats = ['csv'] } = {},
) {
	return simulator.api('POST', '/reports', {
		parameters: { kind, tenant_id: simulator.credentials.tenantId, level, formats },
		schedule: { type: schedule },
		result_action: 'save',
	});
}

module.exports = { createReport };
