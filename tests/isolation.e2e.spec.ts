import pg from 'pg';
import type { Response } from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import {
  bearer,
  enablePlugin,
  buildDistrict,
  login,
  PASSWORD,
  provisionTenant,
  startTestApp,
  type TestApp,
  type TestTenant,
} from './support/test-app';
import { expectError, listAll } from './support/expect';
import { coreTables, tablesOf } from '@tongxin/plugin-host';
import probe from './fixtures/plugins/probe/src/index';
import helpDesk from './fixtures/plugins/help-desk/src/index';
import ticketing from './fixtures/plugins/ticketing/src/index';
import { ADMIN_URL, APP_URL, TEST_DATABASE } from './support/test-database-urls';

/**
 * Tenant isolation, end to end: through the API (tenant B's administrator against tenant A's ids)
 * and underneath it, in PostgreSQL, as the application role the server connects as.
 */

/** The core's tenant tables; every table with a tenant_id column is checked, these must be among them. */
const CORE_TENANT_TABLES = [
  'org_units',
  'users',
  'refresh_tokens',
  'roles',
  'role_assignments',
  'partner_bodies',
  'audit_events',
  'idempotency_records',
  'tenant_plugins',
  'outbox_messages',
  'durable_timers',
  'job_receipts',
  'notifications',
  'tenant_calendar_overrides',
];
/** Tables the cross-tenant sweeps read as the owner role: they carry a second, owner-only policy. */
const SWEPT_TABLES = ['outbox_messages', 'durable_timers', 'job_receipts', 'idempotency_records', 'refresh_tokens'];
const RLS_VIOLATION = '42501';
const SHARED_IDEMPOTENCY_KEY = 'isolation-shared-key-0001';

type District = Awaited<ReturnType<typeof buildDistrict>>;

interface World {
  tenant: TestTenant;
  district: District;
  partnerId: string;
  /** Created with SHARED_IDEMPOTENCY_KEY. */
  keyedPartner: { id: string; replayed: string | null };
  customRoleId: string;
  /** Every id the tenant's administrator can list, by resource. */
  ids: {
    orgUnits: string[];
    users: string[];
    roles: string[];
    assignments: string[];
    partners: string[];
    auditEvents: string[];
    auditEntities: string[];
  };
}

/** Follows nextCursor through every page of a list endpoint (limit=200), returning all items. */
const expectNotFound = (res: Response) => expectError(res, 404, 'NOT_FOUND');

async function setUpTenant(t: TestApp, prefix: string): Promise<World> {
  const tenant = await provisionTenant(t, prefix);
  const district = await buildDistrict(t, tenant);
  const tok = tenant.adminToken;
  const partner = await t.http
    .post('/api/v1/partner-bodies')
    .set(bearer(tok))
    .send({ type: 'law_firm', name: `${prefix} 律师事务所`, contactName: '张律师', orgUnitId: district.streetA.id })
    .expect(201);
  const customRole = await t.http
    .post('/api/v1/roles')
    .set(bearer(tok))
    .send({
      key: 'iso_custom',
      nameZh: '隔离测试角色',
      nameEn: 'Isolation test role',
      permissions: ['org.read', 'user.read'],
    })
    .expect(201);
  // A grant of the custom role, so the tenant has a non-system assignment too.
  await t.http
    .post('/api/v1/role-assignments')
    .set(bearer(tok))
    .send({ userId: district.gridWorkerA.id, roleId: customRole.body.id, orgUnitId: district.gridA.id })
    .expect(201);
  // The same write with the same Idempotency-Key in both tenants (both admins are called 'admin'):
  // each tenant must run its own, never replay the other's response.
  const keyed = await t.http
    .post('/api/v1/partner-bodies')
    .set(bearer(tok))
    .set('Idempotency-Key', SHARED_IDEMPOTENCY_KEY)
    .send({ type: 'unit', name: '同一请求的驻区单位' })
    .expect(201);
  // A day off of the district's own (ADR 016).
  await t.http
    .put('/api/v1/tenant/calendar/overrides/2026-10-09')
    .set(bearer(tok))
    .send({ kind: 'off', note: `${prefix} 调休` })
    .expect(200);
  // A plugin with rows of its own and one of each kind of follow-up work: an event, a job, a timer
  // (due at once) and a notification, so the outbox, timer, receipt and inbox tables have rows too.
  await enablePlugin(t, tenant, 'probe');
  await t.http
    .post('/api/v1/plugins/probe/records')
    .set(bearer(tok))
    .send({ unitId: district.gridA.id, label: `${prefix} 记录`, remindInMs: 0 })
    .expect(201);
  // A referral between two practices (the referrals table), opened by the district admin.
  await enablePlugin(t, tenant, 'help-desk');
  await enablePlugin(t, tenant, 'ticketing');
  const ticket = await t.http
    .post('/api/v1/plugins/ticketing/tickets')
    .set(bearer(tok))
    .send({ unitId: district.gridA.id, number: `${prefix}-1` })
    .expect(201);
  await t.http
    .post(`/api/v1/plugins/ticketing/tickets/${ticket.body.id}/refer`)
    .set(bearer(tok))
    .send({
      kind: 'help-desk.dispute',
      targetUnitId: district.communityA.id,
      reason: '调解',
      payload: { parties: '甲、乙' },
    })
    .expect(200);
  await waitFor(async () => {
    const done = await withClient(adminUrlOfTestDatabase(), (c) =>
      count(
        c,
        `select count(*)::int as n from probe_records where tenant_id = $1 and origin in ('job', 'event', 'timer')`,
        [tenant.id],
      ),
    );
    return done === 3;
  });
  return {
    tenant,
    district,
    partnerId: partner.body.id,
    keyedPartner: { id: keyed.body.id, replayed: keyed.headers['idempotent-replayed'] ?? null },
    customRoleId: customRole.body.id,
    ids: await idsOf(t, tok),
  };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting for the worker');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function idsOf(t: TestApp, token: string): Promise<World['ids']> {
  const idList = (rows: Record<string, unknown>[]) => rows.map((r) => r.id as string);
  const roles = await t.http.get('/api/v1/roles?limit=200').set(bearer(token)).expect(200);
  const audit = await listAll(t, token, '/api/v1/audit-events');
  return {
    orgUnits: idList(await listAll(t, token, '/api/v1/org-units')),
    users: idList(await listAll(t, token, '/api/v1/users')),
    roles: idList(roles.body.items as Record<string, unknown>[]),
    assignments: idList(await listAll(t, token, '/api/v1/role-assignments?includeRevoked=true')),
    partners: idList(await listAll(t, token, '/api/v1/partner-bodies')),
    auditEvents: idList(audit),
    auditEntities: audit.map((e) => e.entityId).filter((v): v is string => typeof v === 'string'),
  };
}

const allIds = (w: World): string[] => [
  w.tenant.id,
  ...w.ids.orgUnits,
  ...w.ids.users,
  ...w.ids.roles,
  ...w.ids.assignments,
  ...w.ids.partners,
  ...w.ids.auditEvents,
  ...w.ids.auditEntities,
];

/** The superuser on the test database: bypasses RLS, used only to prove rows exist. */
function adminUrlOfTestDatabase(): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${TEST_DATABASE}`;
  return u.toString();
}

async function withClient<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs `work` in a transaction with app.tenant_id set (transaction-local), then rolls back. */
async function asTenant<T>(c: pg.Client, tenantId: string, work: () => Promise<T>): Promise<T> {
  await c.query('begin');
  try {
    await c.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
    return await work();
  } finally {
    await c.query('rollback');
  }
}

const count = async (c: pg.Client, sql: string, params: unknown[] = []) =>
  (await c.query<{ n: number }>(sql, params)).rows[0]!.n;

/** The promise's rejection's PostgreSQL error code, or 'resolved' if it did not fail. */
async function pgErrorCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe('tenant isolation', () => {
  let t: TestApp;
  let A: World;
  let B: World;
  /** A's rows as A's admin reads them before B tries anything. */
  const before = new Map<string, unknown>();
  /** Every table with a tenant_id column, from the catalogue. */
  let tenantTables: string[];

  const readPaths = (w: World) => [
    ...[
      w.tenant.rootUnitId,
      w.district.streetA.id,
      w.district.communityA.id,
      w.district.gridA.id,
      w.district.groupA.id,
    ].map((id) => `/api/v1/org-units/${id}`),
    ...[w.tenant.adminUserId, w.district.streetStaffA.id, w.district.gridWorkerA.id].map((id) => `/api/v1/users/${id}`),
    ...w.ids.roles.map((id) => `/api/v1/roles/${id}`),
    ...w.ids.assignments.map((id) => `/api/v1/role-assignments/${id}`),
    ...w.ids.partners.map((id) => `/api/v1/partner-bodies/${id}`),
  ];

  beforeAll(async () => {
    t = await startTestApp({}, { plugins: [probe, helpDesk, ticketing], worker: true });
    A = await setUpTenant(t, 'isoa');
    B = await setUpTenant(t, 'isob');
    // Every table with a tenant_id column that this server owns: the core's and its plugin's. (Other
    // suites' plugins share the test database; the conformance suite checks their tables.)
    const owned = [...coreTables(), ...tablesOf(probe)];
    tenantTables = await withClient(adminUrlOfTestDatabase(), async (c) =>
      (
        await c.query<{ table: string }>(
          `select c.relname as table from pg_class c
             join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
             join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
            where c.relkind in ('r', 'p') and c.relname = any($1) order by c.relname`,
          [owned],
        )
      ).rows.map((r) => r.table),
    );
    for (const path of readPaths(A)) {
      const res = await t.http.get(path).set(bearer(A.tenant.adminToken)).expect(200);
      before.set(path, res.body);
    }
  }, 120_000);
  afterAll(() => t?.close());

  it('gives each tenant its own rows of every kind (the fixtures are not vacuous)', () => {
    for (const w of [A, B]) {
      expect(w.ids.orgUnits).toHaveLength(9); // root + 8 units of buildDistrict
      expect(w.ids.users.length).toBeGreaterThanOrEqual(5);
      expect(w.ids.roles).toContain(w.customRoleId);
      expect(w.ids.assignments.length).toBeGreaterThanOrEqual(5);
      expect(w.ids.partners.sort()).toEqual([w.partnerId, w.keyedPartner.id].sort());
      expect(w.keyedPartner.replayed).toBeNull();
      expect(w.ids.auditEvents.length).toBeGreaterThan(0);
    }
    const shared = allIds(A).filter((id) => allIds(B).includes(id));
    expect(shared).toEqual([]);
  });

  it('keeps Idempotency-Keys per tenant: the same key and request in B ran in B, not replayed from A', async () => {
    expect(B.keyedPartner.id).not.toBe(A.keyedPartner.id);
    expect(B.keyedPartner.replayed).toBeNull();
    await t.http.get(`/api/v1/partner-bodies/${B.keyedPartner.id}`).set(bearer(B.tenant.adminToken)).expect(200);
    expectNotFound(await t.http.get(`/api/v1/partner-bodies/${B.keyedPartner.id}`).set(bearer(A.tenant.adminToken)));
  });

  describe("B's administrator against A's org units", () => {
    it('answers 404 to reads by id, descendants and ancestors', async () => {
      for (const id of [
        A.tenant.rootUnitId,
        A.district.streetA.id,
        A.district.communityA.id,
        A.district.gridA.id,
        A.district.groupA.id,
      ]) {
        expectNotFound(await t.http.get(`/api/v1/org-units/${id}`).set(bearer(B.tenant.adminToken)));
        expectNotFound(await t.http.get(`/api/v1/org-units/${id}/descendants`).set(bearer(B.tenant.adminToken)));
        expectNotFound(await t.http.get(`/api/v1/org-units/${id}/ancestors`).set(bearer(B.tenant.adminToken)));
      }
    });

    it('answers 404 to PATCH, DELETE and move, in both directions of a move', async () => {
      const tok = B.tenant.adminToken;
      expectNotFound(
        await t.http.patch(`/api/v1/org-units/${A.district.gridA2.id}`).set(bearer(tok)).send({ name: 'hijacked' }),
      );
      expectNotFound(
        await t.http.patch(`/api/v1/org-units/${A.tenant.rootUnitId}`).set(bearer(tok)).send({ code: 'hijacked' }),
      );
      // gridA2 has no children, members or assignments: only isolation stands between it and deletion.
      expectNotFound(await t.http.delete(`/api/v1/org-units/${A.district.gridA2.id}`).set(bearer(tok)));
      expectNotFound(await t.http.delete(`/api/v1/org-units/${A.district.groupA.id}`).set(bearer(tok)));
      // A's unit under B's tree, and B's unit under A's tree.
      expectNotFound(
        await t.http
          .post(`/api/v1/org-units/${A.district.gridA2.id}/move`)
          .set(bearer(tok))
          .send({ parentId: B.district.communityA.id }),
      );
      expectNotFound(
        await t.http
          .post(`/api/v1/org-units/${B.district.gridA2.id}/move`)
          .set(bearer(tok))
          .send({ parentId: A.district.communityA.id }),
      );
    });

    it('answers 404 when A’s units are named as parents or owners of B’s rows', async () => {
      const tok = B.tenant.adminToken;
      expectNotFound(
        await t.http
          .post('/api/v1/org-units')
          .set(bearer(tok))
          .send({ parentId: A.district.communityA.id, code: `${B.tenant.code}-x`, name: 'x' }),
      );
      expectNotFound(
        await t.http.post('/api/v1/users').set(bearer(tok)).send({
          username: 'intruder',
          displayName: 'intruder',
          password: PASSWORD,
          orgUnitId: A.district.streetA.id,
        }),
      );
      expectNotFound(
        await t.http
          .post('/api/v1/partner-bodies')
          .set(bearer(tok))
          .send({ type: 'unit', name: 'x', orgUnitId: A.district.streetA.id }),
      );
      expectNotFound(await t.http.get(`/api/v1/users?orgUnitId=${A.district.streetA.id}`).set(bearer(tok)));
      expectNotFound(await t.http.get(`/api/v1/role-assignments?orgUnitId=${A.district.streetA.id}`).set(bearer(tok)));
      // Moving B's user into A's unit, or relinking B's partner body to it.
      expectNotFound(
        await t.http
          .patch(`/api/v1/users/${B.district.gridWorkerA.id}`)
          .set(bearer(tok))
          .send({ orgUnitId: A.district.gridA.id }),
      );
      expectNotFound(
        await t.http
          .patch(`/api/v1/partner-bodies/${B.partnerId}`)
          .set(bearer(tok))
          .send({ orgUnitId: A.district.streetA.id }),
      );
    });
  });

  describe("B's administrator against A's users", () => {
    const userIds = () => [
      A.tenant.adminUserId,
      A.district.streetStaffA.id,
      A.district.communityStaffA.id,
      A.district.gridWorkerA.id,
    ];

    it('answers 404 to reads by id', async () => {
      for (const id of userIds())
        expectNotFound(await t.http.get(`/api/v1/users/${id}`).set(bearer(B.tenant.adminToken)));
    });

    it('answers 404 to PATCH and to reset-password (users are never deleted)', async () => {
      const tok = B.tenant.adminToken;
      for (const id of userIds()) {
        expectNotFound(
          await t.http
            .patch(`/api/v1/users/${id}`)
            .set(bearer(tok))
            .send({ displayName: 'hijacked', status: 'disabled' }),
        );
        expectNotFound(
          await t.http.post(`/api/v1/users/${id}/reset-password`).set(bearer(tok)).send({ password: 'Hijacked-2026' }),
        );
      }
    });

    it('answers 404 when A’s users are granted B’s roles or linked to A’s partner body', async () => {
      const tok = B.tenant.adminToken;
      const bAdminRole = (await t.http.get('/api/v1/roles?limit=200').set(bearer(tok)).expect(200)).body.items.find(
        (r: { key: string }) => r.key === 'district_admin',
      );
      expectNotFound(
        await t.http
          .post('/api/v1/role-assignments')
          .set(bearer(tok))
          .send({ userId: A.district.streetStaffA.id, roleId: bAdminRole.id, orgUnitId: B.tenant.rootUnitId }),
      );
      expectNotFound(
        await t.http
          .patch(`/api/v1/users/${B.district.gridWorkerA.id}`)
          .set(bearer(tok))
          .send({ partnerBodyId: A.partnerId }),
      );
    });
  });

  describe("B's administrator against A's roles", () => {
    it('answers 404 to reads by id, system and custom roles alike', async () => {
      expect(A.ids.roles.length).toBeGreaterThan(1);
      for (const id of A.ids.roles)
        expectNotFound(await t.http.get(`/api/v1/roles/${id}`).set(bearer(B.tenant.adminToken)));
    });

    it('answers 404 to PATCH and DELETE', async () => {
      const tok = B.tenant.adminToken;
      for (const id of A.ids.roles) {
        expectNotFound(
          await t.http
            .patch(`/api/v1/roles/${id}`)
            .set(bearer(tok))
            .send({ nameZh: 'hijacked', permissions: ['org.read'] }),
        );
        expectNotFound(await t.http.delete(`/api/v1/roles/${id}`).set(bearer(tok)));
      }
    });

    it('answers 404 when B grants A’s role', async () => {
      expectNotFound(
        await t.http
          .post('/api/v1/role-assignments')
          .set(bearer(B.tenant.adminToken))
          .send({ userId: B.district.gridWorkerA.id, roleId: A.customRoleId, orgUnitId: B.district.gridA.id }),
      );
    });
  });

  describe("B's administrator against A's role assignments", () => {
    it('answers 404 to reads by id', async () => {
      for (const id of A.ids.assignments) {
        expectNotFound(await t.http.get(`/api/v1/role-assignments/${id}`).set(bearer(B.tenant.adminToken)));
      }
    });

    it('answers 404 to DELETE (revoke); there is no PATCH route', async () => {
      for (const id of A.ids.assignments) {
        expectNotFound(await t.http.delete(`/api/v1/role-assignments/${id}`).set(bearer(B.tenant.adminToken)));
      }
      expectError(
        await t.http
          .patch(`/api/v1/role-assignments/${A.ids.assignments[0]}`)
          .set(bearer(B.tenant.adminToken))
          .send({}),
        404,
        'ROUTE_NOT_FOUND',
      );
    });

    it('filters by A’s user or role find nothing', async () => {
      const tok = B.tenant.adminToken;
      expect(
        await listAll(t, tok, `/api/v1/role-assignments?includeRevoked=true&userId=${A.district.streetStaffA.id}`),
      ).toEqual([]);
      expect(await listAll(t, tok, `/api/v1/role-assignments?includeRevoked=true&roleId=${A.customRoleId}`)).toEqual(
        [],
      );
    });
  });

  describe("B's administrator against A's partner bodies", () => {
    it('answers 404 to reads by id, PATCH and DELETE', async () => {
      const tok = B.tenant.adminToken;
      expectNotFound(await t.http.get(`/api/v1/partner-bodies/${A.partnerId}`).set(bearer(tok)));
      expectNotFound(
        await t.http.patch(`/api/v1/partner-bodies/${A.partnerId}`).set(bearer(tok)).send({ name: 'hijacked' }),
      );
      expectNotFound(await t.http.delete(`/api/v1/partner-bodies/${A.partnerId}`).set(bearer(tok)));
    });

    it('filters by A’s partner body find nothing', async () => {
      expect(await listAll(t, B.tenant.adminToken, `/api/v1/users?partnerBodyId=${A.partnerId}`)).toEqual([]);
    });
  });

  describe("B's list endpoints", () => {
    const lists = [
      '/api/v1/org-units',
      '/api/v1/users',
      '/api/v1/role-assignments?includeRevoked=true',
      '/api/v1/partner-bodies',
      '/api/v1/audit-events',
    ];

    it.each(lists)('%s never mentions any of A’s ids, and does list B’s own', async (path) => {
      const items = await listAll(t, B.tenant.adminToken, path);
      expect(items.length).toBeGreaterThan(0);
      const text = JSON.stringify(items);
      expect(allIds(A).filter((id) => text.includes(id))).toEqual([]);
    });

    it('GET /roles never lists A’s roles', async () => {
      const roles = (await t.http.get('/api/v1/roles?limit=200').set(bearer(B.tenant.adminToken)).expect(200)).body
        .items as {
        id: string;
      }[];
      expect(roles.map((r) => r.id)).toContain(B.customRoleId);
      const text = JSON.stringify(roles);
      expect(allIds(A).filter((id) => text.includes(id))).toEqual([]);
    });

    it('the audit trail holds none of A’s entity ids, even when asked for them', async () => {
      const tok = B.tenant.adminToken;
      const events = await listAll(t, tok, '/api/v1/audit-events');
      const entityIds = events.map((e) => e.entityId);
      for (const id of [...A.ids.orgUnits, ...A.ids.users, ...A.ids.roles, ...A.ids.assignments, ...A.ids.partners]) {
        expect(entityIds).not.toContain(id);
      }
      // A's trail does hold them: the check above is not vacuous.
      const aEvents = await listAll(t, A.tenant.adminToken, '/api/v1/audit-events');
      const aEntityIds = aEvents.map((e) => e.entityId);
      for (const id of [A.district.streetA.id, A.district.gridWorkerA.id, A.customRoleId, A.partnerId])
        expect(aEntityIds).toContain(id);
      for (const id of [A.district.streetA.id, A.customRoleId, A.partnerId]) {
        expect(await listAll(t, tok, `/api/v1/audit-events?entityId=${id}`)).toEqual([]);
      }
      expect(await listAll(t, tok, `/api/v1/audit-events?actorId=${A.tenant.adminUserId}`)).toEqual([]);
    });
  });

  describe('plugin rows and the inbox', () => {
    it('B lists only its own probe records, and A’s notifications cannot be read or marked by B', async () => {
      const aRecords = await t.http.get('/api/v1/plugins/probe/records').set(bearer(A.tenant.adminToken)).expect(200);
      const bRecords = await t.http.get('/api/v1/plugins/probe/records').set(bearer(B.tenant.adminToken)).expect(200);
      const aIds = (aRecords.body as { id: string }[]).map((r) => r.id);
      expect(aIds.length).toBeGreaterThan(0);
      expect((bRecords.body as { id: string }[]).map((r) => r.id)).toEqual(expect.not.arrayContaining(aIds));
      expect((bRecords.body as { id: string }[]).length).toBeGreaterThan(0);

      const aInbox = await t.http.get('/api/v1/notifications').set(bearer(A.tenant.adminToken)).expect(200);
      const aNote = (aInbox.body.items as { id: string }[])[0]!;
      expectNotFound(await t.http.post(`/api/v1/notifications/${aNote.id}/read`).set(bearer(B.tenant.adminToken)));
      const bInbox = await t.http.get('/api/v1/notifications').set(bearer(B.tenant.adminToken)).expect(200);
      expect((bInbox.body.items as { id: string }[]).map((n) => n.id)).not.toContain(aNote.id);
      const still = await t.http.get('/api/v1/notifications/unread-count').set(bearer(A.tenant.adminToken)).expect(200);
      expect(still.body.unread).toBe(1);
    });
  });

  describe("afterwards, A's rows", () => {
    it('read back unchanged by A’s administrator', async () => {
      for (const [path, body] of before) {
        const res = await t.http.get(path).set(bearer(A.tenant.adminToken));
        expect({ path, status: res.status, body: res.body }).toEqual({ path, status: 200, body });
      }
      expect(await idsOf(t, A.tenant.adminToken)).toEqual(A.ids);
    });

    it('still work: A’s staff log in with their own password and keep their access', async () => {
      for (const username of ['admin', 'streetA', 'communityA', 'workerA']) {
        await expect(login(t, A.tenant.code, username)).resolves.toEqual(expect.any(String));
      }
      await expect(login(t, A.tenant.code, 'streetA', 'Hijacked-2026')).rejects.toThrow(/401/);
      const token = await login(t, A.tenant.code, 'streetA');
      await t.http.get(`/api/v1/org-units/${A.district.communityA.id}`).set(bearer(token)).expect(200);
    });

    it('and B’s own units were not moved under A', async () => {
      const res = await t.http
        .get(`/api/v1/org-units/${B.district.gridA2.id}`)
        .set(bearer(B.tenant.adminToken))
        .expect(200);
      expect(res.body.parentId).toBe(B.district.communityA.id);
    });
  });

  describe('in PostgreSQL, as the application role', () => {
    it('knows every tenant table', () => {
      expect(tenantTables).toEqual(expect.arrayContaining(CORE_TENANT_TABLES));
    });

    it('sees no rows of any tenant table without app.tenant_id, though rows exist', async () => {
      const existing = await withClient(adminUrlOfTestDatabase(), async (c) => {
        const out: Record<string, number> = {};
        for (const table of tenantTables) {
          out[table] = await count(c, `select count(*)::int as n from ${table} where tenant_id = any($1::uuid[])`, [
            [A.tenant.id, B.tenant.id],
          ]);
        }
        return out;
      });
      for (const table of tenantTables)
        expect({ table, hasRows: existing[table]! > 0 }).toEqual({ table, hasRows: true });

      await withClient(APP_URL, async (c) => {
        for (const table of tenantTables) {
          expect({ table, n: await count(c, `select count(*)::int as n from ${table}`) }).toEqual({ table, n: 0 });
        }
        // An empty setting is no tenant either.
        await c.query('begin');
        await c.query(`select set_config('app.tenant_id', '', true)`);
        for (const table of tenantTables) {
          expect({ table, n: await count(c, `select count(*)::int as n from ${table}`) }).toEqual({ table, n: 0 });
        }
        await c.query('rollback');
      });
    });

    it('sees only A’s rows with A set, and the setting ends with the transaction', async () => {
      await withClient(APP_URL, async (c) => {
        await asTenant(c, A.tenant.id, async () => {
          for (const table of tenantTables) {
            const mine = await count(c, `select count(*)::int as n from ${table} where tenant_id = $1`, [A.tenant.id]);
            const others = await count(c, `select count(*)::int as n from ${table} where tenant_id <> $1`, [
              A.tenant.id,
            ]);
            const bRows = await count(c, `select count(*)::int as n from ${table} where tenant_id = $1`, [B.tenant.id]);
            expect({ table, mine: mine > 0, others, bRows }).toEqual({ table, mine: true, others: 0, bRows: 0 });
          }
          const bRoot = await c.query('select id from org_units where id = $1', [B.tenant.rootUnitId]);
          expect(bRoot.rowCount).toBe(0);
          const aRoot = await c.query('select id from org_units where id = $1', [A.tenant.rootUnitId]);
          expect(aRoot.rowCount).toBe(1);
        });
        // Committed, not rolled back: a transaction-local setting must not outlive it on a pooled connection.
        await c.query('begin');
        await c.query(`select set_config('app.tenant_id', $1, true)`, [A.tenant.id]);
        await c.query('commit');
        expect(await count(c, 'select count(*)::int as n from org_units')).toBe(0);
      });
    });

    it('cannot write, change or delete B’s rows while A is set', async () => {
      const b = B.tenant.id;
      const bRoot = B.tenant.rootUnitId;
      const inserts: [string, string, unknown[]][] = [
        [
          'org_units',
          'insert into org_units (tenant_id, id, district_id, street_id, parent_id, level, code, name) values ($1, $2, $3, $2, $3, 2, $4, $4)',
          [b, uuidv7(), bRoot, `rls-${uuidv7()}`],
        ],
        [
          'referrals',
          `insert into referrals (tenant_id, id, district_id, kind, target_plugin_id, target_unit_id, source_plugin_id,
             source_record_id, source_unit_id, status, reason, payload, opened_at)
           values ($1, $2, $3, 'help-desk.dispute', 'help-desk', $3, 'ticketing', $2, $3, 'pending', 'x', '{}', now())`,
          [b, uuidv7(), bRoot],
        ],
        [
          'users',
          `insert into users (tenant_id, id, district_id, username, display_name, password_hash, org_unit_id) values ($1, $2, $3, 'rls-intruder', 'x', 'x', $3)`,
          [b, uuidv7(), bRoot],
        ],
        [
          'refresh_tokens',
          `insert into refresh_tokens (tenant_id, id, user_id, family_id, token_hash, expires_at) values ($1, $2, $3, $2, repeat('0', 64), now() + interval '1 day')`,
          [b, uuidv7(), B.tenant.adminUserId],
        ],
        [
          'roles',
          `insert into roles (tenant_id, id, key, name_zh, name_en, permissions) values ($1, $2, 'rls_intruder', 'x', 'x', '{audit.read}')`,
          [b, uuidv7()],
        ],
        [
          'role_assignments',
          'insert into role_assignments (tenant_id, id, district_id, user_id, role_id, org_unit_id) values ($1, $2, $3, $4, $5, $3)',
          [b, uuidv7(), bRoot, B.district.gridWorkerA.id, B.customRoleId],
        ],
        [
          'partner_bodies',
          `insert into partner_bodies (tenant_id, id, district_id, type, name) values ($1, $2, $3, 'unit', 'rls intruder')`,
          [b, uuidv7(), bRoot],
        ],
        [
          'idempotency_records',
          `insert into idempotency_records (tenant_id, id, user_id, key, request_hash, state) values ($1, $2, $3, 'rls-key-0001', repeat('0', 64), 'pending')`,
          [b, uuidv7(), B.tenant.adminUserId],
        ],
        [
          'audit_events',
          `insert into audit_events (tenant_id, id, actor_type, action, entity) values ($1, $2, 'system', 'forged', 'org_unit')`,
          [b, uuidv7()],
        ],
        [
          'tenant_plugins',
          `insert into tenant_plugins (tenant_id, plugin_id, enabled) values ($1, 'forged-plugin', true)`,
          [b],
        ],
        [
          'outbox_messages',
          `insert into outbox_messages (tenant_id, id, kind, name, payload) values ($1, $2, 'job', 'forged', '{}')`,
          [b, uuidv7()],
        ],
        [
          'durable_timers',
          `insert into durable_timers (tenant_id, id, plugin_id, name, key, due_at) values ($1, $2, 'probe', 'remind', 'forged', now())`,
          [b, uuidv7()],
        ],
        ['job_receipts', `insert into job_receipts (tenant_id, job_id) values ($1, 'forged-job')`, [b]],
        [
          'notifications',
          `insert into notifications (tenant_id, id, user_id, kind, title, dedupe_key) values ($1, $2, $3, 'forged', 'x', 'forged')`,
          [b, uuidv7(), B.tenant.adminUserId],
        ],
        [
          'tenant_calendar_overrides',
          `insert into tenant_calendar_overrides (tenant_id, date, kind) values ($1, '2026-05-06', 'off')`,
          [b],
        ],
        [
          'probe_records',
          `insert into probe_records (tenant_id, id, district_id, origin, label) values ($1, $2, $3, 'forged', 'x')`,
          [b, uuidv7(), bRoot],
        ],
      ];
      expect(inserts.map(([table]) => table).sort()).toEqual([...tenantTables].sort());
      await withClient(APP_URL, async (c) => {
        for (const [table, sql, params] of inserts) {
          const code = await asTenant(c, A.tenant.id, () => pgErrorCode(c.query(sql, params)));
          expect({ table, code }).toEqual({ table, code: RLS_VIOLATION });
        }
        // Handing one of A's rows over to B is refused by the same check.
        for (const [table, id] of [
          ['org_units', A.district.gridA2.id],
          ['roles', A.customRoleId],
          ['partner_bodies', A.partnerId],
        ] as const) {
          const code = await asTenant(c, A.tenant.id, () =>
            pgErrorCode(c.query(`update ${table} set tenant_id = $1 where id = $2`, [b, id])),
          );
          expect({ table, code }).toEqual({ table, code: RLS_VIOLATION });
        }
        // B's rows are not there to update or delete.
        await asTenant(c, A.tenant.id, async () => {
          const upd = await c.query(`update org_units set name = 'hijacked' where tenant_id = $1`, [b]);
          expect(upd.rowCount).toBe(0);
          const del = await c.query('delete from partner_bodies where id = $1', [B.partnerId]);
          expect(del.rowCount).toBe(0);
        });
      });
      const res = await t.http
        .get(`/api/v1/partner-bodies/${B.partnerId}`)
        .set(bearer(B.tenant.adminToken))
        .expect(200);
      expect(res.body.id).toBe(B.partnerId);
    });

    it('cannot bypass row-level security', async () => {
      await withClient(APP_URL, async (c) => {
        const role = await c.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
          'select rolsuper, rolbypassrls from pg_roles where rolname = current_user',
        );
        expect(role.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });

        // row_security = off makes PostgreSQL refuse the query rather than skip the policy.
        await c.query('set row_security = off');
        for (const table of tenantTables) {
          const code = await pgErrorCode(c.query(`select count(*)::int as n from ${table}`));
          expect({ table, code }).toEqual({ table, code: RLS_VIOLATION });
        }
        await c.query('reset row_security');

        const attempts = [
          'set role tongxin_owner',
          'set session authorization postgres',
          'alter table org_units disable row level security',
          'alter table org_units no force row level security',
          'drop policy tenant_isolation on users',
          'create policy open_door on roles using (true)',
        ];
        for (const sql of attempts) {
          const code = await pgErrorCode(c.query(sql));
          expect({ sql, code }).toEqual({ sql, code: RLS_VIOLATION });
        }
        // The policies are all still there and the tables still hide everything.
        for (const table of tenantTables) {
          expect({ table, n: await count(c, `select count(*)::int as n from ${table}`) }).toEqual({ table, n: 0 });
        }
        const tables = await c.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
          `select c.relname, c.relrowsecurity, c.relforcerowsecurity from pg_class c
             join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
            where c.relname = any($1) order by c.relname`,
          [tenantTables],
        );
        expect(tables.rows).toEqual(
          [...tenantTables].sort().map((relname) => ({ relname, relrowsecurity: true, relforcerowsecurity: true })),
        );
        // The fail-closed tenant policy on every table, for every command and every role; the swept
        // tables also let the owner role (the sweep functions' definer, never the server) see across tenants.
        const policies = await c.query<{ tablename: string; policyname: string; cmd: string; roles: string[] }>(
          `select tablename, policyname, cmd, roles::text[] as roles from pg_policies
            where schemaname = 'public' and tablename = any($1) order by tablename, policyname`,
          [tenantTables],
        );
        expect(policies.rows).toEqual(
          [...tenantTables]
            .sort()
            .flatMap((tablename) => [
              ...(SWEPT_TABLES.includes(tablename)
                ? [{ tablename, policyname: 'owner_maintenance', cmd: 'ALL', roles: ['tongxin_owner'] }]
                : []),
              { tablename, policyname: 'tenant_isolation', cmd: 'ALL', roles: ['public'] },
            ]),
        );
      });
    });
  });
});
