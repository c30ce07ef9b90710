// TLS for the benchmark: a throwaway certificate authority made with Debian's `openssl` at each
// run, a server certificate it signs for 127.0.0.1 and localhost, and simulators served over
// https with it. n8n trusts the authority through NODE_EXTRA_CA_CERTS. ECDSA P-256 keys, as
// most public web servers now use.
const https = require('node:https');
const fs = require('node:fs');
const path = require('node:path');

const { run } = require('../../e2e/lib/n8n.js');
const { start } = require('../../dist/simulator/index.cjs');

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** Writes the authority and the server's key and certificate into `dir`; their PEM texts. */
async function makeCertificates(dir) {
	fs.mkdirSync(dir, { recursive: true });
	const file = (name) => path.join(dir, name);
	const openssl = (args) => run('openssl', args, { capture: true });
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
	const read = (name) => fs.readFileSync(file(name), 'utf8');
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
 */
async function startTlsSimulator(options, { key, cert, ca }) {
	const simulator = await start({ ...options, tls: { key, cert } });
	simulator.api = (method, apiPath, body) =>
		requestJson(`${simulator.url}/api/2${apiPath}`, {
			method,
			ca,
			token: simulator.credentials.accessToken,
			body,
		});
	return simulator;
}

/** One JSON request over https trusting `ca`; the answer's JSON, or an error naming the call. */
function requestJson(url, { method, ca, token, body }) {
	const payload = body === undefined ? undefined : JSON.stringify(body);
	return new Promise((resolve, reject) => {
		const request = https.request(
			url,
			{
				method,
				ca,
				headers: {
					Authorization: `Bearer ${token}`,
					...(payload === undefined ? {} : { 'Content-Type': 'application/json' }),
				},
			},
			(response) => {
				let text = '';
				response.setEncoding('utf8');
				response.on('data', (chunk) => (text += chunk));
				response.on('end', () => {
					if (response.statusCode >= 400) {
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
