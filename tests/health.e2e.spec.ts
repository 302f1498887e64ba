import { startTestApp, type TestApp } from './support/test-app';

describe('health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers liveness and readiness with the database up', async () => {
    await t.http.get('/health').expect(200, { status: 'ok' });
    await t.http.get('/ready').expect(200, { status: 'ready', database: 'up', queue: 'up' });
  });

  it('answers unknown routes with a stable code in the caller’s language', async () => {
    const zh = await t.http.get('/api/v1/nowhere').expect(404);
    expect(zh.body).toMatchObject({ statusCode: 404, code: 'ROUTE_NOT_FOUND', message: '接口不存在' });
    expect(zh.headers['x-request-id']).toBe(zh.body.requestId);
    const en = await t.http.get('/api/v1/nowhere').set('Accept-Language', 'en-US,en;q=0.9').expect(404);
    expect(en.body.message).toBe('No such route');
  });

  it('stays ready when the queue is unreachable, and says so', async () => {
    // Nothing listens on port 1: writes still commit (the outbox keeps their follow-up work).
    const down = await startTestApp({}, { queue: { kind: 'redis', url: 'redis://127.0.0.1:1' } });
    try {
      await down.http.get('/ready').expect(200, { status: 'ready', database: 'up', queue: 'down' });
    } finally {
      await down.close();
    }
  });
});
