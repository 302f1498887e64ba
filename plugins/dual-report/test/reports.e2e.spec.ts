import { WorkingCalendar } from '@tongxin/district';
import { v7 as uuidv7 } from 'uuid';
import { Clock } from '@tongxin/jobs';
import { expectError, expectStatus, listAll } from '../../../tests/support/expect';
import { bearer, type TestApp } from '../../../tests/support/test-app';
import {
  DUAL,
  dualDistrict,
  inServiceMember,
  otherDualTenant,
  pairUnit,
  racingAt,
  registerMember,
  startDualApp,
  type DualDistrict,
  type Person,
} from './support';

/** The test districts keep the default zone, Beijing time. */
const beijing = new WorkingCalendar('Asia/Shanghai');
const districtDate = (at: Date) => beijing.dateOf(at);

/**
 * 双报告 and 双向考评 through the real app. The fixture, by hand:
 *
 * - 区税务局 has three party members: memberA1 (reported at community A), memberA2 (reported at
 *   community B) and memberA3 (not reported), and a liaison, who is no party member here; the 供电公司
 *   has memberB1 (reported at community A) and its liaison.
 * - Call 1 at community A: memberA1 served 3 h (办实事 “修理楼道水管”), memberB1 2 h (nothing
 *   written), the 税务局 itself (机关报到) 1.5 h (“捐赠图书200册”). Call 2 at community B: memberA2
 *   served 2.5 h. Call 3 at community B: memberA2 signed up and did not come.
 * - So the 税务局: members 3, reported 2 (share 0.6667), hours 5.5, activities 2, 办实事 1, and its
 *   own sign-ups 1 / 1.5 h / 1; the 供电公司: members 1, reported 1 (share 1), hours 2, activities 1.
 * - The 税务局 is paired with A (three assessment items) and B (two, the same titles as A's first
 *   two); the 供电公司 with B only.
 */

type Evaluation = {
  id: string;
  direction: string;
  year: number;
  communityId: string;
  communityName: string;
  memberId: string | null;
  memberName: string | null;
  partnerId: string | null;
  partnerName: string | null;
  pairingId: string | null;
  score: number;
  itemScores: { itemId: string; title: string; score: number }[];
  comment: string;
};
type Item = { id: string; title: string };
type ServiceRecord = { memberId: string; memberName: string; callTitle: string; communityName: string; hours: number };

const HOUR = 3_600_000;

describe('dual-report reporting back and two-way evaluation', () => {
  let t: TestApp;
  let d: DualDistrict;
  let other: Awaited<ReturnType<typeof otherDualTenant>>;
  let year: number;
  let day: string;
  let pairingTaxA: { id: string; items: Item[] };
  let pairingTaxB: { id: string; items: Item[] };
  let unitSignupId: string;

  const clock = () => t.app.get(Clock, { strict: false });
  const at = (ms: number) => new Date(clock().now().getTime() + ms).toISOString();
  const get = (who: Person, path: string, lang?: string) => {
    const req = t.http.get(`${DUAL}${path}`).set(bearer(who.token));
    if (lang) void req.set('Accept-Language', lang);
    return req;
  };
  const ok = async (who: Person, path: string) => {
    const res = await get(who, path);
    expectStatus(res, 200);
    return res.body;
  };
  const rate = (
    who: Person,
    kind: 'members' | 'units' | 'communities',
    body: Record<string, unknown>,
    lang?: string,
  ) => {
    const req = t.http.post(`${DUAL}/evaluations/${kind}`).set(bearer(who.token));
    if (lang) void req.set('Accept-Language', lang);
    return req.send({ year, score: 4, ...body });
  };
  const rated = async (who: Person, kind: 'members' | 'units' | 'communities', body: Record<string, unknown>) => {
    const res = await rate(who, kind, body);
    expectStatus(res, 201);
    return res.body as Evaluation;
  };
  const evaluations = async (who: Person, query = '') =>
    (await listAll(t, who.token, `${DUAL}/evaluations${query}`)) as Evaluation[];
  const scores = (items: Item[], values: number[]) => Object.fromEntries(items.map((i, k) => [i.id, values[k]]));

  const pair = async (partnerId: string, communityId: string, titles: string[]) => {
    const res = await t.http
      .post(`${DUAL}/pairings`)
      .set(bearer(d.admin.token))
      .send({
        communityId,
        partnerId,
        signedOn: `${year}-01-01`,
        termStart: `${year}-01-01`,
        termEnd: `${year + 1}-12-31`,
        assessmentItems: titles.map((title) => ({ title })),
      });
    expectStatus(res, 201);
    return { id: res.body.id as string, items: res.body.agreement.assessmentItems as Item[] };
  };
  const postCall = async (who: Person, unitId: string, title: string, startsIn: number) => {
    const res = await t.http
      .post(`${DUAL}/calls`)
      .set(bearer(who.token))
      .send({ unitId, kind: 'activity', title, startsAt: at(startsIn), endsAt: at(startsIn + 3 * HOUR), capacity: 10 });
    expectStatus(res, 201);
    return res.body.id as string;
  };
  const signUp = async (who: Person, callId: string, asUnit = false) => {
    const res = await t.http.post(`${DUAL}/calls/${callId}/signups`).set(bearer(who.token)).send({ asUnit });
    expectStatus(res, 201);
    return res.body.id as string;
  };
  const attendance = async (who: Person, callId: string, entries: Record<string, unknown>[]) =>
    expectStatus(await t.http.post(`${DUAL}/calls/${callId}/attendance`).set(bearer(who.token)).send({ entries }), 200);

  beforeAll(async () => {
    t = await startDualApp();
    d = await dualDistrict(t, 'dreports');
    other = await otherDualTenant(t);
    year = Number(districtDate(clock().now()).slice(0, 4));
    await inServiceMember(t, d, 'memberA3', d.taxBureau, d.gridA2.id);
    await registerMember(t, d, d.memberA1, d.communityA.id);
    await registerMember(t, d, d.memberA2, d.communityB.id);
    await registerMember(t, d, d.memberB1, d.communityA.id);
    pairingTaxA = await pair(d.taxBureau, d.communityA.id, ['参加社区活动', '办实事成效', '志愿服务时长']);
    pairingTaxB = await pair(d.taxBureau, d.communityB.id, ['参加社区活动', '办实事成效']);
    await pairUnit(t, d, d.powerCompany, d.communityB.id);

    const call1 = await postCall(d.communityStaffA, d.communityA.id, '楼道水管维修', HOUR);
    const call2 = await postCall(d.communityStaffB, d.communityB.id, '社区环境整治', HOUR);
    const call3 = await postCall(d.communityStaffB, d.communityB.id, '防诈骗宣传', 1.5 * HOUR);
    const a1 = await signUp(d.memberA1, call1);
    const b1 = await signUp(d.memberB1, call1);
    unitSignupId = await signUp(d.taxLiaison, call1, true);
    const a2 = await signUp(d.memberA2, call2);
    const a2absent = await signUp(d.memberA2, call3);
    day = districtDate(new Date(at(HOUR)));
    clock().advance(2 * HOUR);
    await attendance(d.communityStaffA, call1, [
      { signupId: a1, attended: true, hours: 3, workDone: '修理楼道水管' },
      { signupId: b1, attended: true, hours: 2 },
      { signupId: unitSignupId, attended: true, hours: 1.5, workDone: '捐赠图书200册' },
    ]);
    await attendance(d.communityStaffB, call2, [{ signupId: a2, attended: true, hours: 2.5 }]);
    await attendance(d.communityStaffB, call3, [{ signupId: a2absent, attended: false }]);
  }, 90_000);

  afterAll(async () => {
    await t?.close();
  });

  describe('reporting back (双报告)', () => {
    it('a unit sees its own members’ records across communities, and nothing else of those communities', async () => {
      const tax = (await listAll(t, d.taxLiaison.token, `${DUAL}/units/mine/records`)) as ServiceRecord[];
      expect(tax.map((r) => [r.memberName, r.callTitle, r.communityName, r.hours]).sort()).toEqual([
        ['memberA1', '楼道水管维修', '社区A1', 3],
        ['memberA2', '社区环境整治', '社区B1', 2.5],
      ]);
      expect(tax.find((r) => r.memberName === 'memberA1')).toMatchObject({
        workDone: '修理楼道水管',
        date: day,
        callKind: 'activity',
      });
      // memberB1 served at the same call in community A: that is the 供电公司's, never the 税务局's.
      const power = (await listAll(t, d.powerLiaison.token, `${DUAL}/units/mine/records`)) as ServiceRecord[];
      expect(power.map((r) => [r.memberName, r.callTitle, r.hours])).toEqual([['memberB1', '楼道水管维修', 2]]);
      expect((await ok(d.taxLiaison, `/units/mine/records?memberId=${d.memberB1.id}`)).items).toEqual([]);
      expect(
        (await ok(d.taxLiaison, `/units/mine/records?memberId=${d.memberA2.id}`)).items.map(
          (r: ServiceRecord) => r.callTitle,
        ),
      ).toEqual(['社区环境整治']);
      // The period: the day of the service counts, the days around it do not.
      expect((await ok(d.taxLiaison, `/units/mine/records?from=${day}&to=${day}`)).items).toHaveLength(2);
      expect((await ok(d.taxLiaison, `/units/mine/records?to=${year - 1}-12-31&from=${year - 1}-01-01`)).items).toEqual(
        [],
      );
    });

    it('lists the unit’s members with where they reported and what they served', async () => {
      const { items } = await ok(d.taxLiaison, '/units/mine/members');
      const byName = Object.fromEntries(items.map((m: { memberName: string }) => [m.memberName, m]));
      expect(Object.keys(byName).sort()).toEqual(['memberA1', 'memberA2', 'memberA3']);
      expect(byName.memberA1).toMatchObject({
        reported: true,
        registration: { communityName: '社区A1', status: 'approved', availableDays: ['friday', 'sunday'] },
        hours: 3,
        activities: 1,
        workDone: 1,
      });
      expect(byName.memberA2).toMatchObject({
        reported: true,
        registration: { communityName: '社区B1', status: 'approved' },
        hours: 2.5,
        activities: 1,
        workDone: 0,
      });
      expect(byName.memberA3).toMatchObject({ reported: false, registration: null, hours: 0, activities: 0 });
      const power = (await ok(d.powerLiaison, '/units/mine/members')).items.map(
        (m: { memberName: string }) => m.memberName,
      );
      expect(power).toEqual(['memberB1']);
    });

    it('summarises the unit for the period, by hand; district staff read any unit’s, nobody else', async () => {
      const tax = await ok(d.taxLiaison, '/units/mine/summary');
      expect(tax).toMatchObject({
        partnerId: d.taxBureau,
        partnerName: '区税务局',
        from: `${year}-01-01`,
        to: `${year}-12-31`,
        members: 3,
        membersReported: 2,
        shareReported: 0.6667,
        hours: 5.5,
        activities: 2,
        workDone: 1,
        unitActivities: 1,
        unitHours: 1.5,
        unitWorkDone: 1,
      });
      expect(await ok(d.powerLiaison, `/units/mine/summary?from=${day}&to=${day}`)).toMatchObject({
        members: 1,
        membersReported: 1,
        shareReported: 1,
        hours: 2,
        activities: 1,
        workDone: 0,
        unitActivities: 0,
      });
      // Last year nobody had reported yet: members reported counts registrations held at the period's end.
      expect(await ok(d.taxLiaison, `/units/mine/summary?from=${year - 1}-01-01&to=${year - 1}-12-31`)).toMatchObject({
        members: 3,
        membersReported: 0,
        shareReported: 0,
        hours: 0,
        activities: 0,
      });
      // District-wide staff read the same figures for any unit.
      const staff = await ok(d.districtStaff, `/units/${d.taxBureau}/summary`);
      expect(staff).toEqual(await ok(d.taxLiaison, '/units/mine/summary'));
      expectError(await get(d.districtStaff, '/units/0196f6c2-7a10-7000-8000-000000000001/summary'), 404, 'NOT_FOUND');
      // A community's staff, a liaison, a member: not the district-wide summary.
      expectError(await get(d.communityStaffA, `/units/${d.taxBureau}/summary`), 403, 'FORBIDDEN');
      expectError(await get(d.taxLiaison, `/units/${d.powerCompany}/summary`), 403, 'FORBIDDEN');
      expectError(await get(d.memberA1, '/units/mine/records'), 403, 'FORBIDDEN');
      // The district admin holds unit.report but works for no unit.
      expectError(await get(d.admin, '/units/mine/summary'), 403, 'DUAL_REPORT_NO_UNIT');
    });

    it('refuses a bad period with a stable code, in the caller’s language', async () => {
      const res = await get(d.taxLiaison, `/units/mine/summary?from=${year}-05-01&to=${year}-04-01`, 'en');
      expectError(res, 400, 'DUAL_REPORT_PERIOD_INVALID');
      expect(res.body.message).toBe(`Invalid period: from (${year}-05-01) must not be after to (${year}-04-01)`);
      expectError(await get(d.taxLiaison, `/units/mine/records?from=${year}-13-01`), 400, 'VALIDATION_FAILED');
      expectError(await get(d.taxLiaison, '/units/mine/members?to=tomorrow'), 400, 'VALIDATION_FAILED');
    });
  });

  describe('two-way evaluation (双向考评)', () => {
    it('the community rates a member registered with it, once a year, 1–5', async () => {
      const e = await rated(d.communityStaffA, 'members', {
        communityId: d.communityA.id,
        memberId: d.memberA1.id,
        score: 5,
        comment: '服务积极',
      });
      expect(e).toMatchObject({
        direction: 'community_to_member',
        year,
        communityName: '社区A1',
        memberName: 'memberA1',
        partnerId: d.taxBureau,
        partnerName: '区税务局',
        score: 5,
        itemScores: [],
        comment: '服务积极',
      });
      const again = { communityId: d.communityA.id, memberId: d.memberA1.id, score: 1 };
      expectError(await rate(d.communityStaffA, 'members', again), 409, 'DUAL_REPORT_ALREADY_EVALUATED');
      expectError(await rate(d.admin, 'members', again), 409, 'DUAL_REPORT_ALREADY_EVALUATED');
      // memberA2 reported at B, not at A; B's staff cannot rate for A; a grid is no community.
      const notHere = await rate(
        d.communityStaffA,
        'members',
        { communityId: d.communityA.id, memberId: d.memberA2.id },
        'en',
      );
      expectError(notHere, 409, 'DUAL_REPORT_MEMBER_NOT_REGISTERED');
      expect(notHere.body.message).toBe(`memberA2 was not registered with 社区A1 in ${year}: there is nothing to rate`);
      // Someone the rater cannot see (street B's staff) is named by the id given, as an unknown id
      // is, never by their name.
      for (const memberId of [d.streetStaffB.id, uuidv7()]) {
        const stranger = await rate(d.communityStaffA, 'members', { communityId: d.communityA.id, memberId }, 'en');
        expectError(stranger, 409, 'DUAL_REPORT_MEMBER_NOT_REGISTERED');
        expect(stranger.body.message).toBe(
          `${memberId} was not registered with 社区A1 in ${year}: there is nothing to rate`,
        );
      }
      expectError(
        await rate(d.communityStaffB, 'members', { communityId: d.communityA.id, memberId: d.memberB1.id }),
        404,
        'NOT_FOUND',
      );
      expectError(
        await rate(d.admin, 'members', { communityId: d.gridA.id, memberId: d.memberA1.id }),
        400,
        'DUAL_REPORT_NOT_A_COMMUNITY',
      );
      const body = { communityId: d.communityA.id, memberId: d.memberB1.id };
      for (const bad of [{ score: 0 }, { score: 6 }, { score: 4.5 }, { year: 1999 }, { comment: 'x'.repeat(1001) }])
        expectError(await rate(d.communityStaffA, 'members', { ...body, ...bad }), 400, 'VALIDATION_FAILED');
      expectError(
        await rate(d.communityStaffA, 'members', { ...body, year: year + 1 }),
        400,
        'DUAL_REPORT_YEAR_INVALID',
      );
      // A member does not rate; nothing else was written.
      expectError(await rate(d.memberA1, 'members', body), 403, 'FORBIDDEN');
      expect((await evaluations(d.districtStaff)).map((x) => x.id)).toEqual([e.id]);

      await rated(d.communityStaffB, 'members', { communityId: d.communityB.id, memberId: d.memberA2.id, score: 4 });
    });

    it('two ratings at once: one is written, the other gets the same 409', async () => {
      const body = { communityId: d.communityA.id, memberId: d.memberB1.id, score: 3 };
      const answers = await racingAt('dual_report_evaluations', () =>
        Promise.all([rate(d.communityStaffA, 'members', body), rate(d.admin, 'members', body)]),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      expectError(
        answers.find((a) => a.status === 409)!,
        409,
        'DUAL_REPORT_ALREADY_EVALUATED',
      );
      expect(await evaluations(d.districtStaff, `?memberId=${d.memberB1.id}`)).toHaveLength(1);
    });

    it('the community rates a paired unit on every assessment item of the agreement', async () => {
      const [join, work, hours] = pairingTaxA.items;
      const body = { communityId: d.communityA.id, partnerId: d.taxBureau, score: 5 };
      const missing = await rate(d.communityStaffA, 'units', { ...body, itemScores: { [join!.id]: 5 } }, 'en');
      expectError(missing, 400, 'DUAL_REPORT_ASSESSMENT_INCOMPLETE');
      expect(missing.body.message).toBe('Every assessment item must be scored; missing: 办实事成效、志愿服务时长');
      expectError(await rate(d.communityStaffA, 'units', body), 400, 'DUAL_REPORT_ASSESSMENT_INCOMPLETE');
      // B's agreement has its own items: they are not A's.
      const foreign = { ...scores(pairingTaxA.items, [5, 4, 3]), [pairingTaxB.items[0]!.id]: 5 };
      expectError(
        await rate(d.communityStaffA, 'units', { ...body, itemScores: foreign }),
        400,
        'DUAL_REPORT_UNKNOWN_ASSESSMENT_ITEM',
      );
      expectError(
        await rate(d.communityStaffA, 'units', {
          ...body,
          itemScores: { ...scores(pairingTaxA.items, [5, 4, 3]), x: 1 },
        }),
        400,
        'DUAL_REPORT_UNKNOWN_ASSESSMENT_ITEM',
      );
      for (const bad of [6, 0, 2.5, '5'])
        expectError(
          await rate(d.communityStaffA, 'units', {
            ...body,
            itemScores: scores(pairingTaxA.items, [bad as number, 4, 3]),
          }),
          400,
          'DUAL_REPORT_ITEM_SCORE_INVALID',
        );
      expectError(await rate(d.communityStaffA, 'units', { ...body, itemScores: [5, 4, 3] }), 400, 'VALIDATION_FAILED');
      // The 供电公司 is paired with B, not A.
      const unpaired = { communityId: d.communityA.id, partnerId: d.powerCompany, itemScores: {} };
      expectError(await rate(d.communityStaffA, 'units', unpaired), 409, 'DUAL_REPORT_NOT_PAIRED');
      expectError(await rate(d.communityStaffA, 'units', { ...body, year: year - 1 }), 409, 'DUAL_REPORT_NOT_PAIRED');

      const e = await rated(d.communityStaffA, 'units', { ...body, itemScores: scores(pairingTaxA.items, [5, 4, 3]) });
      expect(e).toMatchObject({
        direction: 'community_to_unit',
        partnerName: '区税务局',
        pairingId: pairingTaxA.id,
        score: 5,
        itemScores: [
          { itemId: join!.id, title: '参加社区活动', score: 5 },
          { itemId: work!.id, title: '办实事成效', score: 4 },
          { itemId: hours!.id, title: '志愿服务时长', score: 3 },
        ],
      });
      expectError(
        await rate(d.communityStaffA, 'units', { ...body, itemScores: scores(pairingTaxA.items, [1, 1, 1]) }),
        409,
        'DUAL_REPORT_ALREADY_EVALUATED',
      );
      await rated(d.communityStaffB, 'units', {
        communityId: d.communityB.id,
        partnerId: d.taxBureau,
        score: 3,
        itemScores: scores(pairingTaxB.items, [3, 4]),
      });
    });

    it('the unit rates a community it is paired with', async () => {
      const [join] = pairingTaxA.items;
      const e = await rated(d.taxLiaison, 'communities', {
        communityId: d.communityA.id,
        score: 5,
        itemScores: { [join!.id]: 4 },
        comment: '组织有力',
      });
      expect(e).toMatchObject({
        direction: 'unit_to_community',
        communityName: '社区A1',
        partnerId: d.taxBureau,
        score: 5,
        itemScores: [{ title: '参加社区活动', score: 4 }],
      });
      expectError(
        await rate(d.taxLiaison, 'communities', { communityId: d.communityA.id }),
        409,
        'DUAL_REPORT_ALREADY_EVALUATED',
      );
      expectError(
        await rate(d.taxLiaison, 'communities', { communityId: d.communityB.id, itemScores: { [join!.id]: 4 } }),
        400,
        'DUAL_REPORT_UNKNOWN_ASSESSMENT_ITEM',
      );
      expectError(
        await rate(d.powerLiaison, 'communities', { communityId: d.communityA.id }),
        409,
        'DUAL_REPORT_NOT_PAIRED',
      );
      expectError(
        await rate(d.powerLiaison, 'communities', { communityId: d.gridB.id }),
        400,
        'DUAL_REPORT_NOT_A_COMMUNITY',
      );
      expectError(await rate(d.admin, 'communities', { communityId: d.communityA.id }), 403, 'DUAL_REPORT_NO_UNIT');
      expectError(await rate(d.communityStaffA, 'communities', { communityId: d.communityA.id }), 403, 'FORBIDDEN');
      expectError(
        await rate(d.taxLiaison, 'units', { communityId: d.communityA.id, partnerId: d.taxBureau }),
        403,
        'FORBIDDEN',
      );
    });

    it('each community lists its own ratings; the district all; filters narrow', async () => {
      const inA = await evaluations(d.communityStaffA);
      expect(inA.every((e) => e.communityId === d.communityA.id)).toBe(true);
      expect(inA.map((e) => e.direction).sort()).toEqual([
        'community_to_member',
        'community_to_member',
        'community_to_unit',
        'unit_to_community',
      ]);
      const all = await evaluations(d.districtStaff);
      expect(all).toHaveLength(6);
      expect(
        (await evaluations(d.districtStaff, `?communityId=${d.communityB.id}`)).map((e) => e.score).sort(),
      ).toEqual([3, 4]);
      expect(
        (await evaluations(d.districtStaff, `?partnerId=${d.taxBureau}&direction=community_to_unit`)).map(
          (e) => e.score,
        ),
      ).toEqual([3, 5]);
      expect(await evaluations(d.districtStaff, `?year=${year - 1}`)).toEqual([]);
      expect(await evaluations(other.admin)).toEqual([]);
      expectError(await get(d.taxLiaison, '/evaluations'), 403, 'FORBIDDEN');
    });

    it('the unit sees the communities’ ratings of it and of its members in its summary', async () => {
      const tax = await ok(d.taxLiaison, '/units/mine/summary');
      expect(tax.unitEvaluations.map((e: Evaluation) => [e.communityName, e.score])).toEqual([
        ['社区A1', 5],
        ['社区B1', 3],
      ]);
      expect(tax.memberEvaluations.map((e: Evaluation) => [e.memberName, e.communityName, e.score])).toEqual([
        ['memberA1', '社区A1', 5],
        ['memberA2', '社区B1', 4],
      ]);
      const power = await ok(d.powerLiaison, '/units/mine/summary');
      expect(power.unitEvaluations).toEqual([]);
      expect(power.memberEvaluations.map((e: Evaluation) => [e.memberName, e.score])).toEqual([['memberB1', 3]]);
      expect(
        (await ok(d.taxLiaison, `/units/mine/summary?from=${year - 1}-01-01&to=${year - 1}-12-31`)).unitEvaluations,
      ).toEqual([]);
    });

    it('year-end: the unit against its assessment items, with its members, by hand', async () => {
      const res = await ok(d.districtStaff, `/evaluations/year-end?year=${year}&partnerId=${d.taxBureau}`);
      expect(res.unit).toMatchObject({
        partnerName: '区税务局',
        membersReported: 2,
        hours: 5.5,
        activities: 2,
        workDone: 1,
        unitActivities: 1,
        unitHours: 1.5,
        unitWorkDone: 1,
        averageScore: 4,
      });
      expect(
        res.unit.communityScores.map((c: { communityName: string; score: number }) => [c.communityName, c.score]),
      ).toEqual([
        ['社区A1', 5],
        ['社区B1', 3],
      ]);
      // Averaged over the communities that scored each item: (5 + 3) / 2, (4 + 4) / 2, 3 / 1.
      expect(res.unit.items).toEqual([
        { title: '参加社区活动', averageScore: 4, count: 2 },
        { title: '办实事成效', averageScore: 4, count: 2 },
        { title: '志愿服务时长', averageScore: 3, count: 1 },
      ]);
      expect(res.unit.ratingsOfCommunities).toMatchObject([{ communityName: '社区A1', score: 5, comment: '组织有力' }]);
      expect(res.members).toMatchObject([
        {
          memberName: 'memberA1',
          hours: 3,
          activities: 1,
          workDone: 1,
          averageScore: 5,
          scores: [{ communityName: '社区A1', score: 5 }],
        },
        {
          memberName: 'memberA2',
          hours: 2.5,
          activities: 1,
          workDone: 0,
          averageScore: 4,
          scores: [{ communityName: '社区B1', score: 4 }],
        },
      ]);

      // Community A's staff see only what happened at A.
      const a = await ok(d.communityStaffA, `/evaluations/year-end?year=${year}&partnerId=${d.taxBureau}`);
      expect(a.unit).toMatchObject({ membersReported: 1, hours: 3, activities: 1, unitActivities: 1, averageScore: 5 });
      expect(a.unit.items.map((i: { title: string; count: number }) => [i.title, i.count])).toEqual([
        ['参加社区活动', 1],
        ['办实事成效', 1],
        ['志愿服务时长', 1],
      ]);
      expect(a.members.map((m: { memberName: string }) => m.memberName)).toEqual(['memberA1']);

      const one = await ok(d.communityStaffB, `/evaluations/year-end?year=${year}&memberId=${d.memberA2.id}`);
      expect(one).toMatchObject({ unit: null, members: [{ memberName: 'memberA2', hours: 2.5, averageScore: 4 }] });
      expectError(
        await get(d.communityStaffA, `/evaluations/year-end?year=${year}&memberId=${d.memberA2.id}`),
        404,
        'NOT_FOUND',
      );
      expectError(
        await get(d.districtStaff, `/evaluations/year-end?year=${year}`),
        400,
        'DUAL_REPORT_YEAR_END_SUBJECT',
      );
      expectError(
        await get(
          d.districtStaff,
          `/evaluations/year-end?year=${year}&partnerId=${d.taxBureau}&memberId=${d.memberA1.id}`,
        ),
        400,
        'DUAL_REPORT_YEAR_END_SUBJECT',
      );
      expectError(
        await get(d.districtStaff, `/evaluations/year-end?partnerId=${d.taxBureau}`),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await get(d.taxLiaison, `/evaluations/year-end?year=${year}&partnerId=${d.taxBureau}`),
        403,
        'FORBIDDEN',
      );
    });

    it('a member moving house still counts as reported, and both communities rate them that year', async () => {
      const mover = await inServiceMember(t, d, 'mover', d.taxBureau, d.gridA.id);
      const first = await registerMember(t, d, mover, d.communityA.id);
      const move = await t.http
        .post(`${DUAL}/registrations/transfer`)
        .set(bearer(mover.token))
        .send({ communityId: d.communityB.id });
      expectStatus(move, 201);
      const { items } = await ok(d.taxLiaison, '/units/mine/members');
      expect(items.find((m: { memberId: string }) => m.memberId === mover.id)).toMatchObject({
        reported: true,
        registration: { communityName: '社区B1', status: 'pending', transferredFrom: first },
      });
      expect(await ok(d.taxLiaison, '/units/mine/summary')).toMatchObject({ members: 4, membersReported: 3 });
      const byB = { communityId: d.communityB.id, memberId: mover.id };
      expectError(await rate(d.communityStaffB, 'members', byB), 409, 'DUAL_REPORT_MEMBER_NOT_REGISTERED');

      const approve = t.http.post(`${DUAL}/registrations/${move.body.id}/approve`).set(bearer(d.communityStaffB.token));
      expectStatus(await approve.send({}), 200);
      // Served at A until the move, at B since: each rates the year.
      await rated(d.communityStaffA, 'members', { communityId: d.communityA.id, memberId: mover.id, score: 4 });
      await rated(d.communityStaffB, 'members', { ...byB, score: 5 });
      const yearEnd = await ok(d.districtStaff, `/evaluations/year-end?year=${year}&memberId=${mover.id}`);
      expect(yearEnd.members).toMatchObject([{ memberName: 'mover', averageScore: 4.5, hours: 0 }]);
    });

    it('another district sees none of it', async () => {
      expectError(await get(other.admin, `/units/${d.taxBureau}/summary`), 404, 'NOT_FOUND');
      expectError(
        await get(other.admin, `/evaluations/year-end?year=${year}&partnerId=${d.taxBureau}`),
        404,
        'NOT_FOUND',
      );
      expectError(
        await get(other.admin, `/evaluations/year-end?year=${year}&memberId=${d.memberA1.id}`),
        404,
        'NOT_FOUND',
      );
      expectError(
        await rate(other.admin, 'members', { communityId: d.communityA.id, memberId: d.memberA1.id }),
        404,
        'NOT_FOUND',
      );
    });
  });
});
