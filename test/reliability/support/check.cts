/**
 * One property run: a workflow run of the node with one item per generated input, then every
 * property checked on every item.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Simulator } from '../../../simulator/index.cjs';
import type { CredentialStore } from '../../harness/index.cjs';
import { NODE_NAME, runNode } from '../../integration/setup.cjs';
import { createFixtures } from './fixtures.cjs';
import type { ItemOutcome } from './recorder.cjs';
import { recordItems } from './recorder.cjs';
import type { Env, Expectation, OperationModel, Shape } from './operations.cjs';
import { ALLOWED_PATHS, resolveItem } from './operations.cjs';
import type { SecretScanner } from './secrets.cjs';

/** Display names the node's own errors start with, longest first. */
const FIELDS = [
	'Recipient Names or IDs',
	'Put Output File in Field',
	'Nothing to update',
	'Hide Zero Usage',
	'Generation Date',
	'Stored File ID',
	'Result Action',
	'Period Start',
	'Wait Timeout',
	'Period End',
	'Return All',
	'Show SKUs',
	'Schedule',
	'Formats',
	'Version',
	'Report',
	'Tenant',
	'Period',
	'Level',
	'Limit',
	'Kind',
];

function fieldOf(message: string): string | undefined {
	return FIELDS.find(
		(field) =>
			message.startsWith(field) &&
			(message.length === field.length || /[\s(:]/.test(message[field.length])),
	);
}

function isNodeError(error: unknown): error is NodeOperationError | NodeApiError {
	return error instanceof NodeOperationError || error instanceof NodeApiError;
}

/** An error thrown by anything but the node's own error classes, or one without a message. */
export function isCrash(error: unknown): boolean {
	if (error === undefined) return false;
	const message = (error as { message?: unknown } | null)?.message;
	return !isNodeError(error) || typeof message !== 'string' || message.trim() === '';
}

export function pairedIndex(item: INodeExecutionData): number | undefined {
	const paired = item.pairedItem;
	if (typeof paired === 'number') return paired;
	if (Array.isArray(paired)) return paired.length === 1 ? paired[0].item : undefined;
	return paired?.item;
}

export interface PropertyContext {
	simulator: Simulator;
	store: CredentialStore;
	scanner: SecretScanner;
}

export interface RunFigures {
	inputs: number;
	crashes: number;
	lost: number;
	refused: number;
	/** Items that came out as results, not errors. */
	succeeded: number;
	requests: number;
	violations: string[];
}

const short = (value: unknown, length = 240) => {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > length ? `${text.slice(0, length)}…` : text;
};

/**
 * A run where one field's parameter is an expression of its own, returning what item JSON
 * cannot hold (a BigInt, a Symbol, a Luxon DateTime…).
 */
export interface Variant {
	parameters(base: INodeParameters): INodeParameters;
	/** The item as the run gets it, the same with the value the oracle judges, and a label. */
	split(json: IDataObject, index: number): { run: IDataObject; judged: IDataObject; label: string };
}

export async function runProperty(
	model: OperationModel,
	shape: Shape,
	items: Array<Record<string, unknown>>,
	{ simulator, store, scanner }: PropertyContext,
	variant?: Variant,
): Promise<RunFigures> {
	// Fresh reports per run; the tokens seen so far are kept for the secret scan first.
	scanner.harvest(simulator);
	simulator.reset();
	const env: Env = { simulator, fixtures: await createFixtures(simulator) };
	const parts = items
		.map((item) => resolveItem(item, env))
		.map((json, index) =>
			variant ? variant.split(json, index) : { run: json, judged: json, label: '' },
		);
	const jsons = parts.map((part) => part.run);
	const expectations = parts.map((part) => model.expect(part.judged, shape, env));
	const parameters = model.parameters(shape);
	const firstRequest = simulator.requests.length;

	const { result, outcomes } = await recordItems(simulator, model.operation, async () =>
		runNode(simulator, variant ? variant.parameters(parameters) : parameters, {
			items: jsons,
			continueOnFail: true,
			mode: shape.mode,
			store,
		}),
	);
	scanner.add(result.runData);
	scanner.addError(result.error);
	for (const outcome of outcomes.values()) scanner.addError(outcome.error);
	const requests = simulator.requests.slice(firstRequest);

	const figures: RunFigures = {
		inputs: items.length,
		crashes: 0,
		lost: 0,
		refused: 0,
		succeeded: 0,
		requests: requests.length,
		violations: [],
	};
	const violation = (index: number | undefined, text: string) =>
		figures.violations.push(
			index === undefined
				? text
				: `${text}\n    item ${index}: ${parts[index].label}${short(jsons[index])}`,
		);

	for (const request of requests) {
		if (!ALLOWED_PATHS.some((path) => path.test(request.path)) || request.path.includes('..')) {
			violation(undefined, `request path out of shape: ${request.method} ${request.path}`);
		}
	}
	if (result.status !== 'success') {
		figures.crashes += items.length;
		figures.lost += items.length;
		violation(undefined, `the whole run failed: ${result.error?.message}`);
		return figures;
	}

	const byItem = pairOutputs(result.outputOf(NODE_NAME), items.length, (text) => {
		figures.lost += 1;
		violation(undefined, text);
	});
	for (let index = 0; index < items.length; index++) {
		checkItem(index, outcomes.get(index), byItem[index], expectations[index], figures, violation);
	}
	return figures;
}

/** Outputs per input item; reports outputs that are unpaired or out of input order. */
export function pairOutputs(
	outputs: INodeExecutionData[],
	count: number,
	problem: (text: string) => void,
): INodeExecutionData[][] {
	const byItem: INodeExecutionData[][] = Array.from({ length: count }, () => []);
	let previous = 0;
	for (const output of outputs) {
		const index = pairedIndex(output);
		if (index === undefined || index < 0 || index >= count) {
			problem(`output without a valid pairedItem: ${short(output.pairedItem)}`);
			continue;
		}
		if (index < previous) problem(`output of item ${index} after one of item ${previous}`);
		previous = Math.max(previous, index);
		byItem[index].push(output);
	}
	return byItem;
}

function checkItem(
	index: number,
	outcome: ItemOutcome | undefined,
	outputs: INodeExecutionData[],
	expected: Expectation,
	figures: RunFigures,
	violation: (index: number, text: string) => void,
): void {
	// Exactly one result or one error item per input item.
	if (outcome === undefined || outcome.calls !== 1) {
		figures.lost += 1;
		violation(index, `lost: the item ran ${outcome?.calls ?? 0} times`);
		return;
	}
	const { error, requests } = outcome;
	if (error === undefined) figures.succeeded += 1;
	const message = String((error as { message?: unknown } | undefined)?.message ?? '');
	if (error !== undefined) {
		if (outputs.length !== 1 || (outputs[0].json as IDataObject).error !== message) {
			figures.lost += 1;
			violation(index, `lost: a failed item gave ${outputs.length} outputs, not its error`);
		}
	} else if (outputs.length !== outcome.outputs) {
		figures.lost += 1;
		violation(index, `lost: ${outcome.outputs} results became ${outputs.length} outputs`);
	}

	if (isCrash(error)) {
		figures.crashes += 1;
		violation(index, `crash: ${(error as Error)?.constructor?.name}: ${message}`);
		return;
	}

	const local = error !== undefined && !(error instanceof NodeApiError) && requests.length === 0;
	const field = local ? fieldOf(message) : undefined;
	if (local) {
		figures.refused += 1;
		if (field === undefined) violation(index, `error names no field: "${message}"`);
	}
	const values = expected.values.join('; ');
	if (expected.invalid.length > 0) {
		if (requests.length > 0) {
			violation(
				index,
				`request for invalid input (${values}): ${requests
					.map((request) => `${request.method} ${request.path}`)
					.join(', ')}`,
			);
		} else if (error === undefined) {
			violation(index, `invalid input accepted (${values})`);
		} else if (field !== undefined && ![...expected.invalid, ...expected.maybe].includes(field)) {
			violation(index, `error names ${field}, but the invalid input is ${values}: "${message}"`);
		}
		return;
	}
	if (local) {
		if (field === undefined || !expected.maybe.includes(field)) {
			violation(index, `valid input refused: "${message}"`);
		}
		return;
	}
	for (const problem of expected.check(requests, error === undefined ? outputs : [])) {
		violation(index, problem);
	}
	if (expected.createsReport && error instanceof NodeApiError && error.httpCode === '400') {
		const code = (error.errorResponse as IDataObject | undefined)?.code;
		// Code 400 is the API's schema check (1027 is a business rule, e.g. a future period).
		if (String(code) === '400') violation(index, `the API refused the body: "${message}"`);
	}
}
