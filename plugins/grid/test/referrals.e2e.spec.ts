import helpDesk from '../../../tests/fixtures/plugins/help-desk/src/index';
import { OwnerDb } from '../../../tests/support/owner-db';
import { waitFor } from '../../../tests/support/processes';
import { expectError, expectStatus } from '../../../tests/support/expect';
import { bearer, enablePlugin, type TestApp } from '../../../tests/support/test-app';
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

/**
 * 按责转办 from the grid (ADR 021): a dispatcher refers a case to another practice (`help-desk`,
 * the test stand-in for a mediation room); the case stays the grid's, transferred, until that
 * practice reports its outcome, and comes back to the dispatchers when it is refused.
 */
describe('grid cases referred to another practice', () => {
  let t: TestApp;
  let d: GridDistrict;
  const owner = new OwnerDb();

  beforeAll(async () => {
    t = await startGridApp([helpDesk]);
    d = await gridDistrict(t, 'gref');
    await enablePlugin(t, d.tenant, 'help-desk');
  });
  afterAll(async () => {
    await owner.close();
    await t?.close();
  });

  const get = async (who: Staff, id: string) => {
    const res = await t.http.get(`${GRID}/cases/${id}`).set(bearer(who.token));
    expectStatus(res, 200);
    return res.body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const history = async (id: string) =>
    (await t.http.get(`${GRID}/cases/${id}/history`).set(bearer(d.admin.token)).expect(200)).body.items as {
      action: string;
      fromState: string | null;
      toState: string;
      note: string;
    }[];
  const referBody = (extra: Record<string, unknown> = {}) => ({
    kind: 'help-desk.dispute',
    targetUnitId: d.communityA.id,
    reason: '楼上楼下漏水纠纷，转社区调解',
    payload: { parties: '王五、赵六' },
    ...extra,
  });
  /** A case reported in grid A1-1, now awaiting dispatch by community A (after the grid escalates it). */
  const reportedCase = async () => {
    const c = await fileCase(t, d);
    return c.id;
  };
  const handlingCase = async () => {
    const id = await reportedCase();
    expectStatus(
      await act(t, d.gridLeaderA, id, 'dispatch', { unitId: d.gridA.id, handlerUserId: d.gridWorkerA.id }),
      200,
    );
    expectStatus(await act(t, d.gridWorkerA, id, 'accept', {}), 200);
    return id;
  };
  const referralOf = async (id: string) => (await get(d.admin, id)).referral as Record<string, string> | null;
  const accept = async (id: string) => {
    const referralId = (await referralOf(id))!.id;
    const res = await t.http.post(`/api/v1/referrals/${referralId}/accept`).set(bearer(d.communityStaffA.token));
    expectStatus(res, 200);
    return res.body.target.recordId as string;
  };

  it('offers refer to dispatchers only, and refers a case: transferred, with where it went', async () => {
    const id = await reportedCase();
    expect((await get(d.gridLeaderA, id)).allowedActions).toContain('refer');
    expect((await get(d.gridWorkerA, id)).allowedActions).not.toContain('refer');
    expectError(await act(t, d.gridWorkerA, id, 'refer', referBody()), 403, 'FORBIDDEN');

    const res = await act(t, d.gridLeaderA, id, 'refer', referBody());
    expectStatus(res, 200);
    expect(res.body).toMatchObject({
      state: 'transferred',
      referralStatus: 'pending',
      referral: {
        kind: 'help-desk.dispute',
        kindName: '矛盾纠纷',
        status: 'pending',
        practice: '求助台',
        target: '社区A1',
      },
    });
    expect(res.body.allowedActions).toEqual([]);
    expect((await history(id)).at(-1)).toMatchObject({
      action: 'refer',
      fromState: 'reported',
      toState: 'transferred',
      note: '楼上楼下漏水纠纷，转社区调解',
    });
    // A second referral of the same kind while this one is open: refused by the state machine.
    expectError(await act(t, d.gridLeaderA, id, 'refer', referBody()), 409, 'GRID_CASE_TRANSITION_NOT_ALLOWED');
  });

  it('refuses a referral nobody receives and leaves the case as it was', async () => {
    const id = await reportedCase();
    expectError(
      await act(t, d.gridLeaderA, id, 'refer', referBody({ kind: 'help-desk.nothing' })),
      404,
      'REFERRAL_KIND_NOT_FOUND',
    );
    expectError(
      await act(t, d.gridLeaderA, id, 'refer', referBody({ targetUnitId: d.communityB.id })),
      404,
      'NOT_FOUND',
    );
    expectError(await act(t, d.gridLeaderA, id, 'refer', referBody({ payload: {} })), 400, 'VALIDATION_FAILED');
    const c = await get(d.admin, id);
    expect(c).toMatchObject({ state: 'reported', referralStatus: null, referral: null });
    expect((await history(id)).map((h) => h.action)).toEqual(['collect', 'report']);
  });

  it('stops the grid’s deadline when accepted, and closes on the practice’s outcome, counted as transferred', async () => {
    const id = await handlingCase();
    expectStatus(await act(t, d.gridLeaderA, id, 'refer', referBody()), 200);
    const timers = () =>
      owner.query<{ n: number }>(
        d.tenant.id,
        `select count(*)::int as n from durable_timers where plugin_id = 'grid' and key = $1 and cancelled_at is null and fired_at is null`,
        [id],
      );
    // Until the practice accepts, the case is still the grid's: its deadline runs.
    expect((await timers())[0]!.n).toBe(2);
    const deskCase = await accept(id);
    await waitFor(
      'the grid hears of the acceptance',
      async () => (await get(d.admin, id)).referralStatus === 'accepted',
    );
    expect((await timers())[0]!.n).toBe(0);

    expectError(await act(t, d.gridLeaderA, id, 'close', {}), 409, 'GRID_CASE_REFERRAL_NOT_RESOLVED');
    expect((await get(d.gridLeaderA, id)).allowedActions).not.toContain('close');
    expectStatus(
      await t.http
        .post(`/api/v1/plugins/help-desk/cases/${deskCase}/close`)
        .set(bearer(d.communityStaffA.token))
        .send({ result: 'agreement', notes: '赔偿 500 元，双方签字（调解笔录）' }),
      200,
    );
    await waitFor('the grid hears of the outcome', async () => (await get(d.admin, id)).referralStatus === 'resolved');
    const back = await get(d.gridLeaderA, id);
    expect(back.allowedActions).toEqual(['close']);
    expect(back.referral).toMatchObject({ status: 'resolved', outcome: '调解成功' });
    expect(JSON.stringify(back)).not.toMatch(/调解笔录|赔偿/);
    const closed = await act(t, d.gridLeaderA, id, 'close', { publicReply: '已由社区调解室调解成功' });
    expectStatus(closed, 200);
    expect(closed.body.state).toBe('closed');
    const inEnglish = await t.http.get(`${GRID}/cases/${id}`).set(bearer(d.admin.token)).set('Accept-Language', 'en');
    expect(inEnglish.body.referral).toMatchObject({ outcome: 'Agreement reached', practice: 'Help desk' });

    // The grid counts it once, as transferred: not in its own completion figures.
    const period = {
      from: new Date(Date.now() - 24 * HOUR).toISOString(),
      to: new Date(Date.now() + 24 * HOUR).toISOString(),
    };
    const figure = async (key: string) =>
      (
        await t.http
          .get(`/api/v1/indicators/grid/${key}`)
          .query({ unitId: d.gridA.id, ...period })
          .set(bearer(d.admin.token))
          .expect(200)
      ).body as { value: number | null; denominator?: number };
    expect((await figure('cases-transferred')).value).toBeGreaterThanOrEqual(2);
    const completion = await figure('completion-rate');
    const cohortCases = await owner.query<{ n: number }>(
      d.tenant.id,
      `select count(*)::int as n from grid_cases where grid_id = $1 and first_dispatched_at is not null
          and state <> 'transferred' and referral_status is distinct from 'resolved'`,
      [d.gridA.id],
    );
    expect(completion.denominator).toBe(cohortCases[0]!.n);
  });

  it('takes a refused case back before its dispatchers, with the reason', async () => {
    const id = await reportedCase();
    const referred = await act(t, d.gridLeaderA, id, 'refer', referBody());
    expectStatus(referred, 200);
    const referralId = referred.body.referral.id as string;
    expectStatus(
      await t.http
        .post(`/api/v1/referrals/${referralId}/refuse`)
        .set(bearer(d.communityStaffA.token))
        .send({ reason: '不属于民间纠纷，请按物业报修处理' }),
      200,
    );
    await waitFor('the grid takes it back', async () => (await get(d.admin, id)).state === 'returned');
    const back = await get(d.gridLeaderA, id);
    expect(back).toMatchObject({
      referralStatus: 'refused',
      referral: { status: 'refused', refusalReason: '不属于民间纠纷，请按物业报修处理' },
    });
    expect(back.allowedActions).toEqual(expect.arrayContaining(['dispatch', 'refer']));
    expect((await history(id)).at(-1)).toMatchObject({
      action: 'take-back',
      fromState: 'transferred',
      toState: 'returned',
      note: '不属于民间纠纷，请按物业报修处理',
    });
    const notices = (await t.http.get('/api/v1/notifications').set(bearer(d.gridLeaderA.token)).expect(200)).body
      .items as { title: string }[];
    expect(notices.map((n) => n.title)).toContain(`移交被退回：${back.number as string}`);
  });

  it('lets the grid’s deadline run out while the referral waits to be accepted', async () => {
    const id = await handlingCase();
    expectStatus(await act(t, d.gridLeaderA, id, 'refer', referBody()), 200);
    const deadline = new Date((await get(d.admin, id)).deadlineAt as string).getTime();
    await advanceClock(t, deadline - Date.now() + HOUR, 'the overdue timer', async () =>
      (await history(id)).some((h) => h.action === 'overdue'),
    );
    expect((await get(d.admin, id)).overdueAt).not.toBeNull();
  });
});
