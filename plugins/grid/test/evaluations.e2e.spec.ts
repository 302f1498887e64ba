import { expectError, expectStatus, listAll } from '../../../tests/support/expect';
import { bearer, type TestApp } from '../../../tests/support/test-app';
import { act, closedCase, fileCase, GRID, gridDistrict, startGridApp, type GridDistrict, type Staff } from './support';

/**
 * 谁呼谁评、谁应评谁 through the real app: whoever dispatched a closed case rates its handler and
 * whoever raised a call rates each department that reported in, once each (一事一评); residents'
 * satisfaction is recorded once; the summary averages per rated unit and department.
 */

type Evaluation = {
  id: string;
  subjectType: string;
  subjectId: string;
  callId: string | null;
  rateeUnitId: string | null;
  rateePartnerId: string | null;
  rateeName: string;
  score: number;
  comment: string;
  evaluatedBy: string;
};
type Ratee = {
  kind: string;
  rateeUnitId: string | null;
  rateePartnerId: string | null;
  name: string;
  count: number;
  averageScore: number;
  cases: number;
  calls: number;
};

describe('grid evaluation', () => {
  let t: TestApp;
  let d: GridDistrict;
  /** Closed, dispatched by community A to grid A1-1, handled by its grid worker. */
  let gridCase: { id: string; number: string };
  /** Closed, filed at community A and dispatched to the 城管局. */
  let departmentCase: { id: string };
  let callId: string;

  const evaluate = (who: Staff, caseId: string, body: Record<string, unknown>) =>
    t.http.post(`${GRID}/cases/${caseId}/evaluation`).set(bearer(who.token)).send(body);
  const evaluateResponse = (who: Staff, id: string, partnerId: string, body: Record<string, unknown>) =>
    t.http.post(`${GRID}/calls/${id}/responses/${partnerId}/evaluation`).set(bearer(who.token)).send(body);
  const satisfaction = (who: Staff, caseId: string, rating: string) =>
    t.http.post(`${GRID}/cases/${caseId}/satisfaction`).set(bearer(who.token)).send({ rating });
  const evaluations = async (who: Staff, query = '') =>
    (await listAll(t, who.token, `${GRID}/evaluations${query}`)) as Evaluation[];
  const summary = async (who: Staff, query = '') => {
    const res = await t.http.get(`${GRID}/evaluations/summary${query}`).set(bearer(who.token));
    expectStatus(res, 200);
    return res.body.items as Ratee[];
  };

  beforeAll(async () => {
    t = await startGridApp();
    d = await gridDistrict(t, 'evals');
    gridCase = await closedCase(t, d);
    departmentCase = await closedCase(t, d, {
      file: { unitId: d.communityA.id },
      reporter: d.communityStaffA,
      dispatch: { partnerId: d.departmentId },
      handler: d.department,
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('rates only closed cases, by the dispatching side, 1–5, once — and writes nothing when refused', async () => {
    const open = await fileCase(t, d);
    expectStatus(await act(t, d.communityStaffA, open.id, 'dispatch', { unitId: d.gridA.id }), 200);
    expectError(await evaluate(d.communityStaffA, open.id, { score: 5 }), 409, 'GRID_EVALUATION_CASE_NOT_CLOSED');

    // The handler holds no dispatch right; community B cannot see the case.
    expectError(await evaluate(d.gridWorkerA, gridCase.id, { score: 5 }), 403, 'FORBIDDEN');
    expectError(await evaluate(d.communityStaffB, gridCase.id, { score: 5 }), 404, 'NOT_FOUND');
    for (const score of [0, 6, 2.5, null])
      expectError(await evaluate(d.communityStaffA, gridCase.id, { score }), 400, 'VALIDATION_FAILED');
    expectError(
      await evaluate(d.communityStaffA, gridCase.id, { score: 4, comment: 'x'.repeat(501) }),
      400,
      'VALIDATION_FAILED',
    );
    expect(await evaluations(d.districtStaff)).toEqual([]);

    const rated = await evaluate(d.communityStaffA, gridCase.id, { score: 4, comment: '处置及时' });
    expectStatus(rated, 201);
    expect(rated.body).toMatchObject({
      subjectType: 'case',
      subjectId: gridCase.id,
      callId: null,
      rateeUnitId: d.gridA.id,
      rateePartnerId: null,
      rateeName: '网格A1-1',
      score: 4,
      comment: '处置及时',
      evaluatedBy: d.communityStaffA.id,
    });
    // 一事一评: not again, by anyone on the dispatching side.
    expectError(await evaluate(d.communityStaffA, gridCase.id, { score: 1 }), 409, 'GRID_ALREADY_EVALUATED');
    expectError(await evaluate(d.streetStaffA, gridCase.id, { score: 1 }), 409, 'GRID_ALREADY_EVALUATED');
    expect((await evaluations(d.districtStaff)).map((e) => e.score)).toEqual([4]);
  });

  it('does not let whoever handled a case rate it (谁应 is rated, not rating)', async () => {
    // Grid A1-1's leader dispatches rights over the grid, but handled this one himself.
    const own = await closedCase(t, d, {
      dispatch: { unitId: d.gridA.id, handlerUserId: d.gridLeaderA.id },
      handler: d.gridLeaderA,
    });
    expectError(await evaluate(d.gridLeaderA, own.id, { score: 5 }), 403, 'GRID_EVALUATION_NOT_EVALUATOR');
    const rated = await evaluate(d.communityStaffA, own.id, { score: 5 });
    expectStatus(rated, 201);
    expect(rated.body).toMatchObject({ rateeUnitId: d.gridA.id, score: 5 });
  });

  it('rates a department that handled a case, and gives one of two racing evaluations', async () => {
    const rated = await evaluate(d.communityStaffA, departmentCase.id, { score: 2, comment: '拖延' });
    expectStatus(rated, 201);
    expect(rated.body).toMatchObject({ rateeUnitId: null, rateePartnerId: d.departmentId, rateeName: '城市管理局' });

    const raced = await closedCase(t, d);
    const answers = await Promise.all([
      evaluate(d.communityStaffA, raced.id, { score: 3 }),
      evaluate(d.gridLeaderA, raced.id, { score: 3 }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    expectError(
      answers.find((r) => r.status === 409)!,
      409,
      'GRID_ALREADY_EVALUATED',
    );
    expect((await evaluations(d.districtStaff)).filter((e) => e.subjectId === raced.id)).toHaveLength(1);
  });

  it('the caller rates each department that reported in to its call, once', async () => {
    const raised = await t.http
      .post(`${GRID}/calls`)
      .set(bearer(d.streetStaffA.token))
      .send({
        unitId: d.streetA.id,
        front: 'key_task',
        departmentIds: [d.departmentId, d.otherDepartmentId],
        title: '防汛检查',
      });
    expectStatus(raised, 201);
    callId = raised.body.id as string;
    expectStatus(await t.http.post(`${GRID}/calls/${callId}/report-in`).set(bearer(d.department.token)).send({}), 200);

    expectError(
      await evaluateResponse(d.streetStaffA, callId, d.otherDepartmentId, { score: 5 }),
      409,
      'GRID_EVALUATION_NOT_REPORTED',
    );
    expectError(await evaluateResponse(d.streetStaffB, callId, d.departmentId, { score: 5 }), 404, 'NOT_FOUND');
    // Community A did not raise it (the street did) and cannot see it.
    expectError(await evaluateResponse(d.communityStaffA, callId, d.departmentId, { score: 5 }), 404, 'NOT_FOUND');
    // The department itself does not rate.
    expectError(await evaluateResponse(d.department, callId, d.departmentId, { score: 5 }), 403, 'FORBIDDEN');
    expectError(await evaluateResponse(d.streetStaffA, callId, d.tenant.rootUnitId, { score: 5 }), 404, 'NOT_FOUND');
    expectError(await evaluateResponse(d.streetStaffA, callId, d.departmentId, { score: 9 }), 400, 'VALIDATION_FAILED');

    const rated = await evaluateResponse(d.streetStaffA, callId, d.departmentId, { score: 5, comment: '一叫就到' });
    expectStatus(rated, 201);
    expect(rated.body).toMatchObject({
      subjectType: 'call_response',
      callId,
      rateePartnerId: d.departmentId,
      rateeName: '城市管理局',
      score: 5,
    });
    expectError(
      await evaluateResponse(d.streetStaffA, callId, d.departmentId, { score: 1 }),
      409,
      'GRID_ALREADY_EVALUATED',
    );
  });

  it('records the resident’s satisfaction once a case is closed, once', async () => {
    const open = await fileCase(t, d);
    expectError(await satisfaction(d.gridWorkerA, open.id, 'satisfied'), 409, 'GRID_EVALUATION_CASE_NOT_CLOSED');
    expectError(await satisfaction(d.gridWorkerA, gridCase.id, 'very_happy'), 400, 'VALIDATION_FAILED');
    expectError(await satisfaction(d.communityStaffB, gridCase.id, 'satisfied'), 404, 'NOT_FOUND');
    // District staff read cases but do not report them.
    expectError(await satisfaction(d.districtStaff, gridCase.id, 'satisfied'), 403, 'FORBIDDEN');

    const recorded = await satisfaction(d.gridWorkerA, gridCase.id, 'basically_satisfied');
    expectStatus(recorded, 200);
    expect(recorded.body).toMatchObject({
      caseId: gridCase.id,
      number: gridCase.number,
      satisfaction: 'basically_satisfied',
      satisfactionAt: expect.any(String),
    });
    expectError(await satisfaction(d.communityStaffA, gridCase.id, 'dissatisfied'), 409, 'GRID_SATISFACTION_RECORDED');
    const seen = await t.http.get(`${GRID}/cases/${gridCase.id}`).set(bearer(d.communityStaffA.token));
    expect(seen.body.satisfaction).toBe('basically_satisfied');
    const history = await t.http.get(`${GRID}/cases/${gridCase.id}/history`).set(bearer(d.communityStaffA.token));
    expect((history.body.items as { action: string }[]).filter((e) => e.action === 'satisfaction')).toHaveLength(1);
  });

  it('lists and summarises per rated unit and department, in scope and period', async () => {
    // By hand: grid A1-1 got 4, 5 and 3 for cases → 4.00 over 3; 城管局 got 2 for a case and 5
    // for its report-in → 3.50 over 2.
    const all = await summary(d.districtStaff);
    expect(all).toEqual([
      {
        kind: 'unit',
        rateeUnitId: d.gridA.id,
        rateePartnerId: null,
        name: '网格A1-1',
        count: 3,
        averageScore: 4,
        cases: 3,
        calls: 0,
      },
      {
        kind: 'department',
        rateeUnitId: null,
        rateePartnerId: d.departmentId,
        name: '城市管理局',
        count: 2,
        averageScore: 3.5,
        cases: 1,
        calls: 1,
      },
    ]);
    expect(await summary(d.streetStaffA)).toEqual(all);
    // Community A reads cases, not the street's calls: only the case ratings.
    const community = await summary(d.communityStaffA);
    expect(community.find((r) => r.rateePartnerId === d.departmentId)).toMatchObject({ count: 1, averageScore: 2 });
    expect(await summary(d.districtStaff, `?unitId=${d.streetB.id}`)).toEqual([]);
    expect(await summary(d.streetStaffB)).toEqual([]);

    // Periods are half-open [from, to).
    const now = Date.now();
    const past = new Date(now - 365 * 86_400_000).toISOString();
    const future = new Date(now + 365 * 86_400_000).toISOString();
    expect(await summary(d.districtStaff, `?from=${past}&to=${future}`)).toEqual(all);
    expect(await summary(d.districtStaff, `?from=${future}`)).toEqual([]);
    expectError(
      await t.http.get(`${GRID}/evaluations/summary?from=${future}&to=${past}`).set(bearer(d.districtStaff.token)),
      400,
      'GRID_EVALUATION_PERIOD_INVALID',
    );

    const ofDepartment = await evaluations(d.districtStaff, `?rateePartnerId=${d.departmentId}`);
    expect(ofDepartment.map((e) => [e.subjectType, e.score]).sort()).toEqual([
      ['call_response', 5],
      ['case', 2],
    ]);
    expect(ofDepartment.find((e) => e.subjectType === 'call_response')!.callId).toBe(callId);
    expect(await evaluations(d.districtStaff)).toHaveLength(5);
    expect(await evaluations(d.districtStaff, '?subjectType=call_response')).toHaveLength(1);
    // Departments hold no case-reading right: the lists are the district's.
    expectError(await t.http.get(`${GRID}/evaluations`).set(bearer(d.department.token)), 403, 'FORBIDDEN');
  });

  it('keeps evaluations within the tenant', async () => {
    const other = await gridDistrict(t, 'evals2');
    expectError(await evaluate(other.admin, departmentCase.id, { score: 1 }), 404, 'NOT_FOUND');
    expectError(await satisfaction(other.admin, departmentCase.id, 'dissatisfied'), 404, 'NOT_FOUND');
    expectError(await evaluateResponse(other.admin, callId, d.departmentId, { score: 1 }), 404, 'NOT_FOUND');
    expect(await evaluations(other.admin)).toEqual([]);
    expect(await summary(other.admin)).toEqual([]);
    // Nothing of theirs reached ours.
    expect(await evaluations(d.districtStaff)).toHaveLength(5);
    const seen = await t.http.get(`${GRID}/cases/${departmentCase.id}`).set(bearer(d.communityStaffA.token));
    expect(seen.body.satisfaction).toBeNull();
  });
});
