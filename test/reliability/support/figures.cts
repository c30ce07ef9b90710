/**
 * Figures of one suite, written where the reporter (../reporter.js) reads them once every
 * suite has run: Jest keeps what tests print to the console to itself.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface FaultRow {
	fault: string;
	operation: string;
	items: number;
	succeeded: number;
	failed: number;
	/** Faulted attempts the simulator answered (or left unanswered). */
	injected: number;
	/** Of those, the ones on items that succeeded in the end. */
	survived: number;
	lost: number;
	duplicates: number;
	seconds: number;
}

export interface PropertyRow {
	operation: string;
	runs: number;
	inputs: number;
	/** Items the node refused before sending anything. */
	refused: number;
	/** Items that came out as results, not errors. */
	succeeded: number;
	requests: number;
	seconds: number;
}

export interface Figures {
	suite: string;
	inputs: number;
	crashes: number;
	faultsSurvived: number;
	itemsLost: number;
	secretsLeaked: number;
	properties: PropertyRow[];
	faults: FaultRow[];
	seconds: number;
}

export function emptyFigures(suite: string): Figures {
	return {
		suite,
		inputs: 0,
		crashes: 0,
		faultsSurvived: 0,
		itemsLost: 0,
		secretsLeaked: 0,
		properties: [],
		faults: [],
		seconds: 0,
	};
}

function figuresDir(): string {
	return (
		process.env.ACRONIS_RELIABILITY_DIR ?? path.join(tmpdir(), 'n8n-nodes-acronis-reliability')
	);
}

export function writeFigures(figures: Figures): void {
	const dir = figuresDir();
	mkdirSync(dir, { recursive: true });
	writeFileSync(path.join(dir, `${figures.suite}.json`), JSON.stringify(figures, null, 2));
}
