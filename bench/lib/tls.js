// @ts-check
// TLS for the benchmark: a throwaway certificate authority made with Debian's `openssl` at each
// run, a server certificate it signs for 127.0.0.1 and localhost, and simulators served over
// https with it. n8n trusts the authority through NODE_EXTRA_CA_CERTS. ECDSA P-256 keys, as
// most public web servers now use.
const https = require('node:https');
const fs = require('node:fs');
const path = require('node:path');

const { run } = require('./n8n.js');
const {
	simulator: { start },
} = require('./built.js');

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/**
 * Writes the authority and the server's key and certificate into `dir`; their PEM texts.
 * @param {string} dir
 */
async function makeCertificates(dir) {
	fs.mkdirSync(dir, { recursive: true });
	const file = (/** @type {string} */ name) => path.join(dir, name);
	const openssl = (/** @type {string[]} */ args) => run('openssl', args, { capture: true });
	await openssl([
		'req',
		'-x509',
		...EC_KEY,
		'-keyout',
		file('ca.key'),
		'-out',
		file('ca.crt'),
		'-days',
		'2',
		'-subj',
		'/CN=n8n-nodes-acronis benchmark CA',
		'-addext',
		'basicConstraints=critical,CA:TRUE',
		'-addext',
		'keyUsage=critical,keyCertSign,cRLSign',
	]);
	await openssl([
		'req',
		...EC_KEY,
		'-keyout',
		file('server.key'),
		'-out',
		file('server.csr'),
		'-subj',
		'/CN=127.0.0.1',
	]);
	fs.writeFileSync(
		file('server.ext'),
		[
			'basicConstraints=CA:FALSE',
			'keyUsage=critical,digitalSignature',
			'extendedKeyUsage=serverAuth',
			'subjectAltName=IP:127.0.0.1,DNS:localhost',
		].join('\n'),
	);
	await openssl([
		'x509',
		'-req',
		'-in',
		file('server.csr'),
		'-CA',
		file('ca.crt'),
		'-CAkey',
		file('ca.key'),
		'-CAcreateserial',
		'-out',
		file('server.crt'),
		'-days',
		'2',
		'-extfile',
		file('server.ext'),
	]);
	const read = (/** @type {string} */ name) => fs.readFileSync(file(name), 'utf8');
	return {
		caFile: file('ca.crt'),
		ca: read('ca.crt'),
		key: read('server.key'),
		cert: read('server.crt'),
	};
}

/**
 * A simulator served over https. Its `api` (for setting up reports) is replaced by one that
 * trusts the authority: this process started before the authority existed, so
 * NODE_EXTRA_CA_CERTS cannot reach it.
 * @param {import('../../simulator/index.cjs').SimulatorOptions} options
 * @param {{ key: string, cert: string, ca: string }} tls
 */
async function startTlsSimulator(options, { key, cert, ca }) {
	const simulator = await start({ ...options, tls: { key, cert } });
	simulator.api = (method, apiPath, body) =>
		requestJson(`${simulator.url}/api/2${apiPath}`, {
			method,
			ca,
			headers: { Authorization: `Bearer ${simulator.credentials.accessToken}` },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
	return Object.assign(simulator, {
		/** A token for the simulator's API client, as its credential would fetch one. */
		issueToken: async () => {
			const { clientId, clientSecret } = simulator.credentials;
			const answer = await requestJson(`${simulator.url}/api/2/idp/token`, {
				method: 'POST',
				ca,
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({
					grant_type: 'client_credentials',
					client_id: clientId,
					client_secret: clientSecret,
				}).toString(),
			});
			return String(answer.access_token);
		},
	});
}

/**
 * One request over https trusting `ca`; the answer's JSON, or an error naming the call.
 * @param {string} url
 * @param {{ method: string, ca: string, headers: Record<string, string>, body?: string }} request
 * @returns {Promise<Record<string, unknown>>}
 */
function requestJson(url, { method, ca, headers, body }) {
	const payload = body;
	return new Promise((resolve, reject) => {
		const request = https.request(
			url,
			{
				method,
				ca,
				headers: {
					...headers,
					...(payload === undefined || headers['Content-Type']
						? {}
						: { 'Content-Type': 'application/json' }),
				},
			},
			(response) => {
				let text = '';
				response.setEncoding('utf8');
				response.on('data', (chunk) => (text += chunk));
				response.on('end', () => {
					if ((response.statusCode ?? 500) >= 400) {
						reject(new Error(`${method} ${url}: HTTP ${response.statusCode} ${text}`));
					} else {
						resolve(text ? JSON.parse(text) : {});
					}
				});
			},
		);
		request.on('error', reject);
		request.end(payload);
	});
}

module.exports = { makeCertificates, startTlsSimulator };
