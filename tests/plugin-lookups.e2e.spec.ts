import { PluginRuntime } from '@tongxin/plugin-host';
import type { PluginTx } from '@tongxin/plugin-sdk';
import probe from './fixtures/plugins/probe/src/index';
import {
  bearer,
  buildDistrict,
  createStaff,
  enablePlugin,
  provisionTenant,
  startTestApp,
  type TestApp,
  type TestTenant,
} from './support/test-app';

const READ = 'plugin:probe.record.read';
type TxActor = Parameters<PluginRuntime['transaction']>[2];
const SYSTEM: TxActor = { userId: null, requestId: null };

/**
 * SDK 1.2's lookups: tx.users.list (as the caller may see), tx.users.recipients (whom to tell),
 * tx.names (one statement), and the preferred language users set on their accounts.
 */
describe('plugin SDK lookups', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let d: Awaited<ReturnType<typeof buildDistrict>>;
  let memberB: { id: string; token: string };
  let department: string;
  let deptStaff: { id: string; token: string };

  beforeAll(async () => {
    t = await startTestApp({}, { plugins: [probe] });
    tenant = await provisionTenant(t, 'look');
    d = await buildDistrict(t, tenant);
    memberB = await createStaff(t, tenant, 'memberB', 'party_member', d.communityB.id);
    const body = await t.http
      .post('/api/v1/partner-bodies')
      .set(bearer(tenant.adminToken))
      .send({ type: 'department', name: '区城市管理局' })
      .expect(201);
    department = body.body.id;
    deptStaff = await createStaff(t, tenant, 'dept1', 'district_staff', tenant.rootUnitId);
    await t.http
      .patch(`/api/v1/users/${deptStaff.id}`)
      .set(bearer(tenant.adminToken))
      .send({ partnerBodyId: department })
      .expect(200);
    await enablePlugin(t, tenant, 'probe');
    // Another district with the same usernames and roles, and the plugin on.
    other = await provisionTenant(t, 'look-other');
    await buildDistrict(t, other);
    await enablePlugin(t, other, 'probe');
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  const people = async (token: string, query: Record<string, string>) => {
    const res = await t.http.get('/api/v1/plugins/probe/records/people').query(query).set(bearer(token));
    expect(res.status).toBe(200);
    return res.body.usernames as string[];
  };
  const system = <T>(work: (tx: PluginTx) => Promise<T>, actor: TxActor = SYSTEM, on: TestTenant = tenant) =>
    t.app.get(PluginRuntime).transaction(on.id, probe, actor, work);

  it('lists holders of a role only where the caller may see users: street A never gets street B’s', async () => {
    expect(await people(tenant.adminToken, { role: 'street_staff' })).toEqual(['streetA', 'streetB']);
    expect(await people(d.streetStaffA.token, { role: 'street_staff' })).toEqual(['streetA']);
    expect(await people(d.streetStaffB.token, { role: 'street_staff' })).toEqual(['streetB']);
    // The party member lives in street B: street A's staff cannot list them, street B's can.
    expect(await people(d.streetStaffA.token, { role: 'party_member' })).toEqual([]);
    expect(await people(d.streetStaffB.token, { role: 'party_member' })).toEqual(['memberB']);
  });

  it('lists holders of a permission with the default grants of system roles, within the caller’s scope', async () => {
    // record.read is stored on no role: district_admin, community_staff and street_staff hold it by default.
    expect(await people(tenant.adminToken, { permission: READ })).toEqual([
      'admin',
      'communityA',
      'streetA',
      'streetB',
    ]);
    expect(await people(d.streetStaffA.token, { permission: READ })).toEqual(['communityA', 'streetA']);
    // A core permission stored on the roles.
    expect(await people(tenant.adminToken, { permission: 'user.write' })).toEqual([
      'admin',
      'communityA',
      'streetA',
      'streetB',
    ]);
    // An unknown permission is held by nobody.
    expect(await people(tenant.adminToken, { permission: 'plugin:probe.nothing.here' })).toEqual([]);
  });

  it('filters by home unit, partner body and status', async () => {
    expect(await people(tenant.adminToken, { unitId: d.gridA.id })).toEqual(['workerA']);
    expect(await people(tenant.adminToken, { partnerBodyId: department })).toEqual(['dept1']);
    await t.http
      .patch(`/api/v1/users/${d.gridWorkerA.id}`)
      .set(bearer(tenant.adminToken))
      .send({ status: 'disabled' })
      .expect(200);
    expect(await people(tenant.adminToken, { unitId: d.gridA.id, status: 'active' })).toEqual([]);
    expect(await people(tenant.adminToken, { unitId: d.gridA.id, status: 'disabled' })).toEqual(['workerA']);
    await t.http
      .patch(`/api/v1/users/${d.gridWorkerA.id}`)
      .set(bearer(tenant.adminToken))
      .send({ status: 'active' })
      .expect(200);
  });

  it('gives the system every user of its district and none of another’s; an anonymous caller nobody', async () => {
    const mine = await system((tx) => tx.users.list({ role: 'street_staff' }));
    expect(mine.map((u) => u.id).sort()).toEqual([d.streetStaffA.id, d.streetStaffB.id].sort());
    expect(mine[0]).toEqual(
      expect.objectContaining({ status: 'active', preferredLanguage: 'zh-CN', displayName: expect.any(String) }),
    );
    const theirs = await system((tx) => tx.users.recipients({ role: 'street_staff' }), SYSTEM, other);
    expect(theirs).toHaveLength(2);
    expect(theirs).not.toContain(d.streetStaffA.id);
    expect(await system((tx) => tx.users.list({}), { ...SYSTEM, anonymous: true })).toEqual([]);
  });

  it('tells recipients whoever asks, ids only, and nobody for a permission of a disabled plugin', async () => {
    // Street A's staff may not list the department's people, but a call to the department reaches them.
    expect(await people(d.streetStaffA.token, { partnerBodyId: department })).toEqual([]);
    expect(await system((tx) => tx.users.recipients({ partnerBodyId: [department], status: 'active' }))).toEqual([
      deptStaff.id,
    ]);
    expect(await system((tx) => tx.users.recipients({ role: 'party_member' }))).toEqual([memberB.id]);
    expect((await system((tx) => tx.users.recipients({ permission: READ }))).length).toBe(4);
    await t.http.post('/api/v1/plugins/probe/disable').set(bearer(tenant.adminToken)).expect(200);
    try {
      expect(await system((tx) => tx.users.recipients({ permission: READ }))).toEqual([]);
    } finally {
      await enablePlugin(t, tenant, 'probe');
    }
  });

  it('names units, partner bodies and users in one statement, and nothing of another district', async () => {
    const otherRoot = other.rootUnitId;
    let statements = 0;
    const names = await system(async (tx) => {
      const query = tx.em.query.bind(tx.em);
      (tx.em as { query: unknown }).query = (...args: Parameters<typeof query>) => {
        statements++;
        return query(...args);
      };
      return tx.names({
        units: [d.streetA.id, d.gridA.id, otherRoot, null],
        partnerBodies: [department, department],
        users: [d.streetStaffA.id, other.adminUserId, 'not-a-uuid'],
      });
    });
    expect(statements).toBe(1);
    expect(names).toEqual({
      units: new Map([
        [d.streetA.id, '街道A'],
        [d.gridA.id, '网格A1-1'],
      ]),
      partnerBodies: new Map([[department, '区城市管理局']]),
      users: new Map([[d.streetStaffA.id, 'streetA']]),
    });
    let none = 0;
    await system(async (tx) => {
      const query = tx.em.query.bind(tx.em);
      (tx.em as { query: unknown }).query = (...args: Parameters<typeof query>) => {
        none++;
        return query(...args);
      };
      return tx.names({ units: [], users: [null] });
    });
    expect(none).toBe(0);
  });

  it('keeps a preferred language on the account: set on one’s own profile or by a manager, shown in user views', async () => {
    const me = await t.http.get('/api/v1/auth/me').set(bearer(d.streetStaffA.token)).expect(200);
    expect(me.body.preferredLanguage).toBe('zh-CN');
    const changed = await t.http
      .patch('/api/v1/auth/me')
      .set(bearer(d.streetStaffA.token))
      .send({ preferredLanguage: 'en' })
      .expect(200);
    expect(changed.body).toEqual(expect.objectContaining({ id: d.streetStaffA.id, preferredLanguage: 'en' }));
    const seen = await t.http.get(`/api/v1/users/${d.streetStaffA.id}`).set(bearer(tenant.adminToken)).expect(200);
    expect(seen.body.preferredLanguage).toBe('en');
    expect((await system((tx) => tx.users.require(d.streetStaffA.id))).preferredLanguage).toBe('en');

    const bad = await t.http
      .patch('/api/v1/auth/me')
      .set(bearer(d.streetStaffA.token))
      .send({ preferredLanguage: 'fr' });
    expect(bad.status).toBe(400);
    const byManager = await t.http
      .patch(`/api/v1/users/${d.streetStaffA.id}`)
      .set(bearer(tenant.adminToken))
      .send({ preferredLanguage: 'zh-CN' })
      .expect(200);
    expect(byManager.body.preferredLanguage).toBe('zh-CN');
    // Someone without user.write over the account cannot change it for them.
    await t.http
      .patch(`/api/v1/users/${d.streetStaffB.id}`)
      .set(bearer(d.streetStaffA.token))
      .send({ preferredLanguage: 'en' })
      .expect(404);
  });
});
