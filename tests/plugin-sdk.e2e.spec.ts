import { PluginRuntime } from '@tongxin/plugin-host';
import probe from './fixtures/plugins/probe/src/index';
import { bearer, enablePlugin, buildDistrict, provisionTenant, startTestApp, type TestApp } from './support/test-app';
import { OwnerDb } from './support/owner-db';

/** What the SDK tells a plugin about its caller, and what it refuses to let a plugin publish. */
describe('plugin SDK', () => {
  let t: TestApp;
  const db = new OwnerDb();
  beforeAll(async () => {
    t = await startTestApp({}, { plugins: [probe] });
  });
  afterAll(async () => {
    await t.close();
    await db.close();
  });
  // The owner role sees every tenant's outbox (the sweeps run as it): filter by tenant explicitly.
  const outbox = (tenantId: string) =>
    db.query(tenantId, 'select name, version from outbox_messages where tenant_id = $1', [tenantId]);

  it('gives a plugin the caller, the district and the caller’s scope for a permission', async () => {
    const tenant = await provisionTenant(t, 'sdk');
    const d = await buildDistrict(t, tenant);
    await enablePlugin(t, tenant, 'probe');

    const street = await t.http.get('/api/v1/plugins/probe/records/context').set(bearer(d.streetStaffA.token));
    expect(street.status).toBe(200);
    expect(street.body).toEqual({
      user: { id: d.streetStaffA.id, username: 'streetA', orgUnitId: d.streetA.id },
      rootUnitId: tenant.rootUnitId,
      readableUnits: [{ unitId: d.streetA.id, level: 2 }],
    });
    const admin = await t.http.get('/api/v1/plugins/probe/records/context').set(bearer(tenant.adminToken));
    expect(admin.body.readableUnits).toEqual([{ unitId: tenant.rootUnitId, level: 1 }]);
  });

  it('reads a record in scope, and names the plugin’s entity in the 404 for one out of scope', async () => {
    const tenant = await provisionTenant(t, 'sdk404');
    const d = await buildDistrict(t, tenant);
    await enablePlugin(t, tenant, 'probe');
    const created = await t.http
      .post('/api/v1/plugins/probe/records')
      .set(bearer(tenant.adminToken))
      .send({ unitId: d.gridA.id, label: '网格记录' })
      .expect(201);
    const mine = await t.http.get(`/api/v1/plugins/probe/records/${created.body.id}`).set(bearer(d.streetStaffA.token));
    expect(mine.body).toEqual({ id: created.body.id, origin: 'request', label: '网格记录' });
    const theirs = await t.http
      .get(`/api/v1/plugins/probe/records/${created.body.id}`)
      .set(bearer(d.streetStaffB.token));
    expect(theirs.status).toBe(404);
    expect(theirs.body).toMatchObject({ code: 'NOT_FOUND', message: '未找到探针记录' });
    const en = await t.http
      .get('/api/v1/plugins/probe/records/01234567-89ab-7def-8123-456789abcdef')
      .set(bearer(tenant.adminToken))
      .set('Accept-Language', 'en');
    expect(en.body).toMatchObject({ code: 'NOT_FOUND', message: 'Probe record not found' });
  });

  it('refuses to publish an event whose payload breaks its declared schema, and writes nothing', async () => {
    const tenant = await provisionTenant(t, 'sdkev');
    const runtime = t.app.get(PluginRuntime);
    const publish = (payload: Record<string, unknown>) =>
      runtime.transaction(tenant.id, probe, { userId: null, requestId: null }, (tx) =>
        tx.events.publish('recorded', 1, payload),
      );
    await expect(publish({ recordId: 'not-a-uuid', unitId: tenant.rootUnitId, label: 'x' })).rejects.toThrow(
      /probe\.recorded v1 payload is invalid: recordId/,
    );
    await expect(publish({ recordId: tenant.rootUnitId, unitId: tenant.rootUnitId })).rejects.toThrow(/label/);
    // Undeclared events and versions are the publisher's bug too.
    await expect(
      runtime.transaction(tenant.id, probe, { userId: null, requestId: null }, (tx) =>
        tx.events.publish('recorded', 2, {}),
      ),
    ).rejects.toThrow(/without declaring it/);
    expect(await outbox(tenant.id)).toEqual([]);

    await publish({ recordId: tenant.rootUnitId, unitId: tenant.rootUnitId, label: 'ok' });
    expect(await outbox(tenant.id)).toEqual([{ name: 'probe.recorded', version: 1 }]);
  });
});
