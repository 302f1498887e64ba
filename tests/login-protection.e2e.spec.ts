import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { Clock } from '@tongxin/jobs';
import { bearer, PASSWORD, provisionTenant, startTestApp, type TestApp, type TestTenant } from './support/test-app';
import { expectError } from './support/expect';
import { APP_URL } from './support/test-database-urls';

/**
 * Login throttling and lockout (finding 5, ADR 006) as attackers meet it: per account and source,
 * per source, per account and per district, with growing lockouts on the controllable clock, and
 * with two api instances sharing the counters (Redis, then PostgreSQL). Both apps trust the
 * loopback proxy, so each request names its client in X-Forwarded-For.
 */

const WRONG = 'Wrong-passw0rd';

function loginFrom(t: TestApp, ip: string, tenantCode: string, username: string, password = PASSWORD) {
  return t.http.post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ tenantCode, username, password });
}

async function newUser(t: TestApp, tenant: TestTenant, username: string): Promise<string> {
  const res = await t.http
    .post('/api/v1/users')
    .set(bearer(tenant.adminToken))
    .send({ username, displayName: username, password: PASSWORD, orgUnitId: tenant.rootUnitId });
  if (res.status !== 201) throw new Error(`create user ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** 203.0.113.<n>: one documentation address per simulated client. */
let nextIp = 1;
const ip = () => `203.0.113.${nextIp++}`;

async function twoApps(env: Record<string, string>, queue?: { kind: 'postgres'; url: string }) {
  const queuePrefix = `test-${uuidv7()}`;
  const a = await startTestApp({ TRUST_PROXY: 'loopback', ...env }, { queue, queuePrefix });
  const b = await startTestApp({ TRUST_PROXY: 'loopback', ...env }, { queue, queuePrefix });
  return { a, b, advance: (ms: number) => [a, b].forEach((t) => t.app.get(Clock).advance(ms)) };
}

describe('login protection, two api instances sharing counters on Redis', () => {
  let a: TestApp;
  let b: TestApp;
  let advance: (ms: number) => void;
  let tenant: TestTenant;

  beforeAll(async () => {
    ({ a, b, advance } = await twoApps({}));
    tenant = await provisionTenant(a, 'lockout');
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('locks one source out of one account after 5 failures counted on either instance; the real user elsewhere logs in', async () => {
    await newUser(a, tenant, 'victim');
    const attacker = ip();
    for (const t of [a, b, a, b, a])
      expectError(await loginFrom(t, attacker, tenant.code, 'victim', WRONG), 401, 'INVALID_CREDENTIALS');
    for (const t of [a, b]) {
      const refused = await loginFrom(t, attacker, tenant.code, 'victim');
      expectError(refused, 429, 'LOGIN_THROTTLED');
      expect(refused.headers['retry-after']).toBe('900');
      expect(refused.body.details).toEqual({ retryAfterSeconds: 900, retryAt: expect.any(String) });
    }
    await loginFrom(b, ip(), tenant.code, 'victim').expect(200);
  });

  it('makes each further lockout within a day twice as long, and lets the source in again when it ends', async () => {
    await newUser(a, tenant, 'persistent');
    const attacker = ip();
    for (let i = 0; i < 5; i++) await loginFrom(a, attacker, tenant.code, 'persistent', WRONG);
    expect((await loginFrom(b, attacker, tenant.code, 'persistent')).headers['retry-after']).toBe('900');
    advance(900_000);
    for (let i = 0; i < 5; i++)
      expectError(await loginFrom(b, attacker, tenant.code, 'persistent', WRONG), 401, 'INVALID_CREDENTIALS');
    const second = await loginFrom(a, attacker, tenant.code, 'persistent');
    expectError(second, 429, 'LOGIN_THROTTLED');
    expect(second.headers['retry-after']).toBe('1800');
    advance(1_799_000);
    expectError(await loginFrom(a, attacker, tenant.code, 'persistent'), 429, 'LOGIN_THROTTLED');
    advance(1_000);
    await loginFrom(a, attacker, tenant.code, 'persistent').expect(200);
  });

  it('answers an unknown username exactly like a real one: the same 401s, then the same 429', async () => {
    await newUser(a, tenant, 'real-one');
    const [x, y] = [ip(), ip()];
    const answers = async (source: string, username: string) => {
      const seen: [number, string, string | undefined][] = [];
      for (let i = 0; i < 6; i++) {
        const res = await loginFrom(i % 2 ? a : b, source, tenant.code, username, WRONG);
        seen.push([res.status, res.body.code, res.headers['retry-after']]);
      }
      return seen;
    };
    const real = await answers(x, 'real-one');
    const ghost = await answers(y, 'no-such-person');
    expect(ghost).toEqual(real);
    expect(real.at(-1)).toEqual([429, 'LOGIN_THROTTLED', '900']);
  });

  it('slows a client spraying many accounts, but not the accounts already used from there', async () => {
    const sprayer = ip();
    await newUser(a, tenant, 'desk-user');
    await newUser(a, tenant, 'new-user');
    // desk-user has logged in from this address before: it is their familiar source.
    await loginFrom(a, sprayer, tenant.code, 'desk-user').expect(200);
    for (let i = 0; i < 20; i++)
      expectError(
        await loginFrom(i % 2 ? a : b, sprayer, tenant.code, `sprayed-${i}`, WRONG),
        401,
        'INVALID_CREDENTIALS',
      );
    const slowed = await loginFrom(b, sprayer, tenant.code, 'new-user');
    expectError(slowed, 429, 'LOGIN_THROTTLED');
    expect(slowed.headers['retry-after']).toBe('900');
    await loginFrom(a, sprayer, tenant.code, 'desk-user').expect(200);
    await loginFrom(a, ip(), tenant.code, 'new-user').expect(200);
  });

  it('puts an account guessed at from many under attack: each new source gets two guesses, the real user still logs in', async () => {
    // Before, 20 failures from anywhere locked every unfamiliar source out of the account for 15
    // minutes and more: anyone could keep a grid worker on mobile data out of their account.
    await newUser(a, tenant, 'boss');
    const office = ip();
    await loginFrom(a, office, tenant.code, 'boss').expect(200);
    for (let i = 0; i < 20; i++)
      expectError(await loginFrom(i % 2 ? a : b, ip(), tenant.code, 'boss', WRONG), 401, 'INVALID_CREDENTIALS');
    // The real user, from an address the account never used, with the right password.
    await loginFrom(b, ip(), tenant.code, 'boss').expect(200);
    // Another guesser's address: two failures, then locked out of the account.
    const guesser = ip();
    for (const t of [a, b])
      expectError(await loginFrom(t, guesser, tenant.code, 'boss', WRONG), 401, 'INVALID_CREDENTIALS');
    const refused = await loginFrom(a, guesser, tenant.code, 'boss');
    expectError(refused, 429, 'LOGIN_THROTTLED');
    expect(refused.headers['retry-after']).toBe('900');
    await loginFrom(b, office, tenant.code, 'boss').expect(200);
    // Once the attack's period is over, a new address has its usual five again.
    advance(901_000);
    const later = ip();
    for (let i = 0; i < 3; i++)
      expectError(await loginFrom(a, later, tenant.code, 'boss', WRONG), 401, 'INVALID_CREDENTIALS');
  });

  it('lets no more than 5 of many simultaneous guesses through to the password check', async () => {
    await newUser(a, tenant, 'raced');
    const attacker = ip();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => loginFrom(i % 2 ? a : b, attacker, tenant.code, 'raced', WRONG)),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('does the same database work for an unknown username as for a wrong password', async () => {
    await newUser(a, tenant, 'same-work');
    const statements = async (username: string) => {
      const log: string[] = [];
      const original = pg.Client.prototype.query;
      pg.Client.prototype.query = function (this: pg.Client, config: unknown, ...rest: unknown[]) {
        const text = typeof config === 'string' ? config : (config as { text?: string } | null)?.text;
        if (typeof text === 'string') log.push(text);
        return (original as (...args: unknown[]) => unknown).apply(this, [config, ...rest]);
      } as typeof original;
      try {
        await loginFrom(a, ip(), tenant.code, username, WRONG).expect(401);
      } finally {
        pg.Client.prototype.query = original;
      }
      return log;
    };
    const wrongPassword = await statements('same-work');
    const unknownUser = await statements('nobody-at-all');
    expect(unknownUser).toEqual(wrongPassword);
    expect(wrongPassword.filter((s) => s.startsWith('INSERT INTO "audit_events"'))).toHaveLength(1);
  });
  it('refuses a username holding a NUL (or another control character) as a bad request, never a 500; a NUL in a password is a wrong password', async () => {
    for (const username of ['vic\u0000tim', '\u0000', 'victim\u001b']) {
      const res = await loginFrom(a, ip(), tenant.code, username, WRONG);
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'username', constraint: 'matches' })]);
    }
    expectError(await loginFrom(a, ip(), tenant.code, 'victim', `pw\u0000${WRONG}`), 401, 'INVALID_CREDENTIALS');
    const operator = await a.http
      .post('/api/v1/platform/auth/login')
      .set('X-Forwarded-For', ip())
      .send({ username: 'op\u0000erator', password: WRONG });
    expectError(operator, 400, 'VALIDATION_FAILED');
  });
});

describe('login protection, two api instances sharing counters in PostgreSQL', () => {
  let a: TestApp;
  let b: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;

  beforeAll(async () => {
    ({ a, b } = await twoApps({ LOGIN_TENANT_MAX_FAILURES: '6' }, { kind: 'postgres', url: APP_URL }));
    tenant = await provisionTenant(a, 'pg-lock');
    other = await provisionTenant(a, 'pg-other');
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('locks one source out of one account across both instances', async () => {
    await newUser(a, other, 'victim');
    const attacker = ip();
    for (const t of [a, b, a, b, a]) await loginFrom(t, attacker, other.code, 'victim', WRONG).expect(401);
    const refused = await loginFrom(b, attacker, other.code, 'victim');
    expectError(refused, 429, 'LOGIN_THROTTLED');
    expect(refused.headers['retry-after']).toBe('900');
    await loginFrom(a, ip(), other.code, 'victim').expect(200);
  });

  it('puts a district sprayed from many under attack: new sources get two guesses per account, its users still log in', async () => {
    await newUser(a, tenant, 'resident');
    await newUser(a, tenant, 'grid-worker');
    const home = ip();
    await loginFrom(a, home, tenant.code, 'resident').expect(200);
    for (let i = 0; i < 6; i++) await loginFrom(i % 2 ? a : b, ip(), tenant.code, `guess-${i}`, WRONG).expect(401);
    // A grid worker on mobile data, from an address never seen, logs in.
    await loginFrom(b, ip(), tenant.code, 'grid-worker').expect(200);
    const guesser = ip();
    for (const t of [a, b]) await loginFrom(t, guesser, tenant.code, 'resident', WRONG).expect(401);
    expectError(await loginFrom(b, guesser, tenant.code, 'resident'), 429, 'LOGIN_THROTTLED');
    await loginFrom(b, home, tenant.code, 'resident').expect(200);
    // Another district is not affected: a new source there has its usual five.
    const calm = await provisionTenant(a, 'pg-calm');
    const elsewhere = ip();
    for (let i = 0; i < 3; i++) await loginFrom(a, elsewhere, calm.code, 'admin', WRONG).expect(401);
    await loginFrom(a, ip(), calm.code, 'admin').expect(200);
  });
  it('refuses a username holding a NUL (or another control character) as a bad request, never a 500; a NUL in a password is a wrong password', async () => {
    for (const username of ['vic\u0000tim', '\u0000', 'victim\u001b']) {
      const res = await loginFrom(a, ip(), tenant.code, username, WRONG);
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'username', constraint: 'matches' })]);
    }
    expectError(await loginFrom(a, ip(), tenant.code, 'victim', `pw\u0000${WRONG}`), 401, 'INVALID_CREDENTIALS');
    const operator = await a.http
      .post('/api/v1/platform/auth/login')
      .set('X-Forwarded-For', ip())
      .send({ username: 'op\u0000erator', password: WRONG });
    expectError(operator, 400, 'VALIDATION_FAILED');
  });
});
