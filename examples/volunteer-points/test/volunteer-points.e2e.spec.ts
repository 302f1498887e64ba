import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { expectError, expectStatus, listAll } from '../../../tests/support/expect';
import {
  bearer,
  buildDistrict,
  createStaff,
  login,
  PASSWORD,
  provisionTenant,
  startTestApp,
  testCatalog,
  type TestApp,
  type TestTenant,
} from '../../../tests/support/test-app';
import { OWNER_URL } from '../../../tests/support/test-database-urls';
import plugin from '../src/index';

/**
 * The example third-party plugin against the real server and PostgreSQL: service earns points,
 * redemptions spend them (all or nothing), the leaderboard and indicators count in SQL within a
 * community's subtree, and scope, tenants, settings and bad input behave like the core's own routes.
 */

const BASE = '/api/v1/plugins/volunteer-points';
type District = Awaited<ReturnType<typeof buildDistrict>>;
type Entry = { id: string; volunteerId: string; kind: string; points: number; hours: number; unitId: string };

/** A calendar day in the district, `days` from today (Asia/Shanghai). */
const dayOffset = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + days * 86_400_000));

describe('volunteer-points plugin', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let d: District;
  let communityStaffB: { id: string; token: string };
  let seq = 0;
  const usernames = new Map<string, string>();

  const admin = () => tenant.adminToken;
  const staffA = () => d.communityStaffA.token;

  async function createVolunteer(unitId: string, who: TestTenant = tenant): Promise<string> {
    const username = `vol${++seq}-${uuidv7().slice(-6)}`;
    const res = await t.http
      .post('/api/v1/users')
      .set(bearer(who.adminToken))
      .send({ username, displayName: `志愿者${seq}`, password: PASSWORD, orgUnitId: unitId });
    expectStatus(res, 201);
    usernames.set(res.body.id as string, username);
    return res.body.id as string;
  }

  const record = (token: string, body: Record<string, unknown>, lang?: string) => {
    const req = t.http.post(`${BASE}/entries`).set(bearer(token));
    if (lang) void req.set('Accept-Language', lang);
    return req.send(body);
  };

  async function serve(volunteerId: string, unitId: string, hours: number, activityDate = '2025-05-10') {
    const res = await record(staffA(), { volunteerId, unitId, hours, activityDate, description: '社区助老送餐' });
    expectStatus(res, 201);
    return res.body as Entry;
  }

  const balanceOf = async (volunteerId: string, token = admin()) => {
    const res = await t.http.get(`${BASE}/balances/${volunteerId}`).set(bearer(token));
    expectStatus(res, 200);
    return res.body as { balance: number; earned: number; redeemed: number; hoursServed: number };
  };

  const entriesOf = (volunteerId: string, token = admin()) =>
    listAll(t, token, `${BASE}/entries?volunteerId=${volunteerId}`) as Promise<Entry[]>;

  const rewardsAt = async (unitId: string) =>
    (await listAll(t, admin(), `${BASE}/rewards?unitId=${unitId}`)) as {
      id: string;
      name: string;
      stock: number;
      cost: number;
      unitId: string;
    }[];

  beforeAll(async () => {
    t = await startTestApp({}, { plugins: [plugin] });
    tenant = await provisionTenant(t, 'vp');
    d = await buildDistrict(t, tenant);
    communityStaffB = await createStaff(t, tenant, 'communityB', 'community_staff', d.communityB.id);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers 404 PLUGIN_DISABLED until the district enables it, then seeds the default rewards once', async () => {
    expectError(await t.http.get(`${BASE}/entries`).set(bearer(admin())), 404, 'PLUGIN_DISABLED');
    const enabled = await t.http.post(`${BASE}/enable`).set(bearer(admin()));
    expectStatus(enabled, 200);
    expect(enabled.body).toMatchObject({ id: 'volunteer-points', state: 'enabled' });
    expect(enabled.body.settings).toEqual({ pointsPerHour: 10, maxHoursPerEntry: 12, leaderboardSize: 10 });

    // Disable and enable again: the seed is idempotent.
    expectStatus(await t.http.post(`${BASE}/disable`).set(bearer(admin())), 200);
    expectStatus(await t.http.post(`${BASE}/enable`).set(bearer(admin())), 200);
    const rewards = await rewardsAt(d.communityA.id);
    expect(rewards.map((r) => r.name).sort()).toEqual(['爱心超市兑换券', '社区理发券'].sort());
    expect(rewards.every((r) => r.unitId === tenant.rootUnitId)).toBe(true);

    // The contributed role exists in the tenant.
    const roles = await t.http.get('/api/v1/roles?limit=200').set(bearer(admin())).expect(200);
    expect((roles.body.items as { key: string }[]).map((r) => r.key)).toContain('plugin:volunteer-points.coordinator');
  });

  it('records service as hours × pointsPerHour and sums the balance', async () => {
    const v = await createVolunteer(d.gridA.id);
    const first = await serve(v, d.communityA.id, 2.5);
    expect(first).toMatchObject({ volunteerId: v, unitId: d.communityA.id, kind: 'service', hours: 2.5, points: 25 });
    // A grid leader's grid counts as part of the community.
    await serve(v, d.gridA.id, 1);
    expect(await balanceOf(v)).toMatchObject({ balance: 35, earned: 35, redeemed: 0, hoursServed: 3.5 });
    expect(await balanceOf(v, staffA())).toMatchObject({ balance: 35 });
    expect((await entriesOf(v)).map((e) => e.points)).toEqual([25, 10]);

    // Each service entry notifies the volunteer and publishes points-awarded v1 (through the outbox).
    const volunteerToken = await login(t, tenant.code, usernames.get(v)!);
    const inbox = await t.http.get('/api/v1/notifications').set(bearer(volunteerToken)).expect(200);
    expect((inbox.body.items as { kind: string; title: string }[]).map((n) => [n.kind, n.title])).toEqual(
      expect.arrayContaining([['volunteer-points.points-awarded', '志愿服务积分 +25']]),
    );
    const owner = new pg.Client({ connectionString: OWNER_URL });
    await owner.connect();
    try {
      const { rows } = await owner.query(
        `select plugin_id, name, version, payload from outbox_messages where tenant_id = $1 and payload->>'entryId' = $2`,
        [tenant.id, first.id],
      );
      expect(rows).toEqual([
        {
          plugin_id: 'volunteer-points',
          name: 'volunteer-points.points-awarded',
          version: 1,
          payload: expect.objectContaining({ volunteerId: v, points: 25, hours: 2.5, communityId: d.communityA.id }),
        },
      ]);
    } finally {
      await owner.end();
    }

    // An unknown volunteer, or one who is not a user here.
    const unknown = await record(staffA(), {
      volunteerId: uuidv7(),
      unitId: d.communityA.id,
      hours: 1,
      activityDate: '2025-05-10',
      description: 'x',
    });
    expectError(unknown, 404, 'VOLUNTEER_POINTS_VOLUNTEER_NOT_FOUND');
  });

  it('redeems all or nothing: VOLUNTEER_POINTS_INSUFFICIENT_POINTS and VOLUNTEER_POINTS_OUT_OF_STOCK write nothing', async () => {
    const v = await createVolunteer(d.communityA.id);
    await serve(v, d.communityA.id, 3); // 30 points
    const haircut = (await rewardsAt(d.communityA.id)).find((r) => r.name === '社区理发券')!;
    expect(haircut.cost).toBe(50);

    const redeem = (body: Record<string, unknown>, token = staffA()) =>
      t.http.post(`${BASE}/redemptions`).set(bearer(token)).set('Accept-Language', 'en').send(body);

    const short = await redeem({ volunteerId: v, rewardId: haircut.id, unitId: d.communityA.id });
    expectError(short, 409, 'VOLUNTEER_POINTS_INSUFFICIENT_POINTS');
    expect(short.body.message).toBe('Not enough points: the balance is 30, 50 needed');
    expect(await balanceOf(v)).toMatchObject({ balance: 30, redeemed: 0 });
    expect((await rewardsAt(d.communityA.id)).find((r) => r.id === haircut.id)!.stock).toBe(haircut.stock);
    expect(await entriesOf(v)).toHaveLength(1);

    await serve(v, d.communityA.id, 3); // 60 points
    const ok = await redeem({ volunteerId: v, rewardId: haircut.id, unitId: d.communityA.id });
    expectStatus(ok, 201);
    expect(ok.body).toMatchObject({ cost: 50, balance: 10, quantity: 1, stock: haircut.stock - 1 });
    expect(await balanceOf(v)).toMatchObject({ balance: 10, earned: 60, redeemed: 50 });
    expect((await rewardsAt(d.communityA.id)).find((r) => r.id === haircut.id)!.stock).toBe(haircut.stock - 1);

    // A community's own reward, with one left.
    const created = await t.http
      .post(`${BASE}/rewards`)
      .set(bearer(staffA()))
      .send({ unitId: d.communityA.id, name: '环保袋', cost: 5, stock: 1 });
    expectStatus(created, 201);
    const bag = created.body as { id: string };
    const tooMany = await redeem({ volunteerId: v, rewardId: bag.id, unitId: d.gridA.id, quantity: 2 });
    expectError(tooMany, 409, 'VOLUNTEER_POINTS_OUT_OF_STOCK');
    expect(tooMany.body.message).toBe('The reward "环保袋" is out of stock (1 left)');
    expectStatus(await redeem({ volunteerId: v, rewardId: bag.id, unitId: d.gridA.id }), 201);
    expectError(
      await redeem({ volunteerId: v, rewardId: bag.id, unitId: d.gridA.id }),
      409,
      'VOLUNTEER_POINTS_OUT_OF_STOCK',
    );
    expect(await balanceOf(v)).toMatchObject({ balance: 5, redeemed: 55 });
    const kinds = (await entriesOf(v)).map((e) => `${e.kind}:${e.points}`);
    expect(kinds).toEqual(['service:30', 'service:30', 'redemption:-50', 'redemption:-5']);

    // Community A's reward cannot be handed out in community B, and B's staff cannot see it.
    const vb = await createVolunteer(d.communityB.id);
    const res = await record(communityStaffB.token, {
      volunteerId: vb,
      unitId: d.communityB.id,
      hours: 1,
      activityDate: '2025-05-10',
      description: '清扫楼道',
    });
    expectStatus(res, 201);
    expectError(
      await redeem({ volunteerId: vb, rewardId: bag.id, unitId: d.communityB.id }, communityStaffB.token),
      404,
      'VOLUNTEER_POINTS_REWARD_NOT_FOUND',
    );
    expectError(
      await t.http.patch(`${BASE}/rewards/${bag.id}`).set(bearer(communityStaffB.token)).send({ stock: 10 }),
      404,
      'VOLUNTEER_POINTS_REWARD_NOT_FOUND',
    );
  });

  it('lets only one of three simultaneous redemptions spend the same points', async () => {
    const v = await createVolunteer(d.communityA.id);
    await serve(v, d.communityA.id, 6); // 60 points: one haircut (50), not two
    const haircut = (await rewardsAt(d.communityA.id)).find((r) => r.name === '社区理发券')!;
    const redeem = () =>
      t.http
        .post(`${BASE}/redemptions`)
        .set(bearer(staffA()))
        .send({ volunteerId: v, rewardId: haircut.id, unitId: d.communityA.id });
    const results = await Promise.all([redeem(), redeem(), redeem()]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    for (const r of results.filter((x) => x.status === 409))
      expectError(r, 409, 'VOLUNTEER_POINTS_INSUFFICIENT_POINTS');
    expect(await balanceOf(v)).toMatchObject({ balance: 10, redeemed: 50 });
    expect((await rewardsAt(d.communityA.id)).find((r) => r.id === haircut.id)!.stock).toBe(haircut.stock - 1);
  });

  it('corrects points with an adjustment, never below zero', async () => {
    const v = await createVolunteer(d.communityA.id);
    await serve(v, d.communityA.id, 1);
    const adjust = (points: number, token = admin()) =>
      t.http
        .post(`${BASE}/adjustments`)
        .set(bearer(token))
        .send({ volunteerId: v, unitId: d.communityA.id, points, reason: '重复登记更正' });
    expectError(await adjust(-11), 409, 'VOLUNTEER_POINTS_INSUFFICIENT_POINTS');
    expectError(await adjust(0), 400, 'VALIDATION_FAILED');
    expectError(await adjust(5, staffA()), 403, 'FORBIDDEN');
    expectStatus(await adjust(-4), 201);
    expect(await balanceOf(v)).toMatchObject({ balance: 6, earned: 10, adjusted: -4 });
  });

  it('ranks a community’s volunteers by points in SQL, within its subtree and the period', async () => {
    const [v1, v2, v3, vB] = [
      await createVolunteer(d.communityA.id),
      await createVolunteer(d.communityA.id),
      await createVolunteer(d.gridA2.id),
      await createVolunteer(d.communityB.id),
    ];
    await serve(v1, d.communityA.id, 2, '2024-03-05');
    await serve(v2, d.gridA.id, 4, '2024-03-06');
    await serve(v2, d.groupA.id, 1, '2024-03-20');
    await serve(v3, d.gridA2.id, 3, '2024-03-31');
    await serve(v3, d.gridA2.id, 9, '2024-04-01'); // outside the period
    const inB = await record(communityStaffB.token, {
      volunteerId: vB,
      unitId: d.gridB.id,
      hours: 10,
      activityDate: '2024-03-10',
      description: '垃圾分类宣传',
    });
    expectStatus(inB, 201);

    const board = await t.http
      .get(`${BASE}/leaderboard`)
      .query({ communityId: d.communityA.id, from: '2024-03-01', to: '2024-04-01' })
      .set(bearer(staffA()));
    expectStatus(board, 200);
    expect(board.body.rows).toEqual([
      expect.objectContaining({ rank: 1, volunteerId: v2, points: 50, hours: 5 }),
      expect.objectContaining({ rank: 2, volunteerId: v3, points: 30, hours: 3 }),
      expect.objectContaining({ rank: 3, volunteerId: v1, points: 20, hours: 2 }),
    ]);
    expect(board.body.rows[0].displayName).toMatch(/^志愿者/);

    const boardB = await t.http
      .get(`${BASE}/leaderboard`)
      .query({ communityId: d.communityB.id, from: '2024-03-01', to: '2024-04-01' })
      .set(bearer(communityStaffB.token));
    expectStatus(boardB, 200);
    expect(boardB.body.rows).toEqual([expect.objectContaining({ rank: 1, volunteerId: vB, points: 100 })]);

    // The leaderboard is per community, and only for callers who can read there.
    const street = await t.http
      .get(`${BASE}/leaderboard`)
      .query({ communityId: d.streetA.id })
      .set(bearer(admin()))
      .set('Accept-Language', 'en');
    expectError(street, 400, 'VOLUNTEER_POINTS_NOT_A_COMMUNITY');
    expectError(
      await t.http.get(`${BASE}/leaderboard`).query({ communityId: d.communityB.id }).set(bearer(staffA())),
      404,
      'NOT_FOUND',
    );
    expectError(
      await t.http
        .get(`${BASE}/leaderboard`)
        .query({ communityId: d.communityA.id, from: '2024-04-01', to: '2024-03-01' })
        .set(bearer(staffA())),
      400,
      'VOLUNTEER_POINTS_PERIOD_INVALID',
    );

    // The indicators count the same rows: hours and distinct volunteers of the subtree in [from, to).
    const period = { from: '2024-03-01T00:00:00+08:00', to: '2024-04-01T00:00:00+08:00' };
    const hours = await t.http
      .get('/api/v1/indicators/volunteer-points/hours-served')
      .query({ unitId: d.communityA.id, ...period })
      .set(bearer(admin()));
    expectStatus(hours, 200);
    expect(hours.body).toMatchObject({ key: 'volunteer-points.hours-served', value: 10, unit: 'hours' });
    const gridHours = await t.http
      .get('/api/v1/indicators/volunteer-points/hours-served')
      .query({ unitId: d.gridA2.id, ...period })
      .set(bearer(admin()));
    expect(gridHours.body.value).toBe(3);
    const active = await t.http
      .get('/api/v1/indicators/volunteer-points/volunteers-active')
      .query({ unitId: d.communityA.id, ...period })
      .set(bearer(staffA()));
    expectStatus(active, 200);
    expect(active.body).toMatchObject({ value: 3, unit: 'count' });
    const street2 = await t.http
      .get('/api/v1/indicators/volunteer-points/hours-served')
      .query({ unitId: d.streetB.id, ...period })
      .set(bearer(d.streetStaffB.token));
    expect(street2.body.value).toBe(10);
    // Community A's staff cannot read community B's figure.
    expectError(
      await t.http
        .get('/api/v1/indicators/volunteer-points/hours-served')
        .query({ unitId: d.communityB.id, ...period })
        .set(bearer(staffA())),
      404,
      'NOT_FOUND',
    );
  });

  it('keeps community staff inside their community: another community answers 404', async () => {
    const vB = await createVolunteer(d.communityB.id);
    const inB = await record(communityStaffB.token, {
      volunteerId: vB,
      unitId: d.communityB.id,
      hours: 2,
      activityDate: '2025-05-11',
      description: '文明劝导',
    });
    expectStatus(inB, 201);

    // Record in B as A's staff: the unit is out of scope, answered like a missing one.
    const write = await record(staffA(), {
      volunteerId: vB,
      unitId: d.gridB.id,
      hours: 1,
      activityDate: '2025-05-11',
      description: 'x',
    });
    expectError(write, 404, 'NOT_FOUND');
    expectError(await t.http.get(`${BASE}/entries?unitId=${d.communityB.id}`).set(bearer(staffA())), 404, 'NOT_FOUND');
    expectError(
      await t.http.get(`${BASE}/balances/${vB}`).set(bearer(staffA())),
      404,
      'VOLUNTEER_POINTS_VOLUNTEER_NOT_FOUND',
    );
    const visibleToA = (await listAll(t, staffA(), `${BASE}/entries`)) as Entry[];
    expect(visibleToA.some((e) => e.id === inB.body.id)).toBe(false);
    expect(visibleToA.length).toBeGreaterThan(0);
    // The district and street B see it; street A does not.
    expect(((await listAll(t, admin(), `${BASE}/entries`)) as Entry[]).some((e) => e.id === inB.body.id)).toBe(true);
    const streetB = (await listAll(t, d.streetStaffB.token, `${BASE}/entries`)) as Entry[];
    expect(streetB.some((e) => e.id === inB.body.id)).toBe(true);
    expect(streetB.every((e) => e.unitId !== d.communityA.id)).toBe(true);
    // Street staff may read but not record; a grid worker has no plugin permission at all.
    expectError(
      await record(d.streetStaffB.token, {
        volunteerId: vB,
        unitId: d.communityB.id,
        hours: 1,
        activityDate: '2025-05-11',
        description: 'x',
      }),
      403,
      'FORBIDDEN',
    );
    expectError(await t.http.get(`${BASE}/entries`).set(bearer(d.gridWorkerA.token)), 403, 'FORBIDDEN');
  });

  it('refuses bad input with stable codes and English messages', async () => {
    const v = await createVolunteer(d.communityA.id);
    const body = { volunteerId: v, unitId: d.communityA.id, hours: 2, activityDate: '2025-05-12', description: '义诊' };

    const future = await record(staffA(), { ...body, activityDate: dayOffset(2) }, 'en');
    expectError(future, 400, 'VOLUNTEER_POINTS_ACTIVITY_DATE_IN_FUTURE');
    expect(future.body.message).toMatch(/^The activity date \d{4}-\d{2}-\d{2} is after today/);
    const zero = await record(staffA(), { ...body, hours: 0 }, 'en');
    expectError(zero, 400, 'VOLUNTEER_POINTS_HOURS_NOT_POSITIVE');
    expect(zero.body.message).toBe('Hours served must be more than 0');
    expectError(await record(staffA(), { ...body, hours: -1 }, 'en'), 400, 'VOLUNTEER_POINTS_HOURS_NOT_POSITIVE');
    const over = await record(staffA(), { ...body, hours: 12.5 }, 'en');
    expectError(over, 400, 'VOLUNTEER_POINTS_HOURS_OVER_LIMIT');
    expect(over.body.message).toBe('One entry may record at most 12 hours');
    const unknownField = await record(staffA(), { ...body, points: 1000 }, 'en');
    expectError(unknownField, 400, 'VALIDATION_FAILED');
    expect(unknownField.body.details).toEqual([expect.objectContaining({ field: 'points' })]);
    expectError(await record(staffA(), { ...body, activityDate: '2025-02-30' }, 'en'), 400, 'VALIDATION_FAILED');
    expectError(await record(staffA(), { ...body, hours: '2' }, 'en'), 400, 'VALIDATION_FAILED');
    const street = await record(admin(), { ...body, unitId: d.streetA.id }, 'en');
    expectError(street, 400, 'VOLUNTEER_POINTS_UNIT_NOT_COMMUNITY_LEVEL');
    expect(street.body.message).toContain('is not a community, grid or party group');
    // Chinese by default.
    expect((await record(staffA(), { ...body, hours: 0 })).body.message).toBe('服务时长必须大于 0');
    // Nothing was written.
    expect(await entriesOf(v)).toEqual([]);
    // Today is fine.
    expectStatus(await record(staffA(), { ...body, activityDate: dayOffset(0) }), 201);
  });

  it('applies the district’s settings and refuses invalid ones', async () => {
    const patch = (changes: Record<string, unknown>) =>
      t.http.patch(`${BASE}/settings`).set(bearer(admin())).send(changes);
    expectStatus(await patch({ pointsPerHour: 20, maxHoursPerEntry: 4 }), 200);
    try {
      const v = await createVolunteer(d.communityA.id);
      expect((await serve(v, d.communityA.id, 2)).points).toBe(40);
      expectError(
        await record(staffA(), {
          volunteerId: v,
          unitId: d.communityA.id,
          hours: 5,
          activityDate: '2025-05-10',
          description: 'x',
        }),
        400,
        'VOLUNTEER_POINTS_HOURS_OVER_LIMIT',
      );
      expectError(await patch({ pointsPerHour: 0 }), 400, 'VALIDATION_FAILED');
      expectError(await patch({ bonus: 1 }), 400, 'UNKNOWN_SETTING');
      expectError(
        await t.http.patch(`${BASE}/settings`).set(bearer(staffA())).send({ pointsPerHour: 1 }),
        403,
        'FORBIDDEN',
      );
    } finally {
      expectStatus(await patch({ pointsPerHour: 10, maxHoursPerEntry: 12 }), 200);
    }
  });

  it('isolates tenants: another district sees none of it and must enable it itself', async () => {
    const other = await provisionTenant(t, 'vp2');
    const otherBase = (path: string) => t.http.get(`${BASE}${path}`).set(bearer(other.adminToken));
    expectError(await otherBase('/entries'), 404, 'PLUGIN_DISABLED');
    expectError(
      await t.http
        .get('/api/v1/indicators/volunteer-points/hours-served')
        .query({ unitId: other.rootUnitId, from: '2024-01-01T00:00:00Z', to: '2024-12-31T00:00:00Z' })
        .set(bearer(other.adminToken)),
      404,
      'PLUGIN_DISABLED',
    );
    expectStatus(await t.http.post(`${BASE}/enable`).set(bearer(other.adminToken)), 200);

    expect(await listAll(t, other.adminToken, `${BASE}/entries`)).toEqual([]);
    const aVolunteer = (await listAll(t, admin(), `${BASE}/entries`))[0]!.volunteerId as string;
    expectError(await otherBase(`/balances/${aVolunteer}`), 404, 'VOLUNTEER_POINTS_VOLUNTEER_NOT_FOUND');
    // Its own seeded rewards only.
    const rewards = (await listAll(t, other.adminToken, `${BASE}/rewards`)) as { unitId: string }[];
    expect(rewards).toHaveLength(2);
    expect(rewards.every((r) => r.unitId === other.rootUnitId)).toBe(true);
    // Tenant A's units do not exist here.
    const otherStreet = await t.http
      .post('/api/v1/org-units')
      .set(bearer(other.adminToken))
      .send({ parentId: other.rootUnitId, code: `${other.code}-S`, name: '街道' })
      .expect(201);
    const res = await t.http.post(`${BASE}/entries`).set(bearer(other.adminToken)).send({
      volunteerId: aVolunteer,
      unitId: d.communityA.id,
      hours: 1,
      activityDate: '2025-05-10',
      description: 'x',
    });
    expectError(res, 404, 'NOT_FOUND');

    // Tenant A's volunteer is not a user here either.
    const community = await t.http
      .post('/api/v1/org-units')
      .set(bearer(other.adminToken))
      .send({ parentId: otherStreet.body.id, code: `${other.code}-S1`, name: '社区' })
      .expect(201);
    const res2 = await t.http.post(`${BASE}/entries`).set(bearer(other.adminToken)).send({
      volunteerId: aVolunteer,
      unitId: community.body.id,
      hours: 1,
      activityDate: '2025-05-10',
      description: 'x',
    });
    expectError(res2, 404, 'VOLUNTEER_POINTS_VOLUNTEER_NOT_FOUND');
  });
});

describe('volunteer-points loaded through configuration', () => {
  it('is found by TONGXIN_PLUGINS as an installed third-party plugin', async () => {
    const catalog = await testCatalog(undefined, { TONGXIN_PLUGINS: './examples/volunteer-points' });
    const entry = catalog.get('volunteer-points');
    expect(entry).toMatchObject({
      source: 'third-party',
      spec: './examples/volunteer-points',
      state: 'installed',
      problems: [],
    });
    expect(entry!.manifest!.version).toBe('1.0.0');
  });

  it('serves it in a server started with TONGXIN_PLUGINS, like production', async () => {
    const t = await startTestApp({ TONGXIN_PLUGINS: './examples/volunteer-points' }, { apiDocs: true });
    try {
      const tenant = await provisionTenant(t, 'vpcfg');
      const list = await t.http.get('/api/v1/plugins?limit=200').set(bearer(tenant.adminToken));
      expectStatus(list, 200);
      expect((list.body.items as { id: string }[]).find((p) => p.id === 'volunteer-points')).toMatchObject({
        source: 'third-party',
        state: 'disabled',
        version: '1.0.0',
        problems: [],
      });
      expectStatus(await t.http.post(`${BASE}/enable`).set(bearer(tenant.adminToken)), 200);
      // Its routes are in the API description, with their request bodies.
      const docs = await t.http.get('/api/docs-json').expect(200);
      expect(Object.keys(docs.body.paths as object)).toEqual(
        expect.arrayContaining([
          `${BASE}/entries`,
          `${BASE}/balances/{userId}`,
          `${BASE}/leaderboard`,
          `${BASE}/rewards`,
          `${BASE}/rewards/{id}`,
          `${BASE}/redemptions`,
          `${BASE}/adjustments`,
        ]),
      );
      // A plugin's models are documented under its own prefix (never mistaken for another's namesake).
      expect(docs.body.components.schemas.VolunteerPointsRecordServiceDto.required).toEqual(
        expect.arrayContaining(['volunteerId', 'unitId', 'hours', 'activityDate', 'description']),
      );
      const community = await t.http
        .post('/api/v1/org-units')
        .set(bearer(tenant.adminToken))
        .send({ parentId: tenant.rootUnitId, code: `${tenant.code}-S`, name: '街道' })
        .expect(201);
      const unit = await t.http
        .post('/api/v1/org-units')
        .set(bearer(tenant.adminToken))
        .send({ parentId: community.body.id, code: `${tenant.code}-S1`, name: '社区' })
        .expect(201);
      const res = await t.http.post(`${BASE}/entries`).set(bearer(tenant.adminToken)).send({
        volunteerId: tenant.adminUserId,
        unitId: unit.body.id,
        hours: 1.5,
        activityDate: '2025-05-10',
        description: '社区义诊',
      });
      expectStatus(res, 201);
      expect(res.body.points).toBe(15);
    } finally {
      await t.close();
    }
  });
});
