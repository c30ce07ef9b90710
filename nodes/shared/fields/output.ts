import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { RowSelection } from '../rows/selection';
import type { FieldValues } from './fieldValues';
import { optionsCollection } from './options';
import {
	onlyEditionsOption,
	onlyOfferingItemsOption,
	onlyTenantsOption,
	readRowSelection,
	sumOption,
} from './rowSelection';
import { fail, toFieldName, toOption, toWholeNumber } from './validation';
import { before, since } from './versions';

/**
 * What Download File and Generate and Download give, and how long they wait for it: the usage
 * rows of a report's file, or the files themselves.
 */
export type Output =
	/** One item per usage line (or per sum of lines), from the first machine-readable format. */
	| { rows: { selection: RowSelection } }
	/** One item per file, the file in this binary field. */
	| { file: { binaryPropertyName: string } };

export const outputField: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	type: 'options',
	options: [
		{
			name: 'File',
			value: 'file',
			description: 'The report file as binary data, to mail or to store',
		},
		{
			name: 'Rows',
			value: 'rows',
			description:
				'One item per usage line of the report, for billing, a sheet or a database (CSV and JSON version 2.0 files)',
		},
	],
	default: 'file',
};

/** What of the rows to give: some tenants, offering items or editions, summed. */
export const rowOptionsField: INodeProperties = {
	displayName: 'Row Options',
	name: 'rowOptions',
	type: 'collection',
	placeholder: 'Add Row Option',
	default: {},
	options: [onlyEditionsOption, onlyOfferingItemsOption, onlyTenantsOption, sumOption],
	displayOptions: { show: { output: ['rows'] } },
};

export const binaryPropertyField: INodeProperties = {
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	hint: 'The name of the output binary field to put the file in',
};

/** The Output, with what it needs: the rows' selection, or the file's field. */
export function readOutput(values: FieldValues): Output {
	const choice = toOption(values, outputField, values.get(outputField.name, outputField.default));
	if (choice === 'rows') {
		const options = values.get(rowOptionsField.name, {}) as IDataObject;
		return { rows: { selection: readRowSelection(values, options) } };
	}
	return { file: { binaryPropertyName: readBinaryPropertyName(values) } };
}

export function readBinaryPropertyName(values: FieldValues): string {
	return toFieldName(
		values,
		binaryPropertyField,
		values.get(binaryPropertyField.name, binaryPropertyField.default),
	);
}

export const waitTimeoutField: INodeProperties = {
	displayName: 'Wait Timeout (Seconds)',
	name: 'waitTimeout',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 300,
	description:
		'How long to wait for the data center to finish generating the file (usually 1-2 minutes); 0 does not wait',
};

/**
 * Wait Timeout as Download File shows it: its own field from node version 1.1; version 1 keeps
 * it under Options, where its workflows saved it.
 */
export const downloadWaitFields: INodeProperties[] = [
	{ ...waitTimeoutField, displayOptions: since(1.1) },
	{ ...optionsCollection([waitTimeoutField]), displayOptions: before(1.1) },
];

/**
 * Wait Timeout, wherever the node version shows it: its own field, or under Options. Download
 * File takes an expression that gives nothing as its default (`nothingMeansDefault`), and 0 for
 * "do not wait"; Generate and Download, which creates the report it waits for (`mustWait`),
 * refuses both.
 */
export function readWaitTimeout(
	values: FieldValues,
	{ nothingMeansDefault = false, mustWait = false } = {},
): number {
	// n8n fills in the fields a node shows: a field it does not hold is not shown there.
	const shown = values.get(waitTimeoutField.name, null, { rawExpressions: true }) !== null;
	const name = shown ? waitTimeoutField.name : `options.${waitTimeoutField.name}`;
	const value = values.get(name, waitTimeoutField.default);
	const given = nothingMeansDefault ? (value ?? waitTimeoutField.default) : value;
	const seconds = toWholeNumber(
		values,
		waitTimeoutField,
		given,
		'A number of seconds, for example 300.',
	);
	if (mustWait && seconds === 0) {
		fail(
			values,
			`${waitTimeoutField.displayName} must be at least 1 here, got 0`,
			'Generate and Download creates the report its files come from: give the data center time to generate them, for example 300 seconds.',
		);
	}
	return seconds;
}
