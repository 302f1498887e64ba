import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectError, expectStatus } from './support/expect';
import {
  bearer,
  operatorToken,
  provisionTenant,
  startTestApp,
  type TestApp,
  type TestTenant,
} from './support/test-app';
import { APP_URL } from './support/test-database-urls';

/**
 * Input the parsers and the database used to mishandle, refused at the mechanism: PostgreSQL errors
 * however they arrive, prototype keys anywhere, text that is not Unicode, bodies of a type the
 * route does not take. Each answers a clear 4xx with a stable code and writes nothing.
 */

/** Sends exact bytes (supertest re-encodes strings and serialises Buffers as JSON). */
async function raw(
  t: TestApp,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const server = t.app.getHttpServer();
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path, headers: { ...headers, 'content-length': String(body.length) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');
/** U+D800 written as UTF-8 would write it if it could: invalid UTF-8 (CESU-8 / WTF-8). */
const ENCODED_SURROGATE = Buffer.from([0xed, 0xa0, 0x80]);

describe('HTTP input the mechanisms refuse', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let admin: string;

  const partnerNames = async () => {
    const res = await t.http.get('/api/v1/partner-bodies?limit=200').set(bearer(admin)).expect(200);
    return (res.body.items as { name: string }[]).map((p) => p.name).sort();
  };

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await provisionTenant(t, 'input');
    admin = tenant.adminToken;
  });
  afterAll(() => t.close());

  describe('__proto__, constructor and prototype', () => {
    it('are refused in JSON bodies, at any depth, with 400 FORBIDDEN_FIELD_NAME, writing nothing', async () => {
      const before = await partnerNames();
      const bodies = [
        ['{"type":"unit","name":"甲","__proto__":{"isAdmin":true}}', 'body.__proto__'],
        ['{"type":"unit","name":"甲","constructor":{"prototype":{"x":1}}}', 'body.constructor'],
        ['{"type":"unit","name":"甲","contact":{"__proto__":{"x":1}}}', 'body.contact.__proto__'],
        ['{"type":"unit","name":"甲","tags":[{"prototype":1}]}', 'body.tags.0.prototype'],
      ] as const;
      for (const [body, field] of bodies) {
        const res = await t.http
          .post('/api/v1/partner-bodies')
          .set(bearer(admin))
          .set('Content-Type', 'application/json')
          .send(body);
        expectError(res, 400, 'FORBIDDEN_FIELD_NAME');
        expect(res.body.details).toEqual({ field });
        expect(res.body.message).toBe(`不允许使用字段名“${field}”`);
      }
      const en = await t.http
        .post('/api/v1/partner-bodies')
        .set(bearer(admin))
        .set('Accept-Language', 'en')
        .set('Content-Type', 'application/json')
        .send('{"type":"unit","name":"甲","__proto__":{}}');
      expect(en.body.message).toBe('The field name "body.__proto__" is not allowed');
      // Nested DTOs too (a tenant's admin), for operators as for tenants.
      const nested = await t.http
        .post('/api/v1/platform/tenants')
        .set(bearer(await operatorToken(t)))
        .set('Content-Type', 'application/json')
        .send('{"code":"proto-x","name":"区","divisionCode":"410411","admin":{"__proto__":{"role":"ops"}}}');
      expectError(nested, 400, 'FORBIDDEN_FIELD_NAME');
      expect(await partnerNames()).toEqual(before);
    });

    it('are refused in forms and query strings as sent, before a parser can drop them silently', async () => {
      const before = await partnerNames();
      for (const form of [
        'type=unit&name=乙&constructor=1',
        'type=unit&name=乙&__proto__[x]=1',
        'a%5B__proto__%5D=1',
      ]) {
        const res = await t.http.post('/api/v1/partner-bodies').set(bearer(admin)).type('form').send(form);
        expectError(res, 400, 'FORBIDDEN_FIELD_NAME');
      }
      for (const query of ['constructor=1', '__proto__=1', 'q[__proto__]=x', 'limit=5&prototype.x=1']) {
        const res = await t.http.get(`/api/v1/partner-bodies?${query}`).set(bearer(admin));
        expectError(res, 400, 'FORBIDDEN_FIELD_NAME');
        expect((res.body.details as { field: string }).field).toMatch(/^query\./);
      }
      expect(await partnerNames()).toEqual(before);
    });
  });

  describe('text that is not Unicode', () => {
    it('refuses lone UTF-16 surrogates in JSON with 400 INVALID_TEXT instead of storing U+FFFD', async () => {
      const before = await partnerNames();
      for (const [body, field] of [
        ['{"type":"unit","name":"丙\\ud800"}', 'body.name'],
        ['{"type":"unit","name":"\\udfff丙"}', 'body.name'],
        ['{"type":"unit","name":"丙","contact":{"\\ud83d":"x"}}', 'body.contact'],
      ] as const) {
        const res = await t.http
          .post('/api/v1/partner-bodies')
          .set(bearer(admin))
          .set('Content-Type', 'application/json')
          .send(body);
        expectError(res, 400, 'INVALID_TEXT');
        expect(res.body.details).toEqual({ field });
      }
      expect(await partnerNames()).toEqual(before);
      // A proper pair is one character (😀), kept as sent.
      const emoji = await t.http
        .post('/api/v1/partner-bodies')
        .set(bearer(admin))
        .set('Content-Type', 'application/json')
        .send('{"type":"unit","name":"丙\\ud83d\\ude00"}');
      expectStatus(emoji, 201);
      expect(emoji.body.name).toBe('丙😀');
    });

    it('refuses bytes that are not UTF-8 in JSON, forms and query strings', async () => {
      const before = await partnerNames();
      const auth = { authorization: `Bearer ${admin}` };
      const json = await raw(
        t,
        'POST',
        '/api/v1/partner-bodies',
        { ...auth, 'content-type': 'application/json' },
        Buffer.concat([utf8('{"type":"unit","name":"丁'), ENCODED_SURROGATE, utf8('"}')]),
      );
      expect(json).toMatchObject({ status: 400, body: { code: 'INVALID_TEXT', details: { field: 'body' } } });
      const latin1 = await raw(
        t,
        'POST',
        '/api/v1/partner-bodies',
        { ...auth, 'content-type': 'application/json; charset=utf-8' },
        Buffer.from('{"type":"unit","name":"caf\xe9"}', 'latin1'),
      );
      expect(latin1).toMatchObject({ status: 400, body: { code: 'INVALID_TEXT' } });
      const form = await t.http.post('/api/v1/partner-bodies').set(bearer(admin)).type('form').send('name=%ED%A0%80');
      expectError(form, 400, 'INVALID_TEXT');
      const query = await t.http.get('/api/v1/partner-bodies?q=%ED%A0%80').set(bearer(admin));
      expectError(query, 400, 'INVALID_TEXT');
      expect(query.body.details).toEqual({ field: 'query.q' });
      expect(await partnerNames()).toEqual(before);
    });
  });

  describe('bodies of a type the route does not take', () => {
    it('answer 415 UNSUPPORTED_MEDIA_TYPE, naming what the route takes, and change nothing', async () => {
      const unit = tenant.rootUnitId;
      const name = (await t.http.get(`/api/v1/org-units/${unit}`).set(bearer(admin)).expect(200)).body.name as string;
      const attempts: [string, string][] = [
        ['text/plain', 'name=改名'],
        ['application/x-www-form-urlencoded', 'name=改名'],
        ['application/xml', '<unit><name>改名</name></unit>'],
        ['text/csv', 'name\n改名'],
      ];
      for (const [type, body] of attempts) {
        const res = await t.http
          .patch(`/api/v1/org-units/${unit}`)
          .set(bearer(admin))
          .set('Content-Type', type)
          .send(body);
        expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
        expect(res.body.details).toEqual({ accepted: ['application/json'] });
      }
      // A body with no type at all is not JSON either.
      const untyped = await raw(
        t,
        'PATCH',
        `/api/v1/org-units/${unit}`,
        { authorization: `Bearer ${admin}` },
        utf8('{"name":"改名"}'),
      );
      expect(untyped).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
      const en = await t.http
        .patch(`/api/v1/org-units/${unit}`)
        .set(bearer(admin))
        .set('Accept-Language', 'en')
        .set('Content-Type', 'text/plain')
        .send('x');
      expect(en.body.message).toBe('Unsupported content type');
      expect((await t.http.get(`/api/v1/org-units/${unit}`).set(bearer(admin))).body.name).toBe(name);
      // JSON with its charset is JSON.
      const ok = await t.http
        .patch(`/api/v1/org-units/${unit}`)
        .set(bearer(admin))
        .set('Content-Type', 'application/json; charset=utf-8')
        .send(JSON.stringify({ name }));
      expectStatus(ok, 200);
    });

    it('take what the route declares: CSV on the import, nothing required of a request without a body', async () => {
      const csv = await t.http
        .post('/api/v1/org-units/import/csv')
        .set(bearer(admin))
        .set('Content-Type', 'text/csv; charset=utf-8')
        .send('code,name,parent_code\n');
      expect(csv.status).not.toBe(415);
      const json = await t.http.post('/api/v1/org-units/import/csv').set(bearer(admin)).send({ units: [] });
      expectError(json, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(json.body.details).toEqual({ accepted: ['text/csv'] });
      // No body, whatever the header says: nothing to refuse.
      const empty = await t.http
        .post('/api/v1/notifications/read-all')
        .set(bearer(admin))
        .set('Content-Type', 'text/plain');
      expectStatus(empty, 200);
    });

    it('answer an unsupported charset or content encoding with 415, not 500', async () => {
      const charset = await t.http
        .post('/api/v1/partner-bodies')
        .set(bearer(admin))
        .set('Content-Type', 'application/json; charset=latin9')
        .send('{"type":"unit","name":"戊"}');
      expectError(charset, 415, 'UNSUPPORTED_MEDIA_TYPE');
      const encoding = await t.http
        .post('/api/v1/partner-bodies')
        .set(bearer(admin))
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'compress')
        .send('{"type":"unit","name":"戊"}');
      expectError(encoding, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });
});

describe('database refusals, wherever the driver error comes from', () => {
  let t: TestApp;
  beforeAll(async () => {
    // BullMQ's PostgreSQL backend throws node-postgres' own DatabaseError, not TypeORM's wrapper.
    t = await startTestApp({}, { queue: { kind: 'postgres', url: APP_URL } });
  });
  afterAll(() => t.close());

  it('answers a NUL byte in a job id with 400, not 500', async () => {
    const ops = await operatorToken(t);
    for (const path of ['tongxin-tasks/%00/retry', 'tongxin-system/job%00x/retry']) {
      const res = await t.http.post(`/api/v1/platform/jobs/${path}`).set(bearer(ops));
      expectError(res, 400, 'VALIDATION_FAILED');
    }
    const missing = await t.http.post('/api/v1/platform/jobs/tongxin-tasks/no-such-job/retry').set(bearer(ops));
    expectError(missing, 404, 'JOB_NOT_FOUND');
    // A queue named like a property of every object is no queue (found by tests/fuzz.e2e.spec.ts).
    for (const queue of ['constructor', '__proto__', 'toString'])
      expectError(await t.http.post(`/api/v1/platform/jobs/${queue}/1/retry`).set(bearer(ops)), 404, 'JOB_NOT_FOUND');
  });
});
