/**
 * Property-based tests of every operation's parameter handling: generated values (valid and
 * invalid mixed) go through the real node in n8n-core's engine against the simulator, 100 items
 * per workflow run, each item's parameters from expressions on the item. Then, per field, the
 * values only an expression can produce (BigInt, Symbol, Luxon DateTime…).
 */
import fc from 'fast-check';

import type { RunFigures, Variant } from './support/check.cjs';
import { runProperty } from './support/check.cjs';
import { EXOTICS, exoticVariant } from './support/exotic.cjs';
import type { PropertyRow } from './support/figures.cjs';
import type { OperationModel, Shape } from './support/operations.cjs';
import { create, expectCreate, MODELS } from './support/operations.cjs';
import { reliabilitySuite } from './support/suite.cjs';
import type { Field } from './support/values.cjs';
import { hasDuplicateFormats, itemOf } from './support/values.cjs';

const suite = reliabilitySuite('properties');
const { figures } = suite;

/** Set RELIABILITY_SEED to replay a failure with the seed it printed. */
const seed = process.env.RELIABILITY_SEED ? Number(process.env.RELIABILITY_SEED) : undefined;
/** Set RELIABILITY_RUNS=5 for five times the runs (a longer search than CI's). */
const runsFactor = Number(process.env.RELIABILITY_RUNS ?? 1) || 1;

/** A row of the figures' table, in the table from the start: a failing check still shows. */
function newRow(label: string): PropertyRow {
	const row: PropertyRow = {
		operation: label,
		runs: 0,
		inputs: 0,
		refused: 0,
		succeeded: 0,
		requests: 0,
		seconds: 0,
	};
	figures.properties.push(row);
	return row;
}

/** Counts one run in its row and in the suite's figures. */
function tally(row: PropertyRow, run: RunFigures): void {
	row.runs += 1;
	row.inputs += run.inputs;
	row.refused += run.refused;
	row.succeeded += run.succeeded;
	row.requests += run.requests;
	figures.inputs += run.inputs;
	figures.crashes += run.crashes;
	figures.itemsLost += run.lost;
}

function shapeOf(model: OperationModel): fc.Arbitrary<Shape> {
	return fc.record({
		mode: fc.constantFrom('apiClient' as const, 'accessToken' as const),
		keys: fc.subarray(model.optionalKeys),
		requestOptions: model.requestOptions
			? fc.subarray(['maxRetries', 'timeout'])
			: fc.constant<string[]>([]),
	});
}

/** Runs the model's property; counts every run's figures, also those of a failing one. */
async function checkModel(model: OperationModel, label = model.operation): Promise<void> {
	const started = Date.now();
	const row = newRow(label);
	const items = fc.array(itemOf(model.fields), {
		minLength: model.itemsPerRun,
		maxLength: model.itemsPerRun,
	});
	const details = await fc.check(
		fc.asyncProperty(shapeOf(model), items, async (shape, generated) => {
			const run = await runProperty(model, shape, generated, suite);
			tally(row, run);
			if (run.violations.length > 0) {
				const shown = run.violations.slice(0, 6).join('\n  ');
				const more = run.violations.length > 6 ? `\n  … ${run.violations.length - 6} more` : '';
				throw new Error(
					`${run.violations.length} violation(s) in a run (${JSON.stringify(shape)}):\n  ${shown}${more}`,
				);
			}
		}),
		// Each run is a workflow of 100 items: no shrinking, the message names the failing items.
		{ numRuns: Math.ceil(model.runs * runsFactor), endOnFailure: true, seed },
	);
	row.seconds = (Date.now() - started) / 1000;
	if (details.failed) {
		const error = details.errorInstance as Error | undefined;
		throw new Error(
			`${label}: property failed (replay with RELIABILITY_SEED=${details.seed})\n${error?.message ?? details.errorInstance}`,
		);
	}
}

describe('every operation, generated parameters', () => {
	it.each(MODELS.map((model) => [model.operation, model] as const))(
		'%s: never crashes, refuses invalid input by name and without a request, sends well-formed requests',
		async (_, model) => {
			await checkModel(model);
		},
	);
});

describe('values no item JSON can hold (BigInt, Symbol, Luxon DateTime…), from expressions', () => {
	it.each(MODELS.map((model) => [model.operation, model] as const))(
		'%s: every field, every value',
		async (_, model) => {
			const started = Date.now();
			const row = newRow(`${model.operation} (expression values)`);
			const shape: Shape = { mode: 'accessToken', keys: model.optionalKeys, requestOptions: [] };
			const valid = fc.record(
				Object.fromEntries(Object.entries(model.fields).map(([key, field]) => [key, field.valid])),
			);
			const problems: string[] = [];
			for (const field of Object.keys(model.fields).filter((key) => !key.startsWith('request_'))) {
				const items = fc.sample(valid, { numRuns: EXOTICS.length, seed: seed ?? 42 });
				const variant: Variant = exoticVariant(field);
				const run = await runProperty(model, shape, items, suite, variant);
				tally(row, run);
				problems.push(...run.violations);
			}
			row.seconds = (Date.now() - started) / 1000;
			expect(problems.slice(0, 6)).toEqual([]);
		},
	);
});

describe('format lists naming a format twice', () => {
	// Kept apart from the properties above, which leave duplicates out: the API refuses such a
	// list (400 on parameters.formats), so the node must refuse it before sending anything.
	it('create: a format list naming a format twice is refused before anything is sent', async () => {
		const lists: unknown[] = ['csv, csv', ['html', ' html'], 'json_v1,csv,json_v1', ['csv', 'csv']];
		const twice = fc.constantFrom(...lists);
		const duplicates: Field = { valid: twice, any: twice };
		await checkModel(
			{
				...create,
				operation: 'create',
				runs: 1,
				itemsPerRun: 40,
				fields: { ...create.fields, formats: duplicates },
				expect(json, shape, env) {
					const expected = expectCreate(json, shape, env);
					if (hasDuplicateFormats(json.formats)) {
						expected.invalid.push('Formats');
						expected.values.push(`Formats = ${JSON.stringify(json.formats)}`);
					}
					return expected;
				},
			},
			'create (duplicate formats)',
		);
	});
});

suite.describeSecrets();
