import { JwtService } from '@nestjs/jwt';
import {
  bearer,
  createUnit,
  login,
  operatorToken,
  PASSWORD,
  provisionTenant,
  startTestApp,
  TEST_JWT_SECRET,
  uniqueCode,
  type TestApp,
  type TestTenant,
} from './support/test-app';
import { expectError, listAll } from './support/expect';

interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: string;
  expiresIn: number;
}

const NEW_PASSWORD = 'N3w-Passw0rd-2026';

/** Asserts the status and the stable error code (with the response body in the failure message). */
const loginRes = (t: TestApp, tenantCode: string, username: string, password = PASSWORD) =>
  t.http.post('/api/v1/auth/login').send({ tenantCode, username, password });

async function loginPair(t: TestApp, tenantCode: string, username: string, password = PASSWORD): Promise<TokenPair> {
  const res = await loginRes(t, tenantCode, username, password);
  expect({ status: res.status, body: res.body }).toMatchObject({ status: 200 });
  return res.body as TokenPair;
}

const refreshRes = (t: TestApp, refreshToken: string) => t.http.post('/api/v1/auth/refresh').send({ refreshToken });
const meRes = (t: TestApp, accessToken: string) => t.http.get('/api/v1/auth/me').set(bearer(accessToken));

/** A plain user (no role) at the tenant's root unit, created by the tenant admin; returns their id. */
async function newUser(t: TestApp, tenant: TestTenant, username: string): Promise<string> {
  const res = await t.http
    .post('/api/v1/users')
    .set(bearer(tenant.adminToken))
    .send({ username, displayName: username, password: PASSWORD, orgUnitId: tenant.rootUnitId });
  if (res.status !== 201) throw new Error(`create user ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** The tenant's audit events for one entity and action, as its administrator sees them. */
async function auditOf(
  t: TestApp,
  adminToken: string,
  entityId: string,
  action: string,
): Promise<{ actorType: string; actorId: string | null }[]> {
  const res = await t.http.get('/api/v1/audit-events').set(bearer(adminToken)).query({ entityId, action }).expect(200);
  return res.body.items;
}

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('auth', () => {
  let t: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'loopback' });
    tenant = await provisionTenant(t, 'auth');
  });
  afterAll(() => t.close());

  describe('login', () => {
    it('returns an access token, a refresh token and the access lifetime', async () => {
      const res = await loginRes(t, tenant.code, 'admin').expect(200);
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 900,
      });
      expect(res.body.accessToken.split('.')).toHaveLength(3);
      expect(res.body.refreshToken.startsWith(`${tenant.id}.`)).toBe(true);
      await meRes(t, res.body.accessToken).expect(200);
    });

    it('refuses a wrong password with INVALID_CREDENTIALS', async () => {
      const res = await loginRes(t, tenant.code, 'admin', 'Wrong-passw0rd');
      expectError(res, 401, 'INVALID_CREDENTIALS');
      expect(res.body).not.toHaveProperty('accessToken');
    });

    it('answers an unknown username and an unknown tenant exactly like a wrong password', async () => {
      const wrongPassword = await loginRes(t, tenant.code, 'admin', 'Wrong-passw0rd');
      const unknownUser = await loginRes(t, tenant.code, 'nobody-here');
      const unknownTenant = await loginRes(t, uniqueCode('nope'), 'admin');
      for (const res of [wrongPassword, unknownUser, unknownTenant]) expectError(res, 401, 'INVALID_CREDENTIALS');
      expect(unknownUser.body.message).toBe(wrongPassword.body.message);
      expect(unknownTenant.body.message).toBe(wrongPassword.body.message);
    });

    it('words the refusal in Chinese by default and in English on request', async () => {
      const zh = await loginRes(t, tenant.code, 'admin', 'Wrong-passw0rd');
      expectError(zh, 401, 'INVALID_CREDENTIALS');
      expect(zh.body.message).toBe('租户、用户名或密码错误');
      const en = await t.http
        .post('/api/v1/auth/login')
        .set('Accept-Language', 'en')
        .send({ tenantCode: tenant.code, username: 'admin', password: 'Wrong-passw0rd' });
      expectError(en, 401, 'INVALID_CREDENTIALS');
      expect(en.body.message).toBe('Wrong tenant, username or password');
    });
  });

  describe('lockout', () => {
    // Each test its own client addresses (the app trusts the loopback proxy's X-Forwarded-For).
    const from = (ip: string, username: string, password = PASSWORD) =>
      t.http
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', ip)
        .send({ tenantCode: tenant.code, username, password });

    it('locks one source out of an account after 5 wrong passwords, even against the right password; other sources go on', async () => {
      await newUser(t, tenant, 'lock1');
      for (let i = 0; i < 5; i++)
        expectError(await from('198.51.100.11', 'lock1', 'Wrong-passw0rd'), 401, 'INVALID_CREDENTIALS');
      const locked = await from('198.51.100.11', 'lock1');
      expectError(locked, 429, 'LOGIN_THROTTLED');
      expect(locked.headers['retry-after']).toBe('900');
      // When to try again, in the district's local time (UTC+8, to the minute, rounded up); ISO in the details.
      const retryAt = new Date(locked.body.details.retryAt as string);
      expect(Math.abs(retryAt.getTime() - Date.now() - 900_000)).toBeLessThan(60_000);
      const beijing = new Date(Math.ceil(retryAt.getTime() / 60_000) * 60_000 + 8 * 3_600_000)
        .toISOString()
        .slice(0, 16)
        .replace('T', ' ');
      expect(locked.body.details).toEqual({ retryAfterSeconds: 900, retryAt: retryAt.toISOString() });
      expect(locked.body.message).toBe(`登录失败次数过多，请于 ${beijing}（北京时间）之后再试`);
      const en = await from('198.51.100.11', 'lock1').set('Accept-Language', 'en');
      expectError(en, 429, 'LOGIN_THROTTLED');
      expect(en.body.message).toMatch(
        /^Too many failed logins; try again after \d{4}-\d\d-\d\d \d\d:\d\d \(Beijing time\)$/,
      );
      // The real user, elsewhere, is not locked out by someone else's guesses.
      await from('198.51.100.12', 'lock1').expect(200);
    });

    it('does not lock after fewer failures, and a success resets the count', async () => {
      await newUser(t, tenant, 'lock2');
      for (let i = 0; i < 4; i++)
        expectError(await from('198.51.100.21', 'lock2', 'Wrong-passw0rd'), 401, 'INVALID_CREDENTIALS');
      await from('198.51.100.21', 'lock2').expect(200);
      for (let i = 0; i < 4; i++)
        expectError(await from('198.51.100.21', 'lock2', 'Wrong-passw0rd'), 401, 'INVALID_CREDENTIALS');
      await from('198.51.100.21', 'lock2').expect(200);
    });

    it('is lifted by an administrator’s password reset; the new password then works and the old one does not', async () => {
      const id = await newUser(t, tenant, 'lock3');
      for (let i = 0; i < 5; i++) await from('198.51.100.31', 'lock3', 'Wrong-passw0rd');
      expectError(await from('198.51.100.31', 'lock3'), 429, 'LOGIN_THROTTLED');

      const reset = await t.http
        .post(`/api/v1/users/${id}/reset-password`)
        .set(bearer(tenant.adminToken))
        .send({ password: NEW_PASSWORD })
        .expect(200);
      expect(reset.body).toMatchObject({ id, username: 'lock3' });
      expect(await auditOf(t, tenant.adminToken, id, 'auth.lockout')).toEqual([
        expect.objectContaining({ actorType: 'anonymous', actorId: null }),
      ]);
      expect(await auditOf(t, tenant.adminToken, id, 'user.password.reset')).toEqual([
        expect.objectContaining({ actorType: 'user', actorId: tenant.adminUserId }),
      ]);

      expectError(await from('198.51.100.31', 'lock3'), 401, 'INVALID_CREDENTIALS');
      const pair = (await from('198.51.100.31', 'lock3', NEW_PASSWORD).expect(200)).body as TokenPair;
      const me = await meRes(t, pair.accessToken).expect(200);
      expect(me.body.username).toBe('lock3');
    });
  });

  describe('access tokens', () => {
    const jwt = new JwtService({ secret: TEST_JWT_SECRET });
    const now = () => Math.floor(Date.now() / 1000);

    it('accepts a well-formed token signed with the server’s secret (control for the cases below)', async () => {
      const sid = claimsOf((await loginPair(t, tenant.code, 'admin')).accessToken).sid;
      const token = await jwt.signAsync({
        sub: tenant.adminUserId,
        tid: tenant.id,
        sid,
        typ: 'access',
        iat: now(),
        exp: now() + 60,
      });
      const me = await meRes(t, token).expect(200);
      expect(me.body.id).toBe(tenant.adminUserId);
    });

    it('refuses an expired token with TOKEN_EXPIRED', async () => {
      const token = await jwt.signAsync({
        sub: tenant.adminUserId,
        tid: tenant.id,
        typ: 'access',
        iat: now() - 120,
        exp: now() - 10,
      });
      const res = await meRes(t, token);
      expectError(res, 401, 'TOKEN_EXPIRED');
      expect(res.body.message).toBe('访问令牌已过期');
    });

    it('refuses garbage with UNAUTHENTICATED', async () => {
      expectError(await meRes(t, 'not-a-jwt'), 401, 'UNAUTHENTICATED');
      expectError(await meRes(t, 'aaa.bbb.ccc'), 401, 'UNAUTHENTICATED');
      expectError(await t.http.get('/api/v1/auth/me'), 401, 'UNAUTHENTICATED');
      expectError(
        await t.http.get('/api/v1/auth/me').set('Authorization', 'Basic YWRtaW46eA=='),
        401,
        'UNAUTHENTICATED',
      );
    });

    it('refuses a token signed with another secret', async () => {
      const other = new JwtService({ secret: 'another-secret-another-secret-another-secret-42' });
      const token = await other.signAsync(
        { sub: tenant.adminUserId, tid: tenant.id, typ: 'access' },
        { expiresIn: 600 },
      );
      expectError(await meRes(t, token), 401, 'UNAUTHENTICATED');
    });

    it('refuses a refresh token used as a bearer token', async () => {
      const pair = await loginPair(t, tenant.code, 'admin');
      expectError(await meRes(t, pair.refreshToken), 401, 'UNAUTHENTICATED');
    });
  });

  describe('refresh', () => {
    it('rotates: returns a new pair, and the new refresh token works in turn', async () => {
      await newUser(t, tenant, 'rot1');
      const first = await loginPair(t, tenant.code, 'rot1');
      const second = (await refreshRes(t, first.refreshToken).expect(200)).body as TokenPair;
      expect(second).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 900,
      });
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect((await meRes(t, second.accessToken).expect(200)).body.username).toBe('rot1');
      const third = (await refreshRes(t, second.refreshToken).expect(200)).body as TokenPair;
      expect(third.refreshToken).not.toBe(second.refreshToken);
      await meRes(t, third.accessToken).expect(200);
    });

    it('treats reuse of a rotated refresh token as theft: REFRESH_TOKEN_REUSED and the whole session ends', async () => {
      await newUser(t, tenant, 'rot2');
      const first = await loginPair(t, tenant.code, 'rot2');
      const otherSession = await loginPair(t, tenant.code, 'rot2');
      const second = (await refreshRes(t, first.refreshToken).expect(200)).body as TokenPair;
      const third = (await refreshRes(t, second.refreshToken).expect(200)).body as TokenPair;

      const replay = await refreshRes(t, first.refreshToken);
      expectError(replay, 401, 'REFRESH_TOKEN_REUSED');
      expect(replay.body.message).toBe('刷新令牌被重复使用，该登录会话已全部注销');

      // The newest token of the family is refused too: the holder of the stolen copy cannot go on.
      const newest = await refreshRes(t, third.refreshToken);
      expect(newest.status).toBe(401);
      expect(['REFRESH_TOKEN_REUSED', 'INVALID_REFRESH_TOKEN']).toContain(newest.body.code);
      expect(newest.body).not.toHaveProperty('accessToken');

      // Another login of the same user is another session and keeps working.
      const other = (await refreshRes(t, otherSession.refreshToken).expect(200)).body as TokenPair;
      await meRes(t, other.accessToken).expect(200);
    });

    it('lets only one of two simultaneous refreshes with the same token through', async () => {
      await newUser(t, tenant, 'rot3');
      const pair = await loginPair(t, tenant.code, 'rot3');
      const results = await Promise.all([refreshRes(t, pair.refreshToken), refreshRes(t, pair.refreshToken)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
      expect(results.find((r) => r.status === 401)!.body.code).toBe('REFRESH_TOKEN_REUSED');
    });

    it('refuses a malformed or unknown refresh token with INVALID_REFRESH_TOKEN', async () => {
      expectError(await refreshRes(t, 'garbage'), 401, 'INVALID_REFRESH_TOKEN');
      const pair = await loginPair(t, tenant.code, 'admin');
      const [tid, id] = pair.refreshToken.split('.');
      expectError(await refreshRes(t, `${tid}.${id}.wrong-secret`), 401, 'INVALID_REFRESH_TOKEN');
      expectError(await refreshRes(t, `${tid}.0190a000-0000-7000-8000-000000000000.x`), 401, 'INVALID_REFRESH_TOKEN');
      // The probing above must not have harmed the real token.
      await refreshRes(t, pair.refreshToken).expect(200);
    });
  });

  describe('logout', () => {
    it('answers 204 and the refresh token is refused afterwards, while other sessions go on', async () => {
      await newUser(t, tenant, 'out1');
      const pair = await loginPair(t, tenant.code, 'out1');
      const other = await loginPair(t, tenant.code, 'out1');
      const res = await t.http
        .post('/api/v1/auth/logout')
        .set(bearer(pair.accessToken))
        .send({ refreshToken: pair.refreshToken });
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      const after = await refreshRes(t, pair.refreshToken);
      expect(after.status).toBe(401);
      expect(['INVALID_REFRESH_TOKEN', 'REFRESH_TOKEN_REUSED']).toContain(after.body.code);
      await refreshRes(t, other.refreshToken).expect(200);
    });

    it('needs an access token', async () => {
      const pair = await loginPair(t, tenant.code, 'admin');
      expectError(
        await t.http.post('/api/v1/auth/logout').send({ refreshToken: pair.refreshToken }),
        401,
        'UNAUTHENTICATED',
      );
      await refreshRes(t, pair.refreshToken).expect(200);
    });

    it('cannot end another user’s session', async () => {
      await newUser(t, tenant, 'out2');
      await newUser(t, tenant, 'out3');
      const victim = await loginPair(t, tenant.code, 'out2');
      const attacker = await loginPair(t, tenant.code, 'out3');
      const res = await t.http
        .post('/api/v1/auth/logout')
        .set(bearer(attacker.accessToken))
        .send({ refreshToken: victim.refreshToken });
      expectError(res, 401, 'INVALID_REFRESH_TOKEN');
      await refreshRes(t, victim.refreshToken).expect(200);
    });
  });

  describe('change password', () => {
    const change = (token: string, currentPassword: string, newPassword: string) =>
      t.http.post('/api/v1/auth/change-password').set(bearer(token)).send({ currentPassword, newPassword });

    it('refuses a wrong current password with WRONG_PASSWORD and changes nothing', async () => {
      await newUser(t, tenant, 'pw1');
      const pair = await loginPair(t, tenant.code, 'pw1');
      expectError(await change(pair.accessToken, 'Not-the-passw0rd', NEW_PASSWORD), 400, 'WRONG_PASSWORD');
      await loginRes(t, tenant.code, 'pw1').expect(200);
      expectError(await loginRes(t, tenant.code, 'pw1', NEW_PASSWORD), 401, 'INVALID_CREDENTIALS');
      await refreshRes(t, pair.refreshToken).expect(200);
    });

    it('refuses a weak new password', async () => {
      await newUser(t, tenant, 'pw2');
      const pair = await loginPair(t, tenant.code, 'pw2');
      expectError(await change(pair.accessToken, PASSWORD, 'short1'), 400, ['VALIDATION_FAILED', 'WEAK_PASSWORD']);
      expectError(await change(pair.accessToken, PASSWORD, 'lettersonly'), 400, ['VALIDATION_FAILED', 'WEAK_PASSWORD']);
      expectError(await change(pair.accessToken, PASSWORD, '1234567890'), 400, ['VALIDATION_FAILED', 'WEAK_PASSWORD']);
      await loginRes(t, tenant.code, 'pw2').expect(200);
    });

    it('returns a new pair and ends every earlier session; only the new password logs in', async () => {
      const id = await newUser(t, tenant, 'pw3');
      const pair = await loginPair(t, tenant.code, 'pw3');
      const otherSession = await loginPair(t, tenant.code, 'pw3');
      const res = await change(pair.accessToken, PASSWORD, NEW_PASSWORD).expect(200);
      const fresh = res.body as TokenPair;
      expect(fresh).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 900,
      });

      await meRes(t, fresh.accessToken).expect(200);
      // Their sessions ended: no need to wait for a new second of token time.
      expectError(await meRes(t, pair.accessToken), 401, 'SESSION_ENDED');
      expectError(await meRes(t, otherSession.accessToken), 401, 'SESSION_ENDED');
      expect((await refreshRes(t, pair.refreshToken)).status).toBe(401);
      expect((await refreshRes(t, otherSession.refreshToken)).status).toBe(401);
      await refreshRes(t, fresh.refreshToken).expect(200);

      expectError(await loginRes(t, tenant.code, 'pw3'), 401, 'INVALID_CREDENTIALS');
      await loginRes(t, tenant.code, 'pw3', NEW_PASSWORD).expect(200);
      expect(await auditOf(t, tenant.adminToken, id, 'user.password.change')).toEqual([
        expect.objectContaining({ actorType: 'user', actorId: id }),
      ]);
    });
  });

  describe('me', () => {
    it('returns the caller and their grants', async () => {
      const me = await meRes(t, tenant.adminToken).expect(200);
      expect(me.body).toMatchObject({
        id: tenant.adminUserId,
        tenantId: tenant.id,
        tenantCode: tenant.code,
        username: 'admin',
        displayName: '管理员',
        orgUnitId: tenant.rootUnitId,
        partnerBodyId: null,
      });
      expect(me.body).not.toHaveProperty('passwordHash');
      expect(me.body.grants).toEqual([
        { unitId: tenant.rootUnitId, level: 1, permissions: expect.arrayContaining(['user.write', 'org.read']) },
      ]);
    });

    it('shows a staff member’s grant at their unit and a plain user’s empty grants', async () => {
      const street = await createUnit(t, tenant.adminToken, tenant.rootUnitId, `${tenant.code}-me`, '街道Me');
      const userId = await newUser(t, tenant, 'me1');
      const roles = await t.http.get('/api/v1/roles?limit=200').set(bearer(tenant.adminToken)).expect(200);
      const role = (roles.body.items as { id: string; key: string }[]).find((r) => r.key === 'grid_worker')!;
      await newUser(t, tenant, 'me2');
      await t.http
        .post('/api/v1/role-assignments')
        .set(bearer(tenant.adminToken))
        .send({ userId, roleId: role.id, orgUnitId: street.id })
        .expect(201);

      const staff = await meRes(t, await login(t, tenant.code, 'me1')).expect(200);
      expect(staff.body).toMatchObject({ id: userId, username: 'me1', orgUnitId: tenant.rootUnitId });
      expect(staff.body.grants).toEqual([
        { unitId: street.id, level: 2, permissions: expect.arrayContaining(['org.read', 'user.read']) },
      ]);
      expect(staff.body.grants[0].permissions).not.toContain('user.write');

      const plain = await meRes(t, await login(t, tenant.code, 'me2')).expect(200);
      expect(plain.body.grants).toEqual([]);
    });
  });

  describe('suspended tenant', () => {
    it('refuses logins, existing tokens and refreshes until resumed; suspending twice conflicts', async () => {
      const other = await provisionTenant(t, 'susp');
      const ops = await operatorToken(t);
      const pair = await loginPair(t, other.code, 'admin');

      const suspended = await t.http.post(`/api/v1/platform/tenants/${other.id}/suspend`).set(bearer(ops)).expect(200);
      expect(suspended.body).toMatchObject({ id: other.id, code: other.code, status: 'suspended' });

      const loginRefused = await loginRes(t, other.code, 'admin');
      expectError(loginRefused, 401, 'TENANT_SUSPENDED');
      expect(loginRefused.body.message).toBe('该区县租户已暂停使用');
      expectError(await meRes(t, pair.accessToken), 401, 'TENANT_SUSPENDED');
      expectError(await t.http.get('/api/v1/org-units').set(bearer(other.adminToken)), 401, 'TENANT_SUSPENDED');
      const refreshRefused = await refreshRes(t, pair.refreshToken);
      expect(refreshRefused.status).toBe(401);
      expect(refreshRefused.body).not.toHaveProperty('accessToken');
      expect(refreshRefused.body.code).toBe('TENANT_SUSPENDED');

      // Other tenants are untouched.
      await meRes(t, tenant.adminToken).expect(200);

      const again = await t.http.post(`/api/v1/platform/tenants/${other.id}/suspend`).set(bearer(ops));
      expectError(again, 409, 'TENANT_ALREADY_IN_STATE');

      const list = await listAll(t, ops, '/api/v1/platform/tenants');
      expect(list.find((x) => x.id === other.id)?.status).toBe('suspended');

      const resumed = await t.http.post(`/api/v1/platform/tenants/${other.id}/resume`).set(bearer(ops)).expect(200);
      expect(resumed.body.status).toBe('active');
      expectError(
        await t.http.post(`/api/v1/platform/tenants/${other.id}/resume`).set(bearer(ops)),
        409,
        'TENANT_ALREADY_IN_STATE',
      );

      const back = await loginPair(t, other.code, 'admin');
      await meRes(t, back.accessToken).expect(200);
      for (const action of ['tenant.suspend', 'tenant.resume']) {
        expect(await auditOf(t, back.accessToken, other.id, action)).toEqual([
          expect.objectContaining({ actorType: 'operator' }),
        ]);
      }
      // The refresh refused during suspension was not consumed.
      await refreshRes(t, pair.refreshToken).expect(200);
    });

    it('answers an unknown tenant id with 404', async () => {
      const ops = await operatorToken(t);
      const res = await t.http
        .post('/api/v1/platform/tenants/0190a000-0000-7000-8000-000000000000/suspend')
        .set(bearer(ops));
      expectError(res, 404, 'NOT_FOUND');
    });
  });

  describe('token separation and provisioning', () => {
    it('refuses an operator token on tenant routes', async () => {
      const ops = await operatorToken(t);
      expectError(await t.http.get('/api/v1/org-units').set(bearer(ops)), 401, 'UNAUTHENTICATED');
      expectError(await meRes(t, ops), 401, 'UNAUTHENTICATED');
    });

    it('refuses a tenant token on platform routes', async () => {
      const res = await t.http.get('/api/v1/platform/tenants').set(bearer(tenant.adminToken));
      expectError(res, 403, 'PLATFORM_ONLY');
      const provision = await t.http
        .post('/api/v1/platform/tenants')
        .set(bearer(tenant.adminToken))
        .send({
          code: uniqueCode('x'),
          name: 'x',
          divisionCode: '410411',
          admin: { username: 'admin', password: PASSWORD, displayName: 'x' },
        });
      expectError(provision, 403, 'PLATFORM_ONLY');
      expectError(
        await t.http.post(`/api/v1/platform/tenants/${tenant.id}/suspend`).set(bearer(tenant.adminToken)),
        403,
        'PLATFORM_ONLY',
      );
      await meRes(t, tenant.adminToken).expect(200);
    });

    it('refuses platform routes without a token, or with a bad one', async () => {
      expectError(await t.http.get('/api/v1/platform/tenants'), 401, 'UNAUTHENTICATED');
      expectError(await t.http.post(`/api/v1/platform/tenants/${tenant.id}/suspend`), 401, 'UNAUTHENTICATED');
      expectError(await t.http.get('/api/v1/platform/tenants').set(bearer('garbage')), 401, 'UNAUTHENTICATED');
      const forged = await new JwtService({ secret: 'another-secret-another-secret-another-secret-42' }).signAsync(
        { sub: 'x', typ: 'operator' },
        { expiresIn: 600 },
      );
      expectError(await t.http.get('/api/v1/platform/tenants').set(bearer(forged)), 401, 'UNAUTHENTICATED');
      const expired = await new JwtService({ secret: TEST_JWT_SECRET }).signAsync({
        sub: 'x',
        typ: 'operator',
        iat: Math.floor(Date.now() / 1000) - 120,
        exp: Math.floor(Date.now() / 1000) - 10,
      });
      expectError(await t.http.get('/api/v1/platform/tenants').set(bearer(expired)), 401, 'TOKEN_EXPIRED');
    });

    it('refuses a wrong operator password', async () => {
      const res = await t.http
        .post('/api/v1/platform/auth/login')
        .send({ username: 'test-ops', password: 'Wrong-passw0rd' });
      expectError(res, 401, 'INVALID_CREDENTIALS');
    });

    it('refuses a duplicate tenant code with TENANT_CODE_TAKEN', async () => {
      const ops = await operatorToken(t);
      const res = await t.http
        .post('/api/v1/platform/tenants')
        .set(bearer(ops))
        .send({
          code: tenant.code,
          name: '重复',
          divisionCode: '410411',
          admin: { username: 'admin', password: PASSWORD, displayName: 'x' },
        });
      expectError(res, 409, 'TENANT_CODE_TAKEN');
      expect(res.body.message).toBe(`租户编码已被使用：${tenant.code}`);
      // The original tenant is untouched.
      await loginRes(t, tenant.code, 'admin').expect(200);
    });

    it('refuses a malformed division code with VALIDATION_FAILED naming the field', async () => {
      const ops = await operatorToken(t);
      const code = uniqueCode('bad');
      const res = await t.http
        .post('/api/v1/platform/tenants')
        .set(bearer(ops))
        .send({
          code,
          name: '坏',
          divisionCode: '12345',
          admin: { username: 'admin', password: PASSWORD, displayName: 'x' },
        });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'divisionCode' })]));
      // Nothing was created.
      expectError(await loginRes(t, code, 'admin'), 401, 'INVALID_CREDENTIALS');
    });

    it('refuses a weak tenant admin password with WEAK_PASSWORD and creates nothing', async () => {
      const ops = await operatorToken(t);
      const code = uniqueCode('weak');
      const res = await t.http
        .post('/api/v1/platform/tenants')
        .set(bearer(ops))
        .send({
          code,
          name: '弱',
          divisionCode: '410411',
          admin: { username: 'admin', password: 'lettersonly', displayName: 'x' },
        });
      expectError(res, 400, 'WEAK_PASSWORD');
      const list = await listAll(t, ops, '/api/v1/platform/tenants');
      expect(list.some((x) => x.code === code)).toBe(false);
    });
  });

  describe('disabled user', () => {
    it('cannot log in, and their existing tokens are refused', async () => {
      const id = await newUser(t, tenant, 'off1');
      const pair = await loginPair(t, tenant.code, 'off1');
      await meRes(t, pair.accessToken).expect(200);

      const patched = await t.http
        .patch(`/api/v1/users/${id}`)
        .set(bearer(tenant.adminToken))
        .send({ status: 'disabled' })
        .expect(200);
      expect(patched.body.status).toBe('disabled');

      const refused = await loginRes(t, tenant.code, 'off1');
      expectError(refused, 401, 'ACCOUNT_DISABLED');
      expect(refused.body.message).toBe('账号已停用');
      // A wrong password still reveals nothing about the account's state.
      expectError(await loginRes(t, tenant.code, 'off1', 'Wrong-passw0rd'), 401, 'INVALID_CREDENTIALS');
      expectError(await meRes(t, pair.accessToken), 401, 'ACCOUNT_DISABLED');
      expect((await refreshRes(t, pair.refreshToken)).status).toBe(401);

      // Re-enabled, they can log in again.
      await t.http.patch(`/api/v1/users/${id}`).set(bearer(tenant.adminToken)).send({ status: 'active' }).expect(200);
      await loginRes(t, tenant.code, 'off1').expect(200);
    });
  });
});
