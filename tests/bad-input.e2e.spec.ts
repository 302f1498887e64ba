import type { Response, Test } from 'supertest';
import {
  bearer,
  buildDistrict,
  operatorToken,
  PASSWORD,
  provisionTenant,
  startTestApp,
  uniqueCode,
  type TestApp,
  type TestTenant,
} from './support/test-app';
import { expectError, listAll } from './support/expect';

type Method = 'get' | 'post' | 'patch' | 'delete';
type District = Awaited<ReturnType<typeof buildDistrict>>;

const CJK = /[\u4e00-\u9fff]/;
const FIVE_MB = 5 * 1024 * 1024;

interface Seen {
  route: string;
  status: number;
  problems: string[];
}

/** Every response this file receives, with anything wrong about its error envelope. */
const seen: Seen[] = [];

function envelopeProblems(res: Response & { req?: { getHeader(name: string): unknown } }): string[] {
  if (res.status < 400) return [];
  const body = res.body as Record<string, unknown>;
  const problems: string[] = [];
  if (body.statusCode !== res.status) problems.push(`statusCode ${String(body.statusCode)}`);
  if (typeof body.code !== 'string' || !/^[A-Z_]+$/.test(body.code)) problems.push(`code ${String(body.code)}`);
  if (typeof body.message !== 'string' || body.message.length === 0) problems.push('message');
  if (typeof body.requestId !== 'string' || body.requestId !== res.headers['x-request-id']) problems.push('requestId');
  const header = res.req?.getHeader('accept-language');
  const lang = typeof header === 'string' ? header : '';
  // Chinese unless the caller asks for English.
  if (!lang.startsWith('en') && typeof body.message === 'string' && !CJK.test(body.message))
    problems.push(`not Chinese: ${body.message}`);
  if (lang.startsWith('en') && typeof body.message === 'string' && CJK.test(body.message))
    problems.push(`not English: ${body.message}`);
  return problems;
}

/** 400 VALIDATION_FAILED naming each [field, constraint]. */
function expectInvalid(res: Response, ...problems: [string, string][]): void {
  expectError(res, 400, 'VALIDATION_FAILED');
  const details = res.body.details as { field: string; constraint: string; message: string }[];
  expect(Array.isArray(details)).toBe(true);
  for (const [field, constraint] of problems) {
    expect(details).toContainEqual(expect.objectContaining({ field, constraint, message: expect.any(String) }));
  }
}

describe('bad input', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let d: District;
  let admin: string;
  let ops: string;
  let partnerId: string;
  let customRoleId: string;
  let gridWorkerRoleId: string;

  /** A request that records its response for the envelope and no-500 checks. */
  const call = (method: Method, path: string, token?: string): Test => {
    const req = t.http[method](`/api/v1${path}`);
    if (token) void req.set(bearer(token));
    req.on('response', (res: Response) =>
      seen.push({ route: `${method.toUpperCase()} ${path}`, status: res.status, problems: envelopeProblems(res) }),
    );
    return req;
  };

  const valid = () => ({
    orgUnit: { parentId: d.streetA.id, code: `${tenant.code}-bi-ok`, name: '社区' },
    user: { username: 'bi-user', displayName: '用户', password: PASSWORD, orgUnitId: d.streetA.id },
    partner: { type: 'unit', name: '驻区单位' },
    role: { key: 'bi_role', nameZh: '角色', nameEn: 'Role', permissions: ['org.read'] },
    assignment: { userId: d.gridWorkerA.id, roleId: gridWorkerRoleId, orgUnitId: d.gridA2.id },
    login: { tenantCode: tenant.code, username: 'nobody', password: 'whatever1' },
    tenant: {
      code: uniqueCode('bi'),
      name: '测试区',
      divisionCode: '410411',
      admin: { username: 'admin', password: PASSWORD, displayName: '管理员' },
    },
  });

  /** The write routes under test, each with a body that would pass validation. */
  const routes = () => {
    const v = valid();
    return [
      { method: 'post' as const, path: '/org-units', token: admin, body: v.orgUnit as Record<string, unknown> },
      {
        method: 'patch' as const,
        path: `/org-units/${d.gridA2.id}`,
        token: admin,
        body: { name: '网格A1-2' } as Record<string, unknown>,
      },
      { method: 'post' as const, path: '/users', token: admin, body: v.user as Record<string, unknown> },
      { method: 'post' as const, path: '/partner-bodies', token: admin, body: v.partner as Record<string, unknown> },
      { method: 'post' as const, path: '/roles', token: admin, body: v.role as Record<string, unknown> },
      {
        method: 'post' as const,
        path: '/role-assignments',
        token: admin,
        body: v.assignment as Record<string, unknown>,
      },
      { method: 'post' as const, path: '/auth/login', token: undefined, body: v.login as Record<string, unknown> },
      { method: 'post' as const, path: '/platform/tenants', token: ops, body: v.tenant as Record<string, unknown> },
    ];
  };

  const listIds = async (path: string): Promise<string[]> => {
    const res = await call('get', path, admin).query({ limit: 200 });
    expect(res.status).toBe(200);
    const body = res.body as { items?: { id: string }[] } | { id: string }[];
    return (Array.isArray(body) ? body : body.items!).map((x) => x.id).sort();
  };

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await provisionTenant(t, 'badin');
    admin = tenant.adminToken;
    d = await buildDistrict(t, tenant);
    ops = await operatorToken(t);
    const partner = await t.http
      .post('/api/v1/partner-bodies')
      .set(bearer(admin))
      .send({ type: 'law_firm', name: '律师事务所' })
      .expect(201);
    partnerId = partner.body.id;
    const role = await t.http
      .post('/api/v1/roles')
      .set(bearer(admin))
      .send({ key: 'bi_reader', nameZh: '只读', nameEn: 'Reader', permissions: ['org.read'] })
      .expect(201);
    customRoleId = role.body.id;
    const roles = await t.http.get('/api/v1/roles?limit=200').set(bearer(admin)).expect(200);
    gridWorkerRoleId = (roles.body.items as { id: string; key: string }[]).find((r) => r.key === 'grid_worker')!.id;
  });
  afterAll(() => t.close());

  it('refuses wrong types with the field and the failed constraint', async () => {
    const v = valid();
    const cases: { method: Method; path: string; token?: string; body: object; problems: [string, string][] }[] = [
      {
        method: 'post',
        path: '/org-units',
        token: admin,
        body: { ...v.orgUnit, parentId: 123 },
        problems: [['parentId', 'isUuid']],
      },
      {
        method: 'post',
        path: '/org-units',
        token: admin,
        body: { ...v.orgUnit, parentId: 'not-a-uuid' },
        problems: [['parentId', 'isUuid']],
      },
      {
        method: 'post',
        path: '/org-units',
        token: admin,
        body: { ...v.orgUnit, code: 42 },
        problems: [['code', 'isString']],
      },
      {
        method: 'post',
        path: '/org-units',
        token: admin,
        body: { ...v.orgUnit, name: ['社区'] },
        problems: [['name', 'isString']],
      },
      {
        method: 'post',
        path: '/org-units',
        token: admin,
        body: { ...v.orgUnit, name: { zh: '社区' } },
        problems: [['name', 'isString']],
      },
      {
        method: 'post',
        path: '/org-units',
        token: admin,
        body: { ...v.orgUnit, level: '3' },
        problems: [['level', 'isInt']],
      },
      {
        method: 'post',
        path: '/org-units',
        token: admin,
        body: { ...v.orgUnit, level: null },
        problems: [['level', 'isInt']],
      },
      {
        method: 'patch',
        path: `/org-units/${d.gridA2.id}`,
        token: admin,
        body: { name: 5 },
        problems: [['name', 'isString']],
      },
      {
        method: 'patch',
        path: `/org-units/${d.gridA2.id}`,
        token: admin,
        body: { code: true },
        problems: [['code', 'isString']],
      },
      {
        method: 'patch',
        path: `/org-units/${d.gridA2.id}`,
        token: admin,
        body: { name: null },
        problems: [['name', 'isString']],
      },
      {
        method: 'patch',
        path: `/org-units/${d.gridA2.id}`,
        token: admin,
        body: { code: null },
        problems: [['code', 'isString']],
      },
      {
        method: 'post',
        path: '/users',
        token: admin,
        body: { ...v.user, displayName: 1 },
        problems: [['displayName', 'isString']],
      },
      {
        method: 'post',
        path: '/users',
        token: admin,
        body: { ...v.user, orgUnitId: 'abc' },
        problems: [['orgUnitId', 'isUuid']],
      },
      {
        method: 'post',
        path: '/users',
        token: admin,
        body: { ...v.user, password: 12345678 },
        problems: [['password', 'isString']],
      },
      {
        method: 'post',
        path: '/users',
        token: admin,
        body: { ...v.user, username: null },
        problems: [['username', 'isString']],
      },
      {
        method: 'post',
        path: '/users',
        token: admin,
        body: { ...v.user, phone: 13800000000 },
        problems: [['phone', 'isString']],
      },
      {
        method: 'post',
        path: '/partner-bodies',
        token: admin,
        body: { ...v.partner, type: 1 },
        problems: [['type', 'isString']],
      },
      {
        method: 'post',
        path: '/partner-bodies',
        token: admin,
        body: { ...v.partner, name: true },
        problems: [['name', 'isString']],
      },
      {
        method: 'post',
        path: '/partner-bodies',
        token: admin,
        body: { ...v.partner, orgUnitId: 'nope' },
        problems: [['orgUnitId', 'isUuid']],
      },
      {
        method: 'post',
        path: '/roles',
        token: admin,
        body: { ...v.role, nameZh: 1 },
        problems: [['nameZh', 'isString']],
      },
      {
        method: 'post',
        path: '/roles',
        token: admin,
        body: { ...v.role, permissions: 'org.read' },
        problems: [['permissions', 'isArray']],
      },
      {
        method: 'post',
        path: '/roles',
        token: admin,
        body: { ...v.role, permissions: [1] },
        problems: [['permissions', 'isString']],
      },
      {
        method: 'post',
        path: '/role-assignments',
        token: admin,
        body: { ...v.assignment, userId: 1 },
        problems: [['userId', 'isUuid']],
      },
      {
        method: 'post',
        path: '/role-assignments',
        token: admin,
        body: { ...v.assignment, roleId: 'x' },
        problems: [['roleId', 'isUuid']],
      },
      {
        method: 'post',
        path: '/role-assignments',
        token: admin,
        body: { ...v.assignment, orgUnitId: 12 },
        problems: [['orgUnitId', 'isUuid']],
      },
      {
        method: 'post',
        path: '/auth/login',
        body: { ...v.login, tenantCode: 1 },
        problems: [['tenantCode', 'isString']],
      },
      {
        method: 'post',
        path: '/auth/login',
        body: { ...v.login, username: ['admin'] },
        problems: [['username', 'isString']],
      },
      {
        method: 'post',
        path: '/auth/login',
        body: { ...v.login, password: 123 },
        problems: [['password', 'isString']],
      },
      {
        method: 'post',
        path: '/platform/tenants',
        token: ops,
        body: { ...v.tenant, code: 123 },
        problems: [['code', 'isString']],
      },
      {
        method: 'post',
        path: '/platform/tenants',
        token: ops,
        body: { ...v.tenant, divisionCode: 410411 },
        problems: [['divisionCode', 'isString']],
      },
      {
        method: 'post',
        path: '/platform/tenants',
        token: ops,
        body: { ...v.tenant, admin: 'admin' },
        problems: [['admin', 'isObject']],
      },
      {
        method: 'post',
        path: '/platform/tenants',
        token: ops,
        body: { ...v.tenant, admin: { ...v.tenant.admin, password: 12345678 } },
        problems: [['admin.password', 'isString']],
      },
    ];
    for (const c of cases) {
      const res = await call(c.method, c.path, c.token).send(c.body);
      expectInvalid(res, ...c.problems);
    }
    // Field messages are localised too.
    const zh = await call('post', '/users', admin).send({ ...v.user, orgUnitId: 'abc' });
    expect(zh.body.details).toContainEqual({ field: 'orgUnitId', constraint: 'isUuid', message: '必须是 UUID' });
    const en = await call('post', '/users', admin)
      .set('Accept-Language', 'en')
      .send({ ...v.user, orgUnitId: 'abc' });
    expect(en.body.message).toBe('The request failed validation');
    expect(en.body.details).toContainEqual({
      field: 'orgUnitId',
      constraint: 'isUuid',
      message: 'orgUnitId must be a UUID',
    });
    // Nothing was written by any of them.
    const units = await call('get', '/org-units', admin).query({ q: 'bi-ok' });
    expect(units.body.items).toEqual([]);
    const users = await call('get', '/users', admin).query({ q: 'bi-user' });
    expect(users.body.items).toEqual([]);
  });

  it('refuses unknown fields (whitelist), naming each one', async () => {
    for (const r of routes()) {
      const res = await call(r.method, r.path, r.token).send({ ...r.body, isAdmin: true, tenantId: tenant.id });
      expectInvalid(res, ['isAdmin', 'whitelistValidation'], ['tenantId', 'whitelistValidation']);
      expect(res.body.details).toContainEqual(
        expect.objectContaining({
          field: 'isAdmin',
          constraint: 'whitelistValidation',
          message: expect.stringMatching(/^不允许的字段（可用字段：.+）$/),
        }),
      );
    }
    const en = await call('post', '/org-units', admin)
      .set('Accept-Language', 'en')
      .send({ ...valid().orgUnit, isAdmin: true });
    expect(en.body.details).toEqual([
      {
        field: 'isAdmin',
        constraint: 'whitelistValidation',
        message: 'property isAdmin should not exist (allowed: code, level, name, parentId)',
        allowed: ['code', 'level', 'name', 'parentId'],
      },
    ]);
    // Nested DTOs are whitelisted too.
    const v = valid();
    const nested = await call('post', '/platform/tenants', ops).send({
      ...v.tenant,
      admin: { ...v.tenant.admin, role: 'operator' },
    });
    expectInvalid(nested, ['admin.role', 'whitelistValidation']);
    // A PATCH cannot reach the hierarchy or scope columns.
    for (const body of [
      { level: 2 },
      { parentId: d.streetB.id },
      { streetId: d.streetB.id },
      { districtId: d.streetB.id },
    ]) {
      const res = await call('patch', `/org-units/${d.gridA2.id}`, admin).send(body);
      expectInvalid(res, [Object.keys(body)[0]!, 'whitelistValidation']);
    }
    for (const body of [{ passwordHash: 'x' }, { username: 'renamed' }, { failedLoginCount: 0 }]) {
      expectInvalid(await call('patch', `/users/${d.gridWorkerA.id}`, admin).send(body), [
        Object.keys(body)[0]!,
        'whitelistValidation',
      ]);
    }
    // Query strings are whitelisted as well.
    expectInvalid(await call('get', '/org-units', admin).query({ foo: '1' }), ['foo', 'whitelistValidation']);
    const grid = await call('get', `/org-units/${d.gridA2.id}`, admin);
    expect(grid.body).toMatchObject({ level: 4, parentId: d.communityA.id, streetId: d.streetA.id, name: '网格A1-2' });
    expect((await call('get', '/org-units', admin).query({ q: 'bi-ok' })).body.items).toEqual([]);
  });

  it('refuses over-long strings and accepts them at the limit', async () => {
    const v = valid();
    const zh100 = '组'.repeat(100);
    expectInvalid(await call('post', '/org-units', admin).send({ ...v.orgUnit, name: 'x'.repeat(101) }), [
      'name',
      'maxLength',
    ]);
    expectInvalid(await call('post', '/org-units', admin).send({ ...v.orgUnit, code: 'c'.repeat(65) }), [
      'code',
      'matches',
    ]);
    expectInvalid(await call('patch', `/org-units/${d.gridA2.id}`, admin).send({ name: `${zh100}组` }), [
      'name',
      'maxLength',
    ]);
    expectInvalid(await call('post', '/users', admin).send({ ...v.user, displayName: 'x'.repeat(101) }), [
      'displayName',
      'maxLength',
    ]);
    expectInvalid(await call('post', '/users', admin).send({ ...v.user, password: `a1${'x'.repeat(127)}` }), [
      'password',
      'maxLength',
    ]);
    expectInvalid(await call('post', '/partner-bodies', admin).send({ ...v.partner, name: 'x'.repeat(201) }), [
      'name',
      'maxLength',
    ]);
    expectInvalid(await call('post', '/roles', admin).send({ ...v.role, nameZh: 'x'.repeat(101) }), [
      'nameZh',
      'maxLength',
    ]);
    expectInvalid(await call('post', '/auth/login').send({ ...v.login, username: 'u'.repeat(65) }), [
      'username',
      'maxLength',
    ]);
    expectInvalid(await call('post', '/auth/login').send({ ...v.login, password: 'p'.repeat(129) }), [
      'password',
      'maxLength',
    ]);
    expectInvalid(await call('post', '/platform/tenants', ops).send({ ...v.tenant, name: 'x'.repeat(101) }), [
      'name',
      'maxLength',
    ]);
    expectInvalid(
      await call('post', '/platform/tenants', ops).send({
        ...v.tenant,
        admin: { ...v.tenant.admin, displayName: 'x'.repeat(101) },
      }),
      ['admin.displayName', 'maxLength'],
    );
    expect((await call('get', `/org-units/${d.gridA2.id}`, admin)).body.name).toBe('网格A1-2');

    // At the limit: 100 characters for a unit (Chinese counts per character), 200 for a partner body.
    const unit = await call('post', '/org-units', admin).send({
      ...v.orgUnit,
      code: `${tenant.code}-bi-100`,
      name: zh100,
    });
    expect(unit.status).toBe(201);
    expect(unit.body.name).toBe(zh100);
    const partner = await call('post', '/partner-bodies', admin).send({ ...v.partner, name: '单'.repeat(200) });
    expect(partner.status).toBe(201);
    expect(partner.body.name).toHaveLength(200);
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const bodies = ['{"name": ', "{'name': 'x'}", '{"name":"x",}', '{"name":"x"}}', 'null', '"a string"', '42'];
    for (const r of routes()) {
      for (const body of bodies) {
        const res = await call(r.method, r.path, r.token).set('Content-Type', 'application/json').send(body);
        expectError(res, 400, 'MALFORMED_JSON');
        expect(res.body.message).toBe('请求体不是合法的 JSON');
      }
    }
    const en = await call('post', '/org-units', admin)
      .set('Content-Type', 'application/json')
      .set('Accept-Language', 'en')
      .send('{"name": ');
    expectError(en, 400, 'MALFORMED_JSON');
    expect(en.body.message).toBe('The request body is not valid JSON');
  });

  it('refuses bodies that are not a JSON object, and absurd nesting, without a 500', async () => {
    const v = valid();
    // An array has none of the object's fields: each required one is reported once, as required.
    expectInvalid(await call('post', '/org-units', admin).send([]), ['parentId', 'isDefined']);
    expectInvalid(await call('post', '/org-units', admin).send([v.orgUnit]), ['parentId', 'isDefined']);
    // A body of a type the route does not take is refused as such, not read as an empty object.
    for (const [path, type, body, token] of [
      ['/org-units', 'text/plain', 'hello', admin],
      ['/users', 'text/csv', 'username,password\nx,y', admin],
      ['/auth/login', 'application/xml', '<login/>', undefined],
    ] as const) {
      const res = await call('post', path, token).set('Content-Type', type).send(body);
      expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(res.body.details).toEqual({ accepted: ['application/json'] });
    }
    const empty = await call('post', '/org-units', admin).send({});
    expectInvalid(empty, ['parentId', 'isDefined'], ['code', 'isDefined'], ['name', 'isDefined']);
    expect(empty.body.details).toHaveLength(3);
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const nested = await call('post', '/org-units', admin)
      .set('Content-Type', 'application/json')
      .send(`{"parentId":"${d.streetA.id}","code":"${tenant.code}-bi-deep","name":"x","extra":${deep}}`);
    expectInvalid(nested, ['body', 'maxDepth']);
    const rows = await call('post', '/org-units/import', admin)
      .set('Content-Type', 'application/json')
      .send(`{"units":[${deep}]}`);
    expectInvalid(rows, ['body', 'maxDepth']);
    expect((await call('get', '/org-units', admin).query({ q: 'bi-deep' })).body.items).toEqual([]);
  });

  it('answers invalid ids in the path with 404 NOT_FOUND, never a 500', async () => {
    const cases: { method: Method; path: string; token: string; body?: object; message: string }[] = [
      { method: 'get', path: '/org-units/not-a-uuid', token: admin, message: '未找到组织' },
      { method: 'get', path: '/org-units/zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', token: admin, message: '未找到组织' },
      { method: 'get', path: `/org-units/${d.gridA.id}x`, token: admin, message: '未找到组织' },
      { method: 'get', path: "/org-units/1'%20or%20'1'='1", token: admin, message: '未找到组织' },
      { method: 'get', path: '/org-units/0190a4c0-0000-7000-8000-000000000000', token: admin, message: '未找到组织' },
      { method: 'patch', path: '/org-units/not-a-uuid', token: admin, body: { name: 'x' }, message: '未找到组织' },
      { method: 'delete', path: '/org-units/not-a-uuid', token: admin, message: '未找到组织' },
      {
        method: 'post',
        path: '/org-units/not-a-uuid/move',
        token: admin,
        body: { parentId: d.streetB.id },
        message: '未找到组织',
      },
      { method: 'get', path: '/org-units/not-a-uuid/descendants', token: admin, message: '未找到组织' },
      { method: 'get', path: '/org-units/not-a-uuid/ancestors', token: admin, message: '未找到组织' },
      { method: 'get', path: '/users/123', token: admin, message: '未找到用户' },
      { method: 'patch', path: '/users/123', token: admin, body: { displayName: 'x' }, message: '未找到用户' },
      {
        method: 'post',
        path: '/users/123/reset-password',
        token: admin,
        body: { password: PASSWORD },
        message: '未找到用户',
      },
      { method: 'get', path: '/partner-bodies/xyz', token: admin, message: '未找到共建单位' },
      { method: 'patch', path: '/partner-bodies/xyz', token: admin, body: { name: 'x' }, message: '未找到共建单位' },
      { method: 'delete', path: '/partner-bodies/xyz', token: admin, message: '未找到共建单位' },
      { method: 'get', path: '/roles/abc', token: admin, message: '未找到角色' },
      { method: 'patch', path: '/roles/abc', token: admin, body: { nameZh: 'x' }, message: '未找到角色' },
      { method: 'delete', path: '/roles/abc', token: admin, message: '未找到角色' },
      { method: 'get', path: '/role-assignments/abc', token: admin, message: '未找到角色授权' },
      { method: 'delete', path: '/role-assignments/abc', token: admin, message: '未找到角色授权' },
      { method: 'post', path: '/platform/tenants/not-a-uuid/suspend', token: ops, message: '未找到租户' },
      { method: 'post', path: '/platform/tenants/not-a-uuid/resume', token: ops, message: '未找到租户' },
    ];
    for (const c of cases) {
      const req = call(c.method, c.path, c.token);
      const res = await (c.body ? req.send(c.body) : req);
      expectError(res, 404, 'NOT_FOUND');
      expect(res.body.message).toBe(c.message);
    }
    const en = await call('get', '/users/123', admin).set('Accept-Language', 'en');
    expectError(en, 404, 'NOT_FOUND');
    expect(en.body.message).toBe('User not found');
    // A path that is not even decodable is the caller's error too.
    expectError(await call('get', '/org-units/%E0%A4%A', admin), 400, 'INVALID_ID');
  });

  it('refuses an invalid cursor with 400 INVALID_CURSOR on every list', async () => {
    const lists = [
      '/org-units',
      '/users',
      '/partner-bodies',
      '/role-assignments',
      '/audit-events',
      `/org-units/${d.streetA.id}/descendants`,
    ];
    const cursors = [
      'abc',
      'not base64!!',
      Buffer.from('hello world').toString('base64url'),
      Buffer.from(`${d.streetA.id}x`).toString('base64url'),
    ];
    for (const path of lists) {
      for (const cursor of cursors) {
        const res = await call('get', path, admin).query({ cursor });
        expectError(res, 400, 'INVALID_CURSOR');
        expect(res.body.message).toBe('分页游标无效');
      }
      expectInvalid(await call('get', path, admin).query({ cursor: 'A'.repeat(201) }), ['cursor', 'maxLength']);
    }
    const en = await call('get', '/users', admin).query({ cursor: 'abc' }).set('Accept-Language', 'en');
    expect(en.body.message).toBe('The pagination cursor is invalid');
  });

  it('refuses limit=0, limit=1000 and other bad limits with 400', async () => {
    const lists = [
      '/org-units',
      '/users',
      '/partner-bodies',
      '/role-assignments',
      '/audit-events',
      `/org-units/${d.streetA.id}/descendants`,
    ];
    for (const path of lists) {
      expectInvalid(await call('get', path, admin).query({ limit: 0 }), ['limit', 'min']);
      expectInvalid(await call('get', path, admin).query({ limit: 1000 }), ['limit', 'max']);
      expectInvalid(await call('get', path, admin).query({ limit: 201 }), ['limit', 'max']);
      expectInvalid(await call('get', path, admin).query({ limit: -1 }), ['limit', 'min']);
      expectInvalid(await call('get', path, admin).query({ limit: 'ten' }), ['limit', 'isInt']);
      expectInvalid(await call('get', path, admin).query({ limit: 1.5 }), ['limit', 'isInt']);
      expectInvalid(await call('get', path, admin).query('limit=1&limit=2'), ['limit', 'isInt']);
      for (const limit of [1, 200]) {
        const ok = await call('get', path, admin).query({ limit });
        expect(ok.status).toBe(200);
        expect(ok.body.items.length).toBeLessThanOrEqual(limit);
      }
    }
    // Other list filters are validated the same way.
    expectInvalid(await call('get', '/org-units', admin).query({ level: 'abc' }), ['level', 'isInt']);
    expectInvalid(await call('get', '/org-units', admin).query({ level: 6 }), ['level', 'isIn']);
    expectInvalid(await call('get', '/org-units', admin).query('level=2&level=3'), ['level', 'isInt']);
    expectInvalid(await call('get', '/org-units', admin).query({ parentId: 'nope' }), ['parentId', 'isUuid']);
    expectInvalid(await call('get', '/org-units', admin).query({ q: 'x'.repeat(101) }), ['q', 'maxLength']);
    expectInvalid(await call('get', '/users', admin).query('q=a&q=b'), ['q', 'isString']);
  });

  it('refuses an unknown partner type with 400 UNKNOWN_PARTNER_TYPE, writing nothing', async () => {
    const before = await listIds('/partner-bodies');
    for (const type of ['spaceship', '__proto__', 'constructor', 'UNIT', '']) {
      const res = await call('post', '/partner-bodies', admin).send({ type, name: '未知类型单位' });
      expectError(res, 400, 'UNKNOWN_PARTNER_TYPE');
      expect(res.body.message).toBe(`未知的单位类型：${type}`);
    }
    const en = await call('post', '/partner-bodies', admin)
      .set('Accept-Language', 'en')
      .send({ type: 'spaceship', name: 'x' });
    expect(en.body.message).toBe('Unknown partner body type: spaceship');
    expect(await listIds('/partner-bodies')).toEqual(before);
  });

  it('answers a body over 5 MB with 413 PAYLOAD_TOO_LARGE', async () => {
    const before = await listIds('/org-units');
    const json = JSON.stringify({ units: [{ code: 'BIG-1', name: 'x'.repeat(FIVE_MB), parentCode: '410411' }] });
    expect(json.length).toBeGreaterThan(FIVE_MB);
    const res = await call('post', '/org-units/import', admin).set('Content-Type', 'application/json').send(json);
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(res.body.message).toBe('请求体过大');
    const csv = `code,name,parent_code\nBIG-2,${'y'.repeat(FIVE_MB)},410411\n`;
    const csvRes = await call('post', '/org-units/import/csv', admin)
      .set('Content-Type', 'text/csv')
      .set('Accept-Language', 'en')
      .send(csv);
    expectError(csvRes, 413, 'PAYLOAD_TOO_LARGE');
    expect(csvRes.body.message).toBe('The request body is too large');
    const login = await call('post', '/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...valid().login, password: 'p'.repeat(FIVE_MB + 10) }));
    expectError(login, 413, 'PAYLOAD_TOO_LARGE');
    // Just under the limit is read and validated (the over-long name is reported, not the size).
    const under = JSON.stringify({
      units: [{ code: 'BIG-3', name: 'z'.repeat(FIVE_MB - 1024), parentCode: '410411' }],
    });
    const underRes = await call('post', '/org-units/import', admin).set('Content-Type', 'application/json').send(under);
    expectError(underRes, 400, 'IMPORT_INVALID');
    expect(underRes.body.details).toEqual([expect.objectContaining({ row: 1, code: 'NAME_INVALID' })]);
    expect(await listIds('/org-units')).toEqual(before);
  });

  it('leaves no partial write behind a refused POST /users', async () => {
    const before = await listIds('/users');
    const v = valid();
    const attempts: { body: object; status: number; code: string }[] = [
      { body: { ...v.user, username: 'bi-weak', password: 'password' }, status: 400, code: 'WEAK_PASSWORD' },
      { body: { ...v.user, username: 'bi-short', password: 'a1' }, status: 400, code: 'VALIDATION_FAILED' },
      {
        body: { ...v.user, username: 'bi-nounit', orgUnitId: '0190a4c0-0000-7000-8000-000000000000' },
        status: 404,
        code: 'NOT_FOUND',
      },
      {
        body: { ...v.user, username: 'bi-nopartner', partnerBodyId: '0190a4c0-0000-7000-8000-000000000000' },
        status: 404,
        code: 'NOT_FOUND',
      },
      { body: { ...v.user, username: 'workerA' }, status: 409, code: 'DUPLICATE' },
      { body: { ...v.user, username: 'bi-extra', role: 'district_admin' }, status: 400, code: 'VALIDATION_FAILED' },
      { body: { ...v.user, username: 'bi-nul', displayName: 'a\u0000b' }, status: 400, code: 'VALIDATION_FAILED' },
      { body: { ...v.user, username: 'bi phone', phone: 'call me' }, status: 400, code: 'VALIDATION_FAILED' },
    ];
    for (const a of attempts) expectError(await call('post', '/users', admin).send(a.body), a.status, a.code);
    // A street's staff cannot create a user in another street either.
    expectError(
      await call('post', '/users', d.streetStaffA.token).send({
        ...v.user,
        username: 'bi-other',
        orgUnitId: d.streetB.id,
      }),
      404,
      'NOT_FOUND',
    );
    expect(await listIds('/users')).toEqual(before);
    for (const username of ['bi-weak', 'bi-nounit', 'bi-nopartner', 'bi-nul', 'bi-other']) {
      expect((await call('get', '/users', admin).query({ q: username })).body.items).toEqual([]);
    }
    expectError(
      await call('post', '/auth/login').send({ tenantCode: tenant.code, username: 'bi-weak', password: 'password' }),
      401,
      'INVALID_CREDENTIALS',
    );
  });

  it('leaves no partial write behind refused roles, assignments and tenants', async () => {
    const v = valid();
    const roles = await listIds('/roles');
    expectError(
      await call('post', '/roles', admin).send({ ...v.role, permissions: ['org.read', 'org.fly'] }),
      400,
      'UNKNOWN_PERMISSION',
    );
    expectError(await call('post', '/roles', admin).send({ ...v.role, key: 'bi_reader' }), 409, 'DUPLICATE');
    expectInvalid(await call('post', '/roles', admin).send({ ...v.role, key: 'Bad Key' }), ['key', 'matches']);
    expect(await listIds('/roles')).toEqual(roles);

    const assignments = await listIds('/role-assignments');
    expectError(
      await call('post', '/role-assignments', admin).send({
        ...v.assignment,
        roleId: '0190a4c0-0000-7000-8000-000000000000',
      }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await call('post', '/role-assignments', admin).send({
        ...v.assignment,
        userId: '0190a4c0-0000-7000-8000-000000000000',
      }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await call('post', '/role-assignments', admin).send({
        userId: d.gridWorkerA.id,
        roleId: gridWorkerRoleId,
        orgUnitId: d.gridA.id,
      }),
      409,
      'ROLE_ALREADY_ASSIGNED',
    );
    expect(await listIds('/role-assignments')).toEqual(assignments);

    const weak = { ...v.tenant, admin: { ...v.tenant.admin, password: 'password' } };
    expectError(await call('post', '/platform/tenants', ops).send(weak), 400, 'WEAK_PASSWORD');
    expectError(
      await call('post', '/platform/tenants', ops).send({ ...v.tenant, code: tenant.code }),
      409,
      'TENANT_CODE_TAKEN',
    );
    expectInvalid(await call('post', '/platform/tenants', ops).send({ ...v.tenant, divisionCode: '41041' }), [
      'divisionCode',
      'matches',
    ]);
    const tenants = await listAll(t, ops, '/api/v1/platform/tenants');
    expect(tenants.map((x) => x.code)).not.toContain(weak.code);
    expectError(
      await call('post', '/auth/login').send({ tenantCode: weak.code, username: 'admin', password: 'password' }),
      401,
      'INVALID_CREDENTIALS',
    );
    // A tenant token is not an operator token.
    expectError(await call('post', '/platform/tenants', admin).send(valid().tenant), 403, 'PLATFORM_ONLY');
  });

  it('refuses null for required fields and NUL characters with 400, changing nothing', async () => {
    const nulls: { path: string; body: object }[] = [
      { path: `/org-units/${d.gridA2.id}`, body: { name: null } },
      { path: `/users/${d.gridWorkerA.id}`, body: { displayName: null } },
      { path: `/users/${d.gridWorkerA.id}`, body: { status: null } },
      { path: `/partner-bodies/${partnerId}`, body: { name: null } },
      { path: `/roles/${customRoleId}`, body: { nameZh: null } },
      { path: `/roles/${customRoleId}`, body: { permissions: null } },
    ];
    for (const n of nulls) {
      const res = await call('patch', n.path, admin).send(n.body);
      expectError(res, 400, 'VALIDATION_FAILED');
      // The refusal names the field, so a client can show it next to the input.
      expect((res.body.details as { field: string }[]).map((p) => p.field)).toContain(Object.keys(n.body)[0]);
    }
    expect((await call('get', `/roles/${customRoleId}`, admin)).body.permissions).toEqual(['org.read']);
    expect((await call('get', `/org-units/${d.gridA2.id}`, admin)).body.name).toBe('网格A1-2');
    expect((await call('get', `/users/${d.gridWorkerA.id}`, admin)).body).toMatchObject({
      displayName: 'workerA',
      status: 'active',
    });
    expect((await call('get', `/partner-bodies/${partnerId}`, admin)).body.name).toBe('律师事务所');
    expect((await call('get', `/roles/${customRoleId}`, admin)).body.nameZh).toBe('只读');

    const v = valid();
    expectError(
      await call('post', '/org-units', admin).send({ ...v.orgUnit, name: 'a\u0000b' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await call('patch', `/org-units/${d.gridA2.id}`, admin).send({ name: 'a\u0000b' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await call('post', '/partner-bodies', admin).send({ ...v.partner, name: 'a\u0000b' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await call('post', '/auth/login').send({ ...v.login, username: 'ad\u0000min' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await call('get', '/org-units', admin).query({ q: 'a\u0000' }), 400, 'VALIDATION_FAILED');
    const csv = await call('post', '/org-units/import/csv', admin)
      .set('Content-Type', 'text/csv')
      .send('code,name,parent_code\nNUL-1,a\u0000b,410411\n');
    // A file holding NUL is not text: the import names the line.
    expectError(csv, 400, 'FILE_NOT_TEXT');
    expect(csv.body.message).toMatch(/^文件第 2 行含有控制字符/);
    expect((await call('get', '/org-units', admin).query({ q: 'bi-ok' })).body.items).toEqual([]);
    expect((await call('get', '/org-units', admin).query({ q: 'NUL-1' })).body.items).toEqual([]);
    expect((await call('get', `/org-units/${d.gridA2.id}`, admin)).body.name).toBe('网格A1-2');
  });

  it('gave every error the full envelope in the right language, and never answered 500', () => {
    expect(seen.length).toBeGreaterThan(250);
    expect(seen.filter((s) => s.status >= 500)).toEqual([]);
    expect(seen.filter((s) => s.problems.length > 0)).toEqual([]);
  });

  it('refuses phone numbers longer than the 20 characters kept, and malformed tenant ids, as the caller’s mistake', async () => {
    const tooLong = `+${'1'.repeat(20)}`;
    const phone = await call('post', '/partner-bodies', admin).send({
      type: 'unit',
      name: '电话过长',
      contactPhone: tooLong,
    });
    expectError(phone, 400, 'VALIDATION_FAILED');
    expect((phone.body.details as { field: string }[]).map((p) => p.field)).toEqual(['contactPhone']);
    const user = await call('post', '/users', admin).send({ ...valid().user, username: 'bi-phone', phone: tooLong });
    expect((user.body.details as { field: string }[]).map((p) => p.field)).toEqual(['phone']);
    expectError(await call('post', `/platform/tenants/${'-'.repeat(36)}/suspend`, ops), 404, 'NOT_FOUND');
  });
});
