import { Clock } from '@tongxin/jobs';
import { v7 as uuidv7 } from 'uuid';
import { expectError, expectStatus, listAll } from '../../../tests/support/expect';
import { bearer, type TestApp } from '../../../tests/support/test-app';
import {
  DUAL,
  dualDistrict,
  dualInbox,
  otherDualTenant,
  pairUnit,
  registerMember,
  startDualApp,
  type DualDistrict,
  type Person,
} from './support';

/**
 * 社区吹号、支部吹哨 → 机关报到、党员报到 through the real app: a community or grid branch posts a
 * call, its reported members and paired units hear of it and sign up, places run out exactly, and
 * the community confirms who came, the hours and what was done — all or nothing.
 */

type Signup = {
  id: string;
  memberId: string | null;
  partnerId: string | null;
  memberPartnerId: string | null;
  status: string;
  hours: number;
  workDone: string;
};
type Call = {
  id: string;
  unitId: string;
  unitName: string;
  communityId: string;
  kind: string;
  status: string;
  capacity: number;
  placesLeft: number;
  postedBy: string | null;
  signups: Signup[];
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('dual-report calls and sign-ups', () => {
  let t: TestApp;
  let d: DualDistrict;
  let other: Awaited<ReturnType<typeof otherDualTenant>>;

  const clock = () => t.app.get(Clock, { strict: false });
  const at = (ms: number) => new Date(clock().now().getTime() + ms).toISOString();
  const post = (who: Person, body: Record<string, unknown> = {}, lang?: string) => {
    const req = t.http.post(`${DUAL}/calls`).set(bearer(who.token));
    if (lang) void req.set('Accept-Language', lang);
    return req.send({
      unitId: d.communityA.id,
      kind: 'activity',
      title: '重阳节敬老院义务理发',
      description: '为老人理发、修剪指甲',
      place: '社区养老服务中心',
      startsAt: at(2 * DAY),
      endsAt: at(2 * DAY + 3 * HOUR),
      capacity: 5,
      skillsWanted: ['理发'],
      ...body,
    });
  };
  const posted = async (body: Record<string, unknown> = {}, who: Person = d.communityStaffA) => {
    const res = await post(who, body);
    expectStatus(res, 201);
    return res.body as Call;
  };
  const signUp = (who: Person, callId: string, body: Record<string, unknown> = {}, lang?: string) => {
    const req = t.http.post(`${DUAL}/calls/${callId}/signups`).set(bearer(who.token));
    if (lang) void req.set('Accept-Language', lang);
    return req.send(body);
  };
  const signedUp = async (who: Person, callId: string, body: Record<string, unknown> = {}) => {
    const res = await signUp(who, callId, body);
    expectStatus(res, 201);
    return res.body as Signup;
  };
  const getCall = (who: Person, id: string) => t.http.get(`${DUAL}/calls/${id}`).set(bearer(who.token));
  const callOf = async (who: Person, id: string) => {
    const res = await getCall(who, id);
    expectStatus(res, 200);
    return res.body as Call;
  };
  const callsOf = async (who: Person, query = '') => (await listAll(t, who.token, `${DUAL}/calls${query}`)) as Call[];
  const attendance = (who: Person, id: string, entries: Record<string, unknown>[]) =>
    t.http.post(`${DUAL}/calls/${id}/attendance`).set(bearer(who.token)).send({ entries });

  beforeAll(async () => {
    t = await startDualApp();
    d = await dualDistrict(t, 'dcalls');
    other = await otherDualTenant(t);
    await registerMember(t, d, d.memberA1, d.communityA.id);
    await registerMember(t, d, d.memberA2, d.communityA.id);
    await registerMember(t, d, d.memberB1, d.communityB.id);
    await pairUnit(t, d, d.taxBureau, d.communityA.id);
    await pairUnit(t, d, d.powerCompany, d.communityB.id);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('a community posts a call: its reported members and the liaison of its paired unit are told, nobody else', async () => {
    const call = await posted();
    expect(call).toMatchObject({
      unitId: d.communityA.id,
      unitName: '社区A1',
      communityId: d.communityA.id,
      kind: 'activity',
      status: 'open',
      capacity: 5,
      placesLeft: 5,
      postedBy: d.communityStaffA.id,
      signups: [],
    });
    for (const who of [d.memberA1, d.memberA2, d.taxLiaison])
      expect((await dualInbox(t, who, 'call-posted')).map((n) => n.data.callId)).toContain(call.id);
    for (const who of [d.memberB1, d.powerLiaison])
      expect((await dualInbox(t, who, 'call-posted')).map((n) => n.data.callId)).not.toContain(call.id);

    // A retried post (same Idempotency-Key) is the same call, not a second one.
    const body = {
      unitId: d.communityA.id,
      kind: 'need',
      title: '重试',
      startsAt: at(2 * DAY),
      endsAt: at(2 * DAY + HOUR),
      capacity: 1,
    };
    const retry = () =>
      t.http
        .post(`${DUAL}/calls`)
        .set(bearer(d.communityStaffA.token))
        .set('Idempotency-Key', `call-${call.id}`)
        .send(body);
    const [first, second] = [await retry(), await retry()];
    expectStatus(second, 201);
    expect(second.body.id).toBe(first.body.id);

    // 支部吹哨: a grid branch posts in its own grid, which lies in community A.
    const gridCall = await posted({ unitId: d.gridA.id, kind: 'need', title: '楼道清理' }, d.gridLeaderA);
    expect(gridCall).toMatchObject({ unitId: d.gridA.id, communityId: d.communityA.id, kind: 'need' });
  });

  it('refuses a call at the wrong level, in the past, ending before it starts or with no places, writing nothing', async () => {
    const before = (await callsOf(d.admin)).length;
    expectError(await post(d.admin, { unitId: d.streetA.id }), 400, 'DUAL_REPORT_CALL_UNIT_LEVEL');
    expectError(await post(d.communityStaffA, { startsAt: at(-HOUR) }), 400, 'DUAL_REPORT_CALL_STARTS_IN_PAST');
    expectError(
      await post(d.communityStaffA, { startsAt: at(DAY), endsAt: at(DAY - HOUR) }),
      400,
      'DUAL_REPORT_CALL_ENDS_BEFORE_START',
    );
    expectError(await post(d.communityStaffA, { capacity: 0 }), 400, 'VALIDATION_FAILED');
    // Community B's staff cannot post in community A; party members cannot post at all.
    expectError(await post(d.communityStaffB), 404, 'NOT_FOUND');
    expectError(await post(d.memberA1), 403, 'FORBIDDEN');
    expect((await callsOf(d.admin)).length).toBe(before);
  });

  it('each sees their own: staff their scope, members their community, liaisons their paired communities', async () => {
    const call = await posted({ title: '社区义诊' });
    const seenBy = async (who: Person) => (await callsOf(who)).some((c) => c.id === call.id);
    for (const who of [d.communityStaffA, d.streetStaffA, d.districtStaff, d.memberA1, d.taxLiaison])
      expect(await seenBy(who)).toBe(true);
    for (const who of [d.communityStaffB, d.streetStaffB, d.memberB1, d.powerLiaison]) {
      expect(await seenBy(who)).toBe(false);
      expectError(await getCall(who, call.id), 404, 'NOT_FOUND');
    }
    // Filters: kind, status, the posting unit's subtree and the start.
    const needs = await callsOf(d.communityStaffA, `?kind=need&unitId=${d.gridA.id}`);
    expect(needs.length).toBeGreaterThan(0);
    expect(needs.every((c) => c.kind === 'need' && c.unitId === d.gridA.id)).toBe(true);
    expect((await callsOf(d.communityStaffA, '?status=cancelled')).some((c) => c.id === call.id)).toBe(false);
    const window = `?from=${encodeURIComponent(at(DAY))}&to=${encodeURIComponent(at(3 * DAY))}`;
    expect((await callsOf(d.communityStaffA, window)).some((c) => c.id === call.id)).toBe(true);
    expect((await callsOf(d.communityStaffA, `?to=${encodeURIComponent(at(DAY))}`)).length).toBe(0);
    expectError(
      await t.http.get(`${DUAL}/calls?unitId=${d.communityA.id}`).set(bearer(d.communityStaffB.token)),
      404,
      'NOT_FOUND',
    );
  });

  it('members sign up for themselves and liaisons for their unit; others are refused with nothing written', async () => {
    const call = await posted({ title: '垃圾分类宣传' });
    const mine = await signedUp(d.memberA1, call.id);
    expect(mine).toMatchObject({
      memberId: d.memberA1.id,
      partnerId: null,
      memberPartnerId: d.taxBureau,
      status: 'signed',
    });
    const unit = await signedUp(d.taxLiaison, call.id, { asUnit: true });
    expect(unit).toMatchObject({ memberId: null, partnerId: d.taxBureau, status: 'signed' });

    // Another community's member and an unpaired unit cannot see the call: not found, exactly as a
    // random id, so a refusal never tells which ids are calls elsewhere.
    const unknown = await signUp(d.memberB1, uuidv7());
    expectError(unknown, 404, 'NOT_FOUND');
    for (const res of [await signUp(d.memberB1, call.id), await signUp(d.powerLiaison, call.id, { asUnit: true })]) {
      expectError(res, 404, 'NOT_FOUND');
      expect(res.body.message).toBe(unknown.body.message);
    }
    expectError(await signUp(d.memberA2, call.id, { asUnit: true }), 403, 'DUAL_REPORT_NOT_A_LIAISON');
    // Who sees the call but is not registered with its community is told so.
    expectError(await signUp(d.admin, call.id), 409, 'DUAL_REPORT_NOT_REGISTERED_HERE');
    expectError(await signUp(d.memberA1, call.id), 409, 'DUAL_REPORT_ALREADY_SIGNED_UP');
    expectError(await signUp(d.taxLiaison, call.id, { asUnit: true }), 409, 'DUAL_REPORT_ALREADY_SIGNED_UP');
    expectError(await signUp(d.communityStaffB, call.id), 403, 'FORBIDDEN');

    const staffView = await callOf(d.communityStaffA, call.id);
    expect(staffView.placesLeft).toBe(3);
    expect(staffView.signups.map((s) => s.id)).toEqual([mine.id, unit.id]);
    // A member and a liaison see only their own sign-up.
    expect((await callOf(d.memberA1, call.id)).signups.map((s) => s.id)).toEqual([mine.id]);
    expect((await callOf(d.taxLiaison, call.id)).signups.map((s) => s.id)).toEqual([unit.id]);
    expect((await callOf(d.memberA2, call.id)).signups).toEqual([]);

    // Withdrawn by whoever signed up, not by anyone else; the place comes back.
    const cancel = (who: Person, id: string) =>
      t.http.post(`${DUAL}/calls/${call.id}/signups/${id}/cancel`).set(bearer(who.token)).send({});
    expectError(await cancel(d.memberA2, mine.id), 404, 'NOT_FOUND');
    expectStatus(await cancel(d.memberA1, mine.id), 200);
    expectError(await cancel(d.memberA1, mine.id), 409, 'DUAL_REPORT_NOT_SIGNED_UP');
    expect((await callOf(d.communityStaffA, call.id)).placesLeft).toBe(4);
    // Signing up again after withdrawing is a new sign-up.
    await signedUp(d.memberA1, call.id);
  });

  it('past capacity is refused, and two members racing for the last place get exactly one', async () => {
    const call = await posted({ title: '消防安全演练', capacity: 2 });
    await signedUp(d.taxLiaison, call.id, { asUnit: true });
    const answers = await Promise.all([signUp(d.memberA1, call.id), signUp(d.memberA2, call.id)]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    const loser = answers.find((r) => r.status === 409)!;
    expectError(loser, 409, 'DUAL_REPORT_CALL_FULL');
    const view = await callOf(d.communityStaffA, call.id);
    expect(view.placesLeft).toBe(0);
    expect(view.signups).toHaveLength(2);
  });

  it('a closed or cancelled call takes no sign-ups; cancelling tells those signed up', async () => {
    const closing = await posted({ title: '周末植树' });
    await signedUp(d.memberA1, closing.id);
    expectError(
      await t.http.post(`${DUAL}/calls/${closing.id}/close`).set(bearer(d.communityStaffB.token)).send({}),
      404,
      'NOT_FOUND',
    );
    expectStatus(
      await t.http.post(`${DUAL}/calls/${closing.id}/close`).set(bearer(d.communityStaffA.token)).send({}),
      200,
    );
    const refused = await signUp(d.memberA1, closing.id, {}, 'en');
    expectError(refused, 409, 'DUAL_REPORT_CALL_CLOSED');
    expect(refused.body.message).toBe('The call "周末植树" is closed, over or cancelled');
    // A member who did not sign up sees only open calls: a closed one is not found, as in the list.
    expectError(await signUp(d.memberA2, closing.id), 404, 'NOT_FOUND');

    const cancelling = await posted({ title: '社区运动会' });
    const s = await signedUp(d.memberA2, cancelling.id);
    const res = await t.http
      .post(`${DUAL}/calls/${cancelling.id}/cancel`)
      .set(bearer(d.communityStaffA.token))
      .send({ reason: '因天气原因取消' });
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ status: 'cancelled', signups: [{ id: s.id, status: 'cancelled' }] });
    const told = await dualInbox(t, d.memberA2, 'call-cancelled');
    expect(told.map((n) => [n.data.callId, n.body])).toContainEqual([cancelling.id, '因天气原因取消']);
    // Open calls only: members no longer see a cancelled call they were not signed up to, and
    // signing up to it answers not found, as reading it does.
    expect((await callsOf(d.memberA1)).some((c) => c.id === cancelling.id)).toBe(false);
    expectError(await signUp(d.memberA1, cancelling.id), 404, 'NOT_FOUND');
  });

  it('attendance: after the start only, for live sign-ups of this call only, hours within limits, all or nothing', async () => {
    const call = await posted({ title: '敬老院打扫', startsAt: at(HOUR), endsAt: at(4 * HOUR) });
    const a1 = await signedUp(d.memberA1, call.id);
    const a2 = await signedUp(d.memberA2, call.id);
    const unit = await signedUp(d.taxLiaison, call.id, { asUnit: true });
    const elsewhere = await posted({ title: '另一场活动' });
    const foreign = await signedUp(d.memberA1, elsewhere.id);
    const good = { signupId: a1.id, attended: true, hours: 2.5, workDone: '打扫院落' };

    expectError(await attendance(d.communityStaffA, call.id, [good]), 409, 'DUAL_REPORT_CALL_NOT_STARTED');
    clock().advance(2 * HOUR);
    // The sign-up cannot be withdrawn once the call has started.
    expectError(
      await t.http.post(`${DUAL}/calls/${call.id}/signups/${a2.id}/cancel`).set(bearer(d.memberA2.token)).send({}),
      409,
      'DUAL_REPORT_CALL_STARTED',
    );

    // Someone who did not sign up to this call: the whole batch is refused.
    const notHere = await attendance(d.communityStaffA, call.id, [
      good,
      { signupId: foreign.id, attended: true, hours: 1 },
    ]);
    expectError(notHere, 409, 'DUAL_REPORT_NOT_SIGNED_UP');
    const unknown = '0190a3b4-0000-7000-8000-000000000000';
    expectError(
      await attendance(d.communityStaffA, call.id, [{ signupId: unknown, attended: false }]),
      409,
      'DUAL_REPORT_NOT_SIGNED_UP',
    );
    // Longer than the call (3 hours), or over the district's maximum once it is lowered to 2.
    const tooLong = await attendance(d.communityStaffA, call.id, [{ ...good, hours: 3.5 }]);
    expectError(tooLong, 400, 'DUAL_REPORT_HOURS_OUT_OF_RANGE');
    expectError(
      await attendance(d.communityStaffA, call.id, [{ ...good, hours: 0 }]),
      400,
      'DUAL_REPORT_HOURS_OUT_OF_RANGE',
    );
    await t.http.patch(`${DUAL}/settings`).set(bearer(d.admin.token)).send({ maxHoursPerSignup: 2 }).expect(200);
    expectError(await attendance(d.communityStaffA, call.id, [good]), 400, 'DUAL_REPORT_HOURS_OUT_OF_RANGE');
    await t.http.patch(`${DUAL}/settings`).set(bearer(d.admin.token)).send({ maxHoursPerSignup: 12 }).expect(200);
    // Out of scope: 404; a member holds no attendance.confirm: 403.
    expectError(await attendance(d.communityStaffB, call.id, [good]), 404, 'NOT_FOUND');
    expectError(await attendance(d.memberA1, call.id, [good]), 403, 'FORBIDDEN');
    expect((await callOf(d.communityStaffA, call.id)).signups.every((s) => s.status === 'signed')).toBe(true);

    const res = await attendance(d.communityStaffA, call.id, [
      good,
      { signupId: a2.id, attended: false },
      { signupId: unit.id, attended: true, hours: 3, workDone: '捐赠清洁用品' },
    ]);
    expectStatus(res, 200);
    const byId = new Map((res.body as Call).signups.map((s) => [s.id, s]));
    expect(byId.get(a1.id)).toMatchObject({ status: 'attended', hours: 2.5, workDone: '打扫院落' });
    expect(byId.get(a2.id)).toMatchObject({ status: 'absent', hours: 0, workDone: '' });
    expect(byId.get(unit.id)).toMatchObject({ status: 'attended', hours: 3 });
    const logged = await dualInbox(t, d.memberA1, 'service-logged');
    expect(logged.map((n) => n.data)).toContainEqual({ callId: call.id, signupId: a1.id, hours: 2.5 });
    expect((await dualInbox(t, d.memberA2, 'service-logged')).some((n) => n.data.callId === call.id)).toBe(false);

    expectError(await attendance(d.communityStaffA, call.id, [good]), 409, 'DUAL_REPORT_ALREADY_CONFIRMED');
    // Service that happened stays on record: the call can no longer be called off.
    expectError(
      await t.http
        .post(`${DUAL}/calls/${call.id}/cancel`)
        .set(bearer(d.communityStaffA.token))
        .send({ reason: '误操作' }),
      409,
      'DUAL_REPORT_CALL_HAS_ATTENDANCE',
    );
  });

  it('isolates tenants: another district sees none of these calls and cannot act on them', async () => {
    const call = await posted({ title: '租户隔离' });
    const s = await signedUp(d.memberA1, call.id);
    expect(await callsOf(other.admin)).toEqual([]);
    expectError(await getCall(other.admin, call.id), 404, 'NOT_FOUND');
    expectError(await signUp(other.admin, call.id), 404, 'NOT_FOUND');
    expectError(
      await t.http.post(`${DUAL}/calls/${call.id}/close`).set(bearer(other.admin.token)).send({}),
      404,
      'NOT_FOUND',
    );
    expectError(await attendance(other.admin, call.id, [{ signupId: s.id, attended: false }]), 404, 'NOT_FOUND');
  });
});
