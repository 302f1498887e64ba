import { expectStatus } from './support/expect';
import { bearer, type TestApp } from './support/test-app';
import { act, fileCase, gridDistrict, startGridApp, type GridDistrict, type Staff } from '../plugins/grid/test/support';

/**
 * Indicators by full key and by child unit, against a fixture small enough to count by hand.
 * Every case is item HP-09 (24 h to handle), filed and worked in the same few seconds:
 *
 * | where             | cases | what happens                                          |
 * | grid A1-1         | 3     | two dispatched, one of them accepted, resolved, closed |
 * | grid A1-2         | 1     | dispatched and closed                                 |
 * | street A itself   | 1     | only reported (belongs to no child of street A)       |
 * | grid B1-1         | 2     | one dispatched, open                                  |
 */
describe('indicators by key and by child unit', () => {
  let t: TestApp;
  let d: GridDistrict;
  const period = () => ({
    from: new Date(Date.now() - 86_400_000).toISOString(),
    to: new Date(Date.now() + 86_400_000).toISOString(),
  });

  const ok = async (who: Staff, id: string, action: string, body: Record<string, unknown> = {}) =>
    expectStatus(await act(t, who, id, action, body), 200);
  const children = (key: string, unitId: string, who: Staff = d.admin) =>
    t.http
      .get(`/api/v1/indicators/${key}/children`)
      .query({ unitId, ...period() })
      .set(bearer(who.token));
  /** `{ unit name: value }` of a children answer. */
  const byName = (body: { items: { unit: { name: string }; value: number | null }[] }) =>
    Object.fromEntries(body.items.map((i) => [i.unit.name, i.value]));

  beforeAll(async () => {
    t = await startGridApp();
    d = await gridDistrict(t, 'indstmt');
    const a = [await fileCase(t, d), await fileCase(t, d), await fileCase(t, d)];
    for (const c of a.slice(0, 2))
      await ok(d.gridLeaderA, c.id, 'dispatch', { unitId: d.gridA.id, handlerUserId: d.gridWorkerA.id });
    await ok(d.gridWorkerA, a[0]!.id, 'accept');
    await ok(d.gridWorkerA, a[0]!.id, 'resolve', { note: '已清运' });
    await ok(d.gridLeaderA, a[0]!.id, 'verify');

    const a2 = await fileCase(t, d, { unitId: d.gridA2.id }, d.gridWorkerA2);
    await ok(d.communityStaffA, a2.id, 'dispatch', { unitId: d.gridA2.id, handlerUserId: d.gridWorkerA2.id });
    await ok(d.gridWorkerA2, a2.id, 'accept');
    await ok(d.gridWorkerA2, a2.id, 'resolve', { note: '已清运' });
    await ok(d.communityStaffA, a2.id, 'verify');

    await fileCase(t, d, { unitId: d.streetA.id }, d.streetStaffA);

    const b = [
      await fileCase(t, d, { unitId: d.gridB.id }, d.gridWorkerB),
      await fileCase(t, d, { unitId: d.gridB.id }, d.gridWorkerB),
    ];
    await ok(d.communityStaffB, b[0]!.id, 'dispatch', { unitId: d.gridB.id, handlerUserId: d.gridWorkerB.id });
  });
  afterAll(() => t?.close());

  it('takes the key the list gives, and still answers the old two-part address', async () => {
    const list = await t.http.get('/api/v1/indicators').set(bearer(d.admin.token));
    expectStatus(list, 200);
    const listed = (list.body.items ?? list.body) as { key: string }[];
    const key = listed.find((i) => i.key.endsWith('cases-received'))!.key;
    expect(key).toBe('grid.cases-received');
    const query = { unitId: d.communityA.id, ...period() };
    const byKey = await t.http.get(`/api/v1/indicators/${key}`).query(query).set(bearer(d.admin.token));
    expectStatus(byKey, 200);
    expect(byKey.body).toMatchObject({ key: 'grid.cases-received', unitId: d.communityA.id, value: 4, unit: 'count' });
    const old = await t.http.get('/api/v1/indicators/grid/cases-received').query(query).set(bearer(d.admin.token));
    expectStatus(old, 200);
    expect(old.body).toEqual(byKey.body);
    const unknown = await t.http.get('/api/v1/indicators/grid.no-such').query(query).set(bearer(d.admin.token));
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('UNKNOWN_INDICATOR');
  });

  it('computes every child of a unit, as counted by hand', async () => {
    const received = await children('grid.cases-received', d.communityA.id);
    expectStatus(received, 200);
    expect(received.body).toEqual({
      key: 'grid.cases-received',
      from: expect.any(String),
      to: expect.any(String),
      unit: 'count',
      items: [
        { unit: { id: d.gridA.id, name: '网格A1-1', level: 4 }, value: 3 },
        { unit: { id: d.gridA2.id, name: '网格A1-2', level: 4 }, value: 1 },
      ],
    });
    // Street A's own case is in street A, not in any of its children.
    expect(byName((await children('grid.cases-received', d.streetA.id)).body)).toEqual({ 社区A1: 4 });
    expect(byName((await children('grid.cases-received', d.tenant.rootUnitId)).body)).toEqual({ 街道A: 5, 街道B: 2 });
    // Cohort of dispatched cases: A1-1 closed 1 of 2, A1-2 1 of 1; B1-1 0 of 1.
    expect(byName((await children('grid.completion-rate', d.communityA.id)).body)).toEqual({
      '网格A1-1': 0.5,
      '网格A1-2': 1,
    });
    // A ratio says its two counts, in both answers.
    const completion = await children('grid.completion-rate', d.communityA.id);
    expect(completion.body.items.map((i: object) => ({ ...i, unit: undefined }))).toEqual([
      { unit: undefined, value: 0.5, numerator: 1, denominator: 2 },
      { unit: undefined, value: 1, numerator: 1, denominator: 1 },
    ]);
    const one = await t.http
      .get('/api/v1/indicators/grid.completion-rate')
      .query({ unitId: d.gridA.id, ...period() })
      .set(bearer(d.admin.token));
    expect(one.body).toMatchObject({ value: 0.5, numerator: 1, denominator: 2 });
    expect(byName((await children('grid.completion-rate', d.tenant.rootUnitId)).body)).toEqual({
      街道A: 2 / 3,
      街道B: 0,
    });
    // A grid with nothing to count: 0 for a count, null for a ratio over nothing.
    expect(byName((await children('grid.escalations', d.communityA.id)).body)).toEqual({
      '网格A1-1': 0,
      '网格A1-2': 0,
    });
    expect(byName((await children('grid.satisfaction-rate', d.communityA.id)).body)).toEqual({
      '网格A1-1': null,
      '网格A1-2': null,
    });
    // Each child's figure is the one its own compute answers.
    for (const item of (await children('grid.median-hours-to-close', d.communityA.id)).body.items) {
      const one = await t.http
        .get('/api/v1/indicators/grid.median-hours-to-close')
        .query({ unitId: item.unit.id, ...period() })
        .set(bearer(d.admin.token));
      expect(one.body.value).toBe(item.value);
    }
  });

  it('shows a caller only the children inside their scope', async () => {
    // Street A's staff asking for the district's streets see their own street only.
    const streets = await children('grid.cases-received', d.tenant.rootUnitId, d.streetStaffA);
    expectStatus(streets, 200);
    expect(byName(streets.body)).toEqual({ 街道A: 5 });
    // Another street's unit answers as compute does for it: not found.
    const other = await children('grid.cases-received', d.streetB.id, d.streetStaffA);
    expect(other.status).toBe(404);
    const compute = await t.http
      .get('/api/v1/indicators/grid.cases-received')
      .query({ unitId: d.streetB.id, ...period() })
      .set(bearer(d.streetStaffA.token));
    expect(compute.status).toBe(404);
    expect(other.body.code).toBe(compute.body.code);
    // A grid worker asking for their community's grids sees only their grid.
    expect(byName((await children('grid.cases-received', d.communityA.id, d.gridWorkerA)).body)).toEqual({
      '网格A1-1': 3,
    });
  });
});
