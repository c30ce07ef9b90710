// Debian packages the tests need beyond npm (Redis and PostgreSQL for queue mode, Chromium for the
// browser test): installed with apt-get when missing, which only root may do.
const { execFileSync } = require('node:child_process');

const { run } = require('./n8n.js');

const APT_TIMEOUT_MS = 15 * 60000;

function onPath(command) {
	try {
		execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

/**
 * Installs `packages` unless `present()` already holds; `purpose` names what needs them, for the
 * error a user who is not root gets.
 */
async function ensureDebianPackages(
	packages,
	{ present, purpose, log = (line) => process.stderr.write(`${line}\n`) },
) {
	if (present()) return;
	const names = packages.join(' and ');
	if (process.getuid?.() !== 0) {
		throw new Error(`${purpose} needs ${names}: apt-get install -y ${packages.join(' ')}`);
	}
	log(`Installing ${names} (apt-get)...`);
	const options = {
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		timeoutMs: APT_TIMEOUT_MS,
		capture: true,
	};
	const install = ['install', '-y', '--no-install-recommends', ...packages];
	try {
		await run('apt-get', install, options);
	} catch {
		// A fresh machine may not have package lists yet.
		await run('apt-get', ['update'], options);
		await run('apt-get', install, options);
	}
	if (!present()) throw new Error(`apt-get did not install ${names}`);
}

module.exports = { ensureDebianPackages, onPath };
