import { expectError, expectStatus, listAll } from '../../../tests/support/expect';
import { bearer, type TestApp } from '../../../tests/support/test-app';
import {
  advanceClock,
  createPartner,
  fileCase,
  GRID,
  gridDistrict,
  notificationsOf,
  startGridApp,
  type GridDistrict,
  type Staff,
} from './support';

/**
 * 三级呼叫 (吹哨报到, 一叫就到) through the real app: a street calls departments, each reports in
 * by the limit or is recorded late — also when it never reports (a durable timer) — and only the
 * calling side and the called departments see the call.
 */

type Response = {
  partnerId: string;
  name: string;
  reportedAt: string | null;
  reportedBy: string | null;
  late: boolean | null;
};
type Call = { id: string; unitId: string; status: string; reportInBy: string; raisedAt: string; responses: Response[] };

const MINUTE = 60_000;

describe('grid three-level calls', () => {
  let t: TestApp;
  let d: GridDistrict;
  let emergencyId: string;

  const raise = (who: Staff, body: Record<string, unknown>, lang?: string) => {
    const req = t.http.post(`${GRID}/calls`).set(bearer(who.token));
    if (lang) void req.set('Accept-Language', lang);
    return req.send({
      unitId: d.streetA.id,
      front: 'joint_enforcement',
      departmentIds: [d.departmentId],
      title: '沿河路占道经营联合整治',
      description: '早市摊贩占道，需城管、市场监管到场',
      address: '沿河路与建设路交叉口',
      ...body,
    });
  };
  const raised = async (who: Staff, body: Record<string, unknown>) => {
    const res = await raise(who, body);
    expectStatus(res, 201);
    return res.body as Call;
  };
  const reportIn = (who: Staff, id: string, note = '已到达现场') =>
    t.http.post(`${GRID}/calls/${id}/report-in`).set(bearer(who.token)).send({ note });
  const getCall = (who: Staff, id: string) => t.http.get(`${GRID}/calls/${id}`).set(bearer(who.token));
  const callsOf = async (who: Staff, query = '') => (await listAll(t, who.token, `${GRID}/calls${query}`)) as Call[];
  const assignedTo = async (who: Staff) => (await listAll(t, who.token, `${GRID}/calls/assigned`)) as Call[];
  const responseOf = (call: Call, partnerId: string) => call.responses.find((r) => r.partnerId === partnerId)!;

  beforeAll(async () => {
    t = await startGridApp();
    d = await gridDistrict(t, 'calls');
    emergencyId = await createPartner(t, d, '应急管理局');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('a street calls three departments: on time, late, and never — the timer records the missing as late', async () => {
    const call = await raised(d.streetStaffA, {
      departmentIds: [d.departmentId, d.otherDepartmentId, emergencyId],
      reportInMinutes: 30,
    });
    expect(call).toMatchObject({ unitId: d.streetA.id, unitName: '街道A', front: 'joint_enforcement', status: 'open' });
    expect(Date.parse(call.reportInBy) - Date.parse(call.raisedAt)).toBe(30 * MINUTE);
    expect(call.responses.map((r) => r.name).sort()).toEqual(['城市管理局', '市场监督管理局', '应急管理局'].sort());
    expect(call.responses.every((r) => r.reportedAt === null && r.late === null)).toBe(true);

    // 吹哨: both departments' staff are told, and find it in their queue.
    // The deadline in the text is the district's local time (UTC+8, to the minute), not UTC ISO.
    const beijing = new Date(Math.floor(Date.parse(call.reportInBy) / MINUTE) * MINUTE + 8 * 60 * MINUTE)
      .toISOString()
      .slice(0, 16)
      .replace('T', ' ');
    for (const who of [d.department, d.otherDepartmentStaff]) {
      const raisedNotes = await notificationsOf(t, who, 'call-raised');
      expect(raisedNotes.map((n) => n.data.callId)).toContain(call.id);
      expect(raisedNotes.find((n) => n.data.callId === call.id)!.body).toMatch(
        new RegExp(`^请于 ${beijing}（北京时间）前报到。`),
      );
      expect((await assignedTo(who)).map((c) => c.id)).toContain(call.id);
    }

    // 城管 reports in at once: on time.
    const onTime = await reportIn(d.department, call.id);
    expectStatus(onTime, 200);
    expect(responseOf(onTime.body as Call, d.departmentId)).toMatchObject({
      reportedBy: d.department.id,
      late: false,
      reportedAt: expect.any(String),
    });
    expect((await notificationsOf(t, d.streetStaffA, 'call-reported')).map((n) => n.data.partnerId)).toContain(
      d.departmentId,
    );

    // The limit passes: the timer marks the two still missing as late and tells the caller.
    await advanceClock(t, 31 * MINUTE, 'report-in limit', async () => {
      const res = await getCall(d.streetStaffA, call.id);
      return res.status === 200 && (res.body as Call).responses.filter((r) => r.late === true).length === 2;
    });
    const after = (await getCall(d.streetStaffA, call.id)).body as Call;
    expect(responseOf(after, d.departmentId).late).toBe(false);
    expect(responseOf(after, d.otherDepartmentId)).toMatchObject({ late: true, reportedAt: null });
    expect(responseOf(after, emergencyId)).toMatchObject({ late: true, reportedAt: null });
    const lateNotes = await notificationsOf(t, d.streetStaffA, 'call-late');
    expect(lateNotes).toHaveLength(1);
    expect(lateNotes[0]!.body).toContain('市场监督管理局');
    expect(lateNotes[0]!.body).toContain('应急管理局');

    // 市场监管 reports in after the limit: late, with the time it came.
    const late = await reportIn(d.otherDepartmentStaff, call.id);
    expectStatus(late, 200);
    expect(responseOf(late.body as Call, d.otherDepartmentId)).toMatchObject({
      late: true,
      reportedBy: d.otherDepartmentStaff.id,
      reportedAt: expect.any(String),
    });
    // The emergency office never reports: still late and missing.
    expect(responseOf(late.body as Call, emergencyId)).toMatchObject({ late: true, reportedAt: null });
  });

  it('refuses a second report-in, a department not called, and a closed call — changing nothing', async () => {
    const call = await raised(d.streetStaffA, { departmentIds: [d.departmentId] });
    expectStatus(await reportIn(d.department, call.id), 200);
    const before = (await getCall(d.streetStaffA, call.id)).body as Call;

    expectError(await reportIn(d.department, call.id, 'again'), 409, 'GRID_CALL_ALREADY_REPORTED');
    // 市场监管 was not called: the call does not exist for it.
    expectError(await reportIn(d.otherDepartmentStaff, call.id), 404, 'NOT_FOUND');
    expectError(
      await t.http.get(`${GRID}/calls/assigned/${call.id}`).set(bearer(d.otherDepartmentStaff.token)),
      404,
      'NOT_FOUND',
    );
    expect((await assignedTo(d.otherDepartmentStaff)).map((c) => c.id)).not.toContain(call.id);
    expectError(await reportIn(d.department, 'not-a-uuid'), 404, 'NOT_FOUND');
    expect((await getCall(d.streetStaffA, call.id)).body).toEqual(before);

    // Closed before its limit: no report-in, and nobody is late when the limit passes.
    const closing = await raised(d.streetStaffA, { departmentIds: [d.departmentId, d.otherDepartmentId] });
    expectError(
      await t.http.post(`${GRID}/calls/${closing.id}/close`).set(bearer(d.streetStaffB.token)).send({}),
      404,
      'NOT_FOUND',
    );
    const closed = await t.http
      .post(`${GRID}/calls/${closing.id}/close`)
      .set(bearer(d.streetStaffA.token))
      .send({ note: '已处置完毕' });
    expectStatus(closed, 200);
    expect(closed.body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    expectError(await reportIn(d.department, closing.id), 409, 'GRID_CALL_CLOSED');
    expectError(
      await t.http.post(`${GRID}/calls/${closing.id}/close`).set(bearer(d.streetStaffA.token)).send({}),
      409,
      'GRID_CALL_CLOSED',
    );

    // A control call moves with the clock, so the sweep has certainly passed the closed one's limit.
    const control = await raised(d.streetStaffA, { departmentIds: [d.otherDepartmentId], reportInMinutes: 30 });
    await advanceClock(t, 31 * MINUTE, 'control call late', async () => {
      const res = await getCall(d.streetStaffA, control.id);
      return (res.body as Call).responses[0]!.late === true;
    });
    const stillClosed = (await getCall(d.streetStaffA, closing.id)).body as Call;
    expect(stillClosed.responses.map((r) => r.late)).toEqual([null, null]);
  });

  it('takes only a street or community, departments, distinct and 1–20, and a case the caller can see', async () => {
    const count = (await callsOf(d.districtStaff)).length;
    const en = await raise(d.communityStaffA, { unitId: d.gridA.id }, 'en');
    expectError(en, 400, 'GRID_CALL_UNIT_LEVEL');
    expect(en.body.message).toContain('Only a street or a community');
    expectError(await raise(d.admin, { unitId: d.tenant.rootUnitId }), 400, 'GRID_CALL_UNIT_LEVEL');
    const company = await createPartner(t, d, '幸福物业', 'property_company');
    expectError(
      await raise(d.streetStaffA, { departmentIds: [d.departmentId, company] }),
      400,
      'GRID_CALL_NOT_A_DEPARTMENT',
    );
    expectError(
      await raise(d.streetStaffA, { departmentIds: ['0190b7a4-0000-7000-8000-000000000000'] }),
      400,
      'GRID_CALL_NOT_A_DEPARTMENT',
    );
    for (const departmentIds of [
      [],
      [d.departmentId, d.departmentId],
      Array.from({ length: 21 }, (_, i) => `0190b7a4-0000-7000-8000-${String(i).padStart(12, '0')}`),
    ])
      expectError(await raise(d.streetStaffA, { departmentIds }), 400, 'VALIDATION_FAILED');
    expectError(await raise(d.streetStaffA, { front: 'parade' }), 400, 'VALIDATION_FAILED');
    expectError(await raise(d.streetStaffA, { reportInMinutes: 1 }), 400, 'VALIDATION_FAILED');
    // Street B is not street A's; a case in grid B is not street A's to see.
    expectError(await raise(d.streetStaffB, {}), 404, 'NOT_FOUND');
    const caseB = await fileCase(t, d, { unitId: d.gridB.id }, d.gridWorkerB);
    expectError(await raise(d.streetStaffA, { caseId: caseB.id }), 404, 'NOT_FOUND');
    expect((await callsOf(d.districtStaff)).length).toBe(count);

    // A community calls about one of its cases, with the district's default limit (30 minutes).
    const caseA = await fileCase(t, d);
    const call = await raised(d.communityStaffA, {
      unitId: d.communityA.id,
      caseId: caseA.id,
      front: 'public_service',
    });
    expect(call).toMatchObject({ unitId: d.communityA.id, caseId: caseA.id, front: 'public_service' });
    expect(Date.parse(call.reportInBy) - Date.parse(call.raisedAt)).toBe(30 * MINUTE);
  });

  it('shows calls to the calling side and above, and to the called departments only', async () => {
    const streetCall = await raised(d.streetStaffA, { departmentIds: [d.otherDepartmentId], front: 'emergency' });
    const communityCall = await raised(d.communityStaffA, { unitId: d.communityA.id, front: 'dispute_resolution' });

    expectError(await getCall(d.streetStaffB, streetCall.id), 404, 'NOT_FOUND');
    expect((await callsOf(d.streetStaffB)).map((c) => c.id)).toEqual([]);
    // Community A sees its own calls, not the street's; the street sees both; the district all.
    expectError(await getCall(d.communityStaffA, streetCall.id), 404, 'NOT_FOUND');
    expectStatus(await getCall(d.communityStaffA, communityCall.id), 200);
    const streetSees = (await callsOf(d.streetStaffA)).map((c) => c.id);
    expect(streetSees).toEqual(expect.arrayContaining([streetCall.id, communityCall.id]));
    expect((await callsOf(d.districtStaff)).map((c) => c.id)).toEqual(expect.arrayContaining(streetSees));

    // Filters: unit subtree, front, status.
    expect(
      (await callsOf(d.streetStaffA, `?unitId=${d.communityA.id}`)).every((c) => c.unitId === d.communityA.id),
    ).toBe(true);
    const emergencies = await callsOf(d.streetStaffA, '?front=emergency');
    expect(emergencies.map((c) => c.id)).toEqual([streetCall.id]);
    expect((await callsOf(d.streetStaffA, '?status=closed')).every((c) => c.status === 'closed')).toBe(true);
    expectError(
      await t.http.get(`${GRID}/calls?unitId=${d.streetB.id}`).set(bearer(d.streetStaffA.token)),
      404,
      'NOT_FOUND',
    );

    // Departments see only what is addressed to them, and only through their queue.
    expect((await assignedTo(d.otherDepartmentStaff)).map((c) => c.id)).toContain(streetCall.id);
    expect((await assignedTo(d.department)).map((c) => c.id)).not.toContain(streetCall.id);
    expectStatus(
      await t.http.get(`${GRID}/calls/assigned/${streetCall.id}`).set(bearer(d.otherDepartmentStaff.token)),
      200,
    );
    expectError(await t.http.get(`${GRID}/calls`).set(bearer(d.department.token)), 403, 'FORBIDDEN');
    // Grid workers take no part in calls.
    expectError(await t.http.get(`${GRID}/calls`).set(bearer(d.gridWorkerA.token)), 403, 'FORBIDDEN');
    expectError(await t.http.get(`${GRID}/calls/assigned`).set(bearer(d.gridWorkerA.token)), 403, 'FORBIDDEN');
    expectError(await raise(d.gridWorkerA, { unitId: d.communityA.id }), 403, 'FORBIDDEN');
    // District staff read calls but do not raise them.
    expectError(await raise(d.districtStaff, {}), 403, 'FORBIDDEN');
  });

  it('keeps calls within the tenant', async () => {
    const call = await raised(d.streetStaffA, { departmentIds: [d.departmentId] });
    const other = await gridDistrict(t, 'calls2');
    expectError(await getCall(other.admin, call.id), 404, 'NOT_FOUND');
    expectError(await reportIn(other.department, call.id), 404, 'NOT_FOUND');
    expectError(
      await t.http.post(`${GRID}/calls/${call.id}/close`).set(bearer(other.admin.token)).send({}),
      404,
      'NOT_FOUND',
    );
    expect((await callsOf(other.admin)).map((c) => c.id)).toEqual([]);
    // Another district's department cannot be called.
    expectError(
      await raise(d.streetStaffA, { departmentIds: [other.departmentId] }),
      400,
      'GRID_CALL_NOT_A_DEPARTMENT',
    );
    expect(((await getCall(d.streetStaffA, call.id)).body as Call).responses[0]!.reportedAt).toBeNull();
  });
});
