import { type Simulator, type SimulatorTenant, start } from '../../simulator/index.cjs';
import { OTHER_TENANT, TODAY, UUID, call, clientToken, expectApiError } from './support/api.cjs';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2})?$/;
const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Every page of a paged GET, following `paging.cursors.after` with the cursor and the page size. */
async function allPages(sim: Simulator, firstPath: string) {
	const pages: Array<{ items: any[]; paging?: { cursors: { after: string } }; timestamp: string }> =
		[];
	let path: string | undefined = firstPath;
	while (path !== undefined) {
		const answer = await call(sim, 'GET', path);
		expect(answer.status).toBe(200);
		pages.push(answer.body);
		const after: string | undefined = answer.body.paging?.cursors.after;
		// Acronis's paging: the cursor, and the page size with it.
		const limit = new URLSearchParams(firstPath.split('?')[1]).get('limit') ?? '5000';
		path =
			after === undefined ? undefined : `${firstPath.split('?')[0]}?after=${after}&limit=${limit}`;
	}
	return pages;
}

function byName(tenants: SimulatorTenant[]): SimulatorTenant[] {
	return [...tenants].sort((a, b) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id));
}

describe('simulator: tenants, users and search', () => {
	let sim: Simulator;
	let root: string;

	beforeAll(async () => {
		sim = await start({ port: 0, fileDelayMs: 0, today: TODAY });
		root = sim.credentials.tenantId;
	});
	afterAll(() => sim.close());
	beforeEach(() => sim.reset());

	describe('the tree', () => {
		it('is an MSP with 60 tenants of every kind below it, some disabled, ids kept stable', () => {
			const tenants = sim.tenants();
			expect(tenants[0]).toMatchObject({
				id: root,
				name: 'Northwind IT Services',
				kind: 'partner',
			});
			expect(tenants).toHaveLength(61);
			expect(new Set(tenants.map((t) => t.id)).size).toBe(61);
			const kinds = tenants.map((t) => t.kind);
			for (const kind of ['partner', 'folder', 'customer', 'unit']) expect(kinds).toContain(kind);
			expect(tenants.filter((t) => !t.enabled).map((t) => t.name)).toEqual([
				'Wingtip Toys',
				'Trey Research',
				'Humongous Insurance Agency',
				'Blue Yonder Airlines',
				'Southridge Video',
			]);
			const ids = new Set(tenants.map((t) => t.id));
			for (const t of tenants.slice(1)) expect(ids.has(t.parentId)).toBe(true);
			expect(ids.has(sim.foreignTenantId)).toBe(false);
			for (const id of sim.childTenantIds) expect(ids.has(id)).toBe(true);
			const depth = (id: string): number =>
				id === root ? 0 : 1 + depth(tenants.find((t) => t.id === id)!.parentId);
			expect(Math.max(...tenants.map((t) => depth(t.id)))).toBe(3);
		});

		it('has users with contacts in several tenants; recipients are users of the root', () => {
			const users = sim.users();
			expect(users.length).toBeGreaterThanOrEqual(20);
			expect(new Set(users.map((u) => u.tenantId)).size).toBeGreaterThanOrEqual(12);
			for (const u of users) {
				expect(u.contact.email).toMatch(/^\S+@\S+\.example\.com$/);
				expect(u.contact.firstname.length).toBeGreaterThan(0);
			}
			expect(users.filter((u) => !u.enabled).map((u) => u.login)).toEqual(['terry.adams']);
			expect(users.filter((u) => u.tenantId === root).map((u) => u.id)).toEqual(
				sim.recipientUserIds,
			);
			expect(users[0].id).toBe(sim.credentials.userId);
		});

		it('grows by extraCustomers generated customers below the credential tenant', async () => {
			const big = await start({ port: 0, extraCustomers: 250 });
			try {
				const tenants = big.tenants();
				expect(tenants).toHaveLength(61 + 250);
				const generated = tenants.filter((t) => t.name.startsWith('Generated Customer '));
				expect(generated).toHaveLength(250);
				expect(generated.every((t) => t.parentId === root && t.kind === 'customer')).toBe(true);
				// the named tenants keep their ids and legacy ids
				expect(tenants.slice(0, 61)).toEqual(sim.tenants());
			} finally {
				await big.close();
			}
		});
	});

	describe('GET /tenants/{id}', () => {
		it('answers the tenant schema, for the credential tenant and below', async () => {
			const answer = await call(sim, 'GET', `/tenants/${sim.childTenantIds[0]}`);
			expect(answer.status).toBe(200);
			const contoso = sim.tenants().find((t) => t.id === sim.childTenantIds[0])!;
			expect(answer.body).toEqual({
				id: contoso.id,
				version: expect.any(Number),
				created_at: expect.stringMatching(TIMESTAMP),
				updated_at: expect.stringMatching(TIMESTAMP),
				deleted_at: null,
				production_start_date: expect.stringMatching(TIMESTAMP),
				name: 'Contoso Dental Clinic',
				customer_type: 'default',
				parent_id: root,
				kind: 'customer',
				contact: {
					id: expect.stringMatching(UUID),
					created_at: expect.stringMatching(TIMESTAMP),
					updated_at: expect.stringMatching(TIMESTAMP),
					types: ['primary', 'billing'],
					email: contoso.contact.email,
					firstname: contoso.contact.firstname,
					lastname: contoso.contact.lastname,
					phone: null,
					email_confirmed: true,
				},
				contacts: [],
				enabled: true,
				customer_id: contoso.customerId,
				brand_id: 1,
				brand_uuid: expect.stringMatching(UUID),
				brand_enabled: false,
				internal_tag: null,
				language: 'en',
				owner_id: null,
				has_children: true,
				default_idp_id: expect.stringMatching(UUID),
				update_lock: { enabled: false, owner_id: null },
				ancestral_access: true,
				mfa_status: 'disabled',
				pricing_mode: 'production',
			});
		});

		it('shows a disabled tenant as enabled: false, and a trial tenant in trial pricing', async () => {
			const wingtip = sim.tenants().find((t) => t.name === 'Wingtip Toys')!;
			const disabled = await call(sim, 'GET', `/tenants/${wingtip.id}`);
			expect(disabled.body).toMatchObject({ name: 'Wingtip Toys', enabled: false });
			const fourth = sim.tenants().find((t) => t.name === 'Fourth Coffee')!;
			const trial = await call(sim, 'GET', `/tenants/${fourth.id}`);
			expect(trial.body).toMatchObject({ pricing_mode: 'trial', production_start_date: null });
		});

		it('refuses a tenant outside the tree (403 1002), unknown ones alike, and non-UUIDs (404 1005)', async () => {
			for (const id of [sim.foreignTenantId, OTHER_TENANT]) {
				for (const suffix of ['', '/children', '/users', '/usages', '/reports']) {
					const answer = await call(sim, 'GET', `/tenants/${id}${suffix}`);
					expectApiError(answer, 403, 1002);
					expect(answer.body.error.details.tenant_id).toBe(id);
				}
			}
			expectApiError(await call(sim, 'GET', '/tenants/not-a-tenant'), 404, 1005);
			// a credential of a sub-partner would not see its parent: the API client sees its own tree
			const token = await clientToken(sim);
			expect((await call(sim, 'GET', `/tenants/${root}`, { token })).status).toBe(200);
			expectApiError(
				await call(sim, 'GET', `/tenants/${sim.foreignTenantId}`, { token }),
				403,
				1002,
			);
		});
	});

	describe('GET /tenants/{id}/children', () => {
		const childrenOf = (parent: string) => sim.tenants().filter((t) => t.parentId === parent);

		it('lists the ids of the children only, by name by default', async () => {
			const answer = await call(sim, 'GET', `/tenants/${root}/children`);
			expect(answer.status).toBe(200);
			expect(answer.body).toEqual({ items: byName(childrenOf(root)).map((t) => t.id) });
			expect(answer.body.items).toHaveLength(31);
		});

		it('orders as_is, -name, status and by a usage', async () => {
			const children = childrenOf(root);
			const ids = async (order: string) =>
				(await call(sim, 'GET', `/tenants/${root}/children?order=${encodeURIComponent(order)}`))
					.body.items;
			expect(await ids('as_is')).toEqual(children.map((t) => t.id));
			expect(await ids('-name')).toEqual(
				byName(children)
					.reverse()
					.map((t) => t.id),
			);
			const byStatus = await ids('status');
			const disabled = children.filter((t) => !t.enabled).map((t) => t.id);
			expect(byStatus.slice(-disabled.length).sort()).toEqual([...disabled].sort());
			const workstations = (id: string) =>
				sim
					.liveUsage(id)
					.filter((u) => u.usage_name === 'workstations')
					.reduce((sum, u) => sum + u.value, 0);
			const byUsage: string[] = await ids('-usage.workstations');
			const values = byUsage.map(workstations);
			expect(values).toEqual([...values].sort((a, b) => b - a));
			expect(values[0]).toBeGreaterThan(values[values.length - 1]);
			const bad = await call(sim, 'GET', `/tenants/${root}/children?order=size`);
			expectApiError(bad, 400, 400);
			expect(bad.body.error.details.field).toBe('order');
		});
	});

	describe('GET /tenants (batch) and paging', () => {
		it('pages through a subtree: every tenant exactly once, level by level, filters kept by the cursor', async () => {
			const pages = await allPages(sim, `/tenants?subtree_root_id=${root}&limit=7&lod=basic`);
			expect(pages).toHaveLength(9); // 61 tenants
			const items = pages.flatMap((p) => p.items);
			expect(items.map((t) => t.id).sort()).toEqual(
				sim
					.tenants()
					.map((t) => t.id)
					.sort(),
			);
			for (const page of pages) {
				expect(page.timestamp).toMatch(TIMESTAMP);
				// the cursor kept lod=basic: no full fields on any page
				for (const item of page.items) {
					expect(Object.keys(item).sort()).toEqual(
						[
							'id',
							'parent_id',
							'version',
							'created_at',
							'updated_at',
							'deleted_at',
							'contacts',
							'offering_items',
							'name',
							'kind',
							'enabled',
						].sort(),
					);
				}
			}
			expect(pages.slice(0, -1).every((p) => p.items.length === 7)).toBe(true);
			expect(pages[pages.length - 1]).not.toHaveProperty('paging');
			const levels = new Map<string, number>([[root, 0]]);
			for (const t of items) if (t.id !== root) levels.set(t.id, levels.get(t.parent_id)! + 1);
			const order = items.map((t) => levels.get(t.id)!);
			expect(order).toEqual([...order].sort((a, b) => a - b));
		});

		it('pages a large tree of children with the default full level of detail', async () => {
			const big = await start({ port: 0, extraCustomers: 250 });
			try {
				const pages = await allPages(big, `/tenants?parent_id=${root}&limit=100`);
				expect(pages.map((p) => p.items.length)).toEqual([100, 100, 81]);
				const ids = pages.flatMap((p) => p.items.map((t: { id: string }) => t.id));
				expect(ids).toEqual(
					byName(big.tenants().filter((t) => t.parentId === root)).map((t) => t.id),
				);
				expect(pages[0].items[0]).toHaveProperty('barrier', 0);
				// a later page may change its size, never its filters
				const after = pages[0].paging!.cursors.after;
				const resized = await call(
					big,
					'GET',
					`/tenants?after=${after}&limit=200&parent_id=${OTHER_TENANT}`,
				);
				expect(resized.body.items.map((t: { id: string }) => t.id)).toEqual(ids.slice(100));
			} finally {
				await big.close();
			}
		});

		it('filters by updated_since, and the cursor keeps that filter', async () => {
			const since = '2021-01-01T00:00:00Z';
			const expected = sim.tenants().filter((t) => t.parentId === root).length;
			const pages = await allPages(
				sim,
				`/tenants?parent_id=${root}&limit=5&updated_since=${since}`,
			);
			const items = pages.flatMap((p) => p.items);
			expect(items.length).toBeGreaterThan(0);
			expect(items.length).toBeLessThan(expected);
			for (const t of items) expect(Date.parse(t.updated_at)).toBeGreaterThan(Date.parse(since));
		});

		it('fetches by uuids in the order asked, with the path from the credential tenant if asked', async () => {
			const tailspin = sim.childTenantIds[2];
			const eastReseller = sim.tenants().find((t) => t.id === tailspin)!.parentId;
			const answer = await call(
				sim,
				'GET',
				`/tenants?uuids=${tailspin},${sim.childTenantIds[0]}&lod=stamps&with_contacts=true`,
			);
			expect(answer.status).toBe(200);
			expect(answer.body.items.map((t: { id: string }) => t.id)).toEqual([
				tailspin,
				sim.childTenantIds[0],
			]);
			expect(answer.body.items[0].contacts).toEqual([
				expect.objectContaining({ tenant_id: tailspin, firstname: expect.any(String) }),
			]);
			expect(answer.body).not.toHaveProperty('paging');
			const path = await call(
				sim,
				'GET',
				`/tenants?uuids=${tailspin}&include_relative_path=true&lod=basic`,
			);
			expect(path.body.items.map((t: { id: string }) => t.id)).toEqual([
				root,
				eastReseller,
				tailspin,
			]);
		});

		it('lists offering items of a tenant when asked', async () => {
			const answer = await call(
				sim,
				'GET',
				`/tenants?uuids=${sim.childTenantIds[0]}&with_offering_items=true`,
			);
			const items = answer.body.items[0].offering_items;
			expect(items.map((i: { name: string }) => i.name)).toEqual(
				sim.liveUsage(sim.childTenantIds[0]).map((u) => u.name),
			);
			const [workstations] = sim.liveUsage(sim.childTenantIds[0]);
			expect(items[0]).toEqual({
				application_id: workstations.application_id,
				name: 'workstations',
				edition: 'standard',
				usage_name: 'workstations',
				tenant_id: sim.childTenantIds[0],
				status: workstations.offering_item!.status,
				type: 'count',
				measurement_unit: 'quantity',
				quota: workstations.offering_item!.quota,
			});
		});

		const invalidCases: Array<[string, string, number, string]> = [
			['no selection', '/tenants', 400, 'uuids'],
			[
				'two selections',
				`/tenants?uuids=${OTHER_TENANT}&parent_id=${OTHER_TENANT}`,
				400,
				'parent_id',
			],
			[
				'relative path with a parent',
				`/tenants?parent_id=${OTHER_TENANT}&include_relative_path=true`,
				400,
				'parent_id',
			],
			['malformed uuids', '/tenants?uuids=abc', 400, 'uuids'],
			[
				'101 uuids',
				`/tenants?uuids=${Array.from({ length: 101 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`).join(',')}`,
				400,
				'uuids',
			],
			['limit 0', `/tenants?parent_id=${OTHER_TENANT}&limit=0`, 400, 'limit'],
			['unknown lod', `/tenants?parent_id=${OTHER_TENANT}&lod=all`, 400, 'lod'],
			[
				'bad updated_since',
				`/tenants?parent_id=${OTHER_TENANT}&updated_since=yesterday`,
				400,
				'updated_since',
			],
			['a made-up cursor', '/tenants?after=bm90IGEgY3Vyc29y&limit=5', 400, 'after'],
			['a cursor without the page size', '/tenants?after=bm90IGEgY3Vyc29y', 400, 'limit'],
			['a parent outside the tree', `/tenants?parent_id=${OTHER_TENANT}`, 403, 'parent_id'],
			[
				'a subtree outside the tree',
				`/tenants?subtree_root_id=${OTHER_TENANT}`,
				403,
				'subtree_root_id',
			],
		];
		it.each(invalidCases)(
			'refuses %s, naming the parameter',
			async (_name, path, status, field) => {
				const answer = await call(sim, 'GET', path);
				expectApiError(answer, status, status === 403 ? 1002 : 400);
				expect(answer.body.error.details.field).toBe(field);
			},
		);

		it('refuses uuids with a tenant outside the tree, and a cursor of another endpoint', async () => {
			const foreign = await call(sim, 'GET', `/tenants?uuids=${root},${sim.foreignTenantId}`);
			expectApiError(foreign, 403, 1002);
			expect(foreign.body.error.details).toMatchObject({
				tenant_id: sim.foreignTenantId,
				field: 'uuids',
			});
			const users = await call(sim, 'GET', `/users?subtree_root_tenant_id=${root}&limit=1`);
			const crossed = await call(
				sim,
				'GET',
				`/tenants?after=${users.body.paging.cursors.after}&limit=1`,
			);
			expectApiError(crossed, 400, 400);
		});
	});

	describe('users', () => {
		it('GET /tenants/{id}/users lists user ids; grandchildren on request', async () => {
			const contoso = sim.childTenantIds[0];
			const own = sim.users().filter((u) => u.tenantId === contoso);
			const answer = await call(sim, 'GET', `/tenants/${contoso}/users?order=login`);
			const byLogin = [...own].sort((a, b) => a.login.localeCompare(b.login));
			expect(answer.body).toEqual({ items: byLogin.map((u) => u.id) });
			const withUnits = await call(
				sim,
				'GET',
				`/tenants/${contoso}/users?include_grand_children=true&order=as_is`,
			);
			const unitUser = sim.users().find((u) => u.login === 'frontdesk.downtown')!;
			expect(withUnits.body.items).toEqual([...own.map((u) => u.id), unitUser.id]);
			// for a partner, users of its folders (not of its customers)
			const rootUsers = await call(
				sim,
				'GET',
				`/tenants/${root}/users?include_grand_children=true`,
			);
			const folderUser = sim.users().find((u) => u.login === 'legal.coordinator')!;
			expect(rootUsers.body.items).toContain(folderUser.id);
			expect(rootUsers.body.items).toHaveLength(sim.recipientUserIds.length + 1);
		});

		it('GET /users/{id} answers the user schema with its contact', async () => {
			const chen = sim.users().find((u) => u.login === 'dr.chen')!;
			const answer = await call(sim, 'GET', `/users/${chen.id}`);
			expect(answer.status).toBe(200);
			expect(answer.body).toMatchObject({
				id: chen.id,
				tenant_id: sim.childTenantIds[0],
				login: 'dr.chen',
				enabled: true,
				activated: true,
				deleted_at: null,
				contact: { email: chen.contact.email, firstname: 'Li', lastname: 'Chen' },
				tenant_kind: 'customer',
				tenant_pricing_model: 'production',
				brand_id: expect.stringMatching(UUID),
			});
			expect(answer.body).not.toHaveProperty('access_policies');
			expectApiError(await call(sim, 'GET', `/users/${OTHER_TENANT}`), 403, 1002);
			expectApiError(await call(sim, 'GET', '/users/nobody'), 404, 404);
			expect((await call(sim, 'GET', '/users/me')).body.login).toBe('alex.morgan');
		});

		it('GET /users pages a subtree: every user exactly once', async () => {
			const pages = await allPages(
				sim,
				`/users?subtree_root_tenant_id=${root}&limit=4&lod=basic&with_access_policies=true`,
			);
			const items = pages.flatMap((p) => p.items);
			expect(items.map((u) => u.id)).toEqual(sim.users().map((u) => u.id));
			expect(items[0]).toMatchObject({
				login: 'alex.morgan',
				access_policies: [
					expect.objectContaining({ role_id: 'partner_admin', trustee_type: 'user' }),
				],
			});
			expect(items[0]).not.toHaveProperty('contact');
			for (const page of pages) expect(page.timestamp).toMatch(TIMESTAMP);
		});

		it('GET /users narrows to the organization, tenant kinds and roles', async () => {
			const contoso = sim.childTenantIds[0];
			const org = await call(
				sim,
				'GET',
				`/users?subtree_root_tenant_id=${contoso}&inside_organization=true&tenant_kinds=unit`,
			);
			expect(org.body.items.map((u: { login: string }) => u.login)).toEqual(['frontdesk.downtown']);
			const admins = await call(
				sim,
				'GET',
				`/users?subtree_root_tenant_id=${root}&inside_organization=true&access_policies=readonly_admin`,
			);
			expect(admins.body.items.map((u: { login: string }) => u.login)).toEqual(['jamie.lee']);
			const byIds = await call(
				sim,
				'GET',
				`/users?uuids=${sim.recipientUserIds.slice(0, 2).join(',')}`,
			);
			expect(byIds.body.items.map((u: { id: string }) => u.id)).toEqual(
				sim.recipientUserIds.slice(0, 2),
			);
			expectApiError(
				await call(sim, 'GET', `/users?subtree_root_tenant_id=${root}&tenant_kinds=unit`),
				400,
				400,
			);
			expectApiError(await call(sim, 'GET', '/users'), 400, 400);
			expectApiError(
				await call(sim, 'GET', `/users?subtree_root_tenant_id=${sim.foreignTenantId}`),
				403,
				1002,
			);
		});
	});

	describe('GET /search', () => {
		it('finds tenants by name and users by name, case-insensitively, with their path', async () => {
			const answer = await call(sim, 'GET', `/search?tenant=${root}&text=DENT`);
			expect(answer.status).toBe(200);
			const found = answer.body.items.map(
				(i: { obj_type: string; name?: string; login?: string }) =>
					i.obj_type === 'tenant' ? i.name : `user ${i.login}`,
			);
			expect(found).toEqual([
				'Contoso Dental Clinic',
				'Contoso Dental Downtown Office',
				'Contoso Dental Westside Office',
				'Harbor View Family Dentistry',
				'user dr.chen',
				'user reception',
				'user frontdesk.downtown',
			]);
			expect(answer.body.items[3]).toEqual({
				obj_type: 'tenant',
				id: expect.stringMatching(UUID),
				parent_id: expect.stringMatching(UUID),
				path: ['Northwind IT Services', 'Northwind East Reseller', 'East Healthcare'],
				kind: 'customer',
				name: 'Harbor View Family Dentistry',
				first_name: expect.any(String),
				last_name: expect.any(String),
				deleted_at: null,
			});
			expect(answer.body.items[4]).toEqual({
				obj_type: 'user',
				id: expect.stringMatching(UUID),
				parent_id: sim.childTenantIds[0],
				path: ['Northwind IT Services', 'Contoso Dental Clinic'],
				login: 'dr.chen',
				first_name: 'Li',
				last_name: 'Chen',
				deleted_at: null,
			});
		});

		it('matches customer ids, contact e-mails and non-ASCII names; limit caps the answer', async () => {
			const muller = sim.tenants().find((t) => t.name === 'Bäckerei Müller GmbH')!;
			const byCustomerId = await call(
				sim,
				'GET',
				`/search?tenant=${root}&text=${muller.customerId}`,
			);
			expect(byCustomerId.body.items.map((i: { id: string }) => i.id)).toEqual([muller.id]);
			const byName = await call(
				sim,
				'GET',
				`/search?tenant=${root}&text=${encodeURIComponent('müller')}`,
			);
			expect(byName.body.items.map((i: { obj_type: string }) => i.obj_type)).toEqual([
				'tenant',
				'user',
			]);
			const byEmail = await call(
				sim,
				'GET',
				`/search?tenant=${root}&text=${encodeURIComponent(muller.contact.email)}`,
			);
			expect(byEmail.body.items[0].id).toBe(muller.id);
			// "com" starts a word of every contact's e-mail address.
			const many = await call(sim, 'GET', `/search?tenant=${root}&text=com`);
			expect(many.body.items).toHaveLength(10);
			const three = await call(sim, 'GET', `/search?tenant=${root}&text=com&limit=3`);
			expect(three.body.items).toEqual(many.body.items.slice(0, 3));
		});

		it('matches the start of words, as Acronis documents, and refuses text under three characters', async () => {
			const found = async (text: string) =>
				(
					await call(
						sim,
						'GET',
						`/search?tenant=${root}&text=${encodeURIComponent(text)}&limit=100`,
					)
				).body.items.map((item: { name?: string; login?: string }) => item.name ?? item.login);
			const contosoDental = await found('conto dent');
			expect(contosoDental).toEqual(
				expect.arrayContaining(['Contoso Dental Clinic', 'Contoso Dental Downtown Office']),
			);
			expect(contosoDental).not.toContain('Contoso Pharmaceuticals');
			expect(await found('ental')).toEqual([]);
			expect(await found('DENTAL CONTOSO')).toEqual(contosoDental);
			const short = await call(sim, 'GET', `/search?tenant=${root}&text=de`);
			expectApiError(short, 400, 400);
			expect(short.body.error.details.field).toBe('text');
		});

		it('searches only below the given tenant, never outside the tree', async () => {
			const east = sim.tenants().find((t) => t.name === 'Northwind East Reseller')!;
			const inEast = await call(sim, 'GET', `/search?tenant=${east.id}&text=dent&limit=50`);
			expect(
				inEast.body.items.map((i: { name?: string; login?: string }) => i.name ?? i.login),
			).toEqual(['Harbor View Family Dentistry']);
			expect(inEast.body.items[0].path).toEqual(['Northwind East Reseller', 'East Healthcare']);
			expect((await call(sim, 'GET', `/search?tenant=${root}&text=Bellows`)).body).toEqual({
				items: [],
			});
			expect((await call(sim, 'GET', `/search?tenant=${root}&text=litware`)).body).toEqual({
				items: [],
			});
			expectApiError(
				await call(sim, 'GET', `/search?tenant=${sim.foreignTenantId}&text=a`),
				403,
				1002,
			);
			const noText = await call(sim, 'GET', `/search?tenant=${root}`);
			expectApiError(noText, 400, 400);
			expect(noText.body.error.details.field).toBe('text');
			expectApiError(await call(sim, 'GET', '/search?text=a'), 400, 400);
		});
	});

	it('records the new endpoints in the request log with their query', async () => {
		await call(sim, 'GET', `/search?tenant=${root}&text=kim`);
		await call(sim, 'GET', `/tenants?uuids=${root}`);
		expect(sim.requests.map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', '/api/2/search', { tenant: root, text: 'kim' }],
			['GET', '/api/2/tenants', { uuids: root }],
		]);
	});
});
