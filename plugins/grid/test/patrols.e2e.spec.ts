import { WorkingCalendar } from '@tongxin/district';
import { Clock } from '@tongxin/jobs';
import { expectError, expectStatus, listAll } from '../../../tests/support/expect';
import { OwnerDb } from '../../../tests/support/owner-db';
import { bearer, createStaff, type TestApp } from '../../../tests/support/test-app';
import {
  fileCase,
  GRID,
  gridDistrict,
  otherGridTenant,
  squareBoundary,
  startGridApp,
  type GridDistrict,
  type Staff,
} from './support';

/** The test districts keep the default zone, Beijing time. */
const beijing = new WorkingCalendar('Asia/Shanghai');
const districtDate = (at: Date) => beijing.dateOf(at);
const districtDayStart = (day: string) => beijing.startOfDay(day);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Patrol = { id: string; unitId: string; workerId: string; patrolDate: string; half: string; checkedInAt: string };

/**
 * Patrol check-ins on the server's clock. The clock only moves forward and is shared by this
 * file, so the tests run in order: refusals and scope at today's time, then a two-day timeline
 * (day1, day2, both in the future) whose coverage table is checked by hand.
 */
describe('grid plugin: patrols (上下午双巡) and their coverage', () => {
  let t: TestApp;
  let d: GridDistrict;
  let clock: Clock;
  let day1: string;
  let day2: string;
  const owner = new OwnerDb();

  beforeAll(async () => {
    t = await startGridApp();
    d = await gridDistrict(t);
    clock = t.app.get(Clock, { strict: false });
    day1 = districtDate(new Date(clock.now().getTime() + 2 * DAY));
    day2 = districtDate(new Date(clock.now().getTime() + 3 * DAY));
    const profile = await t.http
      .put(`${GRID}/grids/${d.gridA.id}/profile`)
      .set(bearer(d.communityStaffA.token))
      .send({ households: 300, buildings: 8, residents: 900, boundary: squareBoundary(33.735, 113.32) });
    expectStatus(profile, 200);
  });

  afterAll(async () => {
    await owner.close();
    await t?.close();
  });

  const checkIn = (who: Staff, body: Record<string, unknown>, lang?: string) => {
    const req = t.http.post(`${GRID}/patrols`).set(bearer(who.token));
    if (lang) void req.set('Accept-Language', lang);
    return req.send(body);
  };
  const patrolCount = async () =>
    (await owner.query<{ n: number }>(d.tenant.id, 'select count(*)::int as n from grid_patrols'))[0]!.n;
  const patrolsSeenBy = async (who: Staff, query = '') =>
    (await listAll(t, who.token, `${GRID}/patrols${query}`)) as Patrol[];
  const coverage = (who: Staff, query: string) =>
    t.http.get(`${GRID}/patrols/coverage?${query}`).set(bearer(who.token));

  /** Moves the server clock forward to `hour` (fractional) of the district day `day`. */
  function moveTo(day: string, hour: number) {
    const delta = districtDayStart(day).getTime() + hour * HOUR - clock.now().getTime();
    if (delta <= 0) throw new Error(`the clock is already past ${day} ${hour}h`);
    clock.advance(delta);
  }

  it('checks in at the worker’s grid, inside its boundary, with cases of that grid', async () => {
    const inGrid = await fileCase(t, d);
    const inGroup = await fileCase(t, d, { unitId: d.groupA.id });
    const res = await checkIn(d.gridWorkerA, {
      unitId: d.gridA.id,
      latitude: 33.736,
      longitude: 113.321,
      place: '沿河路农贸市场',
      findings: '市场东门消防通道被三轮车占用，已劝离并上报',
      caseIds: [inGrid.id, inGroup.id],
    });
    expectStatus(res, 201);
    const now = clock.now();
    expect(res.body).toMatchObject({
      unitId: d.gridA.id,
      workerId: d.gridWorkerA.id,
      workerName: 'workerA',
      patrolDate: districtDate(now),
      latitude: 33.736,
      longitude: 113.321,
      caseIds: [inGrid.id, inGroup.id],
    });
    expect(Math.abs(Date.parse(res.body.checkedInAt) - now.getTime())).toBeLessThan(10_000);
    const audit = await t.http
      .get('/api/v1/audit-events')
      .query({ entityId: res.body.id })
      .set(bearer(d.admin.token))
      .expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['grid.patrol.create']);
    // From where, as the core's own events say it: this test's client on the loopback.
    expect(audit.body.items[0].sourceAddress).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
  });

  it('refuses bad check-ins with stable codes and writes nothing', async () => {
    const before = await patrolCount();
    const otherCase = await fileCase(t, d, { unitId: d.gridA2.id }, d.gridWorkerA2);

    const outside = await checkIn(d.gridWorkerA, { unitId: d.gridA.id, latitude: 33.9, longitude: 113.32 }, 'en');
    expectError(outside, 400, 'GRID_PATROL_OUTSIDE_GRID');
    expect(outside.body.message).toBe('The check-in location (33.9, 113.32) is outside the grid "网格A1-1"');
    const zh = await checkIn(d.gridWorkerA, { unitId: d.gridA.id, latitude: 33.9, longitude: 113.32 });
    expect(zh.body.message).toContain('不在网格“网格A1-1”的范围内');

    expectError(
      await checkIn(d.gridWorkerA, { unitId: d.gridA.id, latitude: 33.735 }),
      400,
      'GRID_PATROL_LOCATION_INCOMPLETE',
    );
    expectError(
      await checkIn(d.gridWorkerA, { unitId: d.gridA.id, caseIds: [otherCase.id] }),
      400,
      'GRID_PATROL_CASE_UNKNOWN',
    );
    expectError(
      await checkIn(d.gridWorkerA, { unitId: d.gridA.id, caseIds: ['01890000-0000-7000-8000-000000000000'] }),
      400,
      'GRID_PATROL_CASE_UNKNOWN',
    );
    expectError(await checkIn(d.gridWorkerA, { unitId: d.groupA.id }), 400, 'GRID_NOT_A_GRID');
    // The time is the server's: a client cannot choose it.
    expectError(
      await checkIn(d.gridWorkerA, { unitId: d.gridA.id, checkedInAt: '2020-01-01T09:00:00+08:00' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await checkIn(d.gridWorkerA, { unitId: d.gridA.id, latitude: 91, longitude: 113 }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await checkIn(d.gridWorkerA, { unitId: d.gridA.id, caseIds: ['x'] }), 400, 'VALIDATION_FAILED');
    expectError(
      await checkIn(d.gridWorkerA, { unitId: d.gridA.id, findings: 'x'.repeat(1001) }),
      400,
      'VALIDATION_FAILED',
    );

    // Scope: a grid worker checks in only at their own grid; community staff do not patrol.
    expectError(await checkIn(d.gridWorkerA, { unitId: d.gridA2.id }), 404, 'NOT_FOUND');
    expectError(await checkIn(d.gridWorkerA, { unitId: d.gridB.id }), 404, 'NOT_FOUND');
    expectError(await checkIn(d.gridLeaderA, { unitId: d.communityA.id }), 404, 'NOT_FOUND');
    expectError(await checkIn(d.communityStaffA, { unitId: d.gridA.id }), 403, 'FORBIDDEN');

    expect(await patrolCount()).toBe(before);
  });

  it('takes the morning or afternoon half from the server clock in district time', async () => {
    // The timeline the coverage test below checks by hand (grid: day, hour → half).
    const steps: [Staff, string, string, number, 'am' | 'pm'][] = [
      [d.gridWorkerA, d.gridA.id, day1, 9, 'am'],
      [d.gridWorkerA2, d.gridA2.id, day1, 11.95, 'am'], // 11:57
      [d.gridWorkerA, d.gridA.id, day1, 12.05, 'pm'], // 12:03
      [d.gridWorkerB, d.gridB.id, day1, 23.8, 'pm'], // 23:48 is still day1
      [d.gridWorkerA2, d.gridA2.id, day2, 0.2, 'am'], // 00:12 is day2
      [d.gridLeaderA, d.gridA.id, day2, 15, 'pm'],
      [d.gridWorkerA2, d.gridA2.id, day2, 16, 'pm'],
    ];
    for (const [who, unitId, day, hour, half] of steps) {
      moveTo(day, hour);
      const res = await checkIn(who, { unitId, findings: '无异常' });
      expectStatus(res, 201);
      expect([res.body.patrolDate, res.body.half]).toEqual([day, half]);
      expect(Math.abs(Date.parse(res.body.checkedInAt) - clock.now().getTime())).toBeLessThan(10_000);
    }
  });

  it('tabulates am/pm per grid and day, and the rate of days that met the expectation', async () => {
    const day = (date: string, am: boolean, pm: boolean, met: boolean) => ({ date, am, pm, met });
    const res = await coverage(d.districtStaff, `from=${day1}&to=${day2}`);
    expectStatus(res, 200);
    expect(res.body.items).toEqual([
      {
        unitId: d.gridA.id,
        code: `${d.tenant.code}-A1-1`,
        name: '网格A1-1',
        days: [day(day1, true, true, true), day(day2, false, true, false)],
        daysMet: 1,
      },
      {
        unitId: d.gridA2.id,
        code: `${d.tenant.code}-A1-2`,
        name: '网格A1-2',
        days: [day(day1, true, false, false), day(day2, true, true, true)],
        daysMet: 1,
      },
      {
        unitId: d.gridB.id,
        code: `${d.tenant.code}-B1-1`,
        name: '网格B1-1',
        days: [day(day1, false, true, false), day(day2, false, false, false)],
        daysMet: 0,
      },
    ]);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.summary).toEqual({
      from: day1,
      to: day2,
      patrolsPerDay: 2,
      days: 2,
      grids: 3,
      gridDays: 6,
      daysMet: 2,
      rate: 0.3333,
    });

    // Paged by grid; the summary stays over every grid.
    const first = await coverage(d.admin, `from=${day1}&to=${day2}&limit=2`);
    expect(first.body.items.map((g: { unitId: string }) => g.unitId)).toEqual([d.gridA.id, d.gridA2.id]);
    expect(first.body.summary.grids).toBe(3);
    const rest = await coverage(d.admin, `from=${day1}&to=${day2}&limit=2&cursor=${first.body.nextCursor}`);
    expect(rest.body.items.map((g: { unitId: string }) => g.unitId)).toEqual([d.gridB.id]);
    expect(rest.body.nextCursor).toBeNull();

    // Community A: its two grids only; street B staff cannot look into A.
    const community = await coverage(d.communityStaffA, `from=${day1}&to=${day2}`);
    expect(community.body.items.map((g: { unitId: string }) => g.unitId)).toEqual([d.gridA.id, d.gridA2.id]);
    expect(community.body.summary).toMatchObject({ grids: 2, gridDays: 4, daysMet: 2, rate: 0.5 });
    const worker = await coverage(d.gridWorkerA, `from=${day1}&to=${day2}`);
    expect(worker.body.summary).toMatchObject({ grids: 1, gridDays: 2, daysMet: 1, rate: 0.5 });
    expectError(await coverage(d.streetStaffB, `from=${day1}&to=${day2}&unitId=${d.gridA.id}`), 404, 'NOT_FOUND');
    expect(
      (await coverage(d.streetStaffB, `from=${day1}&to=${day2}&unitId=${d.streetB.id}`)).body.summary,
    ).toMatchObject({
      grids: 1,
      daysMet: 0,
      rate: 0,
    });

    // Once a day is enough when the district says so: any half counts.
    await t.http
      .patch('/api/v1/plugins/grid/settings')
      .set(bearer(d.admin.token))
      .send({ patrolsPerDay: 1 })
      .expect(200);
    const once = await coverage(d.admin, `from=${day1}&to=${day2}`);
    expect(once.body.items.map((g: { days: { met: boolean }[] }) => g.days.map((x) => x.met))).toEqual([
      [true, true],
      [true, true],
      [true, false],
    ]);
    expect(once.body.summary).toMatchObject({ patrolsPerDay: 1, daysMet: 5, gridDays: 6, rate: 0.8333 });
  });

  it('refuses periods that end before they start or span more than 31 days', async () => {
    const shift = (date: string, days: number) => districtDate(new Date(districtDayStart(date).getTime() + days * DAY));
    const en = await t.http
      .get(`${GRID}/patrols/coverage?from=${day2}&to=${day1}`)
      .set(bearer(d.admin.token))
      .set('Accept-Language', 'en');
    expectError(en, 400, 'GRID_PERIOD_INVALID');
    expect(en.body.message).toContain('at most 31 days');
    expectError(await coverage(d.admin, `from=${day1}&to=${shift(day1, 31)}`), 400, 'GRID_PERIOD_INVALID');
    const month = await coverage(d.admin, `from=${day1}&to=${shift(day1, 30)}`);
    expectStatus(month, 200);
    expect(month.body.summary).toMatchObject({ days: 31, gridDays: 93 });
    expectError(await coverage(d.admin, `to=${day1}`), 400, 'VALIDATION_FAILED');
    expectError(await coverage(d.admin, `from=2026-02-30&to=2026-03-01`), 400, 'VALIDATION_FAILED');
    expectError(
      await t.http.get(`${GRID}/patrols?from=${day2}&to=${day1}`).set(bearer(d.admin.token)),
      400,
      'GRID_PERIOD_INVALID',
    );
  });

  it('lists to each caller only the patrols of their grids', async () => {
    const grids = (rows: Patrol[]) => [...new Set(rows.map((p) => p.unitId))].sort();
    const sorted = (...ids: string[]) => [...ids].sort();
    expect(grids(await patrolsSeenBy(d.gridWorkerA))).toEqual([d.gridA.id]);
    expect(grids(await patrolsSeenBy(d.gridWorkerA2))).toEqual([d.gridA2.id]);
    expect(grids(await patrolsSeenBy(d.communityStaffA))).toEqual(sorted(d.gridA.id, d.gridA2.id));
    expect(grids(await patrolsSeenBy(d.streetStaffB))).toEqual([d.gridB.id]);
    expect(grids(await patrolsSeenBy(d.admin))).toEqual(sorted(d.gridA.id, d.gridA2.id, d.gridB.id));

    // Newest first, filtered by district day and subtree.
    const onDay2 = await patrolsSeenBy(d.admin, `?from=${day2}&to=${day2}`);
    expect(onDay2.map((p) => [p.unitId, p.half])).toEqual([
      [d.gridA2.id, 'pm'],
      [d.gridA.id, 'pm'],
      [d.gridA2.id, 'am'],
    ]);
    const inA2 = await patrolsSeenBy(d.communityStaffA, `?unitId=${d.gridA2.id}&from=${day1}`);
    expect(inA2.map((p) => [p.patrolDate, p.half])).toEqual([
      [day2, 'pm'],
      [day2, 'am'],
      [day1, 'am'],
    ]);
    expectError(
      await t.http.get(`${GRID}/patrols?unitId=${d.gridA.id}`).set(bearer(d.streetStaffB.token)),
      404,
      'NOT_FOUND',
    );
    expectError(
      await t.http.get(`${GRID}/patrols?unitId=${d.gridB.id}`).set(bearer(d.gridWorkerA.token)),
      404,
      'NOT_FOUND',
    );
  });

  it('keeps districts apart: another tenant neither sees nor writes these patrols', async () => {
    const other = await otherGridTenant(t);
    const worker = await createStaff(t, other.tenant, 'otherWorker', 'grid_worker', other.tenant.rootUnitId);
    const before = await patrolCount();
    expect((await t.http.get(`${GRID}/patrols`).set(bearer(other.admin.token)).expect(200)).body.items).toEqual([]);
    expectError(await checkIn(worker, { unitId: d.gridA.id }), 404, 'NOT_FOUND');
    expectError(await coverage(other.admin, `from=${day1}&to=${day2}&unitId=${d.gridA.id}`), 404, 'NOT_FOUND');
    const mine = await coverage(other.admin, `from=${day1}&to=${day2}`);
    expect(mine.body).toEqual({
      items: [],
      nextCursor: null,
      summary: { from: day1, to: day2, patrolsPerDay: 2, days: 2, grids: 0, gridDays: 0, daysMet: 0, rate: null },
    });
    expect(await patrolCount()).toBe(before);
  });
});
