import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { TaskExecutor, type TaskData } from '@tongxin/jobs';
import helpDesk from './fixtures/plugins/help-desk/src/index';
import ticketing from './fixtures/plugins/ticketing/src/index';
import { expectError, expectStatus } from './support/expect';
import { OwnerDb } from './support/owner-db';
import { waitFor } from './support/processes';
import {
  bearer,
  buildDistrict,
  createStaff,
  enablePlugin,
  provisionTenant,
  startTestApp,
  type TestApp,
  type TestTenant,
} from './support/test-app';

/** A JSON object as the API answers it, read loosely in assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by value
type Item = Record<string, any>;

/**
 * Referrals (移交/转办) between two practices: `ticketing` (the origin, a stand-in for the grid)
 * hands a ticket to `help-desk` (the target, a stand-in for a mediation room), whose receivers
 * accept or refuse it through the core's inbox; the outcome goes back to the origin.
 */
/** `read`'s answer once `ok` accepts it (tests/support's waitFor, which fails the test after its timeout). */
const eventually = <T>(read: () => Promise<T>, ok: (value: T) => boolean) =>
  waitFor('news of the referral', async () => {
    const value = await read();
    return ok(value) ? value : null;
  });

describe('referrals between practices', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let d: Awaited<ReturnType<typeof buildDistrict>>;
  let otherDistrict: Awaited<ReturnType<typeof buildDistrict>>;
  let receiverB: { id: string; token: string };
  const db = new OwnerDb();
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp({}, { plugins: [helpDesk, ticketing], worker: true });
    tenant = await provisionTenant(t, 'ref');
    d = await buildDistrict(t, tenant);
    receiverB = await createStaff(t, tenant, 'communityB', 'community_staff', d.communityB.id);
    await enablePlugin(t, tenant, 'help-desk');
    await enablePlugin(t, tenant, 'ticketing');
    other = await provisionTenant(t, 'ref-other');
    otherDistrict = await buildDistrict(t, other);
    await enablePlugin(t, other, 'help-desk');
    await enablePlugin(t, other, 'ticketing');
  }, 120_000);
  afterAll(async () => {
    await db.close();
    await t.close();
  });

  /** A ticket in grid A1-1, filed by street A's staff (who may refer it). */
  const newTicket = async () => {
    const number = `T-${++n}`;
    const res = await t.http
      .post('/api/v1/plugins/ticketing/tickets')
      .set(bearer(d.streetStaffA.token))
      .send({ unitId: d.gridA.id, number });
    expectStatus(res, 201);
    return { id: res.body.id as string, number };
  };
  const refer = (ticketId: string, body: Record<string, unknown>, token = d.streetStaffA.token) =>
    t.http.post(`/api/v1/plugins/ticketing/tickets/${ticketId}/refer`).set(bearer(token)).send(body);
  const dispute = (extra: Record<string, unknown> = {}) => ({
    kind: 'help-desk.dispute',
    targetUnitId: d.communityA.id,
    reason: '邻里漏水纠纷，需调解',
    payload: { parties: '张三、李四', phone: '13812341234' },
    ...extra,
  });
  const ticket = async (id: string) => {
    const res = await t.http.get(`/api/v1/plugins/ticketing/tickets/${id}`).set(bearer(d.streetStaffA.token));
    expectStatus(res, 200);
    return res.body as {
      status: string;
      updatesSeen: number;
      lastUpdate: string;
      referrals: Item[];
    };
  };
  const inbox = async (token: string, query = '') => {
    const res = await t.http.get(`/api/v1/referrals${query}`).set(bearer(token));
    expectStatus(res, 200);
    return res.body.items as Item[];
  };
  const referralCount = async () =>
    (await db.query<{ n: number }>(tenant.id, 'select count(*)::int as n from referrals'))[0]!.n;

  it('opens a referral, the receivers accept it, and the outcome reaches the origin without the target’s notes', async () => {
    const { id, number } = await newTicket();
    const opened = await refer(id, dispute());
    expectStatus(opened, 200);
    expect(opened.body).toMatchObject({
      kind: 'help-desk.dispute',
      status: 'pending',
      source: { pluginId: 'ticketing', recordId: id, ref: number },
      target: { pluginId: 'help-desk', unitId: d.communityA.id, name: '社区A1' },
    });
    expect((await ticket(id)).status).toBe('transferred');

    // Community A's staff hold help-desk's case.handle over the target; community B's do not.
    const mine = (await inbox(d.communityStaffA.token)).find((r) => r.id === opened.body.id);
    expect(mine).toMatchObject({ kindName: '矛盾纠纷', status: 'pending', reason: '邻里漏水纠纷，需调解' });
    // The list leaves out what the origin sent (it may hold a phone number); the receiver opens it.
    expect(mine).not.toHaveProperty('payload');
    const detail = await t.http.get(`/api/v1/referrals/${opened.body.id}`).set(bearer(d.communityStaffA.token));
    expect(detail.body.payload).toEqual({ parties: '张三、李四', phone: '13812341234' });
    expect((await inbox(receiverB.token)).map((r) => r.id)).not.toContain(opened.body.id);
    expectError(await t.http.get(`/api/v1/referrals/${opened.body.id}`).set(bearer(receiverB.token)), 404, 'NOT_FOUND');
    expectError(
      await t.http.post(`/api/v1/referrals/${opened.body.id}/accept`).set(bearer(receiverB.token)),
      404,
      'NOT_FOUND',
    );

    // The receivers are told, in their language, once the opening committed.
    const notices = await eventually(
      async () =>
        (await t.http.get('/api/v1/notifications').set(bearer(d.communityStaffA.token)).expect(200)).body
          .items as Item[],
      (items) => items.some((x) => x.data?.referralId === opened.body.id),
    );
    expect(notices.find((x) => x.data?.referralId === opened.body.id)?.title).toBe(`新的移交：矛盾纠纷（${number}）`);

    const accepted = await t.http
      .post(`/api/v1/referrals/${opened.body.id}/accept`)
      .set(bearer(d.communityStaffA.token));
    expectStatus(accepted, 200);
    expect(accepted.body.status).toBe('accepted');
    const deskCaseId = accepted.body.target.recordId as string;
    expect(accepted.body.target.ref).toMatch(/^HD-/);
    expectError(
      await t.http.post(`/api/v1/referrals/${opened.body.id}/accept`).set(bearer(d.communityStaffA.token)),
      409,
      'REFERRAL_NOT_PENDING',
    );
    expect(
      (
        await eventually(
          () => ticket(id),
          (x) => x.lastUpdate === 'accepted:',
        )
      ).lastUpdate,
    ).toBe('accepted:');

    const closed = await t.http
      .post(`/api/v1/plugins/help-desk/cases/${deskCaseId}/close`)
      .set(bearer(d.communityStaffA.token))
      .send({ result: 'agreement', notes: '双方当事人同意赔偿 800 元（保密）' });
    expectStatus(closed, 200);
    const done = await eventually(
      () => ticket(id),
      (x) => x.status === 'closed',
    );
    expect(done).toMatchObject({ status: 'closed', lastUpdate: 'resolved:agreement' });
    expect(done.referrals[0]).toMatchObject({
      status: 'resolved',
      outcome: { result: 'agreement', names: { 'zh-CN': '调解成功', en: 'Agreement reached' } },
    });
    // The origin sees the outcome by name, never what the desk wrote.
    expect(JSON.stringify(done)).not.toMatch(/保密|赔偿/);

    const audit = await db.query<{ action: string; actor_id: string | null }>(
      tenant.id,
      `select action, actor_id from audit_events where entity = 'referral' and entity_id = $1 order by id`,
      [opened.body.id],
    );
    expect(audit).toEqual([
      { action: 'referral.open', actor_id: d.streetStaffA.id },
      { action: 'referral.accept', actor_id: d.communityStaffA.id },
      { action: 'referral.resolve', actor_id: d.communityStaffA.id },
    ]);
  });

  it('sends a refused referral back to the origin and its opener, and the ticket may be referred again', async () => {
    const { id, number } = await newTicket();
    const opened = await refer(id, dispute());
    expectStatus(opened, 200);
    const path = `/api/v1/referrals/${opened.body.id}/refuse`;
    expectError(await t.http.post(path).set(bearer(d.communityStaffA.token)).send({}), 400, 'VALIDATION_FAILED');
    expectError(
      await t.http.post(path).set(bearer(d.communityStaffA.token)).send({ reason: '   ' }),
      400,
      'REFERRAL_REASON_REQUIRED',
    );
    const refused = await t.http
      .post(path)
      .set(bearer(d.communityStaffA.token))
      .set('Accept-Language', 'en')
      .send({ reason: '属于物业维修范围，不属于调解' });
    expectStatus(refused, 200);
    expect(refused.body).toMatchObject({ status: 'refused', refusalReason: '属于物业维修范围，不属于调解' });
    expect(
      (
        await eventually(
          () => ticket(id),
          (x) => x.status === 'open',
        )
      ).lastUpdate,
    ).toBe('refused:');

    const notices = (await t.http.get('/api/v1/notifications').set(bearer(d.streetStaffA.token)).expect(200)).body
      .items as Item[];
    expect(notices.find((x) => x.data?.referralId === opened.body.id)).toMatchObject({
      title: `${number} 的移交被退回（矛盾纠纷）`,
      body: '属于物业维修范围，不属于调解',
    });
    expectStatus(await refer(id, dispute()), 200);
  });

  it('refuses bad referrals with a clear code and writes nothing', async () => {
    const { id } = await newTicket();
    const before = await referralCount();
    const cases: [Record<string, unknown>, number, string][] = [
      [dispute({ kind: 'help-desk.nothing' }), 404, 'REFERRAL_KIND_NOT_FOUND'],
      [dispute({ targetUnitId: otherDistrict.communityA.id }), 404, 'NOT_FOUND'],
      // Community B is neither the ticket's unit nor above it, nor in street A's staff's scope.
      [dispute({ targetUnitId: d.communityB.id }), 404, 'NOT_FOUND'],
      [dispute({ payload: { phone: '13812341234' } }), 400, 'VALIDATION_FAILED'],
      [dispute({ payload: { parties: '张三', secret: 1 } }), 400, 'VALIDATION_FAILED'],
      [dispute({ reason: ' ' }), 400, 'REFERRAL_REASON_REQUIRED'],
      [dispute({ kind: 'help-desk.lift' }), 400, 'REFERRAL_TARGET_REQUIRED'],
    ];
    for (const [body, status, code] of cases) expectError(await refer(id, body), status, code);
    const invalid = await refer(id, dispute({ payload: {} }));
    expect(invalid.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'parties' })]));
    expect(await referralCount()).toBe(before);
    expect((await ticket(id)).status).toBe('open');

    expectStatus(await refer(id, dispute()), 200);
    expectError(await refer(id, dispute()), 409, 'REFERRAL_ALREADY_OPEN');
    expect(await referralCount()).toBe(before + 1);
  });

  it('goes to a partner body: its own staff and the staff over its unit receive it, nobody else', async () => {
    const company = await t.http
      .post('/api/v1/partner-bodies')
      .set(bearer(tenant.adminToken))
      .send({ type: 'unit', name: '阳光物业公司', orgUnitId: d.communityA.id });
    expectStatus(company, 201);
    // Community B's staff member who works for the company: not over community A, but the body's own.
    await t.http
      .patch(`/api/v1/users/${receiverB.id}`)
      .set(bearer(tenant.adminToken))
      .send({ partnerBodyId: company.body.id })
      .expect(200);
    const token = receiverB.token;
    const { id } = await newTicket();
    const opened = await refer(id, {
      kind: 'help-desk.lift',
      targetPartnerBodyId: company.body.id,
      reason: '3 号楼电梯停运',
    });
    expectStatus(opened, 200);
    expect(opened.body.target).toMatchObject({ partnerBodyId: company.body.id, name: '阳光物业公司', unitId: null });
    expect((await inbox(token)).map((r) => r.id)).toContain(opened.body.id);
    expect((await inbox(d.communityStaffA.token)).map((r) => r.id)).toContain(opened.body.id);
    expect((await inbox(d.gridWorkerA.token)).map((r) => r.id)).not.toContain(opened.body.id);
    expectStatus(await t.http.post(`/api/v1/referrals/${opened.body.id}/accept`).set(bearer(token)), 200);
  });

  it('keeps referrals pending while the target is disabled, and resumes them when it is enabled again', async () => {
    const { id } = await newTicket();
    const opened = await refer(id, dispute());
    expectStatus(opened, 200);
    await t.http.post('/api/v1/plugins/help-desk/disable').set(bearer(tenant.adminToken)).expect(200);
    try {
      const kinds = await t.http.get('/api/v1/referrals/kinds').set(bearer(d.streetStaffA.token)).expect(200);
      expect(kinds.body.items).toEqual([]);
      const second = await newTicket();
      expectError(await refer(second.id, dispute()), 409, 'REFERRAL_TARGET_DISABLED');
      expect((await inbox(d.communityStaffA.token)).map((r) => r.id)).not.toContain(opened.body.id);
      expectError(
        await t.http.post(`/api/v1/referrals/${opened.body.id}/accept`).set(bearer(d.communityStaffA.token)),
        404,
        'NOT_FOUND',
      );
    } finally {
      await enablePlugin(t, tenant, 'help-desk');
    }
    const kinds = await t.http.get('/api/v1/referrals/kinds').set(bearer(d.streetStaffA.token)).expect(200);
    expect(kinds.body.items.map((k: { kind: string }) => k.kind).sort()).toEqual([
      'help-desk.dispute',
      'help-desk.lift',
    ]);
    const pending = (await inbox(d.communityStaffA.token)).find((r) => r.id === opened.body.id);
    expect(pending?.status).toBe('pending');
    expectStatus(
      await t.http.post(`/api/v1/referrals/${opened.body.id}/accept`).set(bearer(d.communityStaffA.token)),
      200,
    );
  });

  it('tells an origin that was disabled what it missed once it is enabled again, once', async () => {
    const { id } = await newTicket();
    const opened = await refer(id, dispute());
    expectStatus(opened, 200);
    await t.http.post('/api/v1/plugins/ticketing/disable').set(bearer(tenant.adminToken)).expect(200);
    expectStatus(
      await t.http.post(`/api/v1/referrals/${opened.body.id}/accept`).set(bearer(d.communityStaffA.token)),
      200,
    );
    // The delivery of "accepted" to the disabled origin is skipped, not run.
    const [news] = await eventually(
      () =>
        db.query<{ id: string; relayed: boolean }>(
          tenant.id,
          `select id, relayed_at is not null as relayed from outbox_messages
            where kind = 'referral' and name = 'referral.updated' and payload->>'referralId' = $1`,
          [opened.body.id],
        ),
      (rows) => rows[0]?.relayed === true,
    );
    const queue = t.app.get<Queue>(getQueueToken('tongxin-tasks'), { strict: false });
    const outcome = await eventually(
      async () => (await queue.getJob(news!.id))?.returnvalue as string | undefined,
      (value) => value !== undefined,
    );
    expect(outcome).toBe('skipped');

    await enablePlugin(t, tenant, 'ticketing');
    const told = await eventually(
      () => ticket(id),
      (x) => x.updatesSeen === 1,
    );
    expect(told).toMatchObject({ updatesSeen: 1, lastUpdate: 'accepted:', status: 'transferred' });

    // A redelivered task (same job id) finds its receipt and changes nothing.
    const [resent] = await db.query<{ id: string; created_at: Date }>(
      tenant.id,
      `select id, created_at from outbox_messages where kind = 'referral' and name = 'referral.updated'
          and payload->>'referralId' = $1 order by id desc limit 1`,
      [opened.body.id],
    );
    const task: TaskData = {
      kind: 'referral',
      tenantId: tenant.id,
      pluginId: 'ticketing',
      name: 'referral.updated',
      version: 1,
      payload: { referralId: opened.body.id, change: 'accepted' },
      sourceId: resent!.id,
      occurredAt: new Date(resent!.created_at).toISOString(),
    };
    expect(await t.app.get(TaskExecutor).execute(task, { jobId: resent!.id, attempt: 2 })).toBe('duplicate');
    expect((await ticket(id)).updatesSeen).toBe(1);
  });

  it('never shows one district’s referrals to another', async () => {
    const { id } = await newTicket();
    const opened = await refer(id, dispute());
    expectStatus(opened, 200);
    expect((await inbox(other.adminToken)).map((r) => r.id)).not.toContain(opened.body.id);
    expectError(
      await t.http.get(`/api/v1/referrals/${opened.body.id}`).set(bearer(other.adminToken)),
      404,
      'NOT_FOUND',
    );
    expectError(
      await t.http
        .post(`/api/v1/referrals/${opened.body.id}/refuse`)
        .set(bearer(other.adminToken))
        .send({ reason: 'x' }),
      404,
      'NOT_FOUND',
    );
    expect((await inbox(tenant.adminToken)).map((r) => r.id)).toContain(opened.body.id);
  });
});
