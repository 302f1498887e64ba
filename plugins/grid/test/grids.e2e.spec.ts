import { expectError, expectStatus, listAll } from '../../../tests/support/expect';
import { OwnerDb } from '../../../tests/support/owner-db';
import { bearer, createStaff, type TestApp } from '../../../tests/support/test-app';
import {
  GRID,
  gridDistrict,
  otherGridTenant,
  squareBoundary,
  startGridApp,
  type GridDistrict,
  type Staff,
} from './support';

type StaffRow = { id: string; duty: string; userId: string | null; name: string; active: boolean } & Record<
  string,
  unknown
>;

describe('grid plugin: grid profiles, staff and 三员 coverage', () => {
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

  const put = (who: Staff, unitId: string, body: object, lang?: string) => {
    const req = t.http.put(`${GRID}/grids/${unitId}/profile`).set(bearer(who.token));
    if (lang) void req.set('Accept-Language', lang);
    return req.send(body);
  };
  const getGrid = (who: Staff, unitId: string) => t.http.get(`${GRID}/grids/${unitId}`).set(bearer(who.token));
  const addStaff = (who: Staff, unitId: string, body: object) =>
    t.http.post(`${GRID}/grids/${unitId}/staff`).set(bearer(who.token)).send(body);
  const patchStaff = (who: Staff, unitId: string, id: string, body: object) =>
    t.http.patch(`${GRID}/grids/${unitId}/staff/${id}`).set(bearer(who.token)).send(body);
  const staffOf = async (unitId: string, query = '') =>
    (await t.http.get(`${GRID}/grids/${unitId}/staff${query}`).set(bearer(d.admin.token)).expect(200)).body
      .items as StaffRow[];
  const rowCount = async (table: string, unitId: string) =>
    (
      await owner.query<{ n: number }>(d.tenant.id, `select count(*)::int as n from ${table} where unit_id = $1`, [
        unitId,
      ])
    )[0]!.n;
  const auditActions = async (entityId: string) =>
    (
      await t.http.get('/api/v1/audit-events').query({ entityId }).set(bearer(d.admin.token)).expect(200)
    ).body.items.map((e: { action: string }) => e.action) as string[];

  const boundaryA = squareBoundary(33.735, 113.32);

  it('creates a grid’s profile, replaces it on a second PUT, and shows it with the grid', async () => {
    const before = await getGrid(d.gridWorkerA, d.gridA.id);
    expectStatus(before, 200);
    expect(before.body).toEqual({
      unitId: d.gridA.id,
      code: `${d.tenant.code}-A1-1`,
      name: '网格A1-1',
      communityId: d.communityA.id,
      profile: null,
      staff: [],
      missingDuties: ['grid_worker', 'grid_police', 'volunteer_team'],
      hasLeader: false,
    });

    const first = await put(d.communityStaffA, d.gridA.id, {
      households: 420,
      buildings: 12,
      residents: 1260,
      boundary: boundaryA,
      notes: '含沿河路3–9号楼及农贸市场',
    });
    expectStatus(first, 200);
    expect(first.body).toMatchObject({ unitId: d.gridA.id, households: 420, boundary: boundaryA });

    // PUT replaces the whole profile: the boundary and notes it leaves out are cleared.
    const second = await put(d.streetStaffA, d.gridA.id, { households: 430, buildings: 12, residents: 1275 });
    expectStatus(second, 200);
    expect(second.body).toMatchObject({ households: 430, residents: 1275, boundary: null, notes: '' });
    expect(await rowCount('grid_profiles', d.gridA.id)).toBe(1);

    const read = await getGrid(d.gridWorkerA, d.gridA.id);
    expect(read.body.profile).toEqual(second.body);
    const [profileRow] = await owner.query<{ id: string }>(
      d.tenant.id,
      'select id from grid_profiles where unit_id = $1',
      [d.gridA.id],
    );
    expect(await auditActions(profileRow!.id)).toEqual(['grid.profile.put', 'grid.profile.put']);

    expectStatus(
      await put(d.communityStaffA, d.gridA.id, {
        households: 420,
        buildings: 12,
        residents: 1260,
        boundary: boundaryA,
      }),
      200,
    );
  });

  it('refuses a malformed boundary, non-grid units and bad counts, and changes nothing', async () => {
    const open = squareBoundary(33.7, 113.3);
    open.coordinates[0]!.pop(); // no longer closed
    const en = await put(
      d.communityStaffA,
      d.gridA.id,
      { households: 1, buildings: 1, residents: 1, boundary: open },
      'en',
    );
    expectError(en, 400, 'GRID_BOUNDARY_INVALID');
    expect(en.body.message).toMatch(/GeoJSON Polygon or MultiPolygon/);

    const zh = await put(d.communityStaffA, d.gridA.id, {
      households: 1,
      buildings: 1,
      residents: 1,
      boundary: { type: 'Point', coordinates: [113.3, 33.7] },
    });
    expectError(zh, 400, 'GRID_BOUNDARY_INVALID');
    expect(zh.body.message).toMatch(/GeoJSON/);
    expect(zh.body.message).toMatch(/网格边界/);
    const outOfRange = squareBoundary(33.7, 179.999, 0.01);
    expectError(
      await put(d.communityStaffA, d.gridA.id, { households: 1, buildings: 1, residents: 1, boundary: outOfRange }),
      400,
      'GRID_BOUNDARY_INVALID',
    );

    for (const unit of [d.communityA, d.groupA]) {
      const res = await put(d.communityStaffA, unit.id, { households: 1, buildings: 1, residents: 1 }, 'en');
      expectError(res, 400, 'GRID_NOT_A_GRID');
      expect(res.body.message).toMatch(/is not a grid/);
    }
    expectError(
      await put(d.communityStaffA, d.gridA.id, { households: -1, buildings: 1, residents: 1 }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await put(d.communityStaffA, d.gridA.id, { households: 1, buildings: 1 }), 400, 'VALIDATION_FAILED');
    // Out of the caller's scope: the same 404 as a unit that does not exist; a grid worker may not manage.
    expectError(
      await put(d.communityStaffA, d.gridB.id, { households: 1, buildings: 1, residents: 1 }),
      404,
      'NOT_FOUND',
    );
    expectError(await put(d.gridWorkerA, d.gridA.id, { households: 1, buildings: 1, residents: 1 }), 403, 'FORBIDDEN');

    const profile = (await getGrid(d.admin, d.gridA.id)).body.profile;
    expect(profile).toMatchObject({ households: 420, buildings: 12, residents: 1260, boundary: boundaryA });
    expect(await rowCount('grid_profiles', d.communityA.id)).toBe(0);
    expect(await rowCount('grid_profiles', d.gridB.id)).toBe(0);
  });

  it('keeps one serving 网格长 per grid, refuses a duty held twice, and takes a volunteer team without an account', async () => {
    const leader = await addStaff(d.communityStaffA, d.gridA.id, { duty: 'grid_leader', userId: d.gridLeaderA.id });
    expectStatus(leader, 201);
    // The name defaults to the account's display name.
    expect(leader.body).toMatchObject({ duty: 'grid_leader', userId: d.gridLeaderA.id, name: 'leaderA', active: true });

    const second = await addStaff(d.communityStaffA, d.gridA.id, { duty: 'grid_leader', name: '王建国' });
    expectError(second, 409, 'GRID_LEADER_EXISTS');
    expect(second.body.message).toContain('leaderA');

    const worker = await addStaff(d.communityStaffA, d.gridA.id, {
      duty: 'grid_worker',
      userId: d.gridWorkerA.id,
      name: '李娜',
      phone: '13800000001',
      employment: 'part_time',
    });
    expectStatus(worker, 201);
    expect(worker.body).toMatchObject({ name: '李娜', employment: 'part_time', memberCount: null });
    expectError(
      await addStaff(d.communityStaffA, d.gridA.id, { duty: 'grid_worker', userId: d.gridWorkerA.id }),
      409,
      'GRID_STAFF_DUPLICATE',
    );

    const team = await addStaff(d.communityStaffA, d.gridA.id, {
      duty: 'volunteer_team',
      name: '沿河路党员志愿服务队',
      memberCount: 15,
    });
    expectStatus(team, 201);
    expect(team.body).toMatchObject({ userId: null, memberCount: 15, employment: 'full_time' });

    expectError(
      await addStaff(d.communityStaffA, d.gridA.id, { duty: 'grid_worker', name: '赵六', memberCount: 3 }),
      400,
      'GRID_STAFF_MEMBER_COUNT_TEAM_ONLY',
    );
    expectError(
      await addStaff(d.communityStaffA, d.gridA.id, { duty: 'grid_police' }),
      400,
      'GRID_STAFF_NAME_REQUIRED',
    );
    expectError(
      await addStaff(d.communityStaffA, d.gridA.id, { duty: 'captain', name: 'x' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await addStaff(d.communityStaffA, d.gridA.id, {
        duty: 'grid_police',
        userId: '01890000-0000-7000-8000-000000000000',
      }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await addStaff(d.communityStaffA, d.communityA.id, { duty: 'grid_police', name: '警官' }),
      400,
      'GRID_NOT_A_GRID',
    );
    expectError(await addStaff(d.gridLeaderA, d.gridA.id, { duty: 'grid_police', name: '警官' }), 403, 'FORBIDDEN');

    // Nothing of the refused requests was written.
    expect((await staffOf(d.gridA.id)).map((s) => s.name)).toEqual(['leaderA', '李娜', '沿河路党员志愿服务队']);

    // Stand the leader down: a new one may serve, and the old one cannot come back beside them.
    const down = await patchStaff(d.communityStaffA, d.gridA.id, leader.body.id, { active: false });
    expectStatus(down, 200);
    expect(down.body.active).toBe(false);
    const next = await addStaff(d.communityStaffA, d.gridA.id, {
      duty: 'grid_leader',
      name: '王建国',
      phone: '13900000002',
    });
    expectStatus(next, 201);
    expectError(
      await patchStaff(d.communityStaffA, d.gridA.id, leader.body.id, { active: true }),
      409,
      'GRID_LEADER_EXISTS',
    );

    const changed = await patchStaff(d.communityStaffA, d.gridA.id, worker.body.id, {
      phone: '13800000009',
      employment: 'full_time',
    });
    expectStatus(changed, 200);
    expect(changed.body).toMatchObject({ phone: '13800000009', employment: 'full_time', name: '李娜', active: true });
    expectError(
      await patchStaff(d.communityStaffA, d.gridA.id, worker.body.id, { memberCount: 4 }),
      400,
      'GRID_STAFF_MEMBER_COUNT_TEAM_ONLY',
    );
    // A staff entry of grid A1-1 is not found under grid A1-2.
    expectError(await patchStaff(d.communityStaffA, d.gridA2.id, worker.body.id, { phone: '1' }), 404, 'NOT_FOUND');

    expect((await staffOf(d.gridA.id, '?active=false')).map((s) => s.id)).toEqual([leader.body.id]);
    const grid = (await getGrid(d.gridWorkerA, d.gridA.id)).body;
    expect(grid.staff.map((s: StaffRow) => [s.duty, s.name])).toEqual([
      ['grid_leader', '王建国'],
      ['grid_worker', '李娜'],
      ['volunteer_team', '沿河路党员志愿服务队'],
    ]);
    expect(grid).toMatchObject({ missingDuties: ['grid_police'], hasLeader: true });
    expect(await auditActions(leader.body.id)).toEqual(['grid.staff.update', 'grid.staff.create']);
  });

  it('lists exactly the grids missing any of the 三员, with what they miss, and the totals', async () => {
    // After the test above: A1-1 lacks only its 网格警. Give it one; A1-2 gets a worker and a
    // police officer who is then stood down; B1-1 gets nothing but a leader.
    expectStatus(await addStaff(d.communityStaffA, d.gridA.id, { duty: 'grid_police', name: '刘警官' }), 201);
    expectStatus(
      await addStaff(d.communityStaffA, d.gridA2.id, { duty: 'grid_worker', userId: d.gridWorkerA2.id }),
      201,
    );
    const police = await addStaff(d.communityStaffA, d.gridA2.id, { duty: 'grid_police', name: '陈警官' });
    expectStatus(await patchStaff(d.communityStaffA, d.gridA2.id, police.body.id, { active: false }), 200);
    expectStatus(await addStaff(d.streetStaffB, d.gridB.id, { duty: 'grid_leader', name: '孙书记' }), 201);

    const gapA2 = {
      unitId: d.gridA2.id,
      code: `${d.tenant.code}-A1-2`,
      name: '网格A1-2',
      communityId: d.communityA.id,
      communityName: '社区A1',
      missingDuties: ['grid_police', 'volunteer_team'],
      hasLeader: false,
    };
    const gapB = {
      unitId: d.gridB.id,
      code: `${d.tenant.code}-B1-1`,
      name: '网格B1-1',
      communityId: d.communityB.id,
      communityName: '社区B1',
      missingDuties: ['grid_worker', 'grid_police', 'volunteer_team'],
      hasLeader: true,
    };
    const coverage = (who: Staff, query = '') => t.http.get(`${GRID}/grids/coverage${query}`).set(bearer(who.token));

    const all = await coverage(d.districtStaff);
    expectStatus(all, 200);
    expect(all.body).toEqual({
      items: [gapA2, gapB],
      nextCursor: null,
      totals: { grids: 3, complete: 1, incomplete: 2 },
    });

    const first = await coverage(d.admin, '?limit=1');
    expect(first.body.items).toEqual([gapA2]);
    const rest = await coverage(d.admin, `?limit=1&cursor=${first.body.nextCursor}`);
    expect(rest.body).toMatchObject({ items: [gapB], nextCursor: null, totals: { grids: 3, incomplete: 2 } });

    const community = await coverage(d.communityStaffA);
    expect(community.body).toEqual({
      items: [gapA2],
      nextCursor: null,
      totals: { grids: 2, complete: 1, incomplete: 1 },
    });
    expect((await coverage(d.admin, `?unitId=${d.streetB.id}`)).body).toEqual({
      items: [gapB],
      nextCursor: null,
      totals: { grids: 1, complete: 0, incomplete: 1 },
    });
    expect((await coverage(d.gridWorkerA)).body).toEqual({
      items: [],
      nextCursor: null,
      totals: { grids: 1, complete: 1, incomplete: 0 },
    });
    expectError(await coverage(d.streetStaffB, `?unitId=${d.communityA.id}`), 404, 'NOT_FOUND');
  });

  it('shows each caller only the grids in their scope', async () => {
    const ids = async (who: Staff, query = '') =>
      (await listAll(t, who.token, `${GRID}/grids${query}`)).map((g) => g.unitId);
    expect(await ids(d.gridWorkerA)).toEqual([d.gridA.id]);
    expect(await ids(d.communityStaffA)).toEqual([d.gridA.id, d.gridA2.id]);
    expect(await ids(d.streetStaffB)).toEqual([d.gridB.id]);
    expect(await ids(d.admin)).toEqual([d.gridA.id, d.gridA2.id, d.gridB.id]);
    expect(await ids(d.admin, `?unitId=${d.communityA.id}`)).toEqual([d.gridA.id, d.gridA2.id]);

    const [gridA] = await listAll(t, d.communityStaffA.token, `${GRID}/grids?unitId=${d.gridA.id}`);
    expect(gridA).toEqual({
      unitId: d.gridA.id,
      code: `${d.tenant.code}-A1-1`,
      name: '网格A1-1',
      communityId: d.communityA.id,
      profile: { households: 420, buildings: 12, residents: 1260, hasBoundary: true },
      staffCounts: { grid_leader: 1, grid_worker: 1, grid_police: 1, volunteer_team: 1 },
    });

    expectError(await getGrid(d.streetStaffB, d.gridA.id), 404, 'NOT_FOUND');
    expectError(await getGrid(d.gridWorkerA, d.gridA2.id), 404, 'NOT_FOUND');
    expectError(await getGrid(d.admin, 'not-a-uuid'), 404, 'NOT_FOUND');
    expectError(
      await t.http.get(`${GRID}/grids/${d.gridA.id}/staff`).set(bearer(d.streetStaffB.token)),
      404,
      'NOT_FOUND',
    );
    expectError(
      await t.http.get(`${GRID}/grids?unitId=${d.communityA.id}`).set(bearer(d.streetStaffB.token)),
      404,
      'NOT_FOUND',
    );
    expectError(await addStaff(d.streetStaffB, d.gridA.id, { duty: 'grid_police', name: '警官' }), 404, 'NOT_FOUND');
    // A department handler holds no grid permission at all.
    expectError(await t.http.get(`${GRID}/grids`).set(bearer(d.department.token)), 403, 'FORBIDDEN');
  });

  it('keeps districts apart: another tenant can neither read nor write these grids', async () => {
    const other = await otherGridTenant(t);
    expect((await t.http.get(`${GRID}/grids`).set(bearer(other.admin.token)).expect(200)).body.items).toEqual([]);
    expect((await t.http.get(`${GRID}/grids/coverage`).set(bearer(other.admin.token)).expect(200)).body.totals).toEqual(
      {
        grids: 0,
        complete: 0,
        incomplete: 0,
      },
    );
    expectError(await getGrid(other.admin, d.gridA.id), 404, 'NOT_FOUND');
    expectError(await put(other.admin, d.gridB.id, { households: 1, buildings: 1, residents: 1 }), 404, 'NOT_FOUND');
    expectError(await addStaff(other.admin, d.gridB.id, { duty: 'grid_police', name: '警官' }), 404, 'NOT_FOUND');
    const [staff] = await staffOf(d.gridA.id);
    expectError(await patchStaff(other.admin, d.gridA.id, staff!.id, { active: false }), 404, 'NOT_FOUND');

    // And a user of the other district cannot be made staff here.
    const stranger = await createStaff(t, other.tenant, 'stranger', 'district_staff', other.tenant.rootUnitId);
    expectError(await addStaff(d.admin, d.gridB.id, { duty: 'grid_worker', userId: stranger.id }), 404, 'NOT_FOUND');
    expect(await rowCount('grid_profiles', d.gridB.id)).toBe(0);
    expect((await staffOf(d.gridB.id)).map((s) => s.name)).toEqual(['孙书记']);
    expect((await staffOf(d.gridA.id)).find((s) => s.id === staff!.id)!.active).toBe(staff!.active);
  });

  it('enrols as staff only users the caller can see: someone of another street is not found, like an unknown id', async () => {
    // Street B's staff manage grid B, but worker A1 belongs to street A: enrolling them must not
    // work, nor tell their name back (GET /users/{id} answers 404 for them).
    expectError(
      await t.http.get(`/api/v1/users/${d.gridWorkerA.id}`).set(bearer(d.streetStaffB.token)),
      404,
      'NOT_FOUND',
    );
    const before = await rowCount('grid_staff', d.gridB.id);
    const outside = await addStaff(d.streetStaffB, d.gridB.id, { duty: 'grid_worker', userId: d.gridWorkerA.id });
    const unknown = await addStaff(d.streetStaffB, d.gridB.id, {
      duty: 'grid_worker',
      userId: '0190f7b2-0000-7000-8000-000000000000',
    });
    expectError(outside, 404, 'NOT_FOUND');
    expect(outside.body.message).toBe(unknown.body.message);
    expect(JSON.stringify(outside.body)).not.toContain('workerA');
    expect(await rowCount('grid_staff', d.gridB.id)).toBe(before);
    // Their own street's worker is theirs to enrol.
    const own = await addStaff(d.streetStaffB, d.gridB.id, { duty: 'grid_worker', userId: d.gridWorkerB.id });
    expectStatus(own, 201);
    expect(own.body).toMatchObject({ userId: d.gridWorkerB.id, duty: 'grid_worker' });
  });
});
