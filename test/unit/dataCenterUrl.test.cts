import { apiBaseUrl } from '../../credentials/acronisPlatform';

/** The Data Center URL as users paste it, and the API base the package makes of it. */
describe('Data Center URL', () => {
	it.each([
		['https://eu2-cloud.acronis.com', 'https://eu2-cloud.acronis.com/api/2'],
		['  https://eu2-cloud.acronis.com/  ', 'https://eu2-cloud.acronis.com/api/2'],
		['https://eu2-cloud.acronis.com/api/2', 'https://eu2-cloud.acronis.com/api/2'],
		['https://eu2-cloud.acronis.com/api/2/', 'https://eu2-cloud.acronis.com/api/2'],
		// The management portal's address bar.
		[
			'https://eu8-cloud.acronis.com/mc/app;group_id=1047/customers',
			'https://eu8-cloud.acronis.com/api/2',
		],
		['https://eu8-cloud.acronis.com/mc/?locale=en#/', 'https://eu8-cloud.acronis.com/api/2'],
		// A bare host, as Acronis's activation page writes a data center.
		['eu8.acronis.cloud', 'https://eu8.acronis.cloud/api/2'],
		['eu8.acronis.cloud/mc/app', 'https://eu8.acronis.cloud/api/2'],
		['HTTPS://EU8.ACRONIS.CLOUD:443', 'https://eu8.acronis.cloud/api/2'],
		['http://127.0.0.1:8787', 'http://127.0.0.1:8787/api/2'],
		['http://localhost:8787/api/2', 'http://localhost:8787/api/2'],
	])('%j → %s', (pasted, base) => {
		expect(apiBaseUrl(pasted)).toBe(base);
	});

	it.each([
		['', /is not a URL/],
		['not a url at all', /is not a URL/],
		['http://eu8-cloud.acronis.com', /must start with https:\/\//],
		['ftp://eu8-cloud.acronis.com', /must start with https:\/\//],
	])('refuses %j', (pasted, message) => {
		expect(() => apiBaseUrl(pasted)).toThrow(message);
	});
});
