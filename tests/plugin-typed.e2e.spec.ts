import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import herald from './fixtures/plugins/herald/src/index';
import { expectError } from './support/expect';
import { OwnerDb } from './support/owner-db';
import { waitFor } from './support/processes';
import {
  bearer,
  createStaff,
  enablePlugin,
  provisionTenant,
  startTestApp,
  type TestApp,
  type TestTenant,
} from './support/test-app';

/**
 * SDK 1.5's typed surface through the API: notifications rendered from the manifest's catalogue in
 * each recipient's language, typed error codes with their status, and a typed subscription that
 * refuses a delivered payload its class rejects.
 */
const TIMEOUT = 60_000;
const db = new OwnerDb();
let t: TestApp;
let tenant: TestTenant;
let zh: { id: string; token: string };
let en: { id: string; token: string };

type Inbox = { kind: string; title: string; body: string }[];
const inboxOf = async (token: string): Promise<Inbox> =>
  (await t.http.get('/api/v1/notifications?limit=100').set(bearer(token)).expect(200)).body.items as Inbox;

beforeAll(async () => {
  t = await startTestApp({}, { plugins: [herald], worker: true });
  tenant = await provisionTenant(t, 'typed');
  await enablePlugin(t, tenant, 'herald');
  zh = await createStaff(t, tenant, 'reader-zh', 'street_staff', tenant.rootUnitId);
  en = await createStaff(t, tenant, 'reader-en', 'street_staff', tenant.rootUnitId);
  await t.http
    .patch(`/api/v1/users/${en.id}`)
    .set(bearer(tenant.adminToken))
    .send({ preferredLanguage: 'en' })
    .expect(200);
}, TIMEOUT);

afterAll(async () => {
  await t?.close();
  await db.close();
}, TIMEOUT);

describe('notifications from the catalogue', () => {
  it('reach each recipient in their own language, placeholders filled (per-language values too)', async () => {
    await t.http
      .post('/api/v1/plugins/herald/notices')
      .set(bearer(tenant.adminToken))
      .send({ userIds: [zh.id, en.id], subject: '防汛检查' })
      .expect(201);
    expect(await inboxOf(zh.token)).toEqual([
      expect.objectContaining({ kind: 'herald.notice', title: '通知：防汛检查', body: '请于明天上午前阅读“防汛检查”' }),
    ]);
    expect(await inboxOf(en.token)).toEqual([
      expect.objectContaining({
        kind: 'herald.notice',
        title: 'Notice: 防汛检查',
        body: 'Please read "防汛检查" by tomorrow morning',
      }),
    ]);
  });
});

describe('typed errors', () => {
  it('answer with the declared status and prefixed code, in the caller’s language, and write nothing', async () => {
    const quiet = { userIds: [zh.id], subject: '嗯' };
    const res = await t.http.post('/api/v1/plugins/herald/notices').set(bearer(tenant.adminToken)).send(quiet);
    expectError(res, 422, 'HERALD_TOO_QUIET');
    expect(res.body.message).toBe('“嗯”太短了');
    const inEnglish = await t.http
      .post('/api/v1/plugins/herald/notices')
      .set(bearer(tenant.adminToken))
      .set('Accept-Language', 'en')
      .send(quiet);
    expect(inEnglish.body.message).toBe('"嗯" is too short');
    expect((await inboxOf(zh.token)).filter((n) => n.title.includes('嗯'))).toEqual([]);
  });
});

describe('typed event subscriptions', () => {
  const tasksQueue = () => t.app.get<Queue>(getQueueToken('tongxin-tasks'), { strict: false });
  const announce = (unitId: string, text: string) =>
    t.http
      .post('/api/v1/plugins/herald/announcements')
      .set(bearer(tenant.adminToken))
      .send({ unitId, text })
      .expect(201);
  const eventIdOf = async (text: string) => {
    const [row] = await db.query<{ id: string }>(
      tenant.id,
      `select id from outbox_messages where kind = 'event' and payload->>'text' = $1`,
      [text],
    );
    return row!.id;
  };

  it(
    'run the handler with a payload their class accepts, and fail the delivery of one it refuses without running it',
    async () => {
      await announce(tenant.rootUnitId, 'good news');
      await announce('not-a-unit', 'bad news');

      await waitFor('the valid announcement to be heard', async () =>
        (await inboxOf(tenant.adminToken)).some((n) => n.title === '已收到：good news'),
      );
      const badId = await eventIdOf('bad news');
      const failed = await waitFor('the invalid delivery to fail', async () => {
        const job = await tasksQueue().getJob(`${badId}.herald`);
        return job?.failedReason ? job : null;
      });
      expect(failed.failedReason).toContain('herald.announced v1 delivered to herald is invalid (unitId)');
      expect(failed.failedReason).toContain('the handler did not run');
      expect((await inboxOf(tenant.adminToken)).map((n) => n.title)).not.toContain('已收到：bad news');
    },
    TIMEOUT,
  );
});
