import pg from 'pg';
import { AppConfig } from '@tongxin/config';
import type { IndicatorContext } from '@tongxin/plugin-sdk';
import { INDICATORS } from '../apps/bench/src/baseline/indicators';
import { GRID_DEFAULT_GRANTS } from '../apps/bench/src/baseline/principal';
import { startBaseline, type Baseline } from '../apps/bench/src/baseline/server';
import plugin from '../plugins/grid/src/index';
import { GRID_INDICATORS } from '../plugins/grid/src/indicators';
import {
  act,
  fileCase,
  GRID,
  gridDistrict,
  otherGridTenant,
  startGridApp,
  type GridDistrict,
  type Staff,
} from '../plugins/grid/test/support';
import { bearer, PASSWORD, type TestApp } from './support/test-app';
import { APP_URL } from './support/test-database-urls';

/**
 * The benchmark's baseline (apps/bench/src/baseline) answers its five routes like the product and
 * sends the same statements in the same transactions: both run in this process against the test
 * database, every statement either sends through `pg` is recorded, and each route is called on
 * both with the same token and body.
 */

// ---- statement recording: both servers reach PostgreSQL through this process's `pg` Client ----

interface Recorded {
  client: number;
  text: string;
  /** Sent inside a transaction the connection had begun (perhaps before the recording). */
  inTransaction: boolean;
}
const clientIds = new WeakMap<object, number>();
let clients = 0;
/** Connections inside a transaction, followed always: a recording may begin in the middle of one. */
const inTransaction = new WeakSet<object>();
let recording: Recorded[] | null = null;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, config: unknown, ...rest: unknown[]) {
  const text = typeof config === 'string' ? config : (config as { text?: unknown } | null)?.text;
  if (typeof text === 'string') {
    const inside = inTransaction.has(this);
    if (text === 'START TRANSACTION') inTransaction.add(this);
    else if (text === 'COMMIT' || text === 'ROLLBACK') inTransaction.delete(this);
    if (recording) {
      if (!clientIds.has(this)) clientIds.set(this, ++clients);
      recording.push({ client: clientIds.get(this)!, text, inTransaction: inside });
    }
  }
  return (originalQuery as (...args: unknown[]) => unknown).apply(this, [config, ...rest]);
} as typeof originalQuery;

/**
 * Background work of the product's job machinery, not request work: the outbox relay and its
 * sweep, the timer sweep, job receipts. (Not `relayed_at` alone: the intake's outbox insert names it.)
 */
const BACKGROUND =
  /relayed_at is null|set relayed_at|from durable_timers|durable_timers set (enqueued|fired)_at|job_receipts|add_jobs|tongxin_(outbox_pending|due_timer)_tenants/;

/**
 * The statements `work` caused, transaction by transaction in the order they began: statements
 * are grouped per connection between START TRANSACTION and COMMIT/ROLLBACK; a statement outside
 * one is a transaction of its own (PostgreSQL runs it in an implicit one, like the principal's
 * `select tongxin_principal(…)`). The product's background transactions, and the rest of
 * transactions begun before the recording, are left out.
 */
async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  const log: Recorded[] = (recording = []);
  try {
    await work();
    // Let a transaction begun by the request but ending after its answer show up whole.
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    recording = null;
  }
  const open = new Map<number, { start: number; statements: string[] }>();
  const done: { start: number; statements: string[] }[] = [];
  log.forEach(({ client, text, inTransaction: inside }, i) => {
    if (!inside) {
      if (text === 'START TRANSACTION') open.set(client, { start: i, statements: [text] });
      else done.push({ start: i, statements: [text] });
      return;
    }
    const tx = open.get(client);
    if (!tx) return;
    tx.statements.push(text);
    if (text === 'COMMIT' || text === 'ROLLBACK') {
      done.push(tx);
      open.delete(client);
    }
  });
  return done
    .filter((tx) => !tx.statements.some((s) => BACKGROUND.test(s)))
    .sort((a, b) => a.start - b.start)
    .flatMap((tx) => tx.statements);
}

// ---- the two servers ----

interface Answer {
  status: number;
  body: unknown;
}

let t: TestApp;
let d: GridDistrict;
let baseline: Baseline;

async function product(method: 'GET' | 'POST', path: string, token?: string, body?: object): Promise<Answer> {
  let req = method === 'GET' ? t.http.get(path) : t.http.post(path);
  if (token) req = req.set(bearer(token));
  const res = await (body ? req.send(body) : req);
  return { status: res.status, body: res.body as unknown };
}

async function base(method: 'GET' | 'POST', path: string, token?: string, body?: object): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${baseline.url}${path}`, {
    method,
    headers,
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

/** Calls both servers the same way; returns both answers and the statements each caused. */
async function both(method: 'GET' | 'POST', path: string, token?: string, body?: object) {
  let p!: Answer;
  let b!: Answer;
  const productSql = await statementsOf(async () => (p = await product(method, path, token, body)));
  const baselineSql = await statementsOf(async () => (b = await base(method, path, token, body)));
  return { p, b, productSql, baselineSql };
}

/** Both servers sent the same statements, in the same transactions, and there was a transaction. */
function expectSameSql(productSql: string[], baselineSql: string[]): void {
  expect(productSql).toContain('START TRANSACTION');
  expect(baselineSql).toEqual(productSql);
}

const loginBody = (username: string) => ({ tenantCode: d.tenant.code, username, password: PASSWORD });
const caseBody = (overrides: Record<string, unknown> = {}) => ({
  source: 'patrol',
  itemId: d.itemByCode('HP-09').id,
  unitId: d.gridA.id,
  description: '5号楼西侧井盖松动',
  address: '沿河路5号',
  ...overrides,
});

/** A case view without what differs between two new rows: id, number, creation and update time. */
const sansNewRow = (body: unknown) => {
  const {
    id: _id,
    number: _number,
    createdAt: _createdAt,
    updatedAt: _updatedAt,
    ...rest
  } = body as Record<string, unknown>;
  return rest;
};

const claims = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

let otherAdmin: Staff;
const filed: string[] = [];

beforeAll(async () => {
  t = await startGridApp();
  d = await gridDistrict(t, 'bench');
  otherAdmin = (await otherGridTenant(t)).admin;
  const where: [Staff, string][] = [
    [d.gridWorkerA, d.gridA.id],
    [d.gridWorkerA, d.gridA.id],
    [d.gridWorkerA, d.gridA.id],
    [d.gridWorkerA2, d.gridA2.id],
    [d.gridWorkerB, d.gridB.id],
  ];
  for (const [who, unitId] of where) filed.push((await fileCase(t, d, { unitId }, who)).id);
  // Dispatched cases, so views carry a handler and its name: a unit's, (escalated to the
  // community first) a department's, and a person's.
  await act(t, d.communityStaffA, filed[0]!, 'dispatch', { unitId: d.gridA.id }).expect(200);
  await act(t, d.communityStaffA, filed[1]!, 'escalate', { note: '需职能部门处置' }).expect(200);
  await act(t, d.communityStaffA, filed[1]!, 'dispatch', { partnerId: d.departmentId }).expect(200);
  // One with a person (named as its handler), handled and awaiting verification: allowedActions
  // then differ by who asks (the handler may not verify their own work).
  await act(t, d.communityStaffA, filed[2]!, 'dispatch', {
    unitId: d.gridA.id,
    handlerUserId: d.gridWorkerA.id,
  }).expect(200);
  await act(t, d.gridWorkerA, filed[2]!, 'accept').expect(200);
  await act(t, d.gridWorkerA, filed[2]!, 'resolve', { note: '已处置' }).expect(200);
  // Open311 requests, filed through the product with an api key.
  const key = await t.http
    .post(`${GRID}/open311/keys`)
    .set(bearer(d.admin.token))
    .send({ clientName: 'bench', unitId: d.gridA.id })
    .expect(201);
  for (const n of [1, 2])
    await t.http
      .post(`/api/v1/public/${d.tenant.code}/plugins/grid/open311/v2/requests.json`)
      .send({ api_key: key.body.apiKey, service_code: 'HP-09', address_string: `沿河路${n}号`, address_id: `A-${n}` })
      .expect(201);
  baseline = await startBaseline({
    appUrl: APP_URL,
    jwtSecret: t.app.get(AppConfig, { strict: false }).jwtSecret,
    port: 0,
  });
}, 120_000);

afterAll(async () => {
  await baseline?.close();
  await t?.close();
  pg.Client.prototype.query = originalQuery;
});

describe('bench baseline: the same answers from the same statements', () => {
  it('logs in like the product, and the tokens work on both servers', async () => {
    const { p, b, productSql, baselineSql } = await both('POST', '/api/v1/auth/login', undefined, loginBody('workerA'));
    expect([p.status, b.status]).toEqual([200, 200]);
    const pb = p.body as Record<string, unknown>;
    const bb = b.body as Record<string, unknown>;
    expect(Object.keys(bb)).toEqual(Object.keys(pb));
    expect({ ...bb, accessToken: '', refreshToken: '' }).toEqual({ ...pb, accessToken: '', refreshToken: '' });
    const [pc, bc] = [claims(pb.accessToken as string), claims(bb.accessToken as string)];
    expect(Object.keys(bc)).toEqual(Object.keys(pc));
    // Each login is a session of its own: `sid` differs, like the issue times.
    expect({ ...bc, iat: 0, exp: 0, sid: '' }).toEqual({ ...pc, iat: 0, exp: 0, sid: '' });
    expect((bb.refreshToken as string).split('.')[0]).toBe(d.tenant.id);
    expectSameSql(productSql, baselineSql);
    expect(productSql).toHaveLength(12);

    // Interchangeable: each server's token on the other.
    expect((await base('GET', `${GRID}/cases?limit=1`, pb.accessToken as string)).status).toBe(200);
    expect((await product('GET', `${GRID}/cases?limit=1`, bb.accessToken as string)).status).toBe(200);
    // And the refusals of a wrong password, of an unknown user and of an unknown district record
    // the failure the same way (the throttle's counters are on Redis here, not in these statements).
    for (const body of [
      { ...loginBody('workerB'), password: 'nope' },
      { ...loginBody('no-such-worker'), password: 'nope' },
      { ...loginBody('workerB'), tenantCode: 'no-such-district', password: 'nope' },
    ]) {
      const wrong = await both('POST', '/api/v1/auth/login', undefined, body);
      expect([wrong.p.status, wrong.b.status]).toEqual([401, 401]);
      expect((wrong.b.body as { code: string }).code).toBe((wrong.p.body as { code: string }).code);
      expectSameSql(wrong.productSql, wrong.baselineSql);
    }
  });

  it.each([
    ['a grid worker', () => d.gridWorkerA, () => ({})],
    ['community staff (may dispatch)', () => d.communityStaffA, () => ({})],
    [
      'a grid worker, a draft',
      () => d.gridWorkerA,
      () => ({ draft: true, reporterName: '李女士', needsVolunteers: true }),
    ],
    ['street staff, at a party group', () => d.streetStaffA, () => ({ unitId: d.groupA.id })],
  ])('files a case like the product: %s', async (_who, who, overrides) => {
    const body = caseBody(overrides());
    const { p, b, productSql, baselineSql } = await both('POST', `${GRID}/cases`, who().token, body);
    expect([p.status, b.status]).toEqual([201, 201]);
    expect(Object.keys(b.body as object)).toEqual(Object.keys(p.body as object));
    expect(sansNewRow(b.body)).toEqual(sansNewRow(p.body));
    expectSameSql(productSql, baselineSql);
    // The intake transaction itself was compared, not left out as background work.
    expect(productSql.filter((s) => s.startsWith('INSERT INTO "grid_cases"'))).toHaveLength(1);
    filed.push((p.body as { id: string }).id, (b.body as { id: string }).id);
  });

  it.each([
    ['a grid worker', () => d.gridWorkerA],
    ['another grid worker', () => d.gridWorkerB],
    ['community staff', () => d.communityStaffA],
    ['street staff', () => d.streetStaffA],
    ['district staff', () => d.districtStaff],
    ['a department’s handler', () => d.department],
    ['the district admin', () => d.admin],
  ])('lists cases like the product, page by page: %s', async (_who, who) => {
    let path = `${GRID}/cases?limit=2`;
    for (let page = 0; page < 3; page++) {
      const { p, b, productSql, baselineSql } = await both('GET', path, who().token);
      expect([p.status, b.status]).toEqual([200, 200]);
      expect(b.body).toEqual(p.body);
      expectSameSql(productSql, baselineSql);
      const next = (p.body as { nextCursor: string | null }).nextCursor;
      if (!next) break;
      path = `${GRID}/cases?limit=2&cursor=${next}`;
    }
    const all = await both('GET', `${GRID}/cases`, who().token);
    expect(all.b.body).toEqual(all.p.body);
    expectSameSql(all.productSql, all.baselineSql);
  });

  it('keeps tenants and scopes apart', async () => {
    const mine = await base('GET', `${GRID}/cases?limit=200`, d.gridWorkerA.token);
    const items = (mine.body as { items: { id: string; unitId: string }[] }).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((c) => c.unitId === d.gridA.id || c.unitId === d.groupA.id)).toBe(true);
    const b = await base('GET', `${GRID}/cases?limit=200`, d.gridWorkerB.token);
    const bUnits = (b.body as { items: { unitId: string }[] }).items.map((c) => c.unitId);
    expect(bUnits.length).toBeGreaterThan(0);
    expect(bUnits.every((u) => u === d.gridB.id)).toBe(true);
    const theirs = await both('GET', `${GRID}/cases?limit=200`, otherAdmin.token);
    expect(theirs.b.status).toBe(200);
    const ids = (theirs.b.body as { items: { id: string }[] }).items.map((c) => c.id);
    expect(ids.filter((id) => filed.includes(id))).toEqual([]);
    expect(theirs.b.body).toEqual(theirs.p.body);
    expectSameSql(theirs.productSql, theirs.baselineSql);
    // Filing where the caller holds no `case.report` is the same 404 on both.
    const outside = await both('POST', `${GRID}/cases`, d.gridWorkerA.token, caseBody({ unitId: d.gridB.id }));
    expect([outside.p.status, outside.b.status]).toEqual([404, 404]);
    expectSameSql(outside.productSql, outside.baselineSql);
  });

  const period = () => ({
    from: new Date(Date.now() - 30 * 86_400_000).toISOString(),
    to: new Date(Date.now() + 86_400_000).toISOString(),
  });

  it.each(GRID_INDICATORS.map((i) => i.key))('computes the indicator %s like the product', async (key) => {
    const { from, to } = period();
    for (const [who, unitId] of [
      [d.communityStaffA, d.communityA.id],
      [d.districtStaff, d.tenant.rootUnitId],
      [d.gridWorkerA, d.gridA.id],
    ] as const) {
      const path = `/api/v1/indicators/grid/${key}?unitId=${unitId}&from=${from}&to=${to}`;
      const { p, b, productSql, baselineSql } = await both('GET', path, who.token);
      expect([p.status, b.status]).toEqual([200, 200]);
      expect(b.body).toEqual(p.body);
      expectSameSql(productSql, baselineSql);
    }
    // A unit outside the caller's scope: the same 404.
    const path = `/api/v1/indicators/grid/${key}?unitId=${d.streetB.id}&from=${from}&to=${to}`;
    const outside = await both('GET', path, d.gridWorkerA.token);
    expect([outside.p.status, outside.b.status]).toEqual([404, 404]);
    expectSameSql(outside.productSql, outside.baselineSql);
  });

  it('answers Open311 requests.json like the product', async () => {
    const start = new Date(Date.now() - 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const end = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const path = `/api/v1/public/${d.tenant.code}/plugins/grid/open311/v2/requests.json`;
    for (const query of [`?start_date=${start}&end_date=${end}`, '', `?start_date=${start}&status=open`]) {
      const { p, b, productSql, baselineSql } = await both('GET', `${path}${query}`);
      expect([p.status, b.status]).toEqual([200, 200]);
      expect((b.body as unknown[]).length).toBe(2);
      expect(b.body).toEqual(p.body);
      expectSameSql(productSql, baselineSql);
    }
    const unknown = await both('GET', '/api/v1/public/no-such-district/plugins/grid/open311/v2/requests.json');
    expect([unknown.p.status, unknown.b.status]).toEqual([404, 404]);
    expectSameSql(unknown.productSql, unknown.baselineSql);
  });
});

describe('bench baseline: its copies of the plugin’s definitions', () => {
  it('has the grid manifest’s default grants of system roles', () => {
    const fromManifest = Object.fromEntries(
      plugin.permissions!.map((p) => [`plugin:grid.${p.key}`, [...(p.defaultGrants ?? [])].sort()]),
    );
    const copied = Object.fromEntries(Object.entries(GRID_DEFAULT_GRANTS).map(([k, v]) => [k, [...v].sort()]));
    expect(copied).toEqual(fromManifest);
  });

  it.each(['district_id', 'street_id', 'community_id', 'grid_id', 'group_id'] as const)(
    'has the plugin’s indicator SQL, for %s',
    async (scopeColumn) => {
      const fromPlugin: { key: string; unit: string; sql: string }[] = [];
      for (const indicator of GRID_INDICATORS) {
        let sql = '';
        const ctx = {
          tx: {
            now: new Date(),
            query: (text: string) => {
              sql = text;
              return Promise.resolve([{ value: null }]);
            },
          },
          unit: { id: 'u' },
          scopeColumn,
          from: new Date(0),
          to: new Date(1),
        } as unknown as IndicatorContext;
        await indicator.compute(ctx);
        fromPlugin.push({ key: indicator.key, unit: indicator.unit, sql });
      }
      expect(INDICATORS.map((i) => ({ key: i.key, unit: i.unit, sql: i.sql(scopeColumn) }))).toEqual(fromPlugin);
    },
  );
});
