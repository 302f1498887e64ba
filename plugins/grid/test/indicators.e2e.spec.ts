import { Clock } from '@tongxin/jobs';
import { expectError, expectStatus } from '../../../tests/support/expect';
import { bearer, type TestApp } from '../../../tests/support/test-app';
import {
  act,
  advanceClock,
  fileCase,
  GRID,
  gridDistrict,
  startGridApp,
  type GridDistrict,
  type Staff,
} from './support';

const HOUR = 3_600_000;

const KEYS = [
  'cases-received',
  'response-rate',
  'completion-rate',
  'on-time-completion-rate',
  'satisfaction-rate',
  'overdue-count',
  'escalations',
  'median-hours-to-close',
] as const;
type Figures = Record<(typeof KEYS)[number], unknown>;

/**
 * The fixture, on the server's clock (t = hours after the start; every case is item HP-09, 24 h
 * to handle, 2 h to accept):
 *
 * | case | where  | story                                                                    |
 * | c1   | A1-1   | t0 dispatched, accepted; t1 resolved + closed (on time); satisfied         |
 * | c2   | A1-1   | t0 dispatched, accepted; t24 overdue; t25 resolved + closed (late); dissatisfied |
 * | c3   | A1-1   | t0 dispatched; t3 accepted (late); t5 resolved + closed (on time)          |
 * | c4   | A1-1   | t0 dispatched; t3 accepted (late); t24 overdue, still open                 |
 * | c5   | A1-1   | t0 escalated grid → community; t3 community → street; never dispatched    |
 * | c6   | A1-1   | t0 draft (collected), never reported                                       |
 * | c7   | A1-1   | t0 reported and cancelled before any dispatch                             |
 * | c12  | A1-1   | t0 dispatched; t3 cancelled, never accepted                                |
 * | c8   | A1-2   | t0 dispatched, accepted; t3 resolved + closed (on time); basically satisfied |
 * | c13  | A1-2   | t25 dispatched, not accepted yet (its response window is still open)     |
 * | c15  | A1-2   | t0 dispatched, accepted; t24 overdue; t25 returned, dispatched again and accepted: open, and its `overdueAt` cleared by the new dispatch |
 * | c14  | street A itself | t0 dispatched to the 城管局, accepted; t1 resolved + closed; dissatisfied |
 * | c9   | B1-1   | t0 dispatched, accepted; t24 overdue, still open                           |
 * | c10  | B1-1   | t0 dispatched, accepted; t1 resolved + closed (on time); satisfied         |
 * | c11  | B1-1   | t0 escalated grid → community → street → district (3 escalations)          |
 *
 * Community A1 holds grids A1-1 and A1-2; street A holds community A1 and c14; street B holds B1-1.
 * Ratings are given at t25; the period "all" runs from t−1 to t26.
 */
describe('grid indicators', () => {
  let t: TestApp;
  let d: GridDistrict;
  let all: { from: string; to: string };
  /** From t2 on: the later half of the story only. */
  let later: { from: string; to: string };
  const before = { from: '2020-01-01T00:00:00.000Z', to: '2020-02-01T00:00:00.000Z' };

  const clock = () => t.app.get(Clock, { strict: false });
  const ok = async (who: Staff, id: string, action: string, body: Record<string, unknown> = {}) =>
    expectStatus(await act(t, who, id, action, body), 200);
  const caseOf = async (id: string) =>
    (await t.http.get(`${GRID}/cases/${id}`).set(bearer(d.admin.token)).expect(200)).body as {
      overdueAt: string | null;
    };
  /** The resident's answer at the return visit (回访), relayed by staff who report at the case's place. */
  const rate = (who: Staff, id: string, rating: string) =>
    t.http.post(`${GRID}/cases/${id}/satisfaction`).set(bearer(who.token)).send({ rating }).expect(200);

  const indicator = (key: string, unitId: string, period: { from: string; to: string }, who?: Staff) =>
    t.http
      .get(`/api/v1/indicators/grid/${key}`)
      .query({ unitId, ...period })
      .set(bearer((who ?? d.admin).token));
  async function figures(unitId: string, period: { from: string; to: string }): Promise<Figures> {
    const out: Record<string, unknown> = {};
    for (const key of KEYS) {
      const res = await indicator(key, unitId, period);
      expectStatus(res, 200);
      out[key] = res.body.value;
    }
    return out as Figures;
  }
  /** Hours carry the few real seconds the fixture takes between steps. */
  const hours = (h: number) => expect.closeTo(h, 1);

  beforeAll(async () => {
    t = await startGridApp();
    d = await gridDistrict(t, 'gridind');
    const t0 = clock().now().getTime();
    const A1 = (who = d.gridWorkerA) => ({ unitId: d.gridA.id, handlerUserId: who.id });
    const A2 = { unitId: d.gridA2.id, handlerUserId: d.gridWorkerA2.id };
    const B1 = { unitId: d.gridB.id, handlerUserId: d.gridWorkerB.id };

    // t0
    const c1 = await fileCase(t, d);
    const c2 = await fileCase(t, d);
    const c3 = await fileCase(t, d);
    const c4 = await fileCase(t, d);
    const c5 = await fileCase(t, d);
    await fileCase(t, d, { draft: true }); // c6
    const c7 = await fileCase(t, d);
    const c12 = await fileCase(t, d);
    for (const c of [c1, c2, c3, c4, c12]) await ok(d.gridLeaderA, c.id, 'dispatch', A1());
    for (const c of [c1, c2]) await ok(d.gridWorkerA, c.id, 'accept');
    await ok(d.gridLeaderA, c5.id, 'escalate', { note: '网格无法协调' });
    await ok(d.gridLeaderA, c7.id, 'cancel', { note: '重复上报' });

    const c8 = await fileCase(t, d, { unitId: d.gridA2.id }, d.gridWorkerA2);
    await ok(d.communityStaffA, c8.id, 'dispatch', A2);
    await ok(d.gridWorkerA2, c8.id, 'accept');
    const c15 = await fileCase(t, d, { unitId: d.gridA2.id }, d.gridWorkerA2);
    await ok(d.communityStaffA, c15.id, 'dispatch', A2);
    await ok(d.gridWorkerA2, c15.id, 'accept');

    const c14 = await fileCase(t, d, { unitId: d.streetA.id }, d.streetStaffA);
    await ok(d.streetStaffA, c14.id, 'dispatch', { partnerId: d.departmentId });
    await ok(d.department, c14.id, 'accept');

    const c9 = await fileCase(t, d, { unitId: d.gridB.id }, d.gridWorkerB);
    const c10 = await fileCase(t, d, { unitId: d.gridB.id }, d.gridWorkerB);
    const c11 = await fileCase(t, d, { unitId: d.gridB.id }, d.gridWorkerB);
    for (const c of [c9, c10]) {
      await ok(d.communityStaffB, c.id, 'dispatch', B1);
      await ok(d.gridWorkerB, c.id, 'accept');
    }
    await ok(d.communityStaffB, c11.id, 'escalate', { note: '需社区协调' });
    await ok(d.communityStaffB, c11.id, 'escalate', { note: '需街道协调' });
    await ok(d.streetStaffB, c11.id, 'escalate', { note: '需区级部门' });

    // t1
    clock().advance(HOUR);
    await ok(d.gridWorkerA, c1.id, 'resolve', { note: '已清运' });
    await ok(d.gridLeaderA, c1.id, 'verify');
    await ok(d.gridWorkerB, c10.id, 'resolve', { note: '已清运' });
    await ok(d.communityStaffB, c10.id, 'verify');
    await ok(d.department, c14.id, 'resolve', { note: '已清理' });
    await ok(d.streetStaffA, c14.id, 'verify');

    // t3: past the 2-hour response window of c3, c4 and c12
    clock().advance(2 * HOUR);
    for (const c of [c3, c4]) await ok(d.gridWorkerA, c.id, 'accept');
    await ok(d.gridLeaderA, c12.id, 'cancel', { note: '群众已自行处理' });
    await ok(d.communityStaffA, c5.id, 'escalate', { note: '社区无法协调' });
    await ok(d.gridWorkerA2, c8.id, 'resolve', { note: '已清运' });
    await ok(d.communityStaffA, c8.id, 'verify');

    // t5
    clock().advance(2 * HOUR);
    await ok(d.gridWorkerA, c3.id, 'resolve', { note: '已清运' });
    await ok(d.gridLeaderA, c3.id, 'verify');

    // t25: the 24-hour deadlines of c2, c4, c9 and c15 pass; their overdue timers open 督办.
    await advanceClock(t, 20 * HOUR, 'c2, c4, c9 and c15 overdue', async () =>
      (await Promise.all([c2, c4, c9, c15].map((c) => caseOf(c.id)))).every((c) => c.overdueAt !== null),
    );
    await ok(d.gridWorkerA2, c15.id, 'return', { note: '需物业配合，请重新派单' });
    await ok(d.communityStaffA, c15.id, 'dispatch', A2);
    await ok(d.gridWorkerA2, c15.id, 'accept');
    expect((await caseOf(c15.id)).overdueAt).toBeNull();
    await ok(d.gridWorkerA, c2.id, 'resolve', { note: '已清运（超期）' });
    await ok(d.gridLeaderA, c2.id, 'verify');
    const c13 = await fileCase(t, d, { unitId: d.gridA2.id }, d.gridWorkerA2);
    await ok(d.communityStaffA, c13.id, 'dispatch', A2);
    await rate(d.gridWorkerA, c1.id, 'satisfied');
    await rate(d.gridWorkerA, c2.id, 'dissatisfied');
    await rate(d.gridWorkerA2, c8.id, 'basically_satisfied');
    await rate(d.streetStaffA, c14.id, 'dissatisfied');
    await rate(d.gridWorkerB, c10.id, 'satisfied');

    const end = clock().now().getTime();
    all = { from: new Date(t0 - HOUR).toISOString(), to: new Date(end + HOUR).toISOString() };
    later = { from: new Date(t0 + 2 * HOUR).toISOString(), to: all.to };
  });

  afterAll(async () => {
    await t?.close();
  });

  it('gives grid A1-1 the figures of its own cases', async () => {
    expect(await figures(d.gridA.id, all)).toEqual({
      // Reported: c1 c2 c3 c4 c5 c7 c12 (the draft c6 never entered the loop).
      'cases-received': 7,
      // Cohort c1 c2 c3 c4 c12; accepted in time c1 c2 (c3, c4 late; c12 never, then cancelled).
      'response-rate': 2 / 5,
      // Closed c1 c2 c3 of the five.
      'completion-rate': 3 / 5,
      // On time c1 c3; against them the late c2 and c4 left open past its deadline (c12 never went overdue).
      'on-time-completion-rate': 2 / 4,
      // Rated c1 (satisfied), c2 (dissatisfied).
      'satisfaction-rate': 1 / 2,
      // c2 and c4.
      'overdue-count': 2,
      // c5 twice.
      escalations: 2,
      // Closed after 1 (c1), 5 (c3) and 25 (c2) hours.
      'median-hours-to-close': hours(5),
    });
  });

  it("adds grid A1-2's cases for community A1", async () => {
    expect(await figures(d.communityA.id, all)).toEqual({
      // A1-1's seven, c8, c13 and c15.
      'cases-received': 10,
      // c13 still has its response window open: neither a hit nor a miss yet.
      // Hits c1 c2 c8 c15 of c1 c2 c3 c4 c12 c8 c15.
      'response-rate': 4 / 7,
      // Closed c1 c2 c3 c8 of the eight dispatched (c13 and c15 are in progress: not completed).
      'completion-rate': 4 / 8,
      // On time c1 c3 c8 against c1 c2 c3 c4 c8 and c15, which missed its first deadline even
      // though the new dispatch cleared its flag; c13 is within its deadline, so in neither part.
      'on-time-completion-rate': 3 / 6,
      // c1 and c8 (basically satisfied) of c1 c2 c8.
      'satisfaction-rate': 2 / 3,
      // c2 c4 c15.
      'overdue-count': 3,
      escalations: 2,
      // 1, 3, 5, 25 hours.
      'median-hours-to-close': hours(4),
    });
  });

  it("adds the cases located at street A itself (c14, the department's) for street A", async () => {
    expect(await figures(d.streetA.id, all)).toEqual({
      'cases-received': 11,
      // Hits c1 c2 c8 c15 c14 of c1 c2 c3 c4 c12 c8 c15 c14.
      'response-rate': 5 / 8,
      // Closed c1 c2 c3 c8 c14 of nine dispatched.
      'completion-rate': 5 / 9,
      // On time c1 c3 c8 c14 against those and c2 c4 c15.
      'on-time-completion-rate': 4 / 7,
      // c1 and c8 of c1 c2 c8 c14.
      'satisfaction-rate': 2 / 4,
      'overdue-count': 3,
      escalations: 2,
      // 1 (c1), 1 (c14), 3, 5, 25 hours.
      'median-hours-to-close': hours(3),
    });
  });

  it('gives street B only its own cases', async () => {
    expect(await figures(d.streetB.id, all)).toEqual({
      // c9 c10 c11.
      'cases-received': 3,
      // c9 and c10, both accepted in time.
      'response-rate': 1,
      // c10 closed, c9 still open.
      'completion-rate': 1 / 2,
      // c10 on time, c9 open past its deadline.
      'on-time-completion-rate': 1 / 2,
      // c10 satisfied.
      'satisfaction-rate': 1,
      // c9.
      'overdue-count': 1,
      // c11 three times, one level at a time.
      escalations: 3,
      // c10 after an hour.
      'median-hours-to-close': hours(1),
    });
  });

  it('gives the district every case', async () => {
    expect(await figures(d.tenant.rootUnitId, all)).toEqual({
      'cases-received': 14,
      // Hits c1 c2 c8 c15 c14 c9 c10 of those and c3 c4 c12 (c13 pending).
      'response-rate': 7 / 10,
      // Closed c1 c2 c3 c8 c14 c10 of eleven dispatched.
      'completion-rate': 6 / 11,
      // On time c1 c3 c8 c14 c10 against those and c2 c4 c15 c9.
      'on-time-completion-rate': 5 / 9,
      // c1 c8 c10 of five ratings.
      'satisfaction-rate': 3 / 5,
      // c2 c4 c15 c9.
      'overdue-count': 4,
      // c5 twice, c11 three times.
      escalations: 5,
      // 1, 1, 1, 3, 5, 25 hours.
      'median-hours-to-close': hours(2),
    });
  });

  it('counts each figure in the period of the event it measures', async () => {
    // From t2: c13 is the only case reported and dispatched, and it awaits its first response.
    expect(await figures(d.tenant.rootUnitId, later)).toEqual({
      'cases-received': 1,
      'response-rate': null,
      'completion-rate': 0,
      'on-time-completion-rate': null,
      // The ratings, the overdue timers and c5's second escalation all fall after t2.
      'satisfaction-rate': 3 / 5,
      'overdue-count': 4,
      escalations: 1,
      // Closed after t2: c8 (3 h), c3 (5 h), c2 (25 h).
      'median-hours-to-close': hours(5),
    });
    expect(await figures(d.streetB.id, later)).toEqual({
      'cases-received': 0,
      'response-rate': null,
      'completion-rate': null,
      'on-time-completion-rate': null,
      'satisfaction-rate': 1,
      'overdue-count': 1,
      escalations: 0,
      'median-hours-to-close': null,
    });
    // A period before any of it: zeros, and no ratio or median at all.
    expect(await figures(d.tenant.rootUnitId, before)).toEqual({
      'cases-received': 0,
      'response-rate': null,
      'completion-rate': null,
      'on-time-completion-rate': null,
      'satisfaction-rate': null,
      'overdue-count': 0,
      escalations: 0,
      'median-hours-to-close': null,
    });
  });

  it("answers only for units in the caller's scope", async () => {
    const own = await indicator('cases-received', d.gridA.id, all, d.gridWorkerA);
    expectStatus(own, 200);
    expect(own.body).toEqual({
      key: 'grid.cases-received',
      unitId: d.gridA.id,
      from: all.from,
      to: all.to,
      value: 7,
      unit: 'count',
    });
    const outOfScope: [Staff, string][] = [
      [d.communityStaffA, d.streetA.id],
      [d.gridWorkerA, d.gridA2.id],
      [d.streetStaffB, d.streetA.id],
      [d.streetStaffA, d.tenant.rootUnitId],
    ];
    for (const [who, unitId] of outOfScope)
      expectError(await indicator('completion-rate', unitId, all, who), 404, 'NOT_FOUND');
  });

  it('lists the figures with their names in the caller’s language', async () => {
    const list = async (lang?: string) => {
      const req = t.http.get('/api/v1/indicators?limit=200').set(bearer(d.admin.token));
      if (lang) void req.set('Accept-Language', lang);
      const res = await req;
      expectStatus(res, 200);
      return (res.body.items as { pluginId: string }[]).filter((i) => i.pluginId === 'grid');
    };
    const permission = 'plugin:grid.case.read';
    expect(await list('en')).toEqual([
      { key: 'grid.cases-received', pluginId: 'grid', name: 'Cases received', unit: 'count', permission },
      {
        key: 'grid.response-rate',
        pluginId: 'grid',
        name: 'Response rate (accepted in time)',
        unit: 'ratio',
        permission,
      },
      { key: 'grid.completion-rate', pluginId: 'grid', name: 'Completion rate', unit: 'ratio', permission },
      {
        key: 'grid.on-time-completion-rate',
        pluginId: 'grid',
        name: 'On-time completion rate',
        unit: 'ratio',
        permission,
      },
      {
        key: 'grid.satisfaction-rate',
        pluginId: 'grid',
        name: 'Resident satisfaction rate',
        unit: 'ratio',
        permission,
      },
      { key: 'grid.overdue-count', pluginId: 'grid', name: 'Cases gone overdue', unit: 'count', permission },
      {
        key: 'grid.cases-transferred',
        pluginId: 'grid',
        name: 'Cases referred to other practices',
        unit: 'count',
        permission,
      },
      { key: 'grid.escalations', pluginId: 'grid', name: 'Escalations', unit: 'count', permission },
      { key: 'grid.median-hours-to-close', pluginId: 'grid', name: 'Median hours to close', unit: 'hours', permission },
    ]);
    expect((await list()).map((i) => (i as unknown as { name: string }).name)).toEqual([
      '受理事件数',
      '按时响应率',
      '办结率',
      '按时办结率',
      '群众满意率',
      '超期事件数',
      '移交其他条线事件数',
      '提级次数',
      '办结时长中位数（小时）',
    ]);
  });
});
