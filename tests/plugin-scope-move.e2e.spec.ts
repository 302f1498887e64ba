import probe from './fixtures/plugins/probe/src/index';
import { bearer, enablePlugin, buildDistrict, provisionTenant, startTestApp, type TestApp } from './support/test-app';

/** A subtree move rewrites the scope columns of plugins' rows too, so scoped lists stay right. */
describe('moving a subtree carries plugin rows with it', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { plugins: [probe] });
  });
  afterAll(() => t.close());

  it('a record filed in a grid follows its community to the new street', async () => {
    const tenant = await provisionTenant(t, 'move');
    const d = await buildDistrict(t, tenant);
    await enablePlugin(t, tenant, 'probe');
    const created = await t.http
      .post('/api/v1/plugins/probe/records')
      .set(bearer(tenant.adminToken))
      .send({ unitId: d.gridA.id, label: '搬迁前的记录' })
      .expect(201);
    const idsSeenBy = async (token: string) =>
      ((await t.http.get('/api/v1/plugins/probe/records').set(bearer(token)).expect(200)).body as { id: string }[]).map(
        (r) => r.id,
      );
    expect(await idsSeenBy(d.streetStaffA.token)).toContain(created.body.id);
    expect(await idsSeenBy(d.streetStaffB.token)).not.toContain(created.body.id);

    await t.http
      .post(`/api/v1/org-units/${d.communityA.id}/move`)
      .set(bearer(tenant.adminToken))
      .send({ parentId: d.streetB.id })
      .expect(200);

    expect(await idsSeenBy(d.streetStaffB.token)).toContain(created.body.id);
    expect(await idsSeenBy(d.streetStaffA.token)).not.toContain(created.body.id);
  });
});
