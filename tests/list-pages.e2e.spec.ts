import { expectError, expectStatus, listAll } from './support/expect';
import {
  bearer,
  enablePlugin,
  operatorToken,
  provisionTenant,
  startTestApp,
  type TestApp,
  type TestTenant,
} from './support/test-app';

/**
 * The lists that used to answer bare arrays (roles, permissions, plugins, indicators, partner
 * types, tenants) and the grid's lists that answered one whole page: each answers
 * `{ items, nextCursor }`, and `limit` and `cursor` page through exactly the whole list.
 */
describe('list envelopes: limit and cursor page through every list', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let ops: string;

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await provisionTenant(t, 'pages');
    // A second district, so the operators' tenant list has more than one page at limit=1.
    await provisionTenant(t, 'pages-b');
    await enablePlugin(t, tenant, 'grid');
    await enablePlugin(t, tenant, 'dual-report');
    ops = await operatorToken(t);
  });
  afterAll(() => t.close());

  const lists: [string, () => string][] = [
    ['/api/v1/roles', () => tenant.adminToken],
    ['/api/v1/permissions', () => tenant.adminToken],
    ['/api/v1/plugins', () => tenant.adminToken],
    ['/api/v1/indicators', () => tenant.adminToken],
    ['/api/v1/partner-types', () => tenant.adminToken],
    ['/api/v1/platform/tenants', () => ops],
    ['/api/v1/plugins/grid/items', () => tenant.adminToken],
  ];

  it.each(lists)('%s: pages of 1 follow nextCursor to exactly the whole list', async (path, token) => {
    const whole = await t.http.get(`${path}?limit=200`).set(bearer(token()));
    expectStatus(whole, 200);
    expect(Object.keys(whole.body).sort()).toEqual(['items', 'nextCursor']);
    const all = whole.body.items as unknown[];
    expect(all.length).toBeGreaterThan(1);

    const first = await t.http.get(`${path}?limit=1`).set(bearer(token()));
    expectStatus(first, 200);
    expect(first.body.items).toEqual([all[0]]);
    expect(first.body.nextCursor).toEqual(expect.any(String));

    const paged: unknown[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `${path}?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await t.http.get(url).set(bearer(token()));
      expectStatus(res, 200);
      expect((res.body.items as unknown[]).length).toBe(1);
      paged.push(...(res.body.items as unknown[]));
      cursor = res.body.nextCursor as string | null;
      pages++;
    } while (cursor && pages < 500);
    // The platform's tenant list grows while other test files run: compare what both reads saw.
    if (path === '/api/v1/platform/tenants') expect(paged).toEqual(expect.arrayContaining(all));
    else expect(paged).toEqual(all);
    expect(pages).toBe(paged.length);
  });

  it.each(lists)('%s: refuses a cursor it did not make and a limit out of range', async (path, token) => {
    expectError(await t.http.get(`${path}?cursor=not-a-cursor`).set(bearer(token())), 400, 'INVALID_CURSOR');
    expectError(await t.http.get(`${path}?limit=0`).set(bearer(token())), 400, 'VALIDATION_FAILED');
    expectError(await t.http.get(`${path}?limit=201`).set(bearer(token())), 400, 'VALIDATION_FAILED');
  });

  it('answers a page past the end of a shrunk list as an empty last page', async () => {
    const cursor = Buffer.from('o:100000', 'utf8').toString('base64url');
    const res = await t.http.get(`/api/v1/roles?cursor=${cursor}`).set(bearer(tenant.adminToken));
    expectStatus(res, 200);
    expect(res.body).toEqual({ items: [], nextCursor: null });
  });

  it('pages the grid’s departments and the tenants as the test helpers read them', async () => {
    const departments = await t.http.get('/api/v1/plugins/grid/departments?limit=5').set(bearer(tenant.adminToken));
    expectStatus(departments, 200);
    expect(Object.keys(departments.body).sort()).toEqual(['items', 'nextCursor']);
    const tenants = await listAll(t, ops, '/api/v1/platform/tenants');
    expect(tenants.map((x) => x.id)).toContain(tenant.id);
  });
});
