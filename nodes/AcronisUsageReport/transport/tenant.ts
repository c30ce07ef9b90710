import { NodeOperationError } from 'n8n-workflow';

import type { OperationContext } from '../helpers/interfaces';
import type { AcronisFunctions } from './index';
import { acronisApiRequest, credentialsOfExecution } from './index';

/**
 * The tenant the credential acts for: an API client's own tenant, or the token user's tenant.
 * Looked up at most once per execution, and only when an operation needs it.
 */
export function createOperationContext(ctx: AcronisFunctions): OperationContext {
	let tenant: Promise<string> | undefined;
	return {
		async credentialTenantId(itemIndex: number) {
			if (tenant === undefined) {
				tenant = lookUpTenant(ctx, itemIndex);
				// A failure is the item's own; the next item that needs the tenant asks again.
				tenant.catch(() => (tenant = undefined));
			}
			return await tenant;
		},
	};
}

async function lookUpTenant(ctx: AcronisFunctions, itemIndex: number): Promise<string> {
	const { data: credentials = {} } = await credentialsOfExecution(ctx);
	const path =
		credentials.authentication === 'accessToken'
			? '/users/me'
			: `/clients/${encodeURIComponent(String(credentials.clientId ?? '').trim())}`;
	const { body } = await acronisApiRequest(ctx, { method: 'GET', path }, itemIndex);
	if (typeof body.tenant_id !== 'string') {
		throw new NodeOperationError(
			ctx.getNode(),
			`GET ${path} did not say which tenant the credential belongs to`,
			{ itemIndex, description: 'Enter the Tenant ID in the node.' },
		);
	}
	return body.tenant_id;
}
