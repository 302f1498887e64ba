import { createHash } from 'node:crypto';
import pg from 'pg';
import { generateCases, type CaseWorld, type Row } from '../apps/bench/src/seed/cases';
import { seedDistrict, tenantItems, tenantUnits } from '../apps/bench/src/seed/district';
import { ANCHOR, PROFILES, SEED_YEARS, type DistrictProfile } from '../apps/bench/src/seed/profiles';
import { Random } from '../apps/bench/src/seed/random';
import { BENCH_PASSWORD } from '../apps/bench/src/shared/bench-database';
import { ADMIN_URL, TEST_DATABASE } from './support/test-database-urls';
import {
  bearer,
  enablePlugin,
  login,
  provisionTenant,
  startTestApp,
  uniqueCode,
  type TestApp,
} from './support/test-app';

const GRID = '/api/v1/plugins/grid';

/**
 * The benchmark's data generator loads a district through the product's own services and schema:
 * what it writes must read back through the real API, under row-level security and each
 * account's scope, exactly like data the product wrote itself.
 */
describe('bench:seed loads a real district', () => {
  let t: TestApp;
  let admin: pg.Client;
  let copies: [pg.Client, pg.Client, pg.Client];
  let profile: DistrictProfile;
  let tenantId: string;
  const CASES = 600;

  const superuser = async () => {
    const u = new URL(ADMIN_URL);
    u.pathname = `/${TEST_DATABASE}`;
    const c = new pg.Client({ connectionString: u.toString() });
    await c.connect();
    await c.query('set session_replication_role = replica');
    return c;
  };
  const count = async (sql: string, params: unknown[]) =>
    Number((await admin.query<{ n: string }>(sql, params)).rows[0]!.n);

  beforeAll(async () => {
    t = await startTestApp();
    admin = await superuser();
    copies = [await superuser(), await superuser(), await superuser()];
    profile = { ...PROFILES.xiangyun!, code: uniqueCode('seed') };
    const seeded = await seedDistrict(t.app, admin, copies, profile, CASES, 7, () => undefined);
    tenantId = seeded.tenantId;
    expect(seeded.cases).toBe(CASES);
  });

  afterAll(async () => {
    await Promise.all([admin, ...copies].map((c) => c.end()));
    await t.close();
  });

  it('builds the published shape: 7 communities, 68 grids, one grid worker account per grid', async () => {
    const levels = await admin.query<{ level: number; n: string }>(
      'select level, count(*) as n from org_units where tenant_id = $1 group by level order by level',
      [tenantId],
    );
    expect(levels.rows.map((r) => [r.level, Number(r.n)])).toEqual([
      [1, 1],
      [2, 2],
      [3, 7],
      [4, 68],
      [5, 68],
    ]);
    expect(
      await count(`select count(distinct unit_id) as n from grid_staff where tenant_id = $1 and duty = 'grid_worker'`, [
        tenantId,
      ]),
    ).toBe(68);
  });

  it('a seeded grid worker logs in and sees exactly their own grid’s cases, through the API', async () => {
    const [grid] = (
      await admin.query<{ id: string; code: string; n: string }>(
        `select u.id, u.code, count(c.id) as n from org_units u join grid_cases c on c.tenant_id = u.tenant_id and c.grid_id = u.id
          where u.tenant_id = $1 group by u.tenant_id, u.id order by count(c.id) desc, u.code limit 1`,
        [tenantId],
      )
    ).rows;
    const token = await login(t, profile.code, `w-${grid!.code}`, BENCH_PASSWORD);
    const res = await t.http.get(`${GRID}/cases?limit=100`).set(bearer(token)).expect(200);
    const items = res.body.items as { unitId: string; number: string }[];
    expect(items.length).toBe(Number(grid!.n));
    const units = await admin.query<{ id: string }>(
      'select id from org_units where tenant_id = $1 and (id = $2 or parent_id = $2)',
      [tenantId, grid!.id],
    );
    const inGrid = new Set(units.rows.map((r) => r.id));
    expect(items.every((c) => inGrid.has(c.unitId))).toBe(true);
    // Newest first, as the product numbers them: by day, then sequence.
    const numbers = items.map((c) => c.number);
    expect([...numbers].sort().reverse()).toEqual(numbers);
  });

  it("a street's indicator counts the seeded history the way the product's own history counts", async () => {
    const [street] = (
      await admin.query<{ id: string; code: string }>(
        `select id, code from org_units where tenant_id = $1 and level = 2 order by code limit 1`,
        [tenantId],
      )
    ).rows;
    const token = await login(t, profile.code, `s-${street!.code}`, BENCH_PASSWORD);
    const from = '2026-01-01T00:00:00+08:00';
    const to = '2026-07-01T00:00:00+08:00';
    const res = await t.http
      .get(`/api/v1/indicators/grid/cases-received`)
      .query({ unitId: street!.id, from, to })
      .set(bearer(token))
      .expect(200);
    const expected = await count(
      `select count(*) as n from grid_case_events where tenant_id = $1 and street_id = $2 and action = 'report'
          and occurred_at >= $3 and occurred_at < $4`,
      [tenantId, street!.id, from, to],
    );
    expect(expected).toBeGreaterThan(0);
    expect(res.body.value).toBe(expected);
    const completion = await t.http
      .get(`/api/v1/indicators/grid/completion-rate`)
      .query({ unitId: street!.id, from, to })
      .set(bearer(token))
      .expect(200);
    // Cases half a year old are almost all closed, as in the districts' published 90–98 %.
    expect(completion.body.value).toBeGreaterThan(0.9);
  });

  it('another district sees none of the seeded cases', async () => {
    const other = await provisionTenant(t, 'seednb');
    await enablePlugin(t, other, 'grid');
    const res = await t.http.get(`${GRID}/cases`).set(bearer(other.adminToken)).expect(200);
    expect(res.body.items).toEqual([]);
    // And the seeded district's admin, asking for a case by id, is the only one who finds it.
    const [seededCase] = (
      await admin.query<{ id: string }>('select id from grid_cases where tenant_id = $1 limit 1', [tenantId])
    ).rows;
    await t.http.get(`${GRID}/cases/${seededCase!.id}`).set(bearer(other.adminToken)).expect(404);
    const own = await login(t, profile.code, 'admin', BENCH_PASSWORD);
    await t.http.get(`${GRID}/cases/${seededCase!.id}`).set(bearer(own)).expect(200);
  });

  it('the generator is reproducible: the same seed writes the same rows, another seed different ones', async () => {
    const world = await worldOf(admin, tenantId);
    const digest = async (seed: number) => {
      const hash = createHash('sha256');
      const add = (r: Row) => void hash.update(JSON.stringify(r));
      await generateCases(world, new Random(seed), 300, ANCHOR, SEED_YEARS, {
        case: add,
        event: add,
        supervision: add,
      });
      return hash.digest('hex');
    };
    expect(await digest(42)).toBe(await digest(42));
    expect(await digest(43)).not.toBe(await digest(42));
  });

  it('writes the state mix the districts report (most closed, few cancelled) and a 上报 line for every case', async () => {
    const states = await admin.query<{ state: string; n: string }>(
      'select state, count(*) as n from grid_cases where tenant_id = $1 group by state',
      [tenantId],
    );
    const share = Object.fromEntries(states.rows.map((r) => [r.state, Number(r.n) / CASES]));
    expect(share.closed).toBeGreaterThan(0.9);
    expect(share.cancelled ?? 0).toBeLessThan(0.05);
    // Numbers are unique per district day, and every case has its 上报 line of history.
    expect(
      await count(
        `select count(*) as n from grid_cases c where c.tenant_id = $1
            and not exists (select 1 from grid_case_events e where e.tenant_id = c.tenant_id and e.case_id = c.id and e.action = 'report')`,
        [tenantId],
      ),
    ).toBe(0);
  });
});

/** The world the generator needs, read back from a seeded tenant (for the reproducibility check). */
async function worldOf(admin: pg.Client, tenantId: string): Promise<CaseWorld> {
  const units = await tenantUnits(admin, tenantId);
  const byId = new Map(units.map((u) => [u.id, u]));
  const root = units.find((u) => u.level === 1)!;
  return {
    tenantId,
    district: root,
    places: units
      .filter((u) => u.level === 4)
      .map((grid) => {
        const community = byId.get(grid.parentId!)!;
        return {
          grid,
          community,
          street: byId.get(community.parentId!)!,
          groups: units.filter((u) => u.parentId === grid.id),
          workers: [root.id],
          weight: 1,
        };
      }),
    items: await tenantItems(admin, tenantId),
    staffAt: new Map(),
    departments: [{ id: root.id, name: 'dept', userId: root.id }],
  };
}
