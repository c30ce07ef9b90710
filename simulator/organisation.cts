/**
 * The simulated organisation as data: the credential's partner tenant (an MSP) with its customers,
 * resellers, folders and units, the users with their contacts, and the few tenants above and
 * beside it that the credential must not see. `directory.cts` turns this into a queryable tree.
 *
 * The first tenants and users keep fixed ids: tests and saved n8n credentials use them.
 */
import type { TenantKind } from './types.cjs';

export interface UserSeed {
	login: string;
	firstName: string;
	lastName: string;
	id?: string;
	enabled?: boolean;
}

export interface TenantSeed {
	name: string;
	kind: TenantKind;
	id?: string;
	enabled?: boolean;
	/** Pricing mode "trial" instead of "production": its usage counts as trial usage. */
	trial?: boolean;
	users?: UserSeed[];
	children?: TenantSeed[];
}

export const ROOT_TENANT_ID = '5f0c8a5e-1d2b-4c7e-9a41-7b3e2d9c6f10';
const SUB_PARTNER_ID = '8b2d4e6f-3a5c-4e7d-8f91-2c4e6a8b0d12';
export const CONTOSO_ID = 'c1a7e3f5-6b8d-4a2c-9e4f-1b3d5f7a9c21';
export const FABRIKAM_ID = 'd2b8f4a6-7c9e-4b3d-8f5a-2c4e6b8d0e32';
export const TAILSPIN_ID = 'e3c9a5b7-8d0f-4c4e-9a6b-3d5f7c9e1f43';

/** The user of the static access token: an administrator of the credential's tenant. */
export const TOKEN_USER_SEED: UserSeed = {
	id: '0a4e6c8f-2b1d-4e3f-8a5c-7d9f1b3e5a01',
	login: 'alex.morgan',
	firstName: 'Alex',
	lastName: 'Morgan',
};

const customer = (name: string, extra: Partial<TenantSeed> = {}): TenantSeed => ({
	name,
	kind: 'customer',
	...extra,
});

const user = (
	login: string,
	firstName: string,
	lastName: string,
	extra: Partial<UserSeed> = {},
) => ({
	login,
	firstName,
	lastName,
	...extra,
});

/** The credential's tenant and everything below it: 60 tenants under the MSP, up to 3 deep. */
export const MSP: TenantSeed = {
	id: ROOT_TENANT_ID,
	name: 'Northwind IT Services',
	kind: 'partner',
	users: [
		TOKEN_USER_SEED,
		user('jamie.lee', 'Jamie', 'Lee', { id: '1b5f7d9a-3c2e-4f4a-9b6d-8e0a2c4f6b02' }),
		user('sam.rivera', 'Sam', 'Rivera', { id: '2c6a8e0b-4d3f-4a5b-8c7e-9f1b3d5a7c03' }),
		user('priya.nair', 'Priya', 'Nair'),
	],
	children: [
		customer('Contoso Dental Clinic', {
			id: CONTOSO_ID,
			users: [
				user('dr.chen', 'Li', 'Chen', { id: '3d7b9f1c-5e4a-4b6c-9d8f-0a2c4e6b8d04' }),
				user('reception', 'Maria', 'Santos', { id: '4e8c0a2d-6f5b-4c7d-8e9a-1b3d5f7c9e05' }),
			],
			children: [
				{
					name: 'Contoso Dental Downtown Office',
					kind: 'unit',
					users: [user('frontdesk.downtown', 'Ana', 'Ruiz')],
				},
				{ name: 'Contoso Dental Westside Office', kind: 'unit' },
			],
		}),
		customer('Fabrikam Logistics', {
			id: FABRIKAM_ID,
			users: [user('it.admin', 'Omar', 'Haddad', { id: '5f9d1b3e-7a6c-4d8e-9f0b-2c4e6a8d0f06' })],
			children: [{ name: 'Fabrikam Warehouse North', kind: 'unit' }],
		}),
		{
			id: SUB_PARTNER_ID,
			name: 'Northwind East Reseller',
			kind: 'partner',
			users: [user('east.sales', 'Dana', 'Whitfield')],
			children: [
				customer('Tailspin Bakery', {
					id: TAILSPIN_ID,
					users: [user('owner', 'Grace', 'Kim', { id: '6a0e2c4f-8b7d-4e9f-8a1c-3d5f7b9e1a07' })],
				}),
				customer('Coho Winery', { users: [user('cellar.master', 'Elena', 'Rossi')] }),
				customer('Lucerne Publishing'),
				customer("Margie's Travel"),
				customer('Wingtip Toys', { enabled: false }),
				customer('Fourth Coffee', { trial: true }),
				{
					name: 'East Healthcare',
					kind: 'folder',
					children: [
						customer('Lamna Healthcare Partners'),
						customer('Riverside Veterinary Clinic'),
						customer('Harbor View Family Dentistry'),
					],
				},
			],
		},
		{
			name: 'Northwind West Reseller',
			kind: 'partner',
			users: [user('west.ops', 'Marcus', 'Lindqvist')],
			children: [
				customer('Alpine Ski House', { users: [user('ski.admin', 'Lukas', 'Berger')] }),
				customer('Proseware, Inc.'),
				customer('Relecloud'),
				customer('Trey Research', { enabled: false }),
			],
		},
		{
			name: 'Healthcare Clients',
			kind: 'folder',
			children: [
				customer('Greenfield Family Practice', {
					users: [user('dr.okafor', 'Chidi', 'Okafor')],
				}),
				customer('Maple Street Pharmacy'),
				customer('Summit Physical Therapy'),
				customer('Lakeside Pediatrics', { trial: true }),
				customer('Bellevue Eye Care'),
				customer('Østergaard Tandlæger ApS'),
			],
		},
		{
			name: 'Legal & Finance',
			kind: 'folder',
			users: [user('legal.coordinator', 'Hannah', 'Brooks')],
			children: [
				customer('Smith, Jones & "Partners" LLC', {
					users: [user('office.manager', 'Patricia', 'Jones')],
				}),
				customer('Oak & Iron Law Group'),
				customer('Kowalski & Daughters Accounting'),
				customer('Weber, Klein & Co. KG'),
				customer('Woodgrove Financial Advisors'),
				customer('Humongous Insurance Agency', { enabled: false }),
			],
		},
		customer('Adventure Works Cycles', {
			users: [
				user('kim.abercrombie', 'Kim', 'Abercrombie'),
				user('terry.adams', 'Terry', 'Adams', { enabled: false }),
			],
		}),
		customer('A. Datum Corporation'),
		customer('Wide World Importers', { users: [user('anna.lidman', 'Anna', 'Lidman')] }),
		customer('Blue Yonder Airlines', { enabled: false }),
		customer('City Power & Light'),
		customer('Consolidated Messenger'),
		customer('Graphic Design Institute'),
		customer('Nod Publishers'),
		customer("Munson's Pickles and Preserves Farm"),
		customer('Best For You Organics'),
		customer('First Up Consultants'),
		customer('VanArsdel Ltd.'),
		customer('Southridge Video', { enabled: false }),
		customer('School of Fine Art'),
		customer('Bäckerei Müller GmbH', { users: [user('j.mueller', 'Jürgen', 'Müller')] }),
		customer('Café Olé Bistro'),
		customer("O'Brien Plumbing & Heating"),
		customer('Pinecrest Property Management'),
		customer('Crescent City Realty', { trial: true }),
		customer('Evergreen Landscaping'),
		customer('Ironclad Security Systems'),
		customer('Brightside Solar', { trial: true }),
		customer('Hollow Creek Winery'),
		customer('Fabrikam Residences'),
		customer('Contoso Pharmaceuticals'),
	],
};

/**
 * Above and beside the MSP: the platform's root, the distributor the MSP buys from, and another
 * MSP of that distributor. They exist, so the simulator can refuse them like the real API.
 */
export const PLATFORM: TenantSeed = {
	name: 'Cloud Platform',
	kind: 'root',
	children: [
		{
			name: 'Globex Cloud Distribution',
			kind: 'partner',
			children: [
				MSP,
				{
					name: 'Litware Managed Services',
					kind: 'partner',
					users: [user('litware.admin', 'Noah', 'Fischer')],
					children: [customer('Bellows College'), customer('Alpine Ski Resort')],
				},
			],
		},
	],
};

/** Names for tenants' contact persons, picked by hash. */
export const CONTACT_FIRST_NAMES = [
	'Olivia',
	'Liam',
	'Emma',
	'Noah',
	'Ava',
	'Mateo',
	'Sofia',
	'Ethan',
	'Mia',
	'Lucas',
	'Chloé',
	'Aiden',
	'Zoë',
	'Kenji',
	'Amara',
	'Rafael',
];

export const CONTACT_LAST_NAMES = [
	'Walker',
	'Nguyen',
	'Patel',
	'García',
	'Johansson',
	'Okonkwo',
	'Schmidt',
	'Dubois',
	'Tanaka',
	"O'Connor",
	'Kowalczyk',
	'Rossi',
	'Andersen',
	'Haddad',
	'Silva',
	'Murphy',
];
