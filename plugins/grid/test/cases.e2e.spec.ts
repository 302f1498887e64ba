import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Clock } from '@tongxin/jobs';
import { OwnerDb } from '../../../tests/support/owner-db';
import { expectError, expectStatus } from '../../../tests/support/expect';
import { bearer, provisionTenant, REPO_ROOT, type TestApp } from '../../../tests/support/test-app';
import {
  CASE_ACTIONS,
  CASE_STATE_NAMES,
  CASE_TRANSITIONS,
  CASE_WORKFLOW,
  actionsFrom,
  type CaseAction,
  type CaseState,
} from '../src/cases/case-workflow';
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

describe('grid cases: the closed loop', () => {
  let t: TestApp;
  let d: GridDistrict;
  const owner = new OwnerDb();

  beforeAll(async () => {
    t = await startGridApp();
    d = await gridDistrict(t);
  });

  afterAll(async () => {
    await owner.close();
    await t?.close();
  });

  const get = (who: Staff, id: string) => t.http.get(`${GRID}/cases/${id}`).set(bearer(who.token));
  const history = async (id: string) =>
    (await t.http.get(`${GRID}/cases/${id}/history`).set(bearer(d.admin.token)).expect(200)).body.items as {
      action: string;
      fromState: string | null;
      toState: string;
      actorId: string | null;
      note: string;
      details: Record<string, unknown>;
    }[];
  const inbox = async (who: Staff) =>
    (await t.http.get('/api/v1/notifications').set(bearer(who.token)).expect(200)).body.items as {
      kind: string;
      title: string;
      data: Record<string, unknown>;
    }[];

  /** Who fires each transition in the table below, and with what body. */
  const actorFor = (action: CaseAction): Staff =>
    ({
      report: d.gridWorkerA,
      dispatch: d.communityStaffA,
      accept: d.gridWorkerA,
      return: d.gridWorkerA,
      resolve: d.gridWorkerA,
      verify: d.communityStaffA,
      reject: d.communityStaffA,
      escalate: d.communityStaffA,
      cancel: d.communityStaffA,
      reopen: d.communityStaffA,
      refer: d.communityStaffA,
      close: d.communityStaffA,
      'take-back': d.admin,
    })[action];
  const bodyFor = (action: CaseAction) =>
    action === 'dispatch'
      ? { unitId: d.gridA.id, handlerUserId: d.gridWorkerA.id }
      : action === 'refer'
        ? { kind: 'mediation.dispute', targetUnitId: d.communityA.id, reason: `${action} 的说明` }
        : { note: `${action} 的说明` };

  /**
   * The path from a fresh case to each state, as (action) steps fired by the table's actors.
   * `transferred` and the referral actions need a practice to refer to: referrals.e2e covers them.
   */
  const PATHS: Record<Exclude<CaseState, 'transferred'>, CaseAction[]> = {
    collected: [],
    reported: ['report'],
    dispatched: ['report', 'dispatch'],
    handling: ['report', 'dispatch', 'accept'],
    resolved: ['report', 'dispatch', 'accept', 'resolve'],
    closed: ['report', 'dispatch', 'accept', 'resolve', 'verify'],
    returned: ['report', 'dispatch', 'return'],
    escalated: ['report', 'escalate'],
    reopened: ['report', 'dispatch', 'accept', 'resolve', 'verify', 'reopen'],
    cancelled: ['report', 'cancel'],
  };

  async function caseIn(state: keyof typeof PATHS): Promise<string> {
    const c = await fileCase(t, d, { draft: true });
    for (const step of PATHS[state]) {
      // After the grid escalates, the community owns it; the table's dispatcher is the community.
      const res = await act(t, actorFor(step), c.id, step, bodyFor(step));
      expectStatus(res, 200);
    }
    expect((await get(d.admin, c.id)).body.state).toBe(state);
    return c.id;
  }

  describe('every transition from every state, as a table', () => {
    const states = Object.keys(PATHS) as (keyof typeof PATHS)[];
    // Referring and closing a referred case where the table allows them: referrals.e2e (they need a
    // practice to refer to); `take-back` has no route (the grid fires it on a refusal).
    const REFERRAL_ACTIONS: CaseAction[] = ['refer', 'close'];
    const rows = states.flatMap((state) =>
      CASE_ACTIONS.filter((action) => action !== 'take-back')
        .filter((action) => !(REFERRAL_ACTIONS.includes(action) && CASE_WORKFLOW.allows(action, state)))
        .map((action) => [state, action] as const),
    );

    it.each(rows)('from %s, %s', async (state, action) => {
      const id = await caseIn(state);
      const before = await history(id);
      const res = await act(t, actorFor(action), id, action, bodyFor(action));
      const transition = CASE_TRANSITIONS.find((x) => x.action === action)!;
      if (transition.from.includes(state)) {
        expectStatus(res, 200);
        expect(res.body.state).toBe(transition.to);
        const after = await history(id);
        expect(after.at(-1)).toEqual(
          expect.objectContaining({ action, fromState: state, toState: transition.to, actorId: actorFor(action).id }),
        );
      } else {
        expectError(res, 409, 'GRID_CASE_TRANSITION_NOT_ALLOWED');
        expect(res.body.details).toEqual({ state, allowed: actionsFrom(state) });
        // State and action by their Chinese names in the Chinese sentence, not `handling` and `verify`.
        expect(res.body.message).toBe(
          `事件当前状态为“${CASE_STATE_NAMES[state]['zh-CN']}”，不能执行“${transition.names['zh-CN']}”`,
        );
        expect(await history(id)).toEqual(before);
      }
    });
  });

  describe('who may fire what', () => {
    it('shows each caller the transitions they may fire', async () => {
      const c = await fileCase(t, d);
      expect((await get(d.gridWorkerA, c.id)).body.allowedActions).toEqual([]);
      expect((await get(d.gridLeaderA, c.id)).body.allowedActions).toEqual(['dispatch', 'escalate', 'cancel']);
      expect((await get(d.communityStaffA, c.id)).body.allowedActions).toEqual(['dispatch', 'escalate', 'cancel']);
      await act(t, d.gridLeaderA, c.id, 'dispatch', { unitId: d.gridA.id, handlerUserId: d.gridWorkerA.id }).expect(
        200,
      );
      expect((await get(d.gridWorkerA, c.id)).body.allowedActions).toEqual(['accept', 'return']);
      expect((await get(d.communityStaffA, c.id)).body.allowedActions).toEqual(['cancel']);
      // Dispatched to the worker by name: the grid leader, who could handle the grid's cases, may not.
      expect((await get(d.gridLeaderA, c.id)).body.allowedActions).toEqual(['cancel']);
    });

    it('refuses a caller holding the permission elsewhere with 403 and the actions they do have', async () => {
      const c = await fileCase(t, d);
      // Escalated to the community: the grid leader no longer dispatches it.
      await act(t, d.gridLeaderA, c.id, 'escalate', { note: '网格无法协调' }).expect(200);
      const res = await act(t, d.gridLeaderA, c.id, 'dispatch', { unitId: d.gridA.id });
      expectError(res, 403, 'GRID_CASE_ACTION_FORBIDDEN');
      expect(res.body.details).toEqual({ state: 'escalated', allowed: [] });
      // A grid worker has no dispatch permission at all.
      expectError(await act(t, d.gridWorkerA, c.id, 'dispatch', { unitId: d.gridA.id }), 403, 'FORBIDDEN');
    });

    it('lets only the handler accept, return and resolve', async () => {
      const c = await fileCase(t, d);
      await act(t, d.gridLeaderA, c.id, 'escalate', { note: '需要城管执法' }).expect(200);
      await act(t, d.communityStaffA, c.id, 'dispatch', { partnerId: d.departmentId }).expect(200);
      // The grid leader can handle cases of the grid, but this one went to the department.
      expectError(await act(t, d.gridLeaderA, c.id, 'accept'), 403, 'GRID_CASE_ACTION_FORBIDDEN');
      expectError(await act(t, d.otherDepartmentStaff, c.id, 'accept'), 404, 'NOT_FOUND');
      const accepted = await act(t, d.department, c.id, 'accept');
      expectStatus(accepted, 200);
      // Accepted, it is with that person now (display name `cityMgmt`), at the department.
      expect(accepted.body.handler).toEqual({
        unitId: null,
        partnerId: d.departmentId,
        userId: d.department.id,
        name: 'cityMgmt',
        orgName: '城市管理局',
      });
      await act(t, d.department, c.id, 'resolve', { note: '已清理并约谈商户' }).expect(200);
      await act(t, d.communityStaffA, c.id, 'verify').expect(200);
    });

    it('keeps 采办分离: whoever handled a case cannot verify, close or reopen it', async () => {
      const c = await fileCase(t, d);
      await act(t, d.gridLeaderA, c.id, 'dispatch', { unitId: d.gridA.id, handlerUserId: d.gridLeaderA.id }).expect(
        200,
      );
      await act(t, d.gridLeaderA, c.id, 'accept').expect(200);
      await act(t, d.gridLeaderA, c.id, 'resolve', { note: '已清理' }).expect(200);
      expect((await get(d.gridLeaderA, c.id)).body.allowedActions).toEqual([]);
      expectError(await act(t, d.gridLeaderA, c.id, 'verify'), 403, 'GRID_CASE_SEPARATION_OF_DUTIES');
      expectError(
        await act(t, d.gridLeaderA, c.id, 'reject', { note: '我不满意' }),
        403,
        'GRID_CASE_SEPARATION_OF_DUTIES',
      );
      await act(t, d.communityStaffA, c.id, 'verify').expect(200);
      expectError(
        await act(t, d.gridLeaderA, c.id, 'reopen', { note: '再看看' }),
        403,
        'GRID_CASE_SEPARATION_OF_DUTIES',
      );
    });

    it('reopens only within the window', async () => {
      const id = await caseIn('closed');
      const patched = await t.http
        .patch('/api/v1/plugins/grid/settings')
        .set(bearer(d.admin.token))
        .send({ reopenWindowDays: 0 });
      expectStatus(patched, 200);
      t.app.get(Clock, { strict: false }).advance(1000);
      expectError(
        await act(t, d.communityStaffA, id, 'reopen', { note: '居民反映未解决' }),
        409,
        'GRID_CASE_REOPEN_WINDOW_PASSED',
      );
      await t.http
        .patch('/api/v1/plugins/grid/settings')
        .set(bearer(d.admin.token))
        .send({ reopenWindowDays: 30 })
        .expect(200);
      await act(t, d.communityStaffA, id, 'reopen', { note: '居民反映未解决' }).expect(200);
      expect((await get(d.admin, id)).body).toEqual(
        expect.objectContaining({ state: 'reopened', reopenCount: 1, closedAt: null }),
      );
    });
  });

  describe('dispatch', () => {
    it('sets the deadline from the item’s time limit and tells the handler', async () => {
      const c = await fileCase(t, d);
      const res = await act(t, d.gridLeaderA, c.id, 'dispatch', {
        unitId: d.gridA.id,
        handlerUserId: d.gridWorkerA.id,
      });
      expectStatus(res, 200);
      const span = Date.parse(res.body.deadlineAt) - Date.parse(res.body.dispatchedAt);
      expect(span).toBe(24 * HOUR); // HP-09 垃圾堆放: a simple livelihood item, 24 hours
      expect(Date.parse(res.body.respondBy) - Date.parse(res.body.dispatchedAt)).toBe(2 * HOUR);
      const messages = await inbox(d.gridWorkerA);
      expect(messages.find((m) => m.kind === 'grid.case-dispatched' && m.data.caseId === c.id)).toBeDefined();
    });

    it('reclassifies under another item and takes its limit', async () => {
      const c = await fileCase(t, d);
      const res = await act(t, d.gridLeaderA, c.id, 'dispatch', {
        unitId: d.gridA.id,
        itemId: d.itemByCode('HP-01').id,
      });
      expectStatus(res, 200);
      expect(res.body.itemCode).toBe('HP-01');
      expect(Date.parse(res.body.deadlineAt) - Date.parse(res.body.dispatchedAt)).toBe(4 * HOUR);
    });

    it.each([
      [
        'both a unit and a department',
        (x: GridDistrict) => ({ unitId: x.gridA.id, partnerId: x.departmentId }),
        400,
        'GRID_CASE_DISPATCH_TARGET_REQUIRED',
      ],
      ['no target', () => ({}), 400, 'GRID_CASE_DISPATCH_TARGET_REQUIRED'],
      [
        'a grid outside the handling unit',
        (x: GridDistrict) => ({ unitId: x.gridA2.id }),
        400,
        'GRID_CASE_DISPATCH_OUTSIDE',
      ],
      [
        'a department, from a grid',
        (x: GridDistrict) => ({ partnerId: x.departmentId }),
        409,
        'GRID_CASE_DEPARTMENT_FROM_GRID',
      ],
      [
        'a handler from another grid',
        (x: GridDistrict) => ({ unitId: x.gridA.id, handlerUserId: x.gridWorkerA2.id }),
        400,
        'GRID_CASE_HANDLER_NOT_IN_TARGET',
      ],
      [
        'a deadline already past',
        (x: GridDistrict) => ({ unitId: x.gridA.id, deadline: '2020-01-01T00:00:00Z' }),
        400,
        'GRID_CASE_DEADLINE_PASSED',
      ],
      [
        'an item off the list',
        (x: GridDistrict) => ({ unitId: x.gridA.id, itemId: x.tenant.rootUnitId }),
        400,
        'GRID_ITEM_NOT_ON_LIST',
      ],
      [
        'a malformed deadline',
        (x: GridDistrict) => ({ unitId: x.gridA.id, deadline: 'tomorrow' }),
        400,
        'VALIDATION_FAILED',
      ],
    ])('refuses %s, writing nothing', async (_, body, status, code) => {
      const c = await fileCase(t, d);
      const before = await history(c.id);
      expectError(await act(t, d.gridLeaderA, c.id, 'dispatch', body(d)), status, code);
      expect(await history(c.id)).toEqual(before);
      expect((await get(d.admin, c.id)).body.state).toBe('reported');
    });

    it('refuses a non-department partner body', async () => {
      const unit = await t.http
        .post('/api/v1/partner-bodies')
        .set(bearer(d.admin.token))
        .send({ type: 'property_company', name: '阳光物业' })
        .expect(201);
      const c = await fileCase(t, d);
      await act(t, d.gridLeaderA, c.id, 'escalate', { note: '提级' }).expect(200);
      expectError(
        await act(t, d.communityStaffA, c.id, 'dispatch', { partnerId: unit.body.id }),
        400,
        'GRID_CASE_NOT_A_DEPARTMENT',
      );
    });

    it('answers in English on request', async () => {
      const c = await fileCase(t, d);
      const res = await act(t, d.gridLeaderA, c.id, 'dispatch', { partnerId: d.departmentId }).set(
        'Accept-Language',
        'en',
      );
      expectError(res, 409, 'GRID_CASE_DEPARTMENT_FROM_GRID');
      expect(res.body.message).toBe(
        'A grid cannot dispatch to a department: escalate to the community or street first',
      );
    });
  });

  describe('escalation', () => {
    it('goes exactly one level up at a time, keeping the history, and stops at the district', async () => {
      const c = await fileCase(t, d);
      const steps: [Staff, number][] = [
        [d.gridLeaderA, 3],
        [d.communityStaffA, 2],
        [d.streetStaffA, 1],
      ];
      for (const [who, level] of steps) {
        const res = await act(t, who, c.id, 'escalate', { note: `提级到第${level}级` });
        expectStatus(res, 200);
        expect({ state: res.body.state, level: res.body.handlingLevel }).toEqual({ state: 'escalated', level });
        // The level below has let go of it.
        expect((await get(who, c.id)).body.allowedActions).toEqual([]);
      }
      const top = await act(t, d.admin, c.id, 'escalate', { note: '区里也办不了' });
      expectError(top, 409, 'GRID_CASE_AT_TOP_LEVEL');
      const escalations = (await history(c.id)).filter((e) => e.action === 'escalate');
      expect(escalations.map((e) => [e.details.fromLevel, e.details.toLevel])).toEqual([
        [4, 3],
        [3, 2],
        [2, 1],
      ]);
      expect(escalations.map((e) => e.details.toUnitId)).toEqual([d.communityA.id, d.streetA.id, d.tenant.rootUnitId]);
      expect((await get(d.admin, c.id)).body.escalations).toBe(3);
      // The district dispatches it down to any unit of the district, here a department.
      await act(t, d.admin, c.id, 'dispatch', { partnerId: d.departmentId }).expect(200);
    });

    it('files a party group’s case with its grid, one level up', async () => {
      const c = await fileCase(t, d, { unitId: d.groupA.id });
      const body = (await get(d.admin, c.id)).body;
      expect({ unitId: body.unitId, handlingUnitId: body.handlingUnitId, level: body.handlingLevel }).toEqual({
        unitId: d.groupA.id,
        handlingUnitId: d.gridA.id,
        level: 4,
      });
    });
  });

  describe('time limits', () => {
    it('reminds the handler before the deadline, then flags it overdue, opens 督办 and tells handler and supervisor', async () => {
      const c = await fileCase(t, d, { itemId: d.itemByCode('HP-01').id }); // 消防安全隐患: 4 hours
      await act(t, d.gridLeaderA, c.id, 'dispatch', { unitId: d.gridA.id, handlerUserId: d.gridWorkerA.id }).expect(
        200,
      );
      await act(t, d.gridWorkerA, c.id, 'accept').expect(200);

      // Reminder at deadline − 2 h (the default), so 2 h after dispatch.
      await advanceClock(t, 2 * HOUR + 60_000, 'the reminder', async () =>
        (await inbox(d.gridWorkerA)).some((m) => m.kind === 'grid.case-reminder' && m.data.caseId === c.id),
      );
      expect((await get(d.admin, c.id)).body.overdueAt).toBeNull();
      expect((await history(c.id)).map((e) => e.action)).toContain('remind');

      await advanceClock(
        t,
        2 * HOUR,
        'the overdue timer',
        async () => (await get(d.admin, c.id)).body.overdueAt !== null,
      );
      const supervisions = await t.http
        .get(`${GRID}/supervisions?open=true`)
        .set(bearer(d.communityStaffA.token))
        .expect(200);
      expect(supervisions.body.items.filter((s: { caseId: string }) => s.caseId === c.id)).toEqual([
        expect.objectContaining({ reason: 'overdue', closedAt: null }),
      ]);
      for (const who of [d.gridWorkerA, d.gridLeaderA])
        expect((await inbox(who)).filter((m) => m.kind === 'grid.case-overdue' && m.data.caseId === c.id)).toHaveLength(
          1,
        );
      const overdueList = await t.http.get(`${GRID}/cases?overdue=true`).set(bearer(d.gridWorkerA.token)).expect(200);
      expect(overdueList.body.items.map((x: { id: string }) => x.id)).toContain(c.id);

      // Handled late, verified: the supervision closes with the case.
      await act(t, d.gridWorkerA, c.id, 'resolve', { note: '已更换灭火器' }).expect(200);
      await act(t, d.gridLeaderA, c.id, 'verify').expect(200);
      const closed = await t.http
        .get(`${GRID}/supervisions?open=false`)
        .set(bearer(d.communityStaffA.token))
        .expect(200);
      expect(closed.body.items.find((s: { caseId: string }) => s.caseId === c.id).closedAt).not.toBeNull();
    });

    it('does not flag a case resolved in time, nor one dispatched again with a new deadline', async () => {
      const resolved = await fileCase(t, d, { itemId: d.itemByCode('HP-01').id });
      await act(t, d.gridLeaderA, resolved.id, 'dispatch', {
        unitId: d.gridA.id,
        handlerUserId: d.gridWorkerA.id,
      }).expect(200);
      await act(t, d.gridWorkerA, resolved.id, 'accept').expect(200);
      await act(t, d.gridWorkerA, resolved.id, 'resolve', { note: '已处理' }).expect(200);

      const redispatched = await fileCase(t, d, { itemId: d.itemByCode('HP-01').id });
      await act(t, d.gridLeaderA, redispatched.id, 'dispatch', { unitId: d.gridA.id }).expect(200);
      await act(t, d.gridLeaderA, redispatched.id, 'return', { note: '派错了' }).expect(200);
      const later = new Date(Date.now() + 30 * 24 * HOUR).toISOString();
      await act(t, d.gridLeaderA, redispatched.id, 'dispatch', { unitId: d.gridA.id, deadline: later }).expect(200);

      const marker = await fileCase(t, d, { itemId: d.itemByCode('HP-01').id });
      await act(t, d.gridLeaderA, marker.id, 'dispatch', { unitId: d.gridA.id }).expect(200);
      await advanceClock(
        t,
        5 * HOUR,
        'the marker case overdue',
        async () => (await get(d.admin, marker.id)).body.overdueAt !== null,
      );
      expect((await get(d.admin, resolved.id)).body.overdueAt).toBeNull();
      expect((await get(d.admin, redispatched.id)).body.overdueAt).toBeNull();
    });

    it('counts an acceptance after the response limit as late', async () => {
      const c = await fileCase(t, d);
      await act(t, d.gridLeaderA, c.id, 'dispatch', { unitId: d.gridA.id }).expect(200);
      t.app.get(Clock, { strict: false }).advance(3 * HOUR);
      await act(t, d.gridWorkerA, c.id, 'accept').expect(200);
      const accept = (await history(c.id)).find((e) => e.action === 'accept')!;
      expect(accept.details).toEqual({ respondedInTime: false });
    });
  });

  describe('scope', () => {
    let inA: string;
    let inA2: string;
    let inB: string;

    beforeAll(async () => {
      inA = (await fileCase(t, d)).id;
      inA2 = (await fileCase(t, d, { unitId: d.gridA2.id }, d.gridWorkerA2)).id;
      inB = (await fileCase(t, d, { unitId: d.gridB.id }, d.gridWorkerB)).id;
    });

    const listed = async (who: Staff, path = `${GRID}/cases?limit=200`) =>
      ((await t.http.get(path).set(bearer(who.token)).expect(200)).body.items as { id: string }[]).map((c) => c.id);

    it('shows a grid worker only their grid, a community all its grids, a street its own', async () => {
      const worker = await listed(d.gridWorkerA);
      expect(worker).toContain(inA);
      expect(worker).not.toContain(inA2);
      expect(worker).not.toContain(inB);
      const community = await listed(d.communityStaffA);
      expect(community).toEqual(expect.arrayContaining([inA, inA2]));
      expect(community).not.toContain(inB);
      expect(await listed(d.streetStaffB)).toContain(inB);
      expect(await listed(d.streetStaffB)).not.toContain(inA);
      expect(await listed(d.districtStaff)).toEqual(expect.arrayContaining([inA, inA2, inB]));
      expectError(await get(d.gridWorkerA, inA2), 404, 'NOT_FOUND');
      expectError(await get(d.streetStaffB, inA), 404, 'NOT_FOUND');
      expectError(await act(t, d.streetStaffB, inA, 'dispatch', { unitId: d.gridA.id }), 404, 'NOT_FOUND');
    });

    it('shows a department only the cases dispatched to it', async () => {
      const c = await fileCase(t, d, { unitId: d.gridA2.id }, d.gridWorkerA2);
      await act(t, d.communityStaffA, c.id, 'escalate', { note: '需要部门处置' }).expect(200);
      await act(t, d.communityStaffA, c.id, 'dispatch', { partnerId: d.departmentId }).expect(200);
      // Everything the department sees was dispatched to it (this case among them), and only that.
      const seen = (await t.http.get(`${GRID}/cases?limit=200`).set(bearer(d.department.token)).expect(200)).body
        .items as { id: string; handler: { partnerId: string } | null }[];
      expect(seen.map((x) => x.id)).toContain(c.id);
      expect(new Set(seen.map((x) => x.handler?.partnerId))).toEqual(new Set([d.departmentId]));
      expect((await get(d.department, c.id)).body.allowedActions).toEqual(['accept', 'return']);
      expect(await listed(d.otherDepartmentStaff)).toEqual([]);
      const other = await fileCase(t, d, { unitId: d.gridA.id });
      expectError(await get(d.department, other.id), 404, 'NOT_FOUND');
      // The department that handled it keeps seeing it; the district's other cases stay hidden.
      await act(t, d.department, c.id, 'accept').expect(200);
      await act(t, d.department, c.id, 'resolve', { note: '已处置' }).expect(200);
      expect(await listed(d.department)).toContain(c.id);
    });

    it('pages a person’s list (their grid, and cases dispatched to them elsewhere) newest first, each case once', async () => {
      // Visible to worker A by scope (grid A) and, for the one in grid A2, because it is dispatched to them.
      const own = [(await fileCase(t, d)).id, (await fileCase(t, d)).id];
      const elsewhere = await fileCase(t, d, { unitId: d.gridA2.id }, d.gridWorkerA2);
      await act(t, d.communityStaffA, elsewhere.id, 'escalate', { note: '跨网格处置' }).expect(200);
      await act(t, d.communityStaffA, elsewhere.id, 'dispatch', {
        unitId: d.gridA.id,
        handlerUserId: d.gridWorkerA.id,
      }).expect(200);
      own.push((await fileCase(t, d)).id);
      const all = await listed(d.gridWorkerA);
      expect(all).toEqual(expect.arrayContaining([...own, elsewhere.id]));
      expect(all).not.toContain(inA2);
      // Pages of two follow the full list exactly: newest first (ids are time-ordered), no case twice.
      expect([...all].sort().reverse()).toEqual(all);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.http
          .get(`${GRID}/cases`)
          .query({ limit: 2, ...(cursor ? { cursor } : {}) })
          .set(bearer(d.gridWorkerA.token))
          .expect(200);
        paged.push(...res.body.items.map((c) => c.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(paged).toEqual(all);
    });

    it('keeps tenants apart', async () => {
      const stranger = await provisionTenant(t, 'grid-other');
      await t.http.post('/api/v1/plugins/grid/enable').set(bearer(stranger.adminToken)).expect(200);
      expectError(await t.http.get(`${GRID}/cases/${inA}`).set(bearer(stranger.adminToken)), 404, 'NOT_FOUND');
      expect(await listed({ id: stranger.adminUserId, token: stranger.adminToken })).toEqual([]);
      expectError(
        await t.http.post(`${GRID}/cases/${inA}/cancel`).set(bearer(stranger.adminToken)).send({ note: '越权' }),
        404,
        'NOT_FOUND',
      );
      expect((await get(d.admin, inA)).body.state).toBe('reported');
    });
  });

  describe('photos', () => {
    // A 1×1 PNG, and the same bytes padded to a given size (still a PNG by its signature).
    const PNG = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const JPEG = readFileSync(path.join(REPO_ROOT, 'tests/fixtures/images/baseline.jpg'));
    const upload = (who: Staff, id: string, contentType: string, body: Buffer) =>
      t.http
        .post(`${GRID}/cases/${id}/photos`)
        .set(bearer(who.token))
        .send({ contentType, data: body.toString('base64') });

    it('stores what the reporter saw and what the handler did, and serves them to who can see the case', async () => {
      const c = await fileCase(t, d);
      const seen = await upload(d.gridWorkerA, c.id, 'image/png', PNG);
      expectStatus(seen, 201);
      expect(seen.body).toEqual(
        expect.objectContaining({ stage: 'report', contentType: 'image/png', size: PNG.length }),
      );
      const image = await t.http.get(seen.body.url).set(bearer(d.communityStaffA.token)).expect(200);
      expect(image.headers['content-type']).toBe('image/png');
      // Served so that no browser could ever run it as a page of ours.
      expect(image.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'cache-control': 'private, max-age=3600',
      });
      expect(image.headers['content-disposition']).toBe(`inline; filename="${c.number}-${seen.body.id}.png"`);
      expect(Buffer.compare(image.body as Buffer, PNG)).toBe(0);
      expectError(await t.http.get(seen.body.url).set(bearer(d.streetStaffB.token)), 404, 'NOT_FOUND');

      await act(t, d.gridLeaderA, c.id, 'dispatch', { unitId: d.gridA.id, handlerUserId: d.gridWorkerA.id }).expect(
        200,
      );
      await act(t, d.gridWorkerA, c.id, 'accept').expect(200);
      const done = await upload(d.gridWorkerA, c.id, 'image/png', PNG);
      expect(done.body.stage).toBe('resolution');
      expect((await get(d.admin, c.id)).body.photos.map((p: { stage: string }) => p.stage)).toEqual([
        'report',
        'resolution',
      ]);
    });

    it.each([
      ['a type other than JPEG, PNG or WebP', 'image/gif', PNG, 400, 'GRID_PHOTO_TYPE_NOT_ALLOWED'],
      ['bytes that are not the declared type', 'image/jpeg', PNG, 400, 'GRID_PHOTO_TYPE_NOT_ALLOWED'],
      [
        'a JPEG header followed by HTML',
        'image/jpeg',
        Buffer.concat([JPEG.subarray(0, 20), Buffer.from('<html><script>alert(document.cookie)</script></html>')]),
        400,
        'GRID_PHOTO_TYPE_NOT_ALLOWED',
      ],
      [
        'text posing as a PNG',
        'image/png',
        Buffer.from('<script>alert(1)</script>'),
        400,
        'GRID_PHOTO_TYPE_NOT_ALLOWED',
      ],
      [
        'a photo over the size limit',
        'image/png',
        Buffer.concat([PNG, Buffer.alloc(3_000_001)]),
        413,
        'GRID_PHOTO_TOO_LARGE',
      ],
    ])('refuses %s, storing nothing', async (_, type, body, status, code) => {
      const c = await fileCase(t, d);
      expectError(await upload(d.gridWorkerA, c.id, type, body), status, code);
      expect((await get(d.admin, c.id)).body.photos).toEqual([]);
    });

    it('refuses more photos than a case holds, and photos from outside the case’s area', async () => {
      const c = await fileCase(t, d);
      for (let i = 0; i < 9; i++) expectStatus(await upload(d.gridWorkerA, c.id, 'image/png', PNG), 201);
      expectError(await upload(d.gridWorkerA, c.id, 'image/png', PNG), 409, 'GRID_PHOTO_LIMIT');
      expectError(await upload(d.gridWorkerB, c.id, 'image/png', PNG), 404, 'NOT_FOUND');
      expectError(
        await t.http
          .post(`${GRID}/cases/${c.id}/photos`)
          .set(bearer(d.gridWorkerA.token))
          .send({ contentType: 'image/png', data: '%%%' }),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('retries and races', () => {
    it('files a case once when the app retries with the same Idempotency-Key', async () => {
      const send = () =>
        t.http
          .post(`${GRID}/cases`)
          .set(bearer(d.gridWorkerA.token))
          .set('Idempotency-Key', `grid-intake-${d.tenant.code}`)
          .send({
            source: 'walk_in',
            itemId: d.itemByCode('HP-13').id,
            unitId: d.gridA.id,
            description: '夜间施工噪声扰民',
          });
      const first = await send();
      const retry = await send();
      expectStatus(first, 201);
      expect(retry.body.id).toBe(first.body.id);
      const rows = await owner.query(d.tenant.id, `select id from grid_cases where description = '夜间施工噪声扰民'`);
      expect(rows).toHaveLength(1);
    });

    it('lets exactly one of two simultaneous transitions through', async () => {
      const c = await fileCase(t, d);
      await act(t, d.gridLeaderA, c.id, 'dispatch', { unitId: d.gridA.id, handlerUserId: d.gridWorkerA.id }).expect(
        200,
      );
      await act(t, d.gridWorkerA, c.id, 'accept').expect(200);
      await act(t, d.gridWorkerA, c.id, 'resolve', { note: '已清理' }).expect(200);
      // Two verifiers at once, one closing and one rejecting: whichever goes second finds the state moved.
      const [a, b] = await Promise.all([
        act(t, d.gridLeaderA, c.id, 'verify'),
        act(t, d.communityStaffA, c.id, 'reject', { note: '现场仍有垃圾' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const lines = (await history(c.id)).filter((e) => e.action === 'verify' || e.action === 'reject');
      expect(lines).toHaveLength(1);
    });
  });

  describe('intake', () => {
    it('numbers cases per district day and records 采集 and 上报', async () => {
      const a = await fileCase(t, d);
      const b = await fileCase(t, d);
      expect(b.number.slice(0, 9)).toBe(a.number.slice(0, 9));
      expect(Number(b.number.slice(9))).toBe(Number(a.number.slice(9)) + 1);
      expect((await history(a.id)).map((e) => [e.action, e.fromState, e.toState])).toEqual([
        ['collect', null, 'collected'],
        ['report', 'collected', 'reported'],
      ]);
    });

    it('keeps a draft collected until reported', async () => {
      const c = await fileCase(t, d, { draft: true });
      expect(c.state).toBe('collected');
      expect(c.allowedActions).toEqual(['report', 'cancel']);
    });

    it.each([
      ['an item not on the list', (x: GridDistrict) => ({ itemId: x.gridA.id }), 400, 'GRID_ITEM_NOT_ON_LIST'],
      ['a latitude out of range', () => ({ latitude: 123, longitude: 113.3 }), 400, 'VALIDATION_FAILED'],
      ['an unknown source', () => ({ source: 'rumour' }), 400, 'VALIDATION_FAILED'],
      ['Open311 as a staff source', () => ({ source: 'open311' }), 400, 'VALIDATION_FAILED'],
      ['an empty description', () => ({ description: '' }), 400, 'VALIDATION_FAILED'],
      ['a unit outside the caller’s scope', (x: GridDistrict) => ({ unitId: x.gridB.id }), 404, 'NOT_FOUND'],
    ])('refuses %s, filing nothing', async (_, overrides, status, code) => {
      const before = await owner.query<{ n: number }>(d.tenant.id, 'select count(*)::int as n from grid_cases');
      const res = await t.http
        .post(`${GRID}/cases`)
        .set(bearer(d.gridWorkerA.token))
        .send({
          source: 'patrol',
          itemId: d.itemByCode('HP-09').id,
          unitId: d.gridA.id,
          description: '垃圾',
          ...overrides(d),
        });
      expectError(res, status, code);
      expect(await owner.query(d.tenant.id, 'select count(*)::int as n from grid_cases')).toEqual(before);
    });

    it('refuses an item taken off the list', async () => {
      const item = d.itemByCode('PG-04');
      await t.http.patch(`${GRID}/items/${item.id}`).set(bearer(d.admin.token)).send({ active: false }).expect(200);
      expectError(
        await t.http
          .post(`${GRID}/cases`)
          .set(bearer(d.gridWorkerA.token))
          .send({ source: 'walk_in', itemId: item.id, unitId: d.gridA.id, description: '垃圾分类咨询' }),
        400,
        'GRID_ITEM_INACTIVE',
      );
      await t.http.patch(`${GRID}/items/${item.id}`).set(bearer(d.admin.token)).send({ active: true }).expect(200);
    });

    it('refuses a location outside the grid’s drawn boundary', async () => {
      const square = {
        type: 'Polygon',
        coordinates: [
          [
            [113.3, 33.7],
            [113.31, 33.7],
            [113.31, 33.71],
            [113.3, 33.71],
            [113.3, 33.7],
          ],
        ],
      };
      await owner.query(
        d.tenant.id,
        `insert into grid_profiles (tenant_id, id, district_id, street_id, community_id, grid_id, unit_id, boundary)
         values ($1, gen_random_uuid(), $2, $3, $4, $5, $5, $6)`,
        [d.tenant.id, d.tenant.rootUnitId, d.streetA.id, d.communityA.id, d.gridA.id, JSON.stringify(square)],
      );
      const inside = await fileCase(t, d, { latitude: 33.705, longitude: 113.305 });
      expect(inside.state).toBe('reported');
      const res = await t.http
        .post(`${GRID}/cases`)
        .set(bearer(d.gridWorkerA.token))
        .send({
          source: 'patrol',
          itemId: d.itemByCode('HP-09').id,
          unitId: d.gridA.id,
          description: '垃圾',
          latitude: 33.8,
          longitude: 113.305,
        });
      expectError(res, 400, 'GRID_CASE_LOCATION_OUTSIDE_GRID');
    });
  });
});
