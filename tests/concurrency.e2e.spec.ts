import { bearer, provisionTenant, startTestApp, type TestApp, type TestTenant } from './support/test-app';
import { expectError } from './support/expect';

/**
 * Two clients racing for the same natural key both pass the service's own check; the database's
 * unique index decides, and the loser must get the same 409 a sequential caller would, never a 500.
 */
describe('concurrent writes to the same natural key', () => {
  let t: TestApp;
  let tenant: TestTenant;
  beforeAll(async () => {
    t = await startTestApp();
    tenant = await provisionTenant(t, 'race');
  });
  afterAll(() => t.close());

  it('creates a unit code once when eight requests race for it', async () => {
    const code = `${tenant.code}-RACE`;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.http
          .post('/api/v1/org-units')
          .set(bearer(tenant.adminToken))
          .send({ parentId: tenant.rootUnitId, code, name: `街道${i}` }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of results.filter((r) => r.status !== 201)) {
      expectError(r, 409, 'DUPLICATE');
      expect(r.body.message).toContain(code);
    }
    const list = await t.http.get('/api/v1/org-units').query({ q: code }).set(bearer(tenant.adminToken)).expect(200);
    expect(list.body.items).toHaveLength(1);
  });

  it('creates a username once when requests race for it', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.http
          .post('/api/v1/users')
          .set(bearer(tenant.adminToken))
          .set('Accept-Language', 'en')
          .send({ username: 'racer', displayName: '赛跑者', password: 'Passw0rd-2026', orgUnitId: tenant.rootUnitId }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of results.filter((r) => r.status !== 201)) {
      expectError(r, 409, 'DUPLICATE');
      expect(r.body.message).toBe('username already exists: racer');
    }
  });
});
