import { expectError, expectStatus } from './support/expect';
import {
  bearer,
  buildDistrict,
  provisionTenant,
  startTestApp,
  type TestApp,
  type TestTenant,
} from './support/test-app';

type District = Awaited<ReturnType<typeof buildDistrict>>;

/**
 * `?sort=` on the core lists: a whitelist per list (an unknown value is a 400 listing the allowed
 * ones), both directions, cursor pages that keep the order, and the scope rules unchanged.
 */
describe('sorting the core lists', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let d: District;

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await provisionTenant(t, 'sort');
    d = await buildDistrict(t, tenant);
    // Display names out of username order, so the two sorts differ.
    const names: [string, string][] = [
      ['zhao', 'A 赵'],
      ['qian', 'D 钱'],
      ['sun', 'B 孙'],
      ['li', 'C 李'],
    ];
    for (const [username, displayName] of names)
      await t.http
        .post('/api/v1/users')
        .set(bearer(tenant.adminToken))
        .send({ username, displayName, password: 'Tongxin-sort-2026', orgUnitId: d.gridA.id })
        .expect(201);
    for (const name of ['丙 城管局', '甲 民政局', '乙 公安分局'])
      await t.http
        .post('/api/v1/partner-bodies')
        .set(bearer(tenant.adminToken))
        .send({ type: 'department', name })
        .expect(201);
  });

  afterAll(async () => {
    await t?.close();
  });

  /** Every page, `limit` at a time, following the cursor; the field of each item. */
  async function pages(token: string, path: string, field: string, limit = 2): Promise<string[]> {
    const values: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 100; i++) {
      const sep = path.includes('?') ? '&' : '?';
      const res = await t.http
        .get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)
        .set(bearer(token));
      expectStatus(res, 200);
      values.push(...(res.body.items as Record<string, string>[]).map((item) => item[field]!));
      cursor = res.body.nextCursor as string | null;
      if (!cursor) return values;
    }
    throw new Error('too many pages');
  }
  const sorted = (values: string[]) => [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  it('users by username or display name, both ways, page by page, within scope', async () => {
    const all = await pages(tenant.adminToken, '/api/v1/users', 'username', 200);
    expect(all.length).toBeGreaterThanOrEqual(8);
    const byName = await pages(tenant.adminToken, '/api/v1/users?sort=username', 'username');
    expect(byName).toEqual(sorted(all));
    expect(await pages(tenant.adminToken, '/api/v1/users?sort=-username', 'username')).toEqual(
      [...sorted(all)].reverse(),
    );
    const display = await pages(tenant.adminToken, '/api/v1/users?sort=displayName', 'displayName');
    expect(display).toEqual(sorted(display));
    expect(display.filter((n) => /^[A-D] /.test(n))).toEqual(['A 赵', 'B 孙', 'C 李', 'D 钱']);
    // Scope: street B's staff see only their street's people, sorted the same way.
    const streetB = await pages(d.streetStaffB.token, '/api/v1/users?sort=-username', 'username');
    expect(streetB).toEqual(['streetB']);
    // The default order stays creation order, oldest first.
    expect(await pages(tenant.adminToken, '/api/v1/users?sort=createdAt', 'username')).toEqual(all);
    expect(await pages(tenant.adminToken, '/api/v1/users?sort=-createdAt', 'username')).toEqual([...all].reverse());
  });

  it('units by code and name, the descendants too', async () => {
    const codes = await pages(tenant.adminToken, '/api/v1/org-units?sort=code', 'code');
    expect(codes).toEqual(sorted(codes));
    expect(codes.length).toBe(9);
    expect(await pages(tenant.adminToken, '/api/v1/org-units?sort=-code', 'code')).toEqual([...codes].reverse());
    const names = await pages(tenant.adminToken, '/api/v1/org-units?sort=-name', 'name');
    expect(names).toEqual([...sorted(names)].reverse());
    const below = await pages(tenant.adminToken, `/api/v1/org-units/${d.streetA.id}/descendants?sort=-code`, 'code');
    expect(below).toEqual([`${tenant.code}-A1-2`, `${tenant.code}-A1-1-1`, `${tenant.code}-A1-1`, `${tenant.code}-A1`]);
    // A community's staff sort only their own subtree.
    expect(await pages(d.communityStaffA.token, '/api/v1/org-units?sort=code', 'code')).toEqual([
      `${tenant.code}-A1`,
      `${tenant.code}-A1-1`,
      `${tenant.code}-A1-1-1`,
      `${tenant.code}-A1-2`,
    ]);
  });

  it('partner bodies by name; assignments, the audit trail and the inbox by time', async () => {
    expect(await pages(tenant.adminToken, '/api/v1/partner-bodies?sort=name', 'name')).toEqual([
      '丙 城管局',
      '乙 公安分局',
      '甲 民政局',
    ]);
    const assignments = await pages(tenant.adminToken, '/api/v1/role-assignments', 'id', 200);
    expect(await pages(tenant.adminToken, '/api/v1/role-assignments?sort=-createdAt', 'id')).toEqual(
      [...assignments].reverse(),
    );
    const newest = await pages(tenant.adminToken, '/api/v1/audit-events?action=user.create', 'id', 200);
    expect(newest.length).toBeGreaterThanOrEqual(8);
    expect(newest).toEqual([...sorted(newest)].reverse());
    expect(await pages(tenant.adminToken, '/api/v1/audit-events?action=user.create&sort=createdAt', 'id')).toEqual(
      [...newest].reverse(),
    );
    // The inbox takes the same parameter (empty here, but checked).
    expectStatus(await t.http.get('/api/v1/notifications?sort=createdAt').set(bearer(tenant.adminToken)), 200);
  });

  it.each([
    ['/api/v1/users', ['createdAt', '-createdAt', 'username', '-username', 'displayName', '-displayName']],
    ['/api/v1/org-units', ['createdAt', '-createdAt', 'code', '-code', 'name', '-name']],
    ['/api/v1/partner-bodies', ['createdAt', '-createdAt', 'name', '-name']],
    ['/api/v1/role-assignments', ['createdAt', '-createdAt']],
    ['/api/v1/audit-events', ['createdAt', '-createdAt']],
    ['/api/v1/notifications', ['createdAt', '-createdAt']],
  ])('%s refuses an unknown sort, listing the allowed ones', async (path, allowed) => {
    const res = await t.http.get(`${path}?sort=phone`).set(bearer(tenant.adminToken));
    expectError(res, 400, 'INVALID_SORT');
    expect(res.body.details).toEqual({ allowed });
    expect(res.body.message).toBe(`不能按“phone”排序，可选：${allowed.join(', ')}`);
  });

  it('refuses a cursor made for another order', async () => {
    const first = await t.http.get('/api/v1/users?sort=username&limit=1').set(bearer(tenant.adminToken)).expect(200);
    const cursor = first.body.nextCursor as string;
    expectError(
      await t.http.get(`/api/v1/users?sort=-displayName&cursor=${cursor}`).set(bearer(tenant.adminToken)),
      400,
      'INVALID_CURSOR',
    );
    expectError(
      await t.http.get(`/api/v1/users?cursor=${cursor}`).set(bearer(tenant.adminToken)),
      400,
      'INVALID_CURSOR',
    );
    const en = await t.http.get('/api/v1/users?sort=phone').set(bearer(tenant.adminToken)).set('Accept-Language', 'en');
    expect(en.body.message).toBe(
      'Cannot sort by "phone"; allowed: createdAt, -createdAt, username, -username, displayName, -displayName',
    );
  });
});
