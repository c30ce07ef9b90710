// @ts-check
// The credentials the examples refer to (by id), for a simulator and a local mailbox: imported
// into n8n by the end-to-end tests and the demo.
const CLIENT_CREDENTIAL = { id: 'acronisSimulator01', name: 'Acronis (simulator)' };
const TOKEN_CREDENTIAL = { id: 'acronisSimToken01', name: 'Acronis (simulator, access token)' };
const SMTP_CREDENTIAL = { id: 'smtpExample0001', name: 'SMTP account' };

/**
 * In n8n's import format (decrypted data): the API client, the access token, the mailbox.
 * @param {{ url: string, credentials: { clientId: string, clientSecret: string, accessToken: string } }} simulator
 * @param {number} smtpPort
 */
function exampleCredentials(simulator, smtpPort) {
	const { clientId, clientSecret, accessToken } = simulator.credentials;
	return {
		apiClient: {
			...CLIENT_CREDENTIAL,
			type: 'acronisApi',
			data: { url: simulator.url, authentication: 'apiClient', clientId, clientSecret },
		},
		accessToken: {
			...TOKEN_CREDENTIAL,
			type: 'acronisApi',
			data: { url: simulator.url, authentication: 'accessToken', accessToken },
		},
		smtp: {
			...SMTP_CREDENTIAL,
			type: 'smtp',
			data: {
				user: '',
				password: '',
				host: '127.0.0.1',
				port: smtpPort,
				secure: false,
				disableStartTls: true,
			},
		},
	};
}

const POSTGRES_CREDENTIAL = { id: 'postgresExample01', name: 'Billing database' };

/**
 * The billing example's database credential, for a PostgreSQL database of the tests.
 * @param {{ host: string, port: number, database: string, user: string, password?: string }} database
 */
function postgresCredential({ host, port, database, user, password = '' }) {
	return {
		...POSTGRES_CREDENTIAL,
		type: 'postgres',
		data: { host, port, database, user, password, ssl: 'disable' },
	};
}

module.exports = { CLIENT_CREDENTIAL, TOKEN_CREDENTIAL, exampleCredentials, postgresCredential };
