import type { PluginManifest } from '@tongxin/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import { expectError, expectStatus } from './support/expect';
import {
  bearer,
  buildDistrict,
  createStaff,
  enablePlugin,
  PASSWORD,
  provisionTenant,
  startTestApp,
  testCatalog,
  type TestApp,
  type TestTenant,
} from './support/test-app';

/**
 * Granting, revoking, editing custom roles and managing accounts compare what roles grant in the
 * tenant: stored permissions plus every enabled plugin's default grants. Before, they compared
 * stored permissions only, so street staff granted themselves community_staff and gained the
 * dual-report permissions community staff hold by default (registration.review, call.post, …),
 * and could reset the password of a community-staff account that held them.
 *
 * The tables run every role the tenant has (system and contributed) against every granter level,
 * and check every plugin permission: a granter ends a self-grant holding exactly what they held
 * before, and is refused exactly when the role grants something they lack over the unit.
 */

const EXAMPLE = './examples/volunteer-points';
const PLUGINS = ['grid', 'dual-report', 'volunteer-points'];

interface RoleRow {
  id: string;
  key: string;
  system: boolean;
  permissions: string[];
}

interface Grant {
  unitId: string;
  level: number;
  permissions: string[];
}

interface Actor {
  label: string;
  userId: string;
  token: string;
  /** The unit the actor is assigned at: where they grant, revoke and manage. */
  unitId: string;
  /** A unit under it, for moves (null at the bottom of the tree). */
  childId: string | null;
}

describe('role grants and account management compare effective permissions', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let d: Awaited<ReturnType<typeof buildDistrict>>;
  let manifests: PluginManifest[];
  let roles: RoleRow[];
  let actors: Actor[];
  /** Each unit's ancestors and itself: which assignments cover it. */
  const chain = new Map<string, string[]>();
  let seq = 0;

  const admin = () => tenant.adminToken;
  const roleByKey = (key: string) => roles.find((r) => r.key === key)!;

  async function me(token: string): Promise<Grant[]> {
    const res = await t.http.get('/api/v1/auth/me').set(bearer(token));
    expectStatus(res, 200);
    return res.body.grants as Grant[];
  }

  /** What the caller holds over `unitId`: every permission of every assignment covering it. */
  async function heldAt(token: string, unitId: string): Promise<Set<string>> {
    const covering = chain.get(unitId)!;
    return new Set((await me(token)).filter((g) => covering.includes(g.unitId)).flatMap((g) => g.permissions));
  }

  async function newUser(unitId: string): Promise<string> {
    const res = await t.http
      .post('/api/v1/users')
      .set(bearer(admin()))
      .send({
        username: `target${++seq}-${uuidv7().slice(-6)}`,
        displayName: `对象${seq}`,
        password: PASSWORD,
        orgUnitId: unitId,
      });
    expectStatus(res, 201);
    return res.body.id as string;
  }

  async function grantAsAdmin(userId: string, roleId: string, orgUnitId: string): Promise<string> {
    const res = await t.http.post('/api/v1/role-assignments').set(bearer(admin())).send({ userId, roleId, orgUnitId });
    expectStatus(res, 201);
    return res.body.id as string;
  }

  const revokeAsAdmin = async (assignmentId: string) =>
    expectStatus(await t.http.delete(`/api/v1/role-assignments/${assignmentId}`).set(bearer(admin())), 204);

  async function activeAssignments(userId: string, roleId: string): Promise<string[]> {
    const res = await t.http.get(`/api/v1/role-assignments?userId=${userId}&roleId=${roleId}`).set(bearer(admin()));
    expectStatus(res, 200);
    return (res.body.items as { id: string }[]).map((a) => a.id);
  }

  /** The permission a PERMISSION_NOT_HELD / USER_OUTRANKS_CALLER refusal names (English message). */
  const named = (message: string) => /\b(plugin:[\w.-]+|[a-z]+\.[a-z]+)\b/.exec(message)?.[1];

  beforeAll(async () => {
    t = await startTestApp({ TONGXIN_PLUGINS: EXAMPLE });
    manifests = (await testCatalog(undefined, { ...process.env, TONGXIN_PLUGINS: EXAMPLE })).installed();
    expect(manifests.map((m) => m.id).sort()).toEqual([...PLUGINS].sort());
    tenant = await provisionTenant(t, 'grants');
    for (const id of PLUGINS) await enablePlugin(t, tenant, id);
    d = await buildDistrict(t, tenant);
    const root = tenant.rootUnitId;
    chain.set(root, [root]);
    chain.set(d.streetA.id, [root, d.streetA.id]);
    chain.set(d.communityA.id, [root, d.streetA.id, d.communityA.id]);
    chain.set(d.gridA.id, [root, d.streetA.id, d.communityA.id, d.gridA.id]);
    chain.set(d.groupA.id, [root, d.streetA.id, d.communityA.id, d.gridA.id, d.groupA.id]);

    const rolesRes = await t.http.get('/api/v1/roles?limit=200').set(bearer(admin()));
    expectStatus(rolesRes, 200);
    roles = rolesRes.body.items as RoleRow[];

    // A custom granter: manages street A's users and roles and holds the grid plugin's permissions
    // there, but none of dual-report's or volunteer-points'.
    const gridKeys = roleByKey('street_staff').permissions.filter((p) => p.startsWith('plugin:grid.'));
    const custom = await t.http
      .post('/api/v1/roles')
      .set(bearer(admin()))
      .send({
        key: 'street_grid_manager',
        nameZh: '街道网格管理员',
        nameEn: 'Street grid manager',
        permissions: ['org.read', 'user.read', 'user.write', 'assignment.read', 'assignment.write', ...gridKeys],
      });
    expectStatus(custom, 201);
    roles.push(custom.body as RoleRow);
    const customUser = await newUser(d.streetA.id);
    await grantAsAdmin(customUser, custom.body.id as string, d.streetA.id);

    const branch = await createStaff(t, tenant, 'branchA', 'grid_branch_staff', d.gridA.id);
    const group = await createStaff(t, tenant, 'groupA', 'group_staff', d.groupA.id);
    const loginAs = async (userId: string) => {
      const users = await t.http.get(`/api/v1/users/${userId}`).set(bearer(admin()));
      const res = await t.http
        .post('/api/v1/auth/login')
        .send({ tenantCode: tenant.code, username: users.body.username, password: PASSWORD });
      expectStatus(res, 200);
      return res.body.accessToken as string;
    };
    actors = [
      {
        label: 'district_admin at the root',
        userId: tenant.adminUserId,
        token: admin(),
        unitId: root,
        childId: d.streetA.id,
      },
      {
        label: 'street_staff at street A',
        userId: d.streetStaffA.id,
        token: d.streetStaffA.token,
        unitId: d.streetA.id,
        childId: d.communityA.id,
      },
      {
        label: 'custom street-grid-manager at street A',
        userId: customUser,
        token: await loginAs(customUser),
        unitId: d.streetA.id,
        childId: d.communityA.id,
      },
      {
        label: 'community_staff at community A1',
        userId: d.communityStaffA.id,
        token: d.communityStaffA.token,
        unitId: d.communityA.id,
        childId: d.gridA.id,
      },
      {
        label: 'grid_branch_staff at grid A1-1',
        userId: branch.id,
        token: branch.token,
        unitId: d.gridA.id,
        childId: d.groupA.id,
      },
      {
        label: 'group_staff at the party group',
        userId: group.id,
        token: group.token,
        unitId: d.groupA.id,
        childId: null,
      },
    ];
  });

  afterAll(() => t?.close());

  it('every role grants exactly the plugin permissions its manifest gives it (the district admin all of them)', () => {
    const mismatches: string[] = [];
    const pluginPermissions = manifests.flatMap((m) =>
      (m.permissions ?? []).map((p) => ({
        plugin: m.id,
        local: p.key,
        key: `plugin:${m.id}.${p.key}`,
        grants: p.defaultGrants ?? [],
      })),
    );
    const contributed = new Map(
      manifests.flatMap((m) =>
        (m.roles ?? []).map((r) => [`plugin:${m.id}.${r.key}`, { plugin: m.id, permissions: r.permissions }]),
      ),
    );
    // Every contributed role of every enabled plugin is in the tenant.
    expect([...contributed.keys()].filter((k) => !roles.some((r) => r.key === k))).toEqual([]);
    for (const role of roles) {
      for (const p of pluginPermissions) {
        const own = contributed.get(role.key);
        const expected =
          role.key === 'district_admin' ||
          (own
            ? own.plugin === p.plugin && own.permissions.includes(p.local)
            : role.system && p.grants.includes(role.key)) ||
          (role.key === 'street_grid_manager' &&
            p.plugin === 'grid' &&
            roleByKey('street_staff').permissions.includes(p.key));
        if (role.permissions.includes(p.key) !== expected)
          mismatches.push(`${role.key} ${expected ? 'lacks' : 'has'} ${p.key}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('a self-grant is refused exactly when the role grants something the granter lacks there, and never adds anything', async () => {
    const outcomes: string[] = [];
    const mismatches: string[] = [];
    for (const actor of actors) {
      const before = await heldAt(actor.token, actor.unitId);
      const mayGrant = before.has('assignment.write');
      for (const role of roles) {
        const lacking = role.permissions.filter((p) => !before.has(p));
        const prior = (await activeAssignments(actor.userId, role.id)).length;
        const res = await t.http
          .post('/api/v1/role-assignments')
          .set(bearer(actor.token))
          .set('Accept-Language', 'en')
          .send({ userId: actor.userId, roleId: role.id, orgUnitId: actor.unitId });
        const expected = !mayGrant ? 403 : lacking.length ? 403 : 201;
        const row = `${actor.label} → ${role.key}`;
        if (res.status === 409 && res.body.code === 'ROLE_ALREADY_ASSIGNED') continue; // the role they were given
        if (res.status !== expected)
          mismatches.push(`${row}: ${res.status} ${res.body.code ?? ''}, expected ${expected}`);
        if (res.status === 403 && mayGrant) {
          if (res.body.code !== 'PERMISSION_NOT_HELD' || !lacking.includes(named(res.body.message as string) ?? ''))
            mismatches.push(
              `${row}: refused with ${res.body.code} "${res.body.message}", lacking ${lacking.join(',')}`,
            );
        }
        const after = await heldAt(actor.token, actor.unitId);
        const gained = [...after].filter((p) => !before.has(p));
        if (gained.length) mismatches.push(`${row}: gained ${gained.join(', ')}`);
        if (res.status === 201) await revokeAsAdmin(res.body.id as string);
        else if ((await activeAssignments(actor.userId, role.id)).length !== prior)
          mismatches.push(`${row}: refused but assigned`);
        outcomes.push(`${row}: ${res.status}`);
      }
    }
    expect(mismatches).toEqual([]);
    // The table is not vacuous: both outcomes occur, and the findings of the attack are among the refusals.
    expect(outcomes.filter((o) => o.endsWith('201')).length).toBeGreaterThan(5);
    expect(outcomes).toEqual(
      expect.arrayContaining([
        'street_staff at street A → community_staff: 403',
        'community_staff at community A1 → street_staff: 403',
        'community_staff at community A1 → grid_worker: 403',
        'custom street-grid-manager at street A → community_staff: 403',
        'district_admin at the root → community_staff: 201',
        'street_staff at street A → grid_branch_staff: 403',
      ]),
    );
  });

  it('street staff are refused community_staff for a dual-report permission, and the grid permissions of grid_worker to community staff', async () => {
    const res = await t.http
      .post('/api/v1/role-assignments')
      .set(bearer(d.streetStaffA.token))
      .set('Accept-Language', 'en')
      .send({ userId: d.streetStaffA.id, roleId: roleByKey('community_staff').id, orgUnitId: d.communityA.id });
    expectError(res, 403, 'PERMISSION_NOT_HELD');
    expect(named(res.body.message as string)).toMatch(/^plugin:dual-report\./);
    const worker = await t.http
      .post('/api/v1/role-assignments')
      .set(bearer(d.communityStaffA.token))
      .set('Accept-Language', 'en')
      .send({ userId: d.communityStaffA.id, roleId: roleByKey('grid_worker').id, orgUnitId: d.gridA.id });
    expectError(worker, 403, 'PERMISSION_NOT_HELD');
    expect(named(worker.body.message as string)).toBe('plugin:grid.patrol.write');
  });

  it('revoking someone else’s role needs the same: refused exactly when the role grants something the revoker lacks', async () => {
    const mismatches: string[] = [];
    let refused = 0;
    for (const actor of actors) {
      const held = await heldAt(actor.token, actor.unitId);
      const target = await newUser(actor.unitId);
      for (const role of roles) {
        const assignment = await grantAsAdmin(target, role.id, actor.unitId);
        const lacking = role.permissions.filter((p) => !held.has(p));
        const res = await t.http.delete(`/api/v1/role-assignments/${assignment}`).set(bearer(actor.token));
        const expected = !held.has('assignment.write') ? 403 : lacking.length ? 403 : 204;
        const row = `${actor.label} revokes ${role.key}`;
        if (res.status !== expected)
          mismatches.push(`${row}: ${res.status} ${res.body?.code ?? ''}, expected ${expected}`);
        const stillActive = (await activeAssignments(target, role.id)).includes(assignment);
        if (stillActive !== (res.status !== 204))
          mismatches.push(`${row}: answered ${res.status}, still active ${stillActive}`);
        if (stillActive) {
          refused++;
          await revokeAsAdmin(assignment);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(refused).toBeGreaterThan(5);
  });

  it('resetting a password, disabling or moving an account is refused exactly when its roles grant something the manager lacks', async () => {
    const mismatches: string[] = [];
    let refusals = 0;
    for (const actor of actors.filter((a) => a.childId)) {
      const held = await heldAt(actor.token, actor.unitId);
      for (const role of roles) {
        const target = await newUser(actor.unitId);
        const assignment = await grantAsAdmin(target, role.id, actor.unitId);
        const lacking = role.permissions.filter((p) => !held.has(p));
        const expected = !held.has('user.write') ? 403 : lacking.length ? 403 : 200;
        const attempts = {
          'reset-password': t.http
            .post(`/api/v1/users/${target}/reset-password`)
            .set(bearer(actor.token))
            .send({ password: 'Another-Pass-2026' }),
          disable: t.http.patch(`/api/v1/users/${target}`).set(bearer(actor.token)).send({ status: 'disabled' }),
          move: t.http.patch(`/api/v1/users/${target}`).set(bearer(actor.token)).send({ orgUnitId: actor.childId }),
        };
        for (const [action, attempt] of Object.entries(attempts)) {
          const res = await attempt;
          const row = `${actor.label} ${action} a ${role.key}`;
          if (res.status !== expected)
            mismatches.push(`${row}: ${res.status} ${res.body.code ?? ''}, expected ${expected}`);
          if (res.status === 403 && held.has('user.write')) {
            refusals++;
            if (res.body.code !== 'USER_OUTRANKS_CALLER') mismatches.push(`${row}: refused with ${res.body.code}`);
          }
        }
        const user = await t.http.get(`/api/v1/users/${target}`).set(bearer(admin()));
        const changed = user.body.status !== 'active' || user.body.orgUnitId !== actor.unitId;
        if (changed !== (expected === 200)) mismatches.push(`${actor.label} / ${role.key}: account changed ${changed}`);
        await revokeAsAdmin(assignment);
      }
    }
    expect(mismatches).toEqual([]);
    expect(refusals).toBeGreaterThan(5);
  });

  it('a role writer adds to or takes from a custom role only permissions they hold over the whole district', async () => {
    // Holds role.write and two grid permissions district-wide, and case.supervise in street A only.
    const writerRole = await t.http
      .post('/api/v1/roles')
      .set(bearer(admin()))
      .send({
        key: 'role_writer',
        nameZh: '角色维护员',
        nameEn: 'Role writer',
        permissions: ['role.read', 'role.write', 'plugin:grid.case.read', 'plugin:grid.item.read'],
      });
    expectStatus(writerRole, 201);
    const writer = await newUser(tenant.rootUnitId);
    await grantAsAdmin(writer, writerRole.body.id as string, tenant.rootUnitId);
    await grantAsAdmin(writer, roleByKey('street_staff').id, d.streetA.id);
    const users = await t.http.get(`/api/v1/users/${writer}`).set(bearer(admin()));
    const login = await t.http
      .post('/api/v1/auth/login')
      .send({ tenantCode: tenant.code, username: users.body.username, password: PASSWORD });
    const token = login.body.accessToken as string;
    const create = (key: string, permissions: string[]) =>
      t.http
        .post('/api/v1/roles')
        .set(bearer(token))
        .set('Accept-Language', 'en')
        .send({ key, nameZh: key, nameEn: key, permissions });

    expectStatus(await create('readers', ['plugin:grid.case.read']), 201);
    // Held in street A only: a custom role can be assigned anywhere, so that is not enough.
    const supervise = await create('supervisors', ['plugin:grid.case.supervise']);
    expectError(supervise, 403, 'PERMISSION_NOT_HELD');
    expect(named(supervise.body.message as string)).toBe('plugin:grid.case.supervise');

    const mixed = await t.http
      .post('/api/v1/roles')
      .set(bearer(admin()))
      .send({
        key: 'mixed',
        nameZh: '混合',
        nameEn: 'Mixed',
        permissions: ['plugin:grid.case.read', 'plugin:grid.case.supervise'],
      });
    expectStatus(mixed, 201);
    const edit = (permissions: string[]) =>
      t.http
        .patch(`/api/v1/roles/${mixed.body.id}`)
        .set(bearer(token))
        .set('Accept-Language', 'en')
        .send({ permissions });
    // Taking case.supervise away from every holder is as strong as handing it out.
    expectError(await edit(['plugin:grid.case.read']), 403, 'PERMISSION_NOT_HELD');
    // Adding what they hold district-wide, keeping what they do not hold, is theirs to do.
    const added = await edit(['plugin:grid.case.read', 'plugin:grid.case.supervise', 'plugin:grid.item.read']);
    expectStatus(added, 200);
    expect((added.body as RoleRow).permissions).toEqual(
      expect.arrayContaining(['plugin:grid.case.read', 'plugin:grid.case.supervise', 'plugin:grid.item.read']),
    );
  });

  it('holds whichever plugins are on: nothing done while a plugin is off hands out its permissions once it is back', async () => {
    // The red-team's repeat: with dual-report (and volunteer-points) off, street staff granted
    // themselves community_staff and reset a community-staff password; switched back on, both
    // carried the plugin's permissions, which street staff never held.
    const selfGrant = () =>
      t.http
        .post('/api/v1/role-assignments')
        .set(bearer(d.streetStaffA.token))
        .set('Accept-Language', 'en')
        .send({ userId: d.streetStaffA.id, roleId: roleByKey('community_staff').id, orgUnitId: d.communityA.id });
    const resetCommunityStaff = () =>
      t.http
        .post(`/api/v1/users/${d.communityStaffA.id}/reset-password`)
        .set(bearer(d.streetStaffA.token))
        .set('Accept-Language', 'en')
        .send({ password: `${PASSWORD}-taken` });
    const grantLiaison = (token: string) =>
      t.http
        .post('/api/v1/role-assignments')
        .set(bearer(token))
        .send({
          userId: d.streetStaffA.id,
          roleId: roleByKey('plugin:dual-report.unit-liaison').id,
          orgUnitId: d.streetA.id,
        });
    const toggle = (id: string, on: boolean) =>
      on
        ? enablePlugin(t, tenant, id)
        : t.http
            .post(`/api/v1/plugins/${id}/disable`)
            .set(bearer(admin()))
            .then((res) => expectStatus(res, 200));
    const before = await heldAt(d.streetStaffA.token, d.communityA.id);
    const refusal = await selfGrant();
    expectError(refusal, 403, 'PERMISSION_NOT_HELD');
    expect(named(refusal.body.message as string)).toMatch(/^plugin:dual-report\./);

    await toggle('dual-report', false);
    await toggle('volunteer-points', false);
    try {
      const whileOff = await selfGrant();
      expectError(whileOff, 403, 'PERMISSION_NOT_HELD');
      expect(named(whileOff.body.message as string)).toMatch(/^plugin:(dual-report|volunteer-points)\./);
      const reset = await resetCommunityStaff();
      expectError(reset, 403, 'USER_OUTRANKS_CALLER');
      // A disabled plugin's roles are not listed, and not grantable either, by anyone.
      for (const token of [d.streetStaffA.token, admin()]) expectError(await grantLiaison(token), 404, 'NOT_FOUND');
    } finally {
      await toggle('dual-report', true);
      await toggle('volunteer-points', true);
    }
    expect(await activeAssignments(d.streetStaffA.id, roleByKey('community_staff').id)).toEqual([]);
    expect(await heldAt(d.streetStaffA.token, d.communityA.id)).toEqual(before);
    const login = await t.http
      .post('/api/v1/auth/login')
      .send({ tenantCode: tenant.code, username: 'communityA', password: `${PASSWORD}-taken` });
    expectError(login, 401, 'INVALID_CREDENTIALS');
  });
});
