// @ts-check
/**
 * A `.cts` module imports another as `./name.cjs`, the file TypeScript compiles it to; under Jest
 * that file is the `.cts` source itself.
 * @param {string} request
 * @param {{ defaultResolver: (request: string, options: object) => string }} options
 */
module.exports = (request, options) => {
	try {
		return options.defaultResolver(request, options);
	} catch (error) {
		if (!request.startsWith('.') || !request.endsWith('.cjs')) throw error;
		return options.defaultResolver(`${request.slice(0, -'.cjs'.length)}.cts`, options);
	}
};
