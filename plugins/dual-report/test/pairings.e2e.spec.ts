import { WorkingCalendar } from '@tongxin/district';
import { Clock, TimerSweeper } from '@tongxin/jobs';
import { expectError, expectStatus, listAll } from '../../../tests/support/expect';
import { holdsFor, waitFor } from '../../../tests/support/processes';
import { bearer, type TestApp } from '../../../tests/support/test-app';
import {
  DUAL,
  dualDistrict,
  dualInbox,
  otherDualTenant,
  startDualApp,
  type DualDistrict,
  type Person,
} from './support';

/** The test districts keep the default zone, Beijing time. */
const beijing = new WorkingCalendar('Asia/Shanghai');
const districtDate = (at: Date) => beijing.dateOf(at);
const districtDayStart = (day: string) => beijing.startOfDay(day);

/**
 * 结对共建 through the real app: a community pairs with a unit under a co-building agreement with
 * its three lists, is reminded before the term ends (a durable timer on a controllable clock),
 * renews or ends it; the district sees which units have no community; each side sees only its own.
 */

type Item = { id: string; title: string; description: string };
type Pairing = {
  id: string;
  communityId: string;
  communityName: string;
  partnerId: string;
  partnerName: string;
  signedOn: string;
  termStart: string;
  termEnd: string;
  status: 'active' | 'ended';
  endedAt: string | null;
  createdBy: string;
  renewalReminderAt?: string | null;
  agreement: Record<'needs' | 'resources' | 'activities' | 'services' | 'assessmentItems', Item[]>;
};

const DAY = 86_400_000;
const PAIRINGS = `${DUAL}/pairings`;

describe('dual-report pairings', () => {
  let t: TestApp;
  let d: DualDistrict;
  let taxA: Pairing; // 区税务局 – 社区A1, signed in by community A
  let taxB: Pairing; // 区税务局 – 社区B1, signed in by community B

  beforeAll(async () => {
    t = await startDualApp();
    d = await dualDistrict(t, 'dual-pair');
  });
  afterAll(() => t?.close());

  const clock = () => t.app.get(Clock, { strict: false });
  /** The district day `days` from now on the app's clock. */
  const day = (days = 0) => districtDate(new Date(clock().now().getTime() + days * DAY));
  /** When the reminder for a term ending on `termEnd` is due (30 days before, district day start). */
  const reminderFor = (termEnd: string) =>
    districtDayStart(districtDate(new Date(Date.parse(`${termEnd}T12:00:00Z`) - 30 * DAY))).toISOString();
  const sweep = () => t.app.get(TimerSweeper, { strict: false }).sweep();

  const body = (over: Record<string, unknown> = {}) => ({
    communityId: d.communityA.id,
    partnerId: d.taxBureau,
    signedOn: day(),
    termStart: day(),
    termEnd: day(40),
    needs: [{ title: '老旧小区加装电梯政策宣讲', description: '每季度一次' }, { title: '独居老人探访' }],
    resources: [{ title: '单位党员志愿者 20 名' }],
    activities: [{ title: '主题党日共建活动', description: '每月第一个周五' }],
    services: [{ title: '税务咨询进社区' }],
    assessmentItems: [{ title: '报到党员服务时长' }, { title: '居民满意度', description: '年终测评' }],
    ...over,
  });
  const create = (who: Person, over: Record<string, unknown> = {}, lang?: string) => {
    const req = t.http.post(PAIRINGS).set(bearer(who.token));
    if (lang) void req.set('Accept-Language', lang);
    return req.send(body(over));
  };
  const created = async (who: Person, over: Record<string, unknown> = {}) => {
    const res = await create(who, over);
    expectStatus(res, 201);
    return res.body as Pairing;
  };
  const getPairing = (who: Person, id: string) => t.http.get(`${PAIRINGS}/${id}`).set(bearer(who.token));
  const read = async (who: Person, id: string) => {
    const res = await getPairing(who, id);
    expectStatus(res, 200);
    return res.body as Pairing;
  };
  const pairingsOf = async (who: Person, query = '') =>
    (await listAll(t, who.token, `${PAIRINGS}${query}`)) as unknown as Pairing[];
  const ids = (ps: Pairing[]) => ps.map((p) => p.id).sort();
  const titles = (items: Item[]) => items.map((i) => i.title);
  const reminders = async (who: Person, pairing: Pairing) =>
    (await dualInbox(t, who, 'agreement-renewal')).filter((n) => n.data.pairingId === pairing.id);

  it('pairs a unit with a community under an agreement with its three lists, and reads it back', async () => {
    taxA = await created(d.communityStaffA);
    expect(taxA).toMatchObject({
      communityId: d.communityA.id,
      communityName: '社区A1',
      partnerId: d.taxBureau,
      partnerName: '区税务局',
      signedOn: day(),
      termStart: day(),
      termEnd: day(40),
      status: 'active',
      endedAt: null,
      createdBy: d.communityStaffA.id,
      renewalReminderAt: reminderFor(day(40)),
    });
    expect(taxA.agreement.needs).toEqual([
      { id: expect.any(String), title: '老旧小区加装电梯政策宣讲', description: '每季度一次' },
      { id: expect.any(String), title: '独居老人探访', description: '' },
    ]);
    expect(titles(taxA.agreement.resources)).toEqual(['单位党员志愿者 20 名']);
    expect(titles(taxA.agreement.activities)).toEqual(['主题党日共建活动']);
    expect(titles(taxA.agreement.services)).toEqual(['税务咨询进社区']);
    expect(titles(taxA.agreement.assessmentItems)).toEqual(['报到党员服务时长', '居民满意度']);

    expect(await read(d.communityStaffA, taxA.id)).toEqual(taxA);
    expect(ids(await pairingsOf(d.districtStaff))).toEqual([taxA.id]);
  });

  it('refuses a second active pairing of the same unit and community, also when two race', async () => {
    const again = await create(d.communityStaffA);
    expectError(again, 409, 'DUAL_REPORT_ALREADY_PAIRED');
    expect(again.body.message).toContain('区税务局');

    const race = await Promise.all([
      create(d.communityStaffB, { communityId: d.communityB.id }),
      create(d.communityStaffB, { communityId: d.communityB.id }),
    ]);
    expect(race.map((r) => r.status).sort()).toEqual([201, 409]);
    expectError(
      race.find((r) => r.status === 409)!,
      409,
      'DUAL_REPORT_ALREADY_PAIRED',
    );
    taxB = race.find((r) => r.status === 201)!.body as Pairing;

    const taxPairings = await pairingsOf(d.districtStaff, `?partnerId=${d.taxBureau}`);
    expect(ids(taxPairings)).toEqual(ids([taxA, taxB]));
  });

  it('refuses bad input with a stable code and writes nothing', async () => {
    const before = ids(await pairingsOf(d.districtStaff));
    const cases: [Record<string, unknown>, number, string][] = [
      [{ communityId: d.gridA.id }, 400, 'DUAL_REPORT_NOT_A_COMMUNITY'],
      [{ partnerId: d.department }, 400, 'DUAL_REPORT_NOT_A_UNIT'],
      [{ partnerId: d.communityB.id }, 400, 'DUAL_REPORT_NOT_A_UNIT'],
      [{ partnerId: d.powerCompany, termEnd: day() }, 400, 'DUAL_REPORT_TERM_INVALID'],
      [{ partnerId: d.powerCompany, termStart: day(10), termEnd: day(5) }, 400, 'DUAL_REPORT_TERM_INVALID'],
      [{ partnerId: d.powerCompany, assessmentItems: [] }, 400, 'DUAL_REPORT_ASSESSMENT_REQUIRED'],
      [{ partnerId: d.powerCompany, assessmentItems: undefined }, 400, 'VALIDATION_FAILED'],
      [{ partnerId: d.powerCompany, owner: 'me' }, 400, 'VALIDATION_FAILED'],
      [{ partnerId: d.powerCompany, needs: [{ title: '助餐', cost: 3 }] }, 400, 'VALIDATION_FAILED'],
      [{ partnerId: d.powerCompany, termEnd: '2027-02-30' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [over, status, code] of cases) expectError(await create(d.communityStaffA, over), status, code);
    // A street manages pairings below it, but pairs only its communities.
    expectError(await create(d.streetStaffA, { communityId: d.streetA.id }), 400, 'DUAL_REPORT_NOT_A_COMMUNITY');

    const english = await create(d.communityStaffA, { partnerId: d.department }, 'en');
    expectError(english, 400, 'DUAL_REPORT_NOT_A_UNIT');
    expect(english.body.message).toBe(`${d.department} is not one of the district’s units`);
    expect(ids(await pairingsOf(d.districtStaff))).toEqual(before);
  });

  it('reminds the community and the unit’s liaisons before the term ends; a renewed term moves the reminder', async () => {
    // Renewing community B's pairing for a year moves its reminder away from taxA's.
    const patch = await t.http
      .patch(`${PAIRINGS}/${taxB.id}`)
      .set(bearer(d.communityStaffB.token))
      .send({
        termEnd: day(400),
        addItems: [{ kind: 'assessment', title: '结对项目完成率' }],
        removeItemIds: [taxB.agreement.needs[1]!.id],
      });
    expectStatus(patch, 200);
    const renewed = patch.body as Pairing;
    expect(renewed).toMatchObject({ termEnd: day(400), renewalReminderAt: reminderFor(day(400)) });
    expect(titles(renewed.agreement.needs)).toEqual(['老旧小区加装电梯政策宣讲']);
    expect(titles(renewed.agreement.assessmentItems)).toEqual(['报到党员服务时长', '居民满意度', '结对项目完成率']);
    expect(await read(d.communityStaffB, taxB.id)).toEqual(renewed);
    taxB = renewed;

    // Nine days on, taxA's reminder (due on day 10) is still pending.
    clock().advance(9 * DAY);
    await sweep();
    await holdsFor('no reminder before it is due', 500, async () => !(await reminders(d.taxLiaison, taxA)).length);
    expect((await read(d.communityStaffA, taxA.id)).renewalReminderAt).toBe(reminderFor(taxA.termEnd));

    // Two more days: due. The liaison and the staff who signed it in hear of it, once.
    clock().advance(2 * DAY);
    const [reminder] = await waitFor('the renewal reminder', async () => {
      await sweep();
      const found = await reminders(d.taxLiaison, taxA);
      return found.length ? found : null;
    });
    expect(reminder).toMatchObject({
      title: '共驻共建协议即将到期：区税务局—社区A1',
      body: expect.stringContaining(taxA.termEnd),
      data: { pairingId: taxA.id, termEnd: taxA.termEnd },
    });
    expect(await reminders(d.communityStaffA, taxA)).toHaveLength(1);
    expect(await reminders(d.taxLiaison, taxA)).toHaveLength(1);
    // Members of the unit are not its liaisons; the renewed pairing's old date passed unnoticed.
    expect(await dualInbox(t, d.memberA1, 'agreement-renewal')).toEqual([]);
    expect(await reminders(d.taxLiaison, taxB)).toEqual([]);
    expect(await reminders(d.communityStaffB, taxB)).toEqual([]);
    expect((await read(d.communityStaffA, taxA.id)).renewalReminderAt).toBeNull();
    expect((await read(d.communityStaffB, taxB.id)).renewalReminderAt).toBe(reminderFor(taxB.termEnd));
  });

  it('refuses changes that break the agreement', async () => {
    const url = `${PAIRINGS}/${taxB.id}`;
    const send = (dto: object) => t.http.patch(url).set(bearer(d.communityStaffB.token)).send(dto);
    const current = await read(d.communityStaffB, taxB.id);
    expectError(
      await send({ removeItemIds: current.agreement.assessmentItems.map((i) => i.id) }),
      400,
      'DUAL_REPORT_ASSESSMENT_REQUIRED',
    );
    expectError(await send({ termEnd: current.termStart }), 400, 'DUAL_REPORT_TERM_INVALID');
    expectError(
      await send({ removeItemIds: [taxA.agreement.needs[0]!.id] }),
      400,
      'DUAL_REPORT_AGREEMENT_ITEM_UNKNOWN',
    );
    expectError(await send({ addItems: [{ kind: 'wish', title: 'x' }] }), 400, 'VALIDATION_FAILED');
    expect(await read(d.communityStaffB, taxB.id)).toEqual(current);
  });

  it('ends a pairing: its reminder is cancelled, it cannot be ended or changed again, and the unit may pair anew', async () => {
    const end = await t.http
      .post(`${PAIRINGS}/${taxA.id}/end`)
      .set(bearer(d.communityStaffA.token))
      .send({ note: '协议到期' });
    expectStatus(end, 200);
    expect(end.body).toMatchObject({ status: 'ended', endedAt: expect.any(String), renewalReminderAt: null });

    const again = await t.http.post(`${PAIRINGS}/${taxA.id}/end`).set(bearer(d.communityStaffA.token)).send({});
    expectError(again, 409, 'DUAL_REPORT_PAIRING_ENDED');
    const patch = await t.http
      .patch(`${PAIRINGS}/${taxA.id}`)
      .set(bearer(d.communityStaffA.token))
      .send({ termEnd: day(500) });
    expectError(patch, 409, 'DUAL_REPORT_PAIRING_ENDED');

    // A new agreement with the same unit: its pending reminder goes away when it ends.
    const renewed = await created(d.communityStaffA, { signedOn: day(), termStart: day(), termEnd: day(365) });
    expect(renewed.renewalReminderAt).toBe(reminderFor(day(365)));
    const ended = await t.http.post(`${PAIRINGS}/${renewed.id}/end`).set(bearer(d.communityStaffA.token)).send({});
    expectStatus(ended, 200);
    expect(ended.body.renewalReminderAt).toBeNull();
    expect(ids(await pairingsOf(d.communityStaffA, '?status=ended'))).toEqual(ids([taxA, renewed]));
    expect(ids(await pairingsOf(d.communityStaffA, '?status=active'))).toEqual([]);
  });

  it('shows the district which units have no community', async () => {
    const unpaired = () => t.http.get(`${PAIRINGS}/unpaired-units`).set(bearer(d.districtStaff.token));
    const first = await unpaired();
    expectStatus(first, 200);
    expect(first.body).toEqual({
      units: 2,
      paired: 1,
      unpaired: 1,
      items: [{ id: d.powerCompany, name: '供电公司' }],
      nextCursor: null,
    });
    // Only district-wide readers: a street sees part of the picture, so it is refused.
    expectError(await t.http.get(`${PAIRINGS}/unpaired-units`).set(bearer(d.streetStaffA.token)), 403, 'FORBIDDEN');

    // A term ending within the reminder window: reminded at once.
    const power = await created(d.communityStaffA, { partnerId: d.powerCompany, termEnd: day(20) });
    expect(Date.parse(power.renewalReminderAt!)).toBeLessThanOrEqual(clock().now().getTime());
    expect((await unpaired()).body).toEqual({ units: 2, paired: 2, unpaired: 0, items: [], nextCursor: null });
    await waitFor('the immediate reminder', async () => {
      await sweep();
      return (await reminders(d.powerLiaison, power)).length === 1;
    });
  });

  it('shows each community, street and unit only its own pairings', async () => {
    const all = await pairingsOf(d.districtStaff);
    const inA = all.filter((p) => p.communityId === d.communityA.id);
    const power = all.find((p) => p.partnerId === d.powerCompany)!;

    expect(ids(await pairingsOf(d.communityStaffB))).toEqual([taxB.id]);
    expectError(await getPairing(d.communityStaffB, taxA.id), 404, 'NOT_FOUND');
    const foreign = await t.http
      .patch(`${PAIRINGS}/${power.id}`)
      .set(bearer(d.communityStaffB.token))
      .send({ termEnd: day(99) });
    expectError(foreign, 404, 'NOT_FOUND');
    expectError(await create(d.communityStaffB, { partnerId: d.powerCompany }), 404, 'NOT_FOUND');

    expect(ids(await pairingsOf(d.streetStaffA))).toEqual(ids(inA));
    expectError(await getPairing(d.streetStaffA, taxB.id), 404, 'NOT_FOUND');
    expect(ids(await pairingsOf(d.districtStaff, `?unitId=${d.streetB.id}`))).toEqual([taxB.id]);
    expect(ids(await pairingsOf(d.districtStaff, `?partnerId=${d.powerCompany}&status=active`))).toEqual([power.id]);

    // A unit's liaison: its own unit's active pairings, with the agreement; nothing else.
    const mine = async (who: Person) => (await listAll(t, who.token, `${PAIRINGS}/mine`)) as unknown as Pairing[];
    const taxMine = await mine(d.taxLiaison);
    expect(ids(taxMine)).toEqual([taxB.id]);
    expect(taxMine[0]).toMatchObject({ communityName: '社区B1', termEnd: taxB.termEnd });
    expect(titles(taxMine[0]!.agreement.assessmentItems)).toContain('结对项目完成率');
    expect(ids(await mine(d.powerLiaison))).toEqual([power.id]);
    expectError(await t.http.get(PAIRINGS).set(bearer(d.taxLiaison.token)), 403, 'FORBIDDEN');
    expectError(await t.http.get(`${PAIRINGS}/mine`).set(bearer(d.memberA1.token)), 403, 'FORBIDDEN');
  });

  it('keeps other districts out', async () => {
    const other = await otherDualTenant(t);
    expectError(await getPairing(other.admin, taxB.id), 404, 'NOT_FOUND');
    expect(await pairingsOf(other.admin)).toEqual([]);
    expect(await listAll(t, other.admin.token, `${PAIRINGS}/mine`)).toEqual([]);
    const unpaired = await t.http.get(`${PAIRINGS}/unpaired-units`).set(bearer(other.admin.token));
    expect(unpaired.body).toEqual({ units: 0, paired: 0, unpaired: 0, items: [], nextCursor: null });
    expectError(await create(other.admin), 404, 'NOT_FOUND');
    const end = await t.http.post(`${PAIRINGS}/${taxB.id}/end`).set(bearer(other.admin.token)).send({});
    expectError(end, 404, 'NOT_FOUND');
    expect((await read(d.communityStaffB, taxB.id)).status).toBe('active');
  });

  it('answers a unit linked in another subtree as it answers an unknown id, and pairs it within that subtree', async () => {
    // Community B1's own unit: on its part of the register, not the district's.
    const res = await t.http
      .post('/api/v1/partner-bodies')
      .set(bearer(d.admin.token))
      .send({ type: 'unit', name: '社区B1卫生服务站', orgUnitId: d.communityB.id });
    expectStatus(res, 201);
    const communityBUnit = res.body.id as string;
    const unknownId = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    const unknown = await create(d.communityStaffA, { partnerId: unknownId });
    const hidden = await create(d.communityStaffA, { partnerId: communityBUnit });
    expectError(unknown, 400, 'DUAL_REPORT_NOT_A_UNIT');
    expectError(hidden, 400, 'DUAL_REPORT_NOT_A_UNIT');
    expect(hidden.body.message).not.toContain('卫生服务站');
    expect(hidden.body.message.replace(communityBUnit, 'ID')).toBe(unknown.body.message.replace(unknownId, 'ID'));
    // Rating it is refused the same way: the rater cannot tell it exists.
    const rate = (partnerId: string) =>
      t.http
        .post(`${DUAL}/evaluations/units`)
        .set(bearer(d.communityStaffA.token))
        .send({ communityId: d.communityA.id, year: Number(day().slice(0, 4)), partnerId, score: 90, itemScores: {} });
    const [rateUnknown, rateHidden] = [await rate(unknownId), await rate(communityBUnit)];
    expect([rateHidden.status, rateHidden.body.code]).toEqual([rateUnknown.status, rateUnknown.body.code]);
    expect(JSON.stringify(rateHidden.body)).not.toContain('卫生服务站');

    // Its own community pairs with it.
    const paired = await created(d.communityStaffB, { communityId: d.communityB.id, partnerId: communityBUnit });
    expect(paired.partnerName).toBe('社区B1卫生服务站');
  });
});
