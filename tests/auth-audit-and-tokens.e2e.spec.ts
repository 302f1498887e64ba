import { JwtService } from '@nestjs/jwt';
import pg from 'pg';
import { newOperatorRow } from '@tongxin/platform';
import { setOperatorStatus } from '../apps/api/src/cli/operator-account';
import {
  bearer,
  operatorToken,
  PASSWORD,
  provisionTenant,
  startTestApp,
  TEST_JWT_SECRET,
  uniqueCode,
  type TestApp,
  type TestTenant,
} from './support/test-app';
import { expectError } from './support/expect';
import { OWNER_URL } from './support/test-database-urls';

/**
 * Authentication leaves an audit trail with the source address and no secret (finding 7); platform
 * operators are throttled, audited and checked against a live session (finding 2); access tokens
 * end with their session and must carry a sane lifetime, token answers are never cached, and
 * every way of setting a password refuses common ones (finding 9).
 */

interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

interface AuditItem {
  action: string;
  actorType: string;
  actorId: string | null;
  entityId: string | null;
  after: Record<string, unknown> | null;
  sourceAddress: string | null;
}

const WRONG = 'Wrong-passw0rd';
const jwt = new JwtService({ secret: TEST_JWT_SECRET });
const now = () => Math.floor(Date.now() / 1000);
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

let nextIp = 1;
const ip = () => `192.0.2.${nextIp++}`;

let t: TestApp;
let tenant: TestTenant;
let owner: pg.Client;

beforeAll(async () => {
  t = await startTestApp({ TRUST_PROXY: 'loopback' });
  tenant = await provisionTenant(t, 'audit-auth');
  owner = new pg.Client({ connectionString: OWNER_URL });
  await owner.connect();
});
afterAll(async () => {
  await owner?.end();
  await t?.close();
});

const loginFrom = (source: string, username: string, password = PASSWORD, tenantCode = tenant.code) =>
  t.http.post('/api/v1/auth/login').set('X-Forwarded-For', source).send({ tenantCode, username, password });

async function newUser(username: string): Promise<string> {
  const res = await t.http
    .post('/api/v1/users')
    .set(bearer(tenant.adminToken))
    .send({ username, displayName: username, password: PASSWORD, orgUnitId: tenant.rootUnitId });
  if (res.status !== 201) throw new Error(`create user ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

async function tenantAudit(query: Record<string, string>): Promise<AuditItem[]> {
  const res = await t.http.get('/api/v1/audit-events').set(bearer(tenant.adminToken)).query(query).expect(200);
  return res.body.items as AuditItem[];
}

async function platformAudit(ops: string, query: Record<string, string>): Promise<AuditItem[]> {
  const res = await t.http.get('/api/v1/platform/audit').set(bearer(ops)).query(query).expect(200);
  return res.body.items as AuditItem[];
}

describe('authentication audit', () => {
  it('records successful and failed logins, lockouts and throttling with the source address and no secret', async () => {
    const id = await newUser('audited');
    const home = ip();
    const attacker = ip();
    const pair = (await loginFrom(home, 'audited').expect(200)).body as TokenPair;
    for (let i = 0; i < 5; i++) await loginFrom(attacker, 'audited', WRONG).expect(401);
    for (let i = 0; i < 3; i++) await loginFrom(attacker, 'audited').expect(429);

    const events = await tenantAudit({ entityId: id });
    const byAction = (action: string) => events.filter((e) => e.action === action);
    expect(byAction('auth.login')).toEqual([
      expect.objectContaining({ actorType: 'user', actorId: id, sourceAddress: home }),
    ]);
    expect(byAction('auth.login.failed')).toHaveLength(5);
    expect(byAction('auth.login.failed')[0]).toMatchObject({
      actorType: 'anonymous',
      actorId: null,
      sourceAddress: attacker,
      after: { tenantCode: tenant.code, username: 'audited', reason: 'wrong_password' },
    });
    expect(byAction('auth.lockout')).toEqual([
      expect.objectContaining({
        sourceAddress: attacker,
        after: expect.objectContaining({ scope: 'account-source', level: 1 }),
      }),
    ]);
    // One event per lockout, not one per knock on the locked door.
    expect(byAction('auth.login.throttled')).toEqual([
      expect.objectContaining({ sourceAddress: attacker, after: expect.objectContaining({ retryAfterSeconds: 900 }) }),
    ]);
    const everything = JSON.stringify(events);
    for (const secret of [PASSWORD, WRONG, pair.accessToken, pair.refreshToken, pair.refreshToken.split('.')[2]!])
      expect(everything).not.toContain(secret);
    // The trail can be searched by address.
    const fromAttacker = await tenantAudit({ sourceAddress: attacker });
    expect(fromAttacker.length).toBe(7);
    expect(fromAttacker.every((e) => e.sourceAddress === attacker)).toBe(true);
  });

  it('records a login for an unknown user in the district, with no account named', async () => {
    const source = ip();
    await loginFrom(source, 'not-a-user', WRONG).expect(401);
    expect(await tenantAudit({ action: 'auth.login.failed', sourceAddress: source })).toEqual([
      expect.objectContaining({ entityId: null, after: expect.objectContaining({ reason: 'unknown_user' }) }),
    ]);
  });

  it('records logouts and refresh-token reuse', async () => {
    const id = await newUser('sessions');
    const source = ip();
    const first = (await loginFrom(source, 'sessions').expect(200)).body as TokenPair;
    await t.http
      .post('/api/v1/auth/logout')
      .set(bearer(first.accessToken))
      .set('X-Forwarded-For', source)
      .send({ refreshToken: first.refreshToken })
      .expect(204);
    const second = (await loginFrom(source, 'sessions').expect(200)).body as TokenPair;
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: second.refreshToken }).expect(200);
    const thief = ip();
    await t.http
      .post('/api/v1/auth/refresh')
      .set('X-Forwarded-For', thief)
      .send({ refreshToken: second.refreshToken })
      .expect(401);
    expect(await tenantAudit({ entityId: id, action: 'auth.logout' })).toEqual([
      expect.objectContaining({ actorType: 'user', actorId: id, sourceAddress: source }),
    ]);
    expect(await tenantAudit({ entityId: id, action: 'auth.refresh.reused' })).toEqual([
      expect.objectContaining({ actorType: 'anonymous', sourceAddress: thief }),
    ]);
  });

  it('records attempts naming an unknown district where operators can read them, and districts cannot', async () => {
    const source = ip();
    const code = uniqueCode('ghost');
    expectError(await loginFrom(source, 'admin', WRONG, code), 401, 'INVALID_CREDENTIALS');
    const ops = await operatorToken(t);
    expect(await platformAudit(ops, { action: 'auth.login.failed', sourceAddress: source })).toEqual([
      expect.objectContaining({
        actorType: 'anonymous',
        tenantId: null,
        after: { tenantCode: code, username: 'admin', reason: 'unknown_tenant' },
      }),
    ]);
    expectError(await t.http.get('/api/v1/platform/audit').set(bearer(tenant.adminToken)), 403, 'PLATFORM_ONLY');
  });

  it('gives operators what operators did to districts, by district', async () => {
    const ops = await operatorToken(t);
    const other = await provisionTenant(t, 'audit-ops');
    await t.http.post(`/api/v1/platform/tenants/${other.id}/suspend`).set(bearer(ops)).expect(200);
    const events = await platformAudit(ops, { tenantId: other.id });
    expect(events.map((e) => e.action)).toEqual(['tenant.suspend', 'tenant.provision']);
    expect(events.every((e) => e.actorType === 'operator' && e.entityId === other.id)).toBe(true);
  });
});

describe('platform operators', () => {
  async function newOperator(): Promise<{ id: string; username: string; password: string }> {
    const username = uniqueCode('op');
    const password = 'Op-Passw0rd-2026';
    const row = await newOperatorRow(username, password, '测试');
    await owner.query(
      'insert into platform_operators (id, username, password_hash, display_name) values ($1, $2, $3, $4)',
      [row.id, username, row.passwordHash, '测试'],
    );
    return { id: row.id, username, password };
  }
  const opLogin = (source: string, username: string, password: string) =>
    t.http.post('/api/v1/platform/auth/login').set('X-Forwarded-For', source).send({ username, password });

  it('are locked out of one source after 5 wrong passwords, audited, while their own source logs in', async () => {
    const op = await newOperator();
    const attacker = ip();
    const home = ip();
    for (let i = 0; i < 5; i++) expectError(await opLogin(attacker, op.username, WRONG), 401, 'INVALID_CREDENTIALS');
    const refused = await opLogin(attacker, op.username, op.password);
    expectError(refused, 429, 'LOGIN_THROTTLED');
    expect(refused.headers['retry-after']).toBe('900');
    const token = (await opLogin(home, op.username, op.password).expect(200)).body.accessToken as string;
    const events = await platformAudit(token, { actorId: op.id });
    expect(events.map((e) => e.action)).toEqual(['operator.login']);
    expect(events[0]!.sourceAddress).toBe(home);
    const failed = (await platformAudit(token, { action: 'operator.login.failed' })).filter(
      (e) => e.entityId === op.id,
    );
    expect(failed).toHaveLength(5);
    expect(failed.every((e) => e.sourceAddress === attacker && e.after?.reason === 'wrong_password')).toBe(true);
    const lockouts = (await platformAudit(token, { action: 'operator.lockout' })).filter((e) => e.entityId === op.id);
    expect(lockouts).toHaveLength(1);
    const throttled = (await platformAudit(token, { action: 'operator.login.throttled' })).filter(
      (e) => e.entityId === op.id,
    );
    expect(throttled).toHaveLength(1);
    expect(JSON.stringify(await platformAudit(token, {}))).not.toContain(op.password);
  });

  it('are refused at once after logout, and the logout is audited', async () => {
    const op = await newOperator();
    const source = ip();
    const token = (await opLogin(source, op.username, op.password).expect(200)).body.accessToken as string;
    await t.http.get('/api/v1/platform/tenants').set(bearer(token)).expect(200);
    await t.http.post('/api/v1/platform/auth/logout').set(bearer(token)).set('X-Forwarded-For', source).expect(204);
    expectError(await t.http.get('/api/v1/platform/tenants').set(bearer(token)), 401, 'SESSION_ENDED');
    const other = (await opLogin(source, op.username, op.password).expect(200)).body.accessToken as string;
    expect((await platformAudit(other, { actorId: op.id, action: 'operator.logout' }))[0]).toMatchObject({
      sourceAddress: source,
    });
  });

  it('are refused at once when disabled or removed', async () => {
    const disabled = await newOperator();
    const token = (await opLogin(ip(), disabled.username, disabled.password).expect(200)).body.accessToken as string;
    // What `npm run operator:disable` does.
    expect(await setOperatorStatus(OWNER_URL, disabled.username, 'disabled')).toBe(true);
    expectError(await t.http.get('/api/v1/platform/tenants').set(bearer(token)), 401, 'ACCOUNT_DISABLED');
    expectError(await opLogin(ip(), disabled.username, disabled.password), 401, 'ACCOUNT_DISABLED');
    // A wrong password still tells nothing about the account.
    expectError(await opLogin(ip(), disabled.username, WRONG), 401, 'INVALID_CREDENTIALS');
    expect(await setOperatorStatus(OWNER_URL, disabled.username, 'active')).toBe(true);
    await opLogin(ip(), disabled.username, disabled.password).expect(200);
    expect(await setOperatorStatus(OWNER_URL, 'no-such-operator', 'disabled')).toBe(false);

    const removed = await newOperator();
    const removedToken = (await opLogin(ip(), removed.username, removed.password).expect(200)).body
      .accessToken as string;
    await owner.query('delete from platform_operators where id = $1', [removed.id]);
    expectError(await t.http.get('/api/v1/platform/tenants').set(bearer(removedToken)), 401, 'UNAUTHENTICATED');
  });

  it('refuse an operator token with no expiry, a lifetime beyond an hour, or no session', async () => {
    const op = await newOperator();
    const token = (await opLogin(ip(), op.username, op.password).expect(200)).body.accessToken as string;
    const { sub, sid } = claimsOf(token);
    const forge = (claims: object) => jwt.signAsync({ sub, sid, typ: 'operator', ...claims });
    const tenants = (tok: string) => t.http.get('/api/v1/platform/tenants').set(bearer(tok));
    await tenants(await forge({ iat: now(), exp: now() + 3600 })).expect(200);
    expectError(await tenants(await forge({ iat: now() })), 401, 'UNAUTHENTICATED');
    expectError(await tenants(await forge({ iat: now(), exp: now() + 100 * 365 * 86_400 })), 401, 'UNAUTHENTICATED');
    expectError(
      await tenants(await jwt.signAsync({ sub, typ: 'operator' }, { expiresIn: 600 })),
      401,
      'UNAUTHENTICATED',
    );
  });
});

describe('access tokens and token answers', () => {
  it('stop working after logout, and after a reused refresh token ends the session', async () => {
    await newUser('tok1');
    const pair = (await loginFrom(ip(), 'tok1').expect(200)).body as TokenPair;
    const other = (await loginFrom(ip(), 'tok1').expect(200)).body as TokenPair;
    await t.http.get('/api/v1/auth/me').set(bearer(pair.accessToken)).expect(200);
    await t.http
      .post('/api/v1/auth/logout')
      .set(bearer(pair.accessToken))
      .send({ refreshToken: pair.refreshToken })
      .expect(204);
    expectError(await t.http.get('/api/v1/auth/me').set(bearer(pair.accessToken)), 401, 'SESSION_ENDED');
    // The other session goes on.
    await t.http.get('/api/v1/auth/me').set(bearer(other.accessToken)).expect(200);

    const rotated = (await t.http.post('/api/v1/auth/refresh').send({ refreshToken: other.refreshToken }).expect(200))
      .body as TokenPair;
    await t.http.get('/api/v1/auth/me').set(bearer(rotated.accessToken)).expect(200);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: other.refreshToken }).expect(401);
    expectError(await t.http.get('/api/v1/auth/me').set(bearer(rotated.accessToken)), 401, 'SESSION_ENDED');
    expectError(await t.http.get('/api/v1/auth/me').set(bearer(other.accessToken)), 401, 'SESSION_ENDED');
  });

  it('refuses a token with no expiry, one that lives longer than configured, or one issued in the future', async () => {
    const pair = (await loginFrom(ip(), 'admin').expect(200)).body as TokenPair;
    const { sub, tid, sid } = claimsOf(pair.accessToken);
    const me = async (claims: object) =>
      t.http.get('/api/v1/auth/me').set(bearer(await jwt.signAsync({ sub, tid, sid, typ: 'access', ...claims })));
    expect((await me({ iat: now(), exp: now() + 900 })).status).toBe(200);
    expectError(await me({ iat: now() }), 401, 'UNAUTHENTICATED');
    expectError(await me({ iat: now(), exp: now() + 901 }), 401, 'UNAUTHENTICATED');
    expectError(await me({ iat: now(), exp: now() + 100 * 365 * 86_400 }), 401, 'UNAUTHENTICATED');
    expectError(await me({ iat: now() + 3600, exp: now() + 3600 + 900 }), 401, 'UNAUTHENTICATED');
    // No session named: not a token we issued.
    expectError(
      await t.http
        .get('/api/v1/auth/me')
        .set(bearer(await jwt.signAsync({ sub, tid, typ: 'access' }, { expiresIn: 600 }))),
      401,
      'UNAUTHENTICATED',
    );
  });

  it('answers every token route with Cache-Control: no-store and Pragma: no-cache', async () => {
    await newUser('tok2');
    const login = await loginFrom(ip(), 'tok2').expect(200);
    const refresh = await t.http
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: login.body.refreshToken })
      .expect(200);
    const change = await t.http
      .post('/api/v1/auth/change-password')
      .set(bearer(refresh.body.accessToken))
      .send({ currentPassword: PASSWORD, newPassword: 'N3w-Passw0rd-2026' })
      .expect(200);
    const operator = await t.http
      .post('/api/v1/platform/auth/login')
      .send({ username: 'test-ops', password: 'Operator-2026' })
      .expect(200);
    const refused = await loginFrom(ip(), 'tok2', WRONG).expect(401);
    for (const res of [login, refresh, change, operator, refused]) {
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.pragma).toBe('no-cache');
    }
  });
});

describe('the password rule, wherever a password is set', () => {
  const COMMON = [
    'password1',
    'qwerty123',
    'Qwerty123',
    'woaini1314',
    'qq123456',
    'a1234567',
    'Passw0rd',
    'admin123!',
    'zhang123456',
  ];

  it('refuses common passwords (Chinese patterns included) for a new user and says why', async () => {
    for (const password of COMMON) {
      const res = await t.http
        .post('/api/v1/users')
        .set(bearer(tenant.adminToken))
        .send({ username: uniqueCode('u'), displayName: 'x', password, orgUnitId: tenant.rootUnitId });
      expectError(res, 400, 'PASSWORD_TOO_COMMON');
    }
    const tooShort = await t.http
      .post('/api/v1/users')
      .set(bearer(tenant.adminToken))
      .send({ username: uniqueCode('u'), displayName: 'x', password: 'abc123', orgUnitId: tenant.rootUnitId });
    expectError(tooShort, 400, ['VALIDATION_FAILED', 'WEAK_PASSWORD']);
    const named = await t.http
      .post('/api/v1/users')
      .set(bearer(tenant.adminToken))
      .send({ username: 'liming', displayName: 'x', password: 'liming-2026', orgUnitId: tenant.rootUnitId });
    expectError(named, 400, 'PASSWORD_TOO_COMMON');
    expect(named.body.message).toBe('该密码过于常见或包含用户名，容易被猜中，请换一个');
  });

  it('refuses them on reset, on change, for a district’s first admin and for an operator', async () => {
    const id = await newUser('rule1');
    expectError(
      await t.http
        .post(`/api/v1/users/${id}/reset-password`)
        .set(bearer(tenant.adminToken))
        .send({ password: 'woaini1314' }),
      400,
      'PASSWORD_TOO_COMMON',
    );
    const token = (await loginFrom(ip(), 'rule1').expect(200)).body.accessToken as string;
    expectError(
      await t.http
        .post('/api/v1/auth/change-password')
        .set(bearer(token))
        .send({ currentPassword: PASSWORD, newPassword: 'qwerty123' }),
      400,
      'PASSWORD_TOO_COMMON',
    );
    await loginFrom(ip(), 'rule1').expect(200);
    const ops = await operatorToken(t);
    const code = uniqueCode('weakadm');
    expectError(
      await t.http
        .post('/api/v1/platform/tenants')
        .set(bearer(ops))
        .send({
          code,
          name: 'x',
          divisionCode: '410411',
          admin: { username: 'admin', password: 'password1', displayName: 'x' },
        }),
      400,
      'PASSWORD_TOO_COMMON',
    );
    await expect(newOperatorRow(uniqueCode('op'), 'qq123456', 'x')).rejects.toMatchObject({
      code: 'PASSWORD_TOO_COMMON',
    });
  });
});
