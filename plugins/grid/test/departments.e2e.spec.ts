import { v7 as uuidv7 } from 'uuid';
import { expectError, expectStatus } from '../../../tests/support/expect';
import { bearer, type TestApp } from '../../../tests/support/test-app';
import { act, fileCase, GRID, gridDistrict, startGridApp, type GridDistrict, type Staff } from './support';

/**
 * The red-team's repeat: street A's staff set up a department named exactly like the district's
 * 城管局 in their own street and linked themselves to it. The department list showed only names,
 * so street B's dispatcher sent a case to the wrong one, and street A's staff read it, reporter
 * and phone included. Departments now serve only their own area (shared/departments.ts), the list
 * says whose each one is, and a handler must be someone the dispatcher may see.
 */
describe('grid departments serve their own area', () => {
  let t: TestApp;
  let d: GridDistrict;
  let spoofId: string;

  const departments = async (who: Staff) => {
    const res = await t.http.get(`${GRID}/departments`).set(bearer(who.token));
    expectStatus(res, 200);
    return res.body.items as { id: string; name: string; unitId: string | null; unitName: string | null }[];
  };
  /** A case of community B, escalated so its community dispatches it. */
  const caseOfCommunityB = async () => {
    const c = await fileCase(
      t,
      d,
      { unitId: d.gridB.id, description: '路灯不亮，居民王某 13700001111 反映' },
      d.gridWorkerB,
    );
    expectStatus(await act(t, d.communityStaffB, c.id, 'escalate', { note: '需职能部门' }), 200);
    return c;
  };

  beforeAll(async () => {
    t = await startGridApp();
    d = await gridDistrict(t, 'gdept');
    const spoof = await t.http
      .post('/api/v1/partner-bodies')
      .set(bearer(d.streetStaffA.token))
      .send({ type: 'department', name: '城市管理局', orgUnitId: d.streetA.id });
    expectStatus(spoof, 201);
    spoofId = spoof.body.id as string;
    expectStatus(
      await t.http
        .patch(`/api/v1/users/${d.streetStaffA.id}`)
        .set(bearer(d.streetStaffA.token))
        .send({ partnerBodyId: spoofId }),
      200,
    );
  }, 120_000);
  afterAll(() => t?.close());

  it('lists to each dispatcher only the departments serving where they dispatch, with whose each one is', async () => {
    const inB = await departments(d.communityStaffB);
    expect(inB.map((x) => x.id)).toContain(d.departmentId);
    expect(inB.map((x) => x.id)).not.toContain(spoofId);
    expect(inB.find((x) => x.id === d.departmentId)).toMatchObject({
      name: '城市管理局',
      unitId: null,
      unitName: null,
    });
    // Street A's own department serves street A's communities, and says so.
    const inA = (await departments(d.communityStaffA)).filter((x) => x.name === '城市管理局');
    expect(inA).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: d.departmentId, unitId: null }),
        expect.objectContaining({ id: spoofId, unitId: d.streetA.id, unitName: '街道A' }),
      ]),
    );
  });

  it('refuses a case or a call of another area sent to a street’s own department, as if it were none', async () => {
    const c = await caseOfCommunityB();
    const spoofed = await act(t, d.communityStaffB, c.id, 'dispatch', { partnerId: spoofId }).set(
      'Accept-Language',
      'en',
    );
    const unknown = await act(t, d.communityStaffB, c.id, 'dispatch', { partnerId: uuidv7() }).set(
      'Accept-Language',
      'en',
    );
    expectError(spoofed, 400, 'GRID_CASE_NOT_A_DEPARTMENT');
    expect(spoofed.body.message).toBe(unknown.body.message);
    expect(spoofed.body.message).toBe('The target is not a government department serving "社区B1"');
    // Street A's staff still cannot see the case.
    expectError(await t.http.get(`${GRID}/cases/${c.id}`).set(bearer(d.streetStaffA.token)), 404, 'NOT_FOUND');

    const call = await t.http
      .post(`${GRID}/calls`)
      .set(bearer(d.streetStaffB.token))
      .send({
        unitId: d.streetB.id,
        front: 'joint_enforcement',
        departmentIds: [spoofId],
        title: '占道经营整治',
        description: '需城管到场',
        address: '建设路',
      });
    expectError(call, 400, 'GRID_CALL_NOT_A_DEPARTMENT');

    // The district's department takes the same case.
    expectStatus(await act(t, d.communityStaffB, c.id, 'dispatch', { partnerId: d.departmentId }), 200);
  });

  it('takes a street’s own department for the street’s own cases', async () => {
    const c = await fileCase(t, d);
    expectStatus(await act(t, d.gridLeaderA, c.id, 'escalate', { note: '需街道执法队' }), 200);
    expectStatus(await act(t, d.communityStaffA, c.id, 'dispatch', { partnerId: spoofId }), 200);
    expectStatus(await t.http.get(`${GRID}/cases/${c.id}`).set(bearer(d.streetStaffA.token)), 200);
  });

  it('names a handler only someone the dispatcher may see: anyone else answers as an unknown id', async () => {
    const c = await caseOfCommunityB();
    // The department's staff member is homed at the district: community B's staff cannot see them.
    const hidden = await act(t, d.communityStaffB, c.id, 'dispatch', {
      partnerId: d.departmentId,
      handlerUserId: d.department.id,
    });
    const nobody = await act(t, d.communityStaffB, c.id, 'dispatch', {
      partnerId: d.departmentId,
      handlerUserId: uuidv7(),
    });
    expectError(hidden, 400, 'GRID_CASE_HANDLER_NOT_IN_TARGET');
    expect(hidden.body.message).toBe(nobody.body.message);
    // The district's staff see them, and may name them.
    const named = await act(t, d.admin, c.id, 'dispatch', {
      partnerId: d.departmentId,
      handlerUserId: d.department.id,
    });
    expectStatus(named, 200);
    expect(named.body.handler).toMatchObject({ partnerId: d.departmentId, userId: d.department.id });
  });
});
