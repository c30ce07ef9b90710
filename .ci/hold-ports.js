#!/usr/bin/env node
// @ts-check
// Holds TCP ports (by default n8n's own, 5678 and 5679) on every local address, as another n8n
// on the machine would, until it is stopped: the tests must choose free ports. A port that
// someone else holds already counts as held. Prints "holding" once every port is.
const net = require('node:net');

const ports = process.argv.slice(2).map(Number);
if (ports.length === 0) ports.push(5678, 5679);

/**
 * @param {number} port
 * @param {string} host
 * @returns {Promise<void>}
 */
function listen(port, host) {
	return new Promise((resolve, reject) => {
		const server = net.createServer((socket) => socket.destroy());
		server.once('error', reject);
		server.listen(port, host, () => resolve());
	});
}

/**
 * Listens on `port` on every address; resolves with what it held.
 * @param {number} port
 */
async function hold(port) {
	try {
		// '::' takes IPv4 as well (dual stack); a machine without IPv6 gets 0.0.0.0.
		await listen(port, '::').catch((error) =>
			error.code === 'EAFNOSUPPORT' ? listen(port, '0.0.0.0') : Promise.reject(error),
		);
		return String(port);
	} catch (error) {
		if (/** @type {NodeJS.ErrnoException} */ (error).code === 'EADDRINUSE') {
			return `${port} (held already)`;
		}
		throw error;
	}
}

Promise.all(ports.map(hold)).then(
	(held) => process.stdout.write(`holding ${held.join(', ')}\n`),
	(error) => {
		process.stderr.write(`${error.stack ?? error}\n`);
		process.exit(1);
	},
);
