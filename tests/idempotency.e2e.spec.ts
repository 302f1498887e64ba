import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { Clock, Maintenance, SYSTEM_QUEUE } from '@tongxin/jobs';
import { Controller, definePlugin, pluginPermission, Post, RequirePermission } from '@tongxin/plugin-sdk';
import grid from '../plugins/grid/src/index';
import { expectError, expectStatus } from './support/expect';
import { OwnerDb } from './support/owner-db';
import {
  bearer,
  createStaff,
  enablePlugin,
  login,
  PASSWORD,
  provisionTenant,
  startTestApp,
  type TestApp,
  type TestTenant,
} from './support/test-app';

const HOUR = 3_600_000;

/** A client that retries a write after a timeout must not create the thing twice. */
describe('Idempotency-Key on writes', () => {
  let t: TestApp;
  let tenant: TestTenant;
  beforeAll(async () => {
    t = await startTestApp();
    tenant = await provisionTenant(t, 'idem');
  });
  afterAll(() => t.close());

  const partnerCount = async () => {
    const res = await t.http.get('/api/v1/partner-bodies?limit=200').set(bearer(tenant.adminToken)).expect(200);
    return (res.body.items as unknown[]).length;
  };
  const post = (key: string | undefined, body: object) => {
    const req = t.http.post('/api/v1/partner-bodies').set(bearer(tenant.adminToken));
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };

  it('replays the first response to a retry with the same key and writes once', async () => {
    const before = await partnerCount();
    const body = { type: 'unit', name: '湛河区税务局' };
    const first = await post('retry-key-0001', body).expect(201);
    const retry = await post('retry-key-0001', body).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await partnerCount()).toBe(before + 1);
  });

  it('refuses the same key on a different request', async () => {
    await post('retry-key-0002', { type: 'unit', name: '甲单位' }).expect(201);
    const res = await post('retry-key-0002', { type: 'unit', name: '乙单位' }).expect(409);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('releases the key of a failed request so a corrected retry can use it', async () => {
    const bad = await post('retry-key-0003', { type: 'no-such-type', name: '丙单位' }).expect(400);
    expect(bad.body.code).toBe('UNKNOWN_PARTNER_TYPE');
    await post('retry-key-0003', { type: 'unit', name: '丙单位' }).expect(201);
  });

  it('keeps keys per user: another user may use the same key', async () => {
    const other = await provisionTenant(t, 'idem2');
    const res = await t.http
      .post('/api/v1/partner-bodies')
      .set(bearer(other.adminToken))
      .set('Idempotency-Key', 'retry-key-0001')
      .send({ type: 'unit', name: '湛河区税务局' })
      .expect(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
  });

  it('rejects malformed keys and still writes twice without a key', async () => {
    expect((await post('short', { type: 'unit', name: '丁单位' }).expect(400)).body.code).toBe(
      'INVALID_IDEMPOTENCY_KEY',
    );
    const before = await partnerCount();
    await post(undefined, { type: 'unit', name: '戊单位' }).expect(201);
    await post(undefined, { type: 'unit', name: '戊单位' }).expect(201);
    expect(await partnerCount()).toBe(before + 2);
  });
});

/**
 * A route nobody marked @RespondsWithSecret() that answers with a secret-named field: the safety net
 * must withhold its answer anyway.
 */
@Controller('tickets')
class TicketController {
  @Post()
  @RequirePermission(pluginPermission('ticketing', 'ticket.issue'))
  issue() {
    return { id: uuidv7(), sessionToken: randomBytes(24).toString('base64url') };
  }
}

const ticketing = definePlugin({
  id: 'ticketing',
  version: '1.0.0',
  names: { 'zh-CN': '票据', en: 'Ticketing' },
  sdk: '^1.0.0',
  permissions: [{ key: 'ticket.issue', names: { 'zh-CN': '签发', en: 'Issue' }, defaultGrants: ['district_admin'] }],
  controllers: [TicketController],
});

/** What the replay table holds for the tenant, as the owner sees it. */
const records = (db: OwnerDb, tenantId: string) =>
  db.query<{ key: string; state: string; status_code: number; response: unknown; request_hash: string }>(
    tenantId,
    // The owner sees every tenant's records (the sweeps' policy): keep to this one.
    'select key, state, status_code, response, request_hash from idempotency_records where tenant_id = $1',
    [tenantId],
  );

describe('Idempotency-Key on answers that carry a secret', () => {
  let t: TestApp;
  let tenant: TestTenant;
  const db = new OwnerDb();
  beforeAll(async () => {
    t = await startTestApp({}, { plugins: [grid, ticketing] });
    tenant = await provisionTenant(t, 'idsec');
    await enablePlugin(t, tenant, 'grid');
    await enablePlugin(t, tenant, 'ticketing');
  });
  afterAll(async () => {
    await db.close();
    await t.close();
  });

  it('runs a password change once, keeps no token pair, and refuses its replay in the caller’s language', async () => {
    const { token } = await createStaff(t, tenant, 'rotating', 'district_staff', tenant.rootUnitId);
    const body = { currentPassword: PASSWORD, newPassword: 'Renewed-Passw0rd-2027' };
    const change = (as = token) =>
      t.http.post('/api/v1/auth/change-password').set(bearer(as)).set('Idempotency-Key', 'pw-change-0001');
    const first = await change().send(body);
    expectStatus(first, 200);
    const { accessToken, refreshToken } = first.body as { accessToken: string; refreshToken: string };

    // The change ended every session, the one it came from too: its token is refused outright.
    expectError(await change().send(body), 401, 'SESSION_ENDED');
    const replay = await change(accessToken).send(body);
    expectError(replay, 409, 'IDEMPOTENCY_RESPONSE_WITHHELD');
    expect(replay.body.message).toBe(
      '使用该 Idempotency-Key 的请求已执行成功，但其响应含有密钥，出于安全考虑未予保存，无法重放',
    );
    expect(replay.body.details).toEqual({ statusCode: 200 });
    const en = await change(accessToken).set('Accept-Language', 'en').send(body);
    expectError(en, 409, 'IDEMPOTENCY_RESPONSE_WITHHELD');
    expect(en.body.message).toMatch(/^The request with this Idempotency-Key already succeeded/);
    // Not run twice: the new password is still the one set (a second run would have failed on it).
    expect(await login(t, tenant.code, 'rotating', body.newPassword)).toEqual(expect.any(String));

    const stored = (await records(db, tenant.id)).filter((r) => r.key === 'pw-change-0001');
    expect(stored).toEqual([expect.objectContaining({ state: 'withheld', status_code: 200, response: null })]);
    const everything = JSON.stringify(await db.query(tenant.id, 'select * from idempotency_records'));
    expect(everything).not.toContain(refreshToken);
    expect(everything).not.toContain(accessToken);
    // The request hash is keyed: a guessed password cannot be checked against the table.
    const guess = createHash('sha256')
      .update(`POST /api/v1/auth/change-password\n${JSON.stringify(body)}`)
      .digest('hex');
    expect(stored[0]!.request_hash).not.toBe(guess);
  });

  it('keeps no issued Open311 api_key', async () => {
    const issue = () =>
      t.http
        .post('/api/v1/plugins/grid/open311/keys')
        .set(bearer(tenant.adminToken))
        .set('Idempotency-Key', 'open311-key-0001')
        .send({ clientName: '12345 热线' });
    const first = await issue();
    expectStatus(first, 201);
    const apiKey = first.body.apiKey as string;
    expect(apiKey.length).toBeGreaterThan(20);
    expectError(await issue(), 409, 'IDEMPOTENCY_RESPONSE_WITHHELD');
    // Issued once: one key for the client.
    const keys = await t.http.get('/api/v1/plugins/grid/open311/keys').set(bearer(tenant.adminToken)).expect(200);
    expect((keys.body.items as { clientName: string }[]).filter((k) => k.clientName === '12345 热线')).toHaveLength(1);
    expect(JSON.stringify(await db.query(tenant.id, 'select * from idempotency_records'))).not.toContain(apiKey);
  });

  it('withholds a secret-named field from a route nobody marked', async () => {
    const issue = () =>
      t.http
        .post('/api/v1/plugins/ticketing/tickets')
        .set(bearer(tenant.adminToken))
        .set('Idempotency-Key', 'ticket-0001');
    const first = await issue();
    expectStatus(first, 201);
    expectError(await issue(), 409, 'IDEMPOTENCY_RESPONSE_WITHHELD');
    const stored = (await records(db, tenant.id)).find((r) => r.key === 'ticket-0001');
    expect(stored).toMatchObject({ state: 'withheld', response: null });
    expect(JSON.stringify(stored)).not.toContain(first.body.sessionToken as string);
  });

  it('still replays answers without secrets', async () => {
    const post = () =>
      t.http
        .post('/api/v1/partner-bodies')
        .set(bearer(tenant.adminToken))
        .set('Idempotency-Key', 'plain-0001')
        .send({ type: 'unit', name: '区税务局' });
    const first = await post().expect(201);
    const again = await post().expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });
});

describe('replay records are purged after their retention', () => {
  let t: TestApp;
  const db = new OwnerDb();
  afterAll(async () => {
    await db.close();
    await t?.close();
  });

  const write = (tenant: TestTenant, key: string) =>
    t.http
      .post('/api/v1/partner-bodies')
      .set(bearer(tenant.adminToken))
      .set('Idempotency-Key', key)
      .send({ type: 'unit', name: `单位 ${key}` });
  const keysOf = async (tenant: TestTenant) => (await records(db, tenant.id)).map((r) => r.key).sort();

  it('keeps records younger than IDEMPOTENCY_RETENTION_HOURS and deletes older ones in every tenant, under RLS', async () => {
    t = await startTestApp({ IDEMPOTENCY_RETENTION_HOURS: '24' });
    const [a, b] = [await provisionTenant(t, 'purge-a'), await provisionTenant(t, 'purge-b')];
    await write(a, 'purge-key-a1').expect(201);
    await write(b, 'purge-key-b1').expect(201);
    const clock = t.app.get(Clock);
    const maintenance = t.app.get(Maintenance);

    clock.advance(23 * HOUR);
    await maintenance.purgeIdempotencyRecords();
    expect(await keysOf(a)).toEqual(['purge-key-a1']);
    expect(await keysOf(b)).toEqual(['purge-key-b1']);

    clock.advance(2 * HOUR);
    expect(await maintenance.purgeIdempotencyRecords()).toBe(2);
    expect(await keysOf(a)).toEqual([]);
    expect(await keysOf(b)).toEqual([]);
    // Past its retention a key is forgotten: the same request is a new one.
    const again = await write(a, 'purge-key-a1').expect(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
  });

  it('runs as the hourly idempotency-purge schedule of every worker', async () => {
    const worker = await startTestApp({}, { worker: true });
    try {
      // Registered while the worker boots (onApplicationBootstrap), before init returns.
      const system = worker.app.get<Queue>(getQueueToken(SYSTEM_QUEUE), { strict: false });
      expect(await system.getJobScheduler('idempotency-purge')).toMatchObject({ pattern: '23 * * * *' });
    } finally {
      await worker.close();
    }
  });
});
