import { Clock } from '@tongxin/jobs';
import { expectError, expectStatus } from '../../../tests/support/expect';
import { bearer, type TestApp } from '../../../tests/support/test-app';
import {
  DUAL,
  dualDistrict,
  inServiceMember,
  pairUnit,
  registerMember,
  startDualApp,
  type DualDistrict,
  type Person,
} from './support';

const HOUR = 3_600_000;
const MINUTE = 60_000;

const KEYS = [
  'units-paired',
  'members-reported',
  'members-reported-share',
  'hours-served',
  'activities-held',
  'things-done',
] as const;
type Figures = Record<(typeof KEYS)[number], number | null>;

/**
 * The fixture, on the server's clock (t0 = its start):
 *
 * Pairings (terms from today for a year): 税务局 ↔ A1, 供电公司 ↔ B1, 税务局 ↔ B1, and
 * 供电公司 ↔ A1 ended at t0.
 * Party members: 税务局 A1, A2, A3; 供电公司 B1 (the liaisons are not party members).
 * Registrations at t0: A1 and A2 approved at community A1, B1 approved at B1, A3 pending at A1.
 *
 * Calls, all t0+1h to t0+4h, confirmed at t0+2h:
 * | call | posted at | attendance                                                    |
 * | c1   | A1        | A1 attended 3 h "清理楼道"; A2 absent; 税务局 attended 2 h, no work noted |
 * | c2   | A1-1      | A1 attended 1.5 h "陪老人就医"                                  |
 * | c3   | B1        | B1 attended 2 h "修路灯"                                        |
 * | c4   | A1        | A2 absent                                                     |
 *
 * Periods: "all" = [t0+30min, t0+1d): the calls, not the ended pairing; "before" =
 * [t0−1d, t0+30min): the ended pairing (still active in it), no service; "empty" = January 2020.
 */
describe('dual-report indicators', () => {
  let t: TestApp;
  let d: DualDistrict;
  let all: { from: string; to: string };
  let before: { from: string; to: string };
  const empty = { from: '2020-01-01T00:00:00.000Z', to: '2020-02-01T00:00:00.000Z' };

  const clock = () => t.app.get(Clock, { strict: false });
  const indicator = (key: string, unitId: string, period: { from: string; to: string }, who?: Person) =>
    t.http
      .get(`/api/v1/indicators/dual-report/${key}`)
      .query({ unitId, ...period })
      .set(bearer((who ?? d.admin).token));
  async function figures(unitId: string, period: { from: string; to: string }): Promise<Figures> {
    const out: Record<string, number | null> = {};
    for (const key of KEYS) {
      const res = await indicator(key, unitId, period);
      expectStatus(res, 200);
      out[key] = res.body.value as number | null;
    }
    return out as Figures;
  }

  beforeAll(async () => {
    t = await startDualApp();
    d = await dualDistrict(t, 'dind');
    const t0 = clock().now().getTime();
    const iso = (ms: number) => new Date(t0 + ms).toISOString();
    all = { from: iso(30 * MINUTE), to: iso(24 * HOUR) };
    before = { from: iso(-24 * HOUR), to: iso(30 * MINUTE) };

    await pairUnit(t, d, d.taxBureau, d.communityA.id);
    await pairUnit(t, d, d.powerCompany, d.communityB.id);
    await pairUnit(t, d, d.taxBureau, d.communityB.id);
    const ended = await pairUnit(t, d, d.powerCompany, d.communityA.id);
    await t.http.post(`${DUAL}/pairings/${ended}/end`).set(bearer(d.admin.token)).send({}).expect(200);

    const memberA3 = await inServiceMember(t, d, 'memberA3', d.taxBureau, d.gridA2.id);
    await registerMember(t, d, d.memberA1, d.communityA.id);
    await registerMember(t, d, d.memberA2, d.communityA.id);
    await registerMember(t, d, d.memberB1, d.communityB.id);
    await t.http
      .post(`${DUAL}/registrations`)
      .set(bearer(memberA3.token))
      .send({ communityId: d.communityA.id })
      .expect(201);

    const call = async (who: Person, unitId: string) => {
      const res = await t.http
        .post(`${DUAL}/calls`)
        .set(bearer(who.token))
        .send({ unitId, kind: 'activity', title: '志愿服务', startsAt: iso(HOUR), endsAt: iso(4 * HOUR), capacity: 5 });
      expectStatus(res, 201);
      return res.body.id as string;
    };
    const signUp = async (who: Person, callId: string, asUnit = false) => {
      const res = await t.http.post(`${DUAL}/calls/${callId}/signups`).set(bearer(who.token)).send({ asUnit });
      expectStatus(res, 201);
      return res.body.id as string;
    };
    const confirm = async (who: Person, callId: string, entries: Record<string, unknown>[]) =>
      expectStatus(
        await t.http.post(`${DUAL}/calls/${callId}/attendance`).set(bearer(who.token)).send({ entries }),
        200,
      );

    const c1 = await call(d.communityStaffA, d.communityA.id);
    const c2 = await call(d.gridLeaderA, d.gridA.id);
    const c3 = await call(d.communityStaffB, d.communityB.id);
    const c4 = await call(d.communityStaffA, d.communityA.id);
    const c1a1 = await signUp(d.memberA1, c1);
    const c1a2 = await signUp(d.memberA2, c1);
    const c1tax = await signUp(d.taxLiaison, c1, true);
    const c2a1 = await signUp(d.memberA1, c2);
    const c3b1 = await signUp(d.memberB1, c3);
    const c4a2 = await signUp(d.memberA2, c4);

    clock().advance(2 * HOUR);
    await confirm(d.communityStaffA, c1, [
      { signupId: c1a1, attended: true, hours: 3, workDone: '清理楼道' },
      { signupId: c1a2, attended: false },
      { signupId: c1tax, attended: true, hours: 2, workDone: '  ' },
    ]);
    await confirm(d.gridLeaderA, c2, [{ signupId: c2a1, attended: true, hours: 1.5, workDone: '陪老人就医' }]);
    await confirm(d.communityStaffB, c3, [{ signupId: c3b1, attended: true, hours: 2, workDone: '修路灯' }]);
    await confirm(d.communityStaffA, c4, [{ signupId: c4a2, attended: false }]);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('lists the six figures, in the caller’s language, each needing registration.read', async () => {
    const res = await t.http
      .get('/api/v1/indicators?limit=200')
      .set(bearer(d.admin.token))
      .set('Accept-Language', 'en');
    expectStatus(res, 200);
    const ours = (res.body.items as { key: string; pluginId: string; name: string; unit: string; permission: string }[])
      .filter((i) => i.pluginId === 'dual-report')
      .map((i) => [i.key, i.unit, i.permission, i.name]);
    expect(ours).toEqual(
      KEYS.map((k) => [
        `dual-report.${k}`,
        expect.any(String),
        'plugin:dual-report.registration.read',
        expect.any(String),
      ]),
    );
    expect(ours.find(([k]) => k === 'dual-report.members-reported-share')).toEqual([
      'dual-report.members-reported-share',
      'ratio',
      'plugin:dual-report.registration.read',
      'Share of paired units’ members reported',
    ]);
  });

  it('district: both units, three members of four, 8.5 hours in three activities, three things done', async () => {
    expect(await figures(d.tenant.rootUnitId, all)).toEqual({
      'units-paired': 2,
      'members-reported': 3,
      'members-reported-share': 0.75,
      'hours-served': 8.5,
      'activities-held': 3,
      'things-done': 3,
    });
  });

  it('street A and community A: the tax bureau only (the power company’s pairing ended before), 2 of its 3 members', async () => {
    const expected = {
      'units-paired': 1,
      'members-reported': 2,
      'members-reported-share': 2 / 3,
      'hours-served': 6.5,
      'activities-held': 2,
      'things-done': 2,
    };
    expect(await figures(d.streetA.id, all)).toEqual(expected);
    expect(await figures(d.communityA.id, all)).toEqual(expected);
    // The grid branch's own call; pairings and registrations sit at communities.
    expect(await figures(d.gridA.id, all)).toEqual({
      'units-paired': 0,
      'members-reported': 0,
      'members-reported-share': null,
      'hours-served': 1.5,
      'activities-held': 1,
      'things-done': 1,
    });
  });

  it('street B: two units paired, whose members reported wherever they live (3 of 4)', async () => {
    expect(await figures(d.streetB.id, all)).toEqual({
      'units-paired': 2,
      'members-reported': 1,
      'members-reported-share': 0.75,
      'hours-served': 2,
      'activities-held': 1,
      'things-done': 1,
    });
  });

  it('before the calls: the ended pairing still counts for the time it was active, and no service yet', async () => {
    expect(await figures(d.communityA.id, before)).toEqual({
      'units-paired': 2,
      'members-reported': 2,
      'members-reported-share': 0.75,
      'hours-served': 0,
      'activities-held': 0,
      'things-done': 0,
    });
  });

  it('an empty period: nothing, and no share over no members', async () => {
    expect(await figures(d.tenant.rootUnitId, empty)).toEqual({
      'units-paired': 0,
      'members-reported': 0,
      'members-reported-share': null,
      'hours-served': 0,
      'activities-held': 0,
      'things-done': 0,
    });
  });

  it('needs registration.read over the unit: community B’s staff and members get 404 for community A', async () => {
    expectError(await indicator('hours-served', d.communityA.id, all, d.communityStaffB), 404, 'NOT_FOUND');
    expectError(await indicator('hours-served', d.communityA.id, all, d.memberA1), 404, 'NOT_FOUND');
    expectStatus(await indicator('hours-served', d.communityA.id, all, d.streetStaffA), 200);
  });
});
