import { jest } from '@jest/globals';
import { logger } from '@tongxin/http';
import { expectError, expectStatus } from './support/expect';
import { bearer, enablePlugin, provisionTenant, startTestApp, type TestApp, type TestTenant } from './support/test-app';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** What the server says about itself on every answer, and what it writes about each request. */
describe('security headers, request ids and the request log', () => {
  let t: TestApp;
  let tenant: TestTenant;
  beforeAll(async () => {
    t = await startTestApp();
    tenant = await provisionTenant(t, 'headers');
    await enablePlugin(t, tenant, 'grid');
  });
  afterAll(() => t.close());

  it('sends helmet’s headers and a policy that lets a JSON answer run or load nothing', async () => {
    for (const res of [
      await t.http.get('/health'),
      await t.http.get('/api/v1/org-units').set(bearer(tenant.adminToken)),
      await t.http.get('/api/v1/org-units'),
      await t.http.get('/api/v1/no-such-route'),
    ]) {
      expect(res.headers).toMatchObject({
        'content-security-policy': "default-src 'none';frame-ancestors 'none'",
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'referrer-policy': 'no-referrer',
        'cross-origin-resource-policy': 'same-origin',
        'cross-origin-opener-policy': 'same-origin',
      });
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
    // Public routes are read by other sites' clients (Open311): their answers may be embedded.
    const open311 = await t.http.get(`/api/v1/public/${tenant.code}/plugins/grid/open311/v2/services.json`);
    expectStatus(open311, 200);
    expect(open311.headers).toMatchObject({
      'cross-origin-resource-policy': 'cross-origin',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none';frame-ancestors 'none'",
    });
  });

  it('makes its own request id: a client’s X-Request-Id never reaches the audit trail', async () => {
    const res = await t.http
      .post('/api/v1/partner-bodies')
      .set(bearer(tenant.adminToken))
      .set('X-Request-Id', 'forged-request-0001')
      .send({ type: 'unit', name: '请求编号测试单位' });
    expectStatus(res, 201);
    const requestId = res.headers['x-request-id'] as string;
    expect(requestId).toMatch(UUID_V7);
    const events = await t.http
      .get('/api/v1/audit-events')
      .query({ entityId: res.body.id as string })
      .set(bearer(tenant.adminToken))
      .expect(200);
    expect((events.body.items as { requestId: string }[]).map((e) => e.requestId)).toEqual([requestId]);
    // Errors name the server's id too.
    const refused = await t.http
      .get('/api/v1/org-units/nope')
      .set(bearer(tenant.adminToken))
      .set('X-Request-Id', 'x-1');
    expectError(refused, 404, 'NOT_FOUND');
    expect(refused.body.requestId).toMatch(UUID_V7);
  });

  describe('the request log', () => {
    let lines: Record<string, unknown>[];
    beforeEach(() => {
      lines = [];
      jest.spyOn(logger, 'info').mockImplementation(((entry: Record<string, unknown>) => {
        lines.push(entry);
      }) as never);
    });
    afterEach(() => jest.restoreAllMocks());
    const requestLine = () => lines.find((l) => 'status' in l && 'path' in l)!;

    it('keeps a well-formed client X-Request-Id beside the server’s, for matching a client’s report', async () => {
      const res = await t.http.get('/health').set('X-Request-Id', 'client-trace-42');
      expect(requestLine()).toMatchObject({
        requestId: res.headers['x-request-id'],
        clientRequestId: 'client-trace-42',
      });
      lines.length = 0;
      await t.http.get('/health').set('X-Request-Id', 'bad id with spaces and {json}');
      expect(requestLine().clientRequestId).toBeUndefined();
    });

    it('redacts secrets sent in query strings, whatever their spelling, and keeps the rest', async () => {
      const base = `/api/v1/public/${tenant.code}/plugins/grid/open311/v2/services.json`;
      await t.http.get(`${base}?api_key=sk-live-123456&jurisdiction_id=${tenant.code}`);
      expect(requestLine().path).toBe(`${base}?api_key=[REDACTED]&jurisdiction_id=${tenant.code}`);
      for (const [query, logged] of [
        ['apiKey=abc&limit=5', 'apiKey=[REDACTED]&limit=5'],
        ['access_token=abc', 'access_token=[REDACTED]'],
        ['refreshToken=abc', 'refreshToken=[REDACTED]'],
        ['password=hunter2&q=x', 'password=[REDACTED]&q=x'],
        ['client_secret=s', 'client_secret=[REDACTED]'],
        ['key=AIza123', 'key=[REDACTED]'],
        ['api%5Fkey=abc', 'api%5Fkey=[REDACTED]'],
        ['api_key[]=abc', 'api_key[]=[REDACTED]'],
      ]) {
        lines.length = 0;
        await t.http.get(`/health?${query}`);
        expect(requestLine().path).toBe(`/health?${logged}`);
      }
    });
  });
});

describe('Swagger UI and the OpenAPI document (API_DOCS)', () => {
  it('are not served unless asked for', async () => {
    const t = await startTestApp();
    try {
      expectError(await t.http.get('/api/docs'), 404, 'ROUTE_NOT_FOUND');
      expectError(await t.http.get('/api/docs-json'), 404, 'ROUTE_NOT_FOUND');
    } finally {
      await t.close();
    }
  });

  it('load under their own content security policy when on: every script a same-origin file, no inline code', async () => {
    const t = await startTestApp({}, { apiDocs: true });
    try {
      const page = await t.http.get('/api/docs/').expect(200);
      const csp = page.headers['content-security-policy'] as string;
      const directives = Object.fromEntries(
        csp.split(';').map((d) => {
          const [name = '', ...values] = d.trim().split(/\s+/);
          return [name, values];
        }),
      );
      expect(directives).toMatchObject({
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        'object-src': ["'none'"],
        'frame-ancestors': ["'self'"],
      });
      // Swagger UI's inline <style> needs it; nothing else is inline.
      expect(directives['style-src']).toContain("'unsafe-inline'");
      // On a plain-HTTP intranet address the docs would otherwise fetch their scripts over https.
      expect(directives).not.toHaveProperty('upgrade-insecure-requests');
      const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attributes = '', body = ''] of scripts) {
        expect(body.trim()).toBe('');
        const src = /src=["']([^"']+)["']/.exec(attributes)?.[1];
        expect(src).toMatch(/^\.\/[\w.-]+\.js$/);
        const script = await t.http.get(`/api/docs/${src!.slice(2)}`);
        expectStatus(script, 200);
        expect(script.headers['content-type']).toMatch(/javascript/);
      }
      const document = await t.http.get('/api/docs-json').expect(200);
      expect(document.body.paths).toHaveProperty(['/api/v1/org-units']);
    } finally {
      await t.close();
    }
  });
});
