import { seedDemoDistrict } from '@tongxin/demo';
import { TenantTransaction } from '@tongxin/database';
import { Tenant } from '@tongxin/tenancy';
import dualReport from '../plugins/dual-report/src/index';
import grid from '../plugins/grid/src/index';
import { expectStatus } from './support/expect';
import { bearer, login, startTestApp, type TestApp } from './support/test-app';

const DAY = 86_400_000;
const PASSWORD = 'demo-activity-2026';

/**
 * The demo district as the zero-config start loads it, with both practices on: a year of activity
 * behind every figure, so the first look shows numbers rather than zeros.
 */
describe('demo district activity', () => {
  let t: TestApp;
  let token: string;
  let rootUnitId: string;
  let tenantId: string;
  const year = () => ({ from: new Date(Date.now() - 365 * DAY).toISOString(), to: new Date().toISOString() });

  beforeAll(async () => {
    t = await startTestApp({}, { plugins: [grid, dualReport] });
    await seedDemoDistrict(t.app, PASSWORD);
    token = await login(t, 'demo', 'admin', PASSWORD);
    const tx = t.app.get(TenantTransaction, { strict: false });
    const tenant = await tx.platform((em) => em.findOneByOrFail(Tenant, { code: 'demo' }));
    tenantId = tenant.id;
    rootUnitId = (await tx.run(tenantId, (em) => em.query(`select id from org_units where level = 1`)))[0].id;
  }, 120_000);
  afterAll(() => t?.close());

  const indicator = (key: string, unitId: string, period: { from: string; to: string }) =>
    t.http
      .get(`/api/v1/indicators/${key}`)
      .query({ unitId, ...period })
      .set(bearer(token));

  it('gives every grid and dual-report indicator a figure for the district over the year', async () => {
    const list = await t.http.get('/api/v1/indicators').set(bearer(token));
    expectStatus(list, 200);
    const keys = ((list.body.items ?? list.body) as { key: string }[]).map((i) => i.key);
    expect(keys.filter((k) => k.startsWith('grid.'))).toHaveLength(9);
    expect(keys.filter((k) => k.startsWith('dual-report.'))).toHaveLength(6);
    const figures: Record<string, unknown> = {};
    for (const key of keys) {
      const res = await indicator(key, rootUnitId, year());
      expectStatus(res, 200);
      figures[key] = res.body.value;
    }
    // No practice in the demo receives referrals yet (the mediation plugin comes next): none transferred.
    expect(figures['grid.cases-transferred']).toBe(0);
    for (const [key, value] of Object.entries(figures).filter(([k]) => k !== 'grid.cases-transferred')) {
      expect({ key, positive: typeof value === 'number' && value > 0 }).toEqual({ key, positive: true });
    }
  });

  it('has cases in every state of the loop, with history, 督办, ratings and patrols', async () => {
    const tx = t.app.get(TenantTransaction, { strict: false });
    const counts = await tx.run(tenantId, async (em) => ({
      states: await em.query<{ state: string; n: number }[]>(
        `select state, count(*)::int as n from grid_cases group by state order by state`,
      ),
      tables: (
        await em.query(`select (select count(*) from grid_case_events)::int as events,
                               (select count(*) from grid_supervisions where reason = 'overdue')::int as overdue,
                               (select count(*) from grid_supervisions where reason = 'manual')::int as manual,
                               (select count(*) from grid_evaluations)::int as evaluations,
                               (select count(*) from grid_cases where satisfaction is not null)::int as rated,
                               (select count(*) from grid_patrols)::int as patrols`)
      )[0],
    }));
    expect(counts.states.map((s) => s.state)).toEqual([
      'cancelled',
      'closed',
      'collected',
      'dispatched',
      'escalated',
      'handling',
      'reopened',
      'reported',
      'resolved',
      'returned',
    ]);
    for (const n of Object.values(counts.tables as Record<string, number>)) expect(n).toBeGreaterThan(0);
    // The case list the demo users open shows them.
    const cases = await t.http.get('/api/v1/plugins/grid/cases?state=reopened').set(bearer(token));
    expectStatus(cases, 200);
    expect(cases.body.items.length).toBeGreaterThan(0);
  });

  it('shows the demo street figures month by month, street by street in one call', async () => {
    const tx = t.app.get(TenantTransaction, { strict: false });
    const [street] = await tx.run(tenantId, (em) => em.query(`select id from org_units where code = 'ZH-01'`));
    const month = { from: new Date(Date.now() - 30 * DAY).toISOString(), to: new Date().toISOString() };
    for (const key of ['grid.cases-received', 'grid.completion-rate', 'dual-report.hours-served']) {
      const res = await indicator(key, street.id, month);
      expectStatus(res, 200);
      expect({ key, value: res.body.value > 0 }).toEqual({ key, value: true });
    }
    const streets = await t.http
      .get('/api/v1/indicators/grid.cases-received/children')
      .query({ unitId: rootUnitId, ...month })
      .set(bearer(token));
    expectStatus(streets, 200);
    expect(streets.body.items).toHaveLength(9);
    for (const item of streets.body.items) expect(item.value).toBeGreaterThan(0);
  });
});
