/**
 * What both reliability suites share: one simulator for the whole file (not reset between
 * tests, so that the scanner can still harvest the tokens a run saw), one credential store,
 * everything printed captured for the secret scan, the figures written at the end, and the
 * closing "secrets" test.
 */
import type { Simulator } from '../../../simulator/index.cjs';
import { start } from '../../../simulator/index.cjs';
import type { CredentialStore } from '../../harness/index.cjs';
import { disposeHarness } from '../../harness/index.cjs';
import { storeFor } from '../../integration/setup.cjs';
import type { Figures } from './figures.cjs';
import { emptyFigures, writeFigures } from './figures.cjs';
import { SecretScanner } from './secrets.cjs';

export interface ReliabilitySuite {
	figures: Figures;
	scanner: SecretScanner;
	/** The running simulator; set in beforeAll. */
	readonly simulator: Simulator;
	/** A store of both credentials, kept across runs; set in beforeAll. */
	readonly store: CredentialStore;
	/**
	 * Registers the "secrets" test, which scans everything the tests before it collected: call
	 * it after them, at the end of the file (Jest runs tests in the order they are registered).
	 */
	describeSecrets(): void;
}

/** Registers the suite's beforeAll and afterAll; call it at the top of the file. */
export function reliabilitySuite(name: string): ReliabilitySuite {
	const figures = emptyFigures(name);
	const scanner = new SecretScanner();
	const suiteStarted = Date.now();
	let simulator: Simulator | undefined;
	let store: CredentialStore | undefined;

	beforeAll(async () => {
		scanner.captureOutput();
		simulator = await start({ port: 0, fileDelayMs: 0 });
		store = storeFor(simulator);
	});

	afterAll(async () => {
		scanner.release();
		figures.seconds = (Date.now() - suiteStarted) / 1000;
		writeFigures(figures);
		await simulator?.close();
		await disposeHarness();
	});

	const suite: ReliabilitySuite = {
		figures,
		scanner,
		get simulator() {
			if (simulator === undefined) throw new Error('The simulator starts in beforeAll');
			return simulator;
		},
		get store() {
			if (store === undefined) throw new Error('The store is made in beforeAll');
			return store;
		},
		describeSecrets() {
			describe('secrets', () => {
				it('no output, error or log line holds the client secret or a token', () => {
					scanner.harvest(suite.simulator);
					const { hits, samples } = scanner.scan();
					figures.secretsLeaked = hits;
					expect(scanner.secretCount).toBeGreaterThan(3);
					expect({ hits, samples }).toEqual({ hits: 0, samples: [] });
				});
			});
		},
	};
	return suite;
}
