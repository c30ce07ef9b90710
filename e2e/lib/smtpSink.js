// @ts-check
// A minimal SMTP server on loopback that accepts every message and keeps it, so the examples
// that mail a report run end to end without a mail server. Plain SMTP: no TLS, no AUTH.
const net = require('node:net');

/** @typedef {{ from: string, to: string[], data: string }} Message */

/**
 * Listens on a free loopback port; each message received is kept in `messages`.
 * @param {{ onMessage?: (message: Message) => void }} [options]
 */
async function startSmtpSink({ onMessage } = {}) {
	/** @type {Message[]} */
	const messages = [];
	const server = net.createServer((socket) => {
		let buffer = '';
		/** @type {string[] | null} the message body while in DATA */
		let data = null;
		/** @type {{ from: string, to: string[] }} */
		let envelope = { from: '', to: [] };
		const reply = (/** @type {string} */ line) => socket.write(`${line}\r\n`);
		reply('220 localhost SMTP sink');
		socket.on('data', (chunk) => {
			buffer += chunk.toString('latin1');
			let end;
			while ((end = buffer.indexOf('\r\n')) !== -1) {
				const line = buffer.slice(0, end);
				buffer = buffer.slice(end + 2);
				if (data !== null) {
					if (line === '.') {
						const message = { ...envelope, data: data.join('\r\n') };
						messages.push(message);
						onMessage?.(message);
						data = null;
						envelope = { from: '', to: [] };
						reply('250 queued');
					} else data.push(line.startsWith('..') ? line.slice(1) : line);
					continue;
				}
				const command = line.slice(0, 4).toUpperCase();
				if (command === 'EHLO' || command === 'HELO') reply('250 localhost');
				else if (command === 'MAIL') {
					envelope.from = line.slice(10).trim();
					reply('250 ok');
				} else if (command === 'RCPT') {
					envelope.to.push(line.slice(8).trim());
					reply('250 ok');
				} else if (command === 'DATA') {
					data = [];
					reply('354 end with .');
				} else if (command === 'QUIT') {
					reply('221 bye');
					socket.end();
				} else if (command === 'RSET' || command === 'NOOP') reply('250 ok');
				else reply('502 not implemented');
			}
		});
		socket.on('error', () => {});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	return {
		port: /** @type {net.AddressInfo} */ (server.address()).port,
		messages,
		/** @returns {Promise<void>} */
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

/**
 * A received message's subject.
 * @param {Pick<Message, 'data'>} message
 */
function subject(message) {
	return /^Subject: (.*)$/m.exec(message.data)?.[1];
}

/**
 * The names of the files attached to a received message.
 * @param {Pick<Message, 'data'>} message
 */
function attachmentNames(message) {
	return [...message.data.matchAll(/filename="?([^"\r\n;]+)"?/g)].map((match) => match[1]);
}

/**
 * The content of the file attached to a received message under `filename` (by default, of its
 * first attachment): base64 in the MIME message, decoded.
 * @param {Pick<Message, 'data'>} message
 */
function attachment(message, filename = '') {
	const parts = message.data.split('\r\n\r\n');
	const headers = parts.findIndex((part) => part.includes(`filename=${filename}`));
	if (headers === -1) throw new Error(`No attachment ${filename} in the message`);
	const base64 = parts[headers + 1].split('\r\n--')[0].replace(/\r\n/g, '');
	return Buffer.from(base64, 'base64');
}

module.exports = { attachment, attachmentNames, startSmtpSink, subject };
