import {
  bearer,
  buildDistrict,
  operatorToken,
  provisionTenant,
  startTestApp,
  type TestApp,
  type TestTenant,
} from './support/test-app';
import { expectError } from './support/expect';

/**
 * Refusals that say what to do, in the caller's language: the limits in Chinese field messages,
 * one "必填" for a field left out, the permission a 403 lacks, the query parameters a route takes.
 */
describe('messages that help', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let d: Awaited<ReturnType<typeof buildDistrict>>;

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await provisionTenant(t, 'msg');
    d = await buildDistrict(t, tenant);
  });
  afterAll(() => t.close());

  const details = (body: { details: { field: string; constraint: string; message: string }[] }) =>
    body.details.map(({ field, constraint, message }) => ({ field, constraint, message }));

  it('gives the limits in Chinese field messages, as the English ones do', async () => {
    const body = { parentId: d.gridA.id, code: 'MSG-LONG', name: '长'.repeat(101) };
    const zh = await t.http.post('/api/v1/org-units').set(bearer(tenant.adminToken)).send(body);
    expectError(zh, 400, 'VALIDATION_FAILED');
    expect(details(zh.body)).toEqual([{ field: 'name', constraint: 'maxLength', message: '长度不能超过 100 个字符' }]);
    const en = await t.http
      .post('/api/v1/org-units')
      .set(bearer(tenant.adminToken))
      .set('Accept-Language', 'en')
      .send(body);
    expect(details(en.body)).toEqual([
      { field: 'name', constraint: 'maxLength', message: 'name must be shorter than or equal to 100 characters' },
    ]);
    const page = await t.http.get('/api/v1/org-units').query({ limit: 0 }).set(bearer(tenant.adminToken));
    expect(details(page.body)).toEqual([{ field: 'limit', constraint: 'min', message: '不能小于 1' }]);
  });

  it('reports a required field left out once, as required, not as three contradictory problems', async () => {
    const zh = await t.http.post('/api/v1/org-units').set(bearer(tenant.adminToken)).send({ parentId: d.gridA.id });
    expectError(zh, 400, 'VALIDATION_FAILED');
    expect(details(zh.body)).toEqual([
      { field: 'code', constraint: 'isDefined', message: '必填' },
      { field: 'name', constraint: 'isDefined', message: '必填' },
    ]);
    const login = await t.http.post('/api/v1/auth/login').set('Accept-Language', 'en').send({ tenantCode: 'zhanhe' });
    expect(details(login.body)).toEqual([
      { field: 'username', constraint: 'isDefined', message: 'username is required' },
      { field: 'password', constraint: 'isDefined', message: 'password is required' },
    ]);
    // A field that is there but wrong still says what is wrong with it.
    const wrong = await t.http
      .post('/api/v1/org-units')
      .set(bearer(tenant.adminToken))
      .send({ parentId: d.gridA.id, code: 'MSG-X', name: 7 });
    expect(details(wrong.body).map((p) => p.constraint)).toEqual(expect.arrayContaining(['isString']));
  });

  it('lists the query parameters a route takes when one is unknown', async () => {
    const zh = await t.http.get('/api/v1/org-units').query({ parent: d.gridA.id }).set(bearer(tenant.adminToken));
    expectError(zh, 400, 'VALIDATION_FAILED');
    expect(zh.body.details).toEqual([
      {
        field: 'parent',
        constraint: 'whitelistValidation',
        message: '不允许的字段（可用字段：cursor、level、limit、parentId、q、sort）',
        allowed: ['cursor', 'level', 'limit', 'parentId', 'q', 'sort'],
      },
    ]);
    const en = await t.http
      .get('/api/v1/org-units')
      .query({ parent: d.gridA.id })
      .set('Accept-Language', 'en')
      .set(bearer(tenant.adminToken));
    expect(en.body.details[0].message).toBe(
      'property parent should not exist (allowed: cursor, level, limit, parentId, q, sort)',
    );
  });

  it('says which permission a 403 lacks, by key and by name, and nothing about the target', async () => {
    const zh = await t.http
      .post('/api/v1/org-units')
      .set(bearer(d.gridWorkerA.token))
      .send({ parentId: d.gridA.id, code: 'MSG-403', name: '无权新增' });
    expectError(zh, 403, 'FORBIDDEN');
    expect(zh.body.message).toBe(
      '没有执行此操作的权限：需要“维护组织架构（新增、修改、移动、删除、导入）”（org.write）',
    );
    expect(zh.body.details).toEqual({ permission: 'org.write' });
    const en = await t.http
      .patch(`/api/v1/org-units/${d.gridA.id}`)
      .set(bearer(d.gridWorkerA.token))
      .set('Accept-Language', 'en')
      .send({ name: '改名' });
    expectError(en, 403, 'FORBIDDEN');
    expect(en.body.message).toBe('You lack the permission for this action: Manage org units (org.write)');
    // A unit of another street is not found, not forbidden: its existence is not the caller's to learn.
    const other = await t.http
      .patch(`/api/v1/org-units/${d.gridB.id}`)
      .set(bearer(d.streetStaffA.token))
      .send({ name: '改名' });
    expect(other.status).toBe(404);
  });

  it('names a status in a Chinese sentence in Chinese, not as its key', async () => {
    const ops = await operatorToken(t);
    const zh = await t.http.post(`/api/v1/platform/tenants/${tenant.id}/resume`).set(bearer(ops));
    expectError(zh, 409, 'TENANT_ALREADY_IN_STATE');
    expect(zh.body.message).toBe('租户已处于启用状态');
    const en = await t.http
      .post(`/api/v1/platform/tenants/${tenant.id}/resume`)
      .set(bearer(ops))
      .set('Accept-Language', 'en');
    expect(en.body.message).toBe('The tenant is already active');
  });
});
