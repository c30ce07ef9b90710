/**
 * The report of Acronis's documentation pages ("Creating a usage report") and other fixed
 * values the tests of every level use: the integration tests, the reliability proof and the
 * end-to-end tests in a real n8n.
 */
import type { INodeParameters } from 'n8n-workflow';

/** A well-formed report id the simulator does not know. */
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** Node parameters of Create for a one-time report saved to the cloud (generated at once). */
export function saveReportParameters(formats: string[], period = 'previousMonth'): INodeParameters {
	return {
		operation: 'create',
		resultAction: 'save',
		kind: 'usage_summary',
		level: 'all_customers',
		period,
		formats,
		scheduleType: 'once',
	};
}

/** The seed page's report ("Creating a usage report"), for the given tenant. */
export function seedReportBody(tenantId: string) {
	return {
		recipients: ['ca451758-b48a-45d9-9ae6-8f1059f67619', 'ab00e527-219b-481b-b01b-311b5be0ed3c'],
		parameters: {
			kind: 'usage_summary',
			tenant_id: tenantId,
			level: 'accounts',
			period: { start: '2017-05-01', end: '2017-05-07' },
			formats: ['csv', 'html'],
		},
		schedule: { type: 'once' },
		generation_date: '2017-05-08',
		result_action: 'send',
	};
}

/** Node parameters that produce the seed page's report. */
export function seedCreateParameters(tenantId: string): INodeParameters {
	return {
		operation: 'create',
		resultAction: 'send',
		recipients: 'ca451758-b48a-45d9-9ae6-8f1059f67619, ab00e527-219b-481b-b01b-311b5be0ed3c',
		kind: 'usage_summary',
		level: 'accounts',
		period: 'custom',
		periodStart: '2017-05-01',
		periodEnd: '2017-05-07',
		formats: ['csv', 'html'],
		scheduleType: 'once',
		generationDate: '2017-05-08',
		tenantId,
	};
}
