/** Maps with at most `limit` calls in flight; results keep the order of the input. */
export async function mapConcurrently<T, R>(
	values: readonly T[],
	limit: number,
	map: (value: T, index: number) => Promise<R>,
): Promise<R[]> {
	const results = new Array<R>(values.length);
	let next = 0;
	const worker = async () => {
		while (next < values.length) {
			const index = next++;
			results[index] = await map(values[index], index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, values.length) }, worker));
	return results;
}

/** The values in consecutive groups of at most `size`, e.g. for requests that take a batch. */
export function chunks<T>(values: readonly T[], size: number): T[][] {
	const groups: T[][] = [];
	for (let start = 0; start < values.length; start += size) {
		groups.push(values.slice(start, start + size));
	}
	return groups;
}
