import pg from 'pg';
import type { Response } from 'supertest';
import { APP_URL } from './support/test-database-urls';
import {
  bearer,
  createStaff,
  createUnit,
  PASSWORD,
  provisionTenant,
  startTestApp,
  type TestApp,
  type TestTenant,
} from './support/test-app';
import { expectError, expectStatus } from './support/expect';

interface AuditEvent {
  id: string;
  actorId: string | null;
  actorType: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
  createdAt: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('audit trail', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let admin: string;
  let streetA: { id: string };
  let streetB: { id: string };
  let staff: { id: string; token: string };
  let gridWorkerRoleId: string;

  /** Events of each phase, by name, as the API reports them. */
  const ev: Record<string, AuditEvent> = {};
  /** The request id of the response that caused each event. */
  const requestIds: Record<string, string> = {};
  const ids = { unit: '', user: '', assignment: '', staffUnit: '' };
  let t1: Date;
  let t2: Date;

  const audit = (token: string, query: Record<string, string | number> = {}) =>
    t.http.get('/api/v1/audit-events').query(query).set(bearer(token));

  /** Every event matching `query`, following cursors; fails on a repeated id. */
  async function allEvents(
    query: Record<string, string | number> = {},
    limit = 200,
    token = admin,
  ): Promise<AuditEvent[]> {
    const events: AuditEvent[] = [];
    let cursor: string | null = null;
    do {
      const res = await audit(token, { ...query, limit, ...(cursor ? { cursor } : {}) });
      expectStatus(res, 200);
      const page = res.body as { items: AuditEvent[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(limit);
      if (page.nextCursor) expect(page.items).toHaveLength(limit);
      events.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    return events;
  }

  /** The one event for (action, entityId). */
  async function eventFor(action: string, entityId: string): Promise<AuditEvent> {
    const res = await audit(admin, { action, entityId });
    expectStatus(res, 200);
    expect(res.body.items).toHaveLength(1);
    return res.body.items[0] as AuditEvent;
  }

  /** Runs a write, remembering the request id the server gave it. */
  async function step(name: string, res: Promise<Response> | Response, status: number): Promise<Response> {
    const r = await res;
    expectStatus(r, status);
    requestIds[name] = r.headers['x-request-id'] as string;
    return r;
  }

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await provisionTenant(t, 'audit');
    admin = tenant.adminToken;
    // Phase 1: set-up, before the window.
    streetA = await createUnit(t, admin, tenant.rootUnitId, `${tenant.code}-A`, '街道A');
    streetB = await createUnit(t, admin, tenant.rootUnitId, `${tenant.code}-B`, '街道B');
    staff = await createStaff(t, tenant, 'auditstreet', 'street_staff', streetA.id);
    const roles = await t.http.get('/api/v1/roles?limit=200').set(bearer(admin)).expect(200);
    gridWorkerRoleId = (roles.body.items as { id: string; key: string }[]).find((r) => r.key === 'grid_worker')!.id;

    await sleep(50);
    t1 = new Date();
    await sleep(50);

    // Phase 2: the writes under test.
    const created = await step(
      'org.create',
      t.http
        .post('/api/v1/org-units')
        .set(bearer(admin))
        .send({ parentId: streetA.id, code: `${tenant.code}-X`, name: '旧名社区' }),
      201,
    );
    ids.unit = created.body.id;
    await step(
      'org.update',
      t.http.patch(`/api/v1/org-units/${ids.unit}`).set(bearer(admin)).send({ name: '新名社区' }),
      200,
    );
    await step(
      'org.move',
      t.http.post(`/api/v1/org-units/${ids.unit}/move`).set(bearer(admin)).send({ parentId: streetB.id }),
      200,
    );
    await step('org.delete', t.http.delete(`/api/v1/org-units/${ids.unit}`).set(bearer(admin)), 204);
    const user = await step(
      'user.create',
      t.http.post('/api/v1/users').set(bearer(admin)).send({
        username: 'audited',
        displayName: '被审计者',
        password: PASSWORD,
        orgUnitId: streetA.id,
        phone: '13800000000',
      }),
      201,
    );
    ids.user = user.body.id;
    await step(
      'user.update',
      t.http.patch(`/api/v1/users/${ids.user}`).set(bearer(admin)).send({ displayName: '改名者' }),
      200,
    );
    await step(
      'user.password.reset',
      t.http
        .post(`/api/v1/users/${ids.user}/reset-password`)
        .set(bearer(admin))
        .send({ password: `${PASSWORD}x` }),
      200,
    );
    const grant = await step(
      'assignment.grant',
      t.http
        .post('/api/v1/role-assignments')
        .set(bearer(admin))
        .send({ userId: ids.user, roleId: gridWorkerRoleId, orgUnitId: streetA.id }),
      201,
    );
    ids.assignment = grant.body.id;
    await step(
      'assignment.revoke',
      t.http.delete(`/api/v1/role-assignments/${ids.assignment}`).set(bearer(admin)),
      204,
    );
    const byStaff = await step(
      'staff.org.create',
      t.http
        .post('/api/v1/org-units')
        .set(bearer(staff.token))
        .send({ parentId: streetA.id, code: `${tenant.code}-A9`, name: '街道人员所建' }),
      201,
    );
    ids.staffUnit = byStaff.body.id;

    await sleep(50);
    t2 = new Date();
    await sleep(50);

    // Phase 3: after the window.
    await step(
      'late.update',
      t.http.patch(`/api/v1/org-units/${streetB.id}`).set(bearer(admin)).send({ name: '街道B（改）' }),
      200,
    );

    ev['org.create'] = await eventFor('org.create', ids.unit);
    ev['org.update'] = await eventFor('org.update', ids.unit);
    ev['org.move'] = await eventFor('org.move', ids.unit);
    ev['org.delete'] = await eventFor('org.delete', ids.unit);
    ev['user.create'] = await eventFor('user.create', ids.user);
    ev['user.update'] = await eventFor('user.update', ids.user);
    ev['user.password.reset'] = await eventFor('user.password.reset', ids.user);
    ev['assignment.grant'] = await eventFor('assignment.grant', ids.assignment);
    ev['assignment.revoke'] = await eventFor('assignment.revoke', ids.assignment);
    ev['staff.org.create'] = await eventFor('org.create', ids.staffUnit);
    ev['late.update'] = await eventFor('org.update', streetB.id);
  });
  afterAll(() => t.close());

  const phase2 = () =>
    Object.entries(ev)
      .filter(([name]) => name !== 'late.update')
      .map(([, e]) => e);

  it('records who did what to which record, with the request that did it', () => {
    const entities: Record<string, [string, string]> = {
      'org.create': ['org_unit', ids.unit],
      'org.update': ['org_unit', ids.unit],
      'org.move': ['org_unit', ids.unit],
      'org.delete': ['org_unit', ids.unit],
      'user.create': ['user', ids.user],
      'user.update': ['user', ids.user],
      'user.password.reset': ['user', ids.user],
      'assignment.grant': ['role_assignment', ids.assignment],
      'assignment.revoke': ['role_assignment', ids.assignment],
    };
    for (const [action, [entity, entityId]] of Object.entries(entities)) {
      expect(ev[action]).toMatchObject({
        actorId: tenant.adminUserId,
        actorType: 'user',
        action,
        entity,
        entityId,
        requestId: requestIds[action],
      });
    }
    expect(ev['staff.org.create']).toMatchObject({
      actorId: staff.id,
      actorType: 'user',
      action: 'org.create',
      entityId: ids.staffUnit,
      requestId: requestIds['staff.org.create'],
    });
  });

  it('keeps the before and after snapshots of each change', () => {
    const { 'org.create': create, 'org.update': update, 'org.move': move, 'org.delete': del } = ev;
    expect(create!.before).toBeNull();
    expect(create!.after).toMatchObject({
      tenantId: tenant.id,
      id: ids.unit,
      parentId: streetA.id,
      level: 3,
      code: `${tenant.code}-X`,
      name: '旧名社区',
      districtId: tenant.rootUnitId,
      streetId: streetA.id,
      communityId: ids.unit,
    });
    expect(update!.before).toMatchObject({ id: ids.unit, name: '旧名社区', code: `${tenant.code}-X` });
    expect(update!.after).toMatchObject({ id: ids.unit, name: '新名社区', code: `${tenant.code}-X` });
    expect(move!.before).toMatchObject({ parentId: streetA.id, streetId: streetA.id, name: '新名社区' });
    expect(move!.after).toMatchObject({ parentId: streetB.id, streetId: streetB.id, communityId: ids.unit });
    expect(del!.before).toMatchObject({ id: ids.unit, parentId: streetB.id, name: '新名社区' });
    expect(del!.after).toBeNull();

    const { 'assignment.grant': grant, 'assignment.revoke': revoke } = ev;
    expect(grant!.before).toBeNull();
    expect(grant!.after).toMatchObject({
      id: ids.assignment,
      userId: ids.user,
      roleId: gridWorkerRoleId,
      orgUnitId: streetA.id,
      grantedBy: tenant.adminUserId,
      revokedAt: null,
    });
    expect(revoke!.before).toMatchObject({ id: ids.assignment, revokedAt: null });
    expect(typeof revoke!.after!.revokedAt).toBe('string');
    expect(Number.isNaN(Date.parse(revoke!.after!.revokedAt as string))).toBe(false);
  });

  it('never stores a password or its hash in a user snapshot', () => {
    const { 'user.create': create, 'user.update': update, 'user.password.reset': reset } = ev;
    expect(create!.before).toBeNull();
    expect(create!.after).toMatchObject({
      tenantId: tenant.id,
      id: ids.user,
      username: 'audited',
      displayName: '被审计者',
      orgUnitId: streetA.id,
      streetId: streetA.id,
    });
    expect(update!.before).toMatchObject({ displayName: '被审计者' });
    expect(update!.after).toMatchObject({ displayName: '改名者' });
    for (const e of [create!, update!, reset!]) {
      for (const snapshot of [e.before, e.after]) {
        if (!snapshot) continue;
        expect(Object.keys(snapshot)).not.toContain('passwordHash');
        expect(Object.keys(snapshot)).not.toContain('password');
      }
      const text = JSON.stringify(e);
      expect(text).not.toContain('$argon2');
      expect(text).not.toContain(PASSWORD);
    }
  });

  it('stores each event under the tenant, invisible to other tenants', async () => {
    const eventIds = Object.values(ev).map((e) => e.id);
    const client = new pg.Client({ connectionString: APP_URL });
    await client.connect();
    try {
      const rowsAs = async (tenantId: string) => {
        await client.query('begin');
        try {
          await client.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
          const res = await client.query<{ id: string; tenant_id: string; actor_id: string | null }>(
            'select id, tenant_id, actor_id from audit_events where id = any($1::uuid[])',
            [eventIds],
          );
          return res.rows;
        } finally {
          await client.query('rollback');
        }
      };
      const own = await rowsAs(tenant.id);
      expect(own).toHaveLength(eventIds.length);
      expect(new Set(own.map((r) => r.tenant_id))).toEqual(new Set([tenant.id]));
      const other = await provisionTenant(t, 'audit2');
      expect(await rowsAs(other.id)).toEqual([]);
      const otherView = await audit(other.adminToken, { entityId: ids.unit });
      expectStatus(otherView, 200);
      expect(otherView.body.items).toEqual([]);
      const otherAll = (await allEvents({}, 200, other.adminToken)).map((e) => e.id);
      for (const id of eventIds) expect(otherAll).not.toContain(id);
    } finally {
      await client.end();
    }
  });

  it('lists newest first', async () => {
    const all = await allEvents();
    const times = all.map((e) => Date.parse(e.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const idsInOrder = all.map((e) => e.id);
    expect(idsInOrder).toEqual([...idsInOrder].sort().reverse());
    // The writes above, in reverse order of doing them; the tenant's provisioning is the oldest event.
    const mine = new Set(Object.values(ev).map((e) => e.id));
    expect(all.filter((e) => mine.has(e.id)).map((e) => e.id)).toEqual(
      [
        'late.update',
        'staff.org.create',
        'assignment.revoke',
        'assignment.grant',
        'user.password.reset',
        'user.update',
        'user.create',
        'org.delete',
        'org.move',
        'org.update',
        'org.create',
      ].map((n) => ev[n]!.id),
    );
    expect(all[all.length - 1]).toMatchObject({
      action: 'tenant.provision',
      entity: 'tenant',
      entityId: tenant.id,
      actorType: 'operator',
    });
  });

  it('filters by actor, entity, entity id and action, returning exactly the matching events', async () => {
    const all = await allEvents();
    const idsOf = (events: AuditEvent[]) => events.map((e) => e.id);
    const cases: { query: Record<string, string>; match: (e: AuditEvent) => boolean }[] = [
      { query: { actorId: staff.id }, match: (e) => e.actorId === staff.id },
      { query: { actorId: tenant.adminUserId }, match: (e) => e.actorId === tenant.adminUserId },
      { query: { entity: 'user' }, match: (e) => e.entity === 'user' },
      { query: { entity: 'role_assignment' }, match: (e) => e.entity === 'role_assignment' },
      { query: { entityId: ev['org.create']!.entityId! }, match: (e) => e.entityId === ev['org.create']!.entityId },
      { query: { action: 'org.move' }, match: (e) => e.action === 'org.move' },
      { query: { action: 'org.create' }, match: (e) => e.action === 'org.create' },
      {
        query: { entity: 'org_unit', action: 'org.create', actorId: tenant.adminUserId },
        match: (e) => e.entity === 'org_unit' && e.action === 'org.create' && e.actorId === tenant.adminUserId,
      },
    ];
    for (const c of cases) {
      const expected = idsOf(all.filter(c.match));
      expect(expected.length).toBeGreaterThan(0);
      expect(idsOf(await allEvents(c.query))).toEqual(expected);
    }
    // And against what we know happened:
    // The staff member logged in (auth.login, ADR 006), then created a unit.
    const byStaff = await allEvents({ actorId: staff.id });
    expect(byStaff.map((e) => e.action)).toEqual(['org.create', 'auth.login']);
    expect(byStaff[0]!.id).toBe(ev['staff.org.create']!.id);
    expect((await allEvents({ entityId: ids.unit })).map((e) => e.action)).toEqual([
      'org.delete',
      'org.move',
      'org.update',
      'org.create',
    ]);
    expect(idsOf(await allEvents({ action: 'org.move' }))).toEqual([ev['org.move']!.id]);
    expect(idsOf(await allEvents({ entity: 'role_assignment', entityId: ids.assignment }))).toEqual([
      ev['assignment.revoke']!.id,
      ev['assignment.grant']!.id,
    ]);
    const users = (await allEvents({ entity: 'user' })).filter((e) => !e.action.startsWith('auth.'));
    expect(users.map((e) => e.action)).toEqual(['user.password.reset', 'user.update', 'user.create', 'user.create']);
    expect(users[3]).toMatchObject({ entityId: staff.id });
    // Filters that match nothing answer an empty page.
    for (const query of <Record<string, string>[]>[
      { action: 'org.teleport' },
      { entity: 'spaceship' },
      { actorId: '0190a4c0-0000-7000-8000-000000000000' },
      { entity: 'user', entityId: ids.unit },
    ]) {
      expect(await allEvents(query)).toEqual([]);
    }
  });

  it('filters by a time window: from inclusive, to exclusive', async () => {
    const all = await allEvents();
    const within = await allEvents({ from: t1.toISOString(), to: t2.toISOString() });
    expect(new Set(within.map((e) => e.id))).toEqual(new Set(phase2().map((e) => e.id)));
    expect(within.map((e) => e.id)).toEqual(
      all
        .filter((e) => Date.parse(e.createdAt) >= t1.getTime() && Date.parse(e.createdAt) < t2.getTime())
        .map((e) => e.id),
    );
    const after = await allEvents({ from: t2.toISOString() });
    expect(after.map((e) => e.id)).toEqual([ev['late.update']!.id]);
    const before = await allEvents({ to: t1.toISOString() });
    expect(before.length).toBeGreaterThan(0);
    expect(before.map((e) => e.id)).toEqual(all.filter((e) => Date.parse(e.createdAt) < t1.getTime()).map((e) => e.id));
    expect(before.map((e) => e.action)).toEqual(
      expect.arrayContaining(['tenant.provision', 'org.create', 'user.create', 'assignment.grant']),
    );
    // Newest first, the three windows together are the whole trail.
    expect([...after, ...within, ...before].map((e) => e.id)).toEqual(all.map((e) => e.id));
    // Bounds on an event's own time: from = its time includes it, to = its time excludes it.
    const move = ev['org.move']!;
    // (createdAt is shown to the millisecond; the stored time has microseconds.)
    const exact = await allEvents({
      from: move.createdAt,
      to: new Date(Date.parse(move.createdAt) + 2).toISOString(),
      entityId: ids.unit,
    });
    expect(exact.map((e) => e.id)).toContain(move.id);
    const upTo = await allEvents({ to: move.createdAt, entityId: ids.unit });
    expect(upTo.map((e) => e.id)).not.toContain(move.id);
    expect(await allEvents({ from: t2.toISOString(), to: t1.toISOString() })).toEqual([]);
    // Combined with another filter.
    const windowed = await allEvents({ from: t1.toISOString(), to: t2.toISOString(), entity: 'org_unit' });
    expect(windowed.map((e) => e.id)).toEqual(within.filter((e) => e.entity === 'org_unit').map((e) => e.id));
  });

  it('pages with a cursor, without repeats or gaps', async () => {
    const all = await allEvents();
    expect(all.length).toBeGreaterThan(10);
    const first = await audit(admin, { limit: 3 });
    expectStatus(first, 200);
    expect(first.body.items).toHaveLength(3);
    expect(typeof first.body.nextCursor).toBe('string');
    const paged = await allEvents({}, 3);
    expect(paged.map((e) => e.id)).toEqual(all.map((e) => e.id));
    const orgAll = await allEvents({ entity: 'org_unit' });
    const orgPaged = await allEvents({ entity: 'org_unit' }, 2);
    expect(orgPaged.map((e) => e.id)).toEqual(orgAll.map((e) => e.id));
    const windowPaged = await allEvents({ from: t1.toISOString(), to: t2.toISOString() }, 4);
    expect(new Set(windowPaged.map((e) => e.id))).toEqual(new Set(phase2().map((e) => e.id)));
  });

  it('refuses callers without audit.read: 403 FORBIDDEN', async () => {
    const res = await audit(staff.token);
    expectError(res, 403, 'FORBIDDEN');
    expect(res.body.message).toBe('没有执行此操作的权限：需要“查看审计日志”（audit.read）');
    expect(res.body.details).toEqual({ permission: 'audit.read' });
    const en = await audit(staff.token).set('Accept-Language', 'en');
    expect(en.body.message).toBe('You lack the permission for this action: Read the audit trail (audit.read)');
  });

  it('refuses audit.read held below the district: 403 AUDIT_NEEDS_DISTRICT_SCOPE', async () => {
    const role = await t.http
      .post('/api/v1/roles')
      .set(bearer(admin))
      .send({
        key: 'street_auditor',
        nameZh: '街道审计员',
        nameEn: 'Street auditor',
        permissions: ['audit.read', 'org.read'],
      });
    expectStatus(role, 201);
    const { token } = await createStaff(t, tenant, 'streetauditor', 'street_auditor', streetA.id);

    const res = await audit(token);
    expectError(res, 403, 'AUDIT_NEEDS_DISTRICT_SCOPE');
    expect(res.body.message).toBe('查询审计日志需要区级管理权限');
    const en = await audit(token, { entityId: ids.unit }).set('Accept-Language', 'en');
    expectError(en, 403, 'AUDIT_NEEDS_DISTRICT_SCOPE');
    expect(en.body.message).toBe('Reading the audit trail needs district-wide scope');

    // The same role held at the root may read the trail.
    const rootAuditor = await createStaff(t, tenant, 'rootauditor', 'street_auditor', tenant.rootUnitId);
    const ok = await audit(rootAuditor.token, { entityId: ids.unit });
    expectStatus(ok, 200);
    expect((ok.body.items as AuditEvent[]).map((e) => e.id)).toEqual([
      ev['org.delete']!.id,
      ev['org.move']!.id,
      ev['org.update']!.id,
      ev['org.create']!.id,
    ]);
  });

  it('refuses malformed filters with 400, never a 500', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ actorId: 'not-a-uuid' }, 'actorId', 'isUuid'],
      [{ entityId: '123' }, 'entityId', 'isUuid'],
      [{ from: 'yesterday' }, 'from', 'isIso8601'],
      [{ to: '2026-13-01' }, 'to', 'isIso8601'],
      // ISO 8601 forms JavaScript dates cannot represent: week and ordinal dates.
      [{ from: '2026-W05' }, 'from', 'isIso8601'],
      [{ to: '2026-123' }, 'to', 'isIso8601'],
      [{ entity: 'x'.repeat(65) }, 'entity', 'maxLength'],
      [{ action: 'x'.repeat(65) }, 'action', 'maxLength'],
    ];
    for (const [query, field, constraint] of cases) {
      const res = await audit(admin, query);
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details).toContainEqual({ field, constraint, message: expect.any(String) });
    }
    // Field messages are Chinese by default, English on request.
    for (const from of ['yesterday', '2026-W05']) {
      const zh = await audit(admin, { from });
      expect(zh.body.details).toEqual([{ field: 'from', constraint: 'isIso8601', message: '必须是 ISO 8601 时间' }]);
      const en = await audit(admin, { from }).set('Accept-Language', 'en');
      expect(en.body.details).toEqual([
        { field: 'from', constraint: 'isIso8601', message: 'from must be a valid ISO 8601 date string' },
      ]);
    }
    expectError(await audit(admin, { cursor: 'garbage' }), 400, 'INVALID_CURSOR');
  });
});
