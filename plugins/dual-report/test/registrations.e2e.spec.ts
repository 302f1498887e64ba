import { expectError, expectStatus, listAll } from '../../../tests/support/expect';
import { bearer, type TestApp } from '../../../tests/support/test-app';
import {
  DUAL,
  dualDistrict,
  inServiceMember,
  dualInbox,
  otherDualTenant,
  racingAt,
  startDualApp,
  type DualDistrict,
  type Person,
} from './support';

/**
 * 在职党员到居住地社区报到 through the real app: a member applies to the community where they
 * live, the community approves or refuses with a reason, one community at a time; moving house
 * transfers the registration and keeps the history.
 */

type Registration = {
  id: string;
  memberId: string;
  memberName: string;
  communityId: string;
  communityName: string;
  partnerId: string | null;
  partnerName: string | null;
  status: string;
  transferPending: boolean;
  skills: string[];
  availableDays: string[];
  note: string;
  decidedAt: string | null;
  decidedBy: string | null;
  reason: string;
  transferredFrom: string | null;
};

describe('dual-report registrations', () => {
  let t: TestApp;
  let d: DualDistrict;
  let other: Awaited<ReturnType<typeof otherDualTenant>>;
  let n = 0;

  const send = (method: 'post' | 'patch', who: Person, path: string, body: object = {}, lang?: string) => {
    const req = t.http[method](`${DUAL}/registrations${path}`).set(bearer(who.token));
    if (lang) void req.set('Accept-Language', lang);
    return req.send(body);
  };
  const apply = (who: Person, body: Record<string, unknown>, lang?: string) => send('post', who, '', body, lang);
  const applied = async (who: Person, communityId: string, body: Record<string, unknown> = {}) => {
    const res = await apply(who, { communityId, ...body });
    expectStatus(res, 201);
    return res.body as Registration;
  };
  const decide = (who: Person, id: string, action: 'approve' | 'refuse' | 'withdraw', body: object = {}) =>
    send('post', who, `/${id}/${action}`, body);
  const decided = async (who: Person, id: string, action: 'approve' | 'refuse' | 'withdraw', body: object = {}) => {
    const res = await decide(who, id, action, body);
    expectStatus(res, 200);
    return res.body as Registration;
  };
  const transfer = (who: Person, body: Record<string, unknown>) => send('post', who, '/transfer', body);
  const mine = async (who: Person) => {
    const res = await t.http.get(`${DUAL}/registrations/mine`).set(bearer(who.token));
    expectStatus(res, 200);
    return res.body.items as Registration[];
  };
  const list = async (who: Person, query = '') =>
    (await listAll(t, who.token, `${DUAL}/registrations${query}`)) as Registration[];
  const getOne = (who: Person, id: string) => t.http.get(`${DUAL}/registrations/${id}`).set(bearer(who.token));
  /** A fresh in-service member of the 税务局 (party_member at grid A1-1). */
  const newMember = () => inServiceMember(t, d, `member${++n}`, d.taxBureau, d.gridA.id);

  beforeAll(async () => {
    t = await startDualApp();
    d = await dualDistrict(t, 'dregs');
    other = await otherDualTenant(t);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('a member applies to their home community, which approves; the member is told', async () => {
    const r = await applied(d.memberA1, d.communityA.id, { skills: ['法律咨询', '电脑维修'], note: '周末有空' });
    expect(r).toMatchObject({
      memberId: d.memberA1.id,
      memberName: 'memberA1',
      communityId: d.communityA.id,
      communityName: '社区A1',
      partnerId: d.taxBureau,
      partnerName: '区税务局',
      status: 'pending',
      transferPending: false,
      skills: ['法律咨询', '电脑维修'],
      // 祥云: the district's service days, Friday and Sunday, unless the member says otherwise.
      availableDays: ['friday', 'sunday'],
      note: '周末有空',
      decidedAt: null,
      transferredFrom: null,
    });
    expect((await list(d.communityStaffA, '?status=pending')).map((x) => x.id)).toContain(r.id);

    const approved = await decided(d.communityStaffA, r.id, 'approve', { note: '欢迎报到' });
    expect(approved).toMatchObject({ id: r.id, status: 'approved', decidedBy: d.communityStaffA.id });
    expect(approved.decidedAt).not.toBeNull();
    const told = await dualInbox(t, d.memberA1, 'registration-approved');
    expect(told.map((m) => m.data.registrationId)).toEqual([r.id]);
    expect(told[0]!.title).toContain('社区A1');
    expect((await mine(d.memberA1)).map((x) => [x.id, x.status])).toEqual([[r.id, 'approved']]);
  });

  it('refuses a non-community, an unknown unit and bad profiles, writing nothing', async () => {
    const m = await newMember();
    expectError(await apply(m, { communityId: d.gridA.id }), 400, 'DUAL_REPORT_NOT_A_COMMUNITY');
    expectError(await apply(m, { communityId: d.streetA.id }), 400, 'DUAL_REPORT_NOT_A_COMMUNITY');
    expectError(await apply(m, { communityId: '0196f6c2-7a10-7000-8000-000000000001' }), 404, 'NOT_FOUND');
    expectError(await apply(m, { communityId: other.tenant.rootUnitId }), 404, 'NOT_FOUND');
    const bad = [
      { skills: Array.from({ length: 21 }, (_, i) => `技能${i}`) },
      { skills: [''] },
      { skills: ['x'.repeat(51)] },
      { availableDays: ['someday'] },
      { availableDays: ['friday', 'friday'] },
      { note: 'x'.repeat(501) },
      { status: 'approved' },
    ];
    for (const body of bad)
      expectError(await apply(m, { communityId: d.communityA.id, ...body }), 400, 'VALIDATION_FAILED');
    // Staff do not apply (the guard).
    expectError(await apply(d.communityStaffA, { communityId: d.communityA.id }), 403, 'FORBIDDEN');
    expect(await mine(m)).toEqual([]);
    // Someone who works for no unit may report too: there is then no unit to report back to.
    const unitless = await applied(d.admin, d.communityB.id);
    expect(unitless).toMatchObject({ partnerId: null, partnerName: null, memberName: '管理员' });
    await decided(d.admin, unitless.id, 'withdraw');
  });

  it('one community at a time: a second application is 409 naming the first, nothing written, also when racing', async () => {
    const res = await apply(d.memberA1, { communityId: d.communityB.id }, 'en');
    expectError(res, 409, 'DUAL_REPORT_ALREADY_REGISTERED');
    expect(res.body.message).toBe('You are already registered with 社区A1 (approved): one community at a time');
    expect((await mine(d.memberA1)).length).toBe(1);

    const m = await newMember();
    const pending = await applied(m, d.communityA.id);
    const second = await apply(m, { communityId: d.communityA.id });
    expectError(second, 409, 'DUAL_REPORT_ALREADY_REGISTERED');
    expect(second.body.message).toBe('你已在社区A1报到（待审核），同一时间只能在一个社区报到');

    // Two requests at once: the partial unique index decides, the loser gets the same 409.
    const racer = await newMember();
    const answers = await racingAt('dual_report_registrations', () =>
      Promise.all([apply(racer, { communityId: d.communityA.id }), apply(racer, { communityId: d.communityB.id })]),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expectError(
      answers.find((a) => a.status === 409)!,
      409,
      'DUAL_REPORT_ALREADY_REGISTERED',
    );
    expect((await mine(racer)).length).toBe(1);
    expect((await mine(m)).map((x) => x.id)).toEqual([pending.id]);
  });

  it('the community refuses with a reason, only its own and only while pending; the member may apply elsewhere', async () => {
    const r = await applied(d.memberB1, d.communityA.id);
    expectError(await decide(d.communityStaffA, r.id, 'refuse', {}), 400, 'VALIDATION_FAILED');
    expectError(await decide(d.communityStaffA, r.id, 'refuse', { reason: '' }), 400, 'VALIDATION_FAILED');
    // Community B cannot see it; street A reads it but does not review; the member cannot decide.
    expectError(await decide(d.communityStaffB, r.id, 'refuse', { reason: '不是本社区' }), 404, 'NOT_FOUND');
    expectError(await decide(d.streetStaffA, r.id, 'approve'), 403, 'FORBIDDEN');
    expectError(await decide(d.memberB1, r.id, 'approve'), 403, 'FORBIDDEN');

    const refused = await decided(d.communityStaffA, r.id, 'refuse', { reason: '经核实不在本社区居住' });
    expect(refused).toMatchObject({
      status: 'refused',
      reason: '经核实不在本社区居住',
      decidedBy: d.communityStaffA.id,
    });
    const told = await dualInbox(t, d.memberB1, 'registration-refused');
    expect(told.map((m) => [m.data.registrationId, m.body])).toEqual([[r.id, '经核实不在本社区居住']]);
    const decidedTwice = await decide(d.communityStaffA, r.id, 'approve');
    expectError(decidedTwice, 409, 'DUAL_REPORT_REGISTRATION_NOT_PENDING');
    // The status in a Chinese sentence is Chinese (it said “refused”).
    expect(decidedTwice.body.message).toBe('该报到已处理（当前状态“未通过”），只有待审核的报到可以审核或撤回');
    expectError(await decide(d.memberB1, r.id, 'withdraw'), 409, 'DUAL_REPORT_REGISTRATION_NOT_PENDING');

    // A refusal is history, not a registration: applying where they really live works.
    const again = await applied(d.memberB1, d.communityB.id);
    await decided(d.communityStaffB, again.id, 'approve');
    expect((await mine(d.memberB1)).map((x) => [x.communityName, x.status])).toEqual([
      ['社区B1', 'approved'],
      ['社区A1', 'refused'],
    ]);
  });

  it('the member withdraws a pending application, and edits the profile while it is live', async () => {
    const m = await newMember();
    const r = await applied(m, d.communityA.id);
    expectError(await decide(d.memberA1, r.id, 'withdraw'), 404, 'NOT_FOUND');
    const edit = await send('patch', m, `/${r.id}`, { skills: ['医疗'], availableDays: ['sunday', 'saturday'] });
    expectStatus(edit, 200);
    expect(edit.body).toMatchObject({ skills: ['医疗'], availableDays: ['saturday', 'sunday'], note: '' });
    expectError(await send('patch', d.memberA1, `/${r.id}`, { note: '改' }), 404, 'NOT_FOUND');
    expectError(await send('patch', m, `/${r.id}`, { availableDays: ['noday'] }), 400, 'VALIDATION_FAILED');

    const withdrawn = await decided(m, r.id, 'withdraw', { note: '暂不报到' });
    expect(withdrawn).toMatchObject({ status: 'withdrawn', decidedBy: m.id, reason: '暂不报到' });
    expectError(await decide(d.communityStaffA, r.id, 'approve'), 409, 'DUAL_REPORT_REGISTRATION_NOT_PENDING');
    expectError(await send('patch', m, `/${r.id}`, { note: '改' }), 409, 'DUAL_REPORT_REGISTRATION_CLOSED');
    expect((await mine(m)).map((x) => x.status)).toEqual(['withdrawn']);
  });

  it('each community sees its own members, with names and units; filters narrow the list', async () => {
    const inA = await list(d.communityStaffA);
    const inB = await list(d.communityStaffB);
    expect(inA.length).toBeGreaterThan(0);
    expect(inA.every((r) => r.communityId === d.communityA.id)).toBe(true);
    expect(inB.every((r) => r.communityId === d.communityB.id)).toBe(true);
    const b1 = inB.find((r) => r.memberId === d.memberB1.id && r.status === 'approved')!;
    expect(b1).toMatchObject({ memberName: 'memberB1', partnerName: '供电公司', communityName: '社区B1' });
    expect(inA.some((r) => r.id === b1.id)).toBe(false);
    expectError(await getOne(d.communityStaffA, b1.id), 404, 'NOT_FOUND');
    expectStatus(await getOne(d.communityStaffB, b1.id), 200);
    expectStatus(await getOne(d.memberB1, b1.id), 200);
    expectError(await getOne(d.memberA1, b1.id), 404, 'NOT_FOUND');
    expectError(await getOne(d.communityStaffA, 'not-a-uuid'), 404, 'NOT_FOUND');

    expect((await list(d.streetStaffA)).map((r) => r.id).sort()).toEqual(inA.map((r) => r.id).sort());
    const all = await list(d.districtStaff);
    expect(all.length).toBe(inA.length + inB.length);
    expect((await list(d.districtStaff, `?communityId=${d.streetB.id}`)).map((r) => r.id)).toEqual(
      inB.map((r) => r.id),
    );
    const power = await list(d.districtStaff, `?partnerId=${d.powerCompany}`);
    expect(power.length).toBe(2);
    expect(power.every((r) => r.memberId === d.memberB1.id)).toBe(true);
    expect((await list(d.districtStaff, '?status=refused')).map((r) => r.memberId)).toEqual([d.memberB1.id]);
    expectError(
      await t.http.get(`${DUAL}/registrations?communityId=${d.communityB.id}`).set(bearer(d.communityStaffA.token)),
      404,
      'NOT_FOUND',
    );
    expectError(await t.http.get(`${DUAL}/registrations`).set(bearer(d.memberA1.token)), 403, 'FORBIDDEN');
  });

  it('moving house: the new community approves the transfer, the old registration is kept as transferred', async () => {
    const [old] = await mine(d.memberA1);
    const res = await transfer(d.memberA1, { communityId: d.communityB.id, note: '搬家到B社区' });
    expectStatus(res, 201);
    const moved = res.body as Registration;
    expect(moved).toMatchObject({
      communityId: d.communityB.id,
      status: 'pending',
      transferredFrom: old!.id,
      skills: old!.skills,
      availableDays: old!.availableDays,
      note: '搬家到B社区',
    });
    // Until B decides, the old one waits: transferred, still pending the move.
    expect((await mine(d.memberA1)).map((x) => [x.id, x.status, x.transferPending])).toEqual([
      [moved.id, 'pending', false],
      [old!.id, 'transferred', true],
    ]);
    expectError(await transfer(d.memberA1, { communityId: d.communityB.id }), 409, 'DUAL_REPORT_ALREADY_REGISTERED');
    expectError(await apply(d.memberA1, { communityId: d.communityA.id }), 409, 'DUAL_REPORT_ALREADY_REGISTERED');
    expect((await list(d.communityStaffB, '?status=pending')).map((x) => x.id)).toContain(moved.id);
    // Community A does not decide B's transfer.
    expectError(await decide(d.communityStaffA, moved.id, 'approve'), 404, 'NOT_FOUND');

    await decided(d.communityStaffB, moved.id, 'approve');
    const history = await mine(d.memberA1);
    expect(history.map((x) => [x.id, x.communityName, x.status, x.transferPending])).toEqual([
      [moved.id, '社区B1', 'approved', false],
      [old!.id, '社区A1', 'transferred', false],
    ]);
    expect(history[1]).toMatchObject({ reason: 'moved to 社区B1', decidedBy: d.communityStaffB.id });
    expect(history[1]!.decidedAt).toBe(history[0]!.decidedAt);
  });

  it('a refused or withdrawn transfer leaves the member where they were; nothing to transfer is 409', async () => {
    const m = await newMember();
    expectError(await transfer(m, { communityId: d.communityB.id }), 409, 'DUAL_REPORT_NOT_REGISTERED');
    const first = await applied(m, d.communityA.id);
    // A pending application is not transferred: withdraw it and apply again.
    expectError(await transfer(m, { communityId: d.communityB.id }), 409, 'DUAL_REPORT_ALREADY_REGISTERED');
    await decided(d.communityStaffA, first.id, 'approve');
    expectError(await transfer(m, { communityId: d.communityA.id }), 409, 'DUAL_REPORT_TRANSFER_SAME_COMMUNITY');
    expectError(await transfer(m, { communityId: d.gridB.id }), 400, 'DUAL_REPORT_NOT_A_COMMUNITY');

    const refusedMove = (await transfer(m, { communityId: d.communityB.id })).body as Registration;
    await decided(d.communityStaffB, refusedMove.id, 'refuse', { reason: '未在本社区居住' });
    expect((await mine(m)).map((x) => [x.id, x.status, x.transferPending])).toEqual([
      [refusedMove.id, 'refused', false],
      [first.id, 'approved', false],
    ]);

    const withdrawnMove = (await transfer(m, { communityId: d.communityB.id })).body as Registration;
    expect(withdrawnMove.transferredFrom).toBe(first.id);
    await decided(m, withdrawnMove.id, 'withdraw');
    const history = await mine(m);
    expect(history.map((x) => [x.id, x.status])).toEqual([
      [withdrawnMove.id, 'withdrawn'],
      [refusedMove.id, 'refused'],
      [first.id, 'approved'],
    ]);
    // Still approved at A, with its original decision, and editable.
    expect(history[2]).toMatchObject({ decidedBy: d.communityStaffA.id, reason: '' });
    expectStatus(await send('patch', m, `/${first.id}`, { note: '仍在A社区' }), 200);
  });

  it('another district sees none of it', async () => {
    const [r] = await mine(d.memberA1);
    expect(await list(other.admin)).toEqual([]);
    expectError(await getOne(other.admin, r!.id), 404, 'NOT_FOUND');
    expectError(await decide(other.admin, r!.id, 'approve'), 404, 'NOT_FOUND');
    expectError(await apply(other.admin, { communityId: d.communityA.id }), 404, 'NOT_FOUND');
    expect(await mine(other.admin)).toEqual([]);
  });
});
