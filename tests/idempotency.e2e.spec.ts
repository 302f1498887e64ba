import { bearer, provisionTenant, startTestApp, type TestApp, type TestTenant } from './support/test-app';

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
