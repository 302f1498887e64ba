import { randomBytes } from 'node:crypto';
import { AppConfig } from './app-config';

const SECRET = { JWT_SECRET: randomBytes(48).toString('base64') };

describe('AppConfig', () => {
  it('trusts no proxy by default, and takes a hop count or a list of proxies', () => {
    expect(AppConfig.fromEnv(SECRET).trustProxy).toBe(false);
    expect(AppConfig.fromEnv({ ...SECRET, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(AppConfig.fromEnv({ ...SECRET, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
    ]);
  });

  it('refuses TRUST_PROXY=true, which would let any client choose its address', () => {
    expect(() => AppConfig.fromEnv({ ...SECRET, TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
  });

  it('reads the login protection settings, with their defaults', () => {
    expect(AppConfig.fromEnv(SECRET).login).toMatchObject({
      maxFailures: 5,
      lockMinutes: 15,
      sourceMaxFailures: 20,
      accountMaxFailures: 20,
      tenantMaxFailures: 200,
      underAttackMaxFailures: 2,
      passwordMinLength: 8,
    });
    expect(
      AppConfig.fromEnv({ ...SECRET, LOGIN_MAX_FAILURES: '3', PASSWORD_HASH_CONCURRENCY: '2' }).login,
    ).toMatchObject({
      maxFailures: 3,
      hashConcurrency: 2,
      hashQueue: 32,
    });
    expect(() => AppConfig.fromEnv({ ...SECRET, LOGIN_MAX_FAILURES: '0' })).toThrow(/LOGIN_MAX_FAILURES/);
    expect(() => AppConfig.fromEnv({ ...SECRET, PASSWORD_MIN_LENGTH: '6' })).toThrow(/PASSWORD_MIN_LENGTH/);
  });
});

describe('AppConfig.fromEnv refuses a JWT_SECRET that is easy to guess', () => {
  const withSecret = (JWT_SECRET: string) => () => AppConfig.fromEnv({ JWT_SECRET });

  it('refuses low-entropy secrets of any length, and says how to make a good one', () => {
    for (const weak of ['a'.repeat(32), 'a'.repeat(64), 'ab'.repeat(16), 'password'.repeat(4), 'changeme-'.repeat(5)]) {
      expect(withSecret(weak)).toThrow(/JWT_SECRET is too weak: it carries about \d+ bits of entropy, at least 128/);
      expect(withSecret(weak)).toThrow('openssl rand -base64 48');
    }
    // 32 hex characters are 128 bits at best: half of what HS256 keys should carry (RFC 7518 §3.2).
    expect(withSecret(randomBytes(16).toString('hex'))).toThrow(/too weak/);
    expect(withSecret('short-but-random-7Gq')).toThrow(/it has 20 characters, at least 32 are needed/);
    expect(() => AppConfig.fromEnv({})).toThrow(/JWT_SECRET must be set.*openssl rand -base64 48/);
  });

  it('accepts what the advice produces, and random secrets of 32+ characters', () => {
    for (let i = 0; i < 200; i++) {
      expect(AppConfig.fromEnv({ JWT_SECRET: randomBytes(48).toString('base64') }).jwtSecret).toHaveLength(64);
      expect(() => AppConfig.fromEnv({ JWT_SECRET: randomBytes(32).toString('hex') })).not.toThrow();
    }
    // The embedded start's generated secret (libs/database loadSecrets).
    expect(() => AppConfig.fromEnv({}, randomBytes(48).toString('base64url'))).not.toThrow();
  });
});

describe('IDEMPOTENCY_RETENTION_HOURS', () => {
  const secret = randomBytes(48).toString('base64');
  it('defaults to 24 hours and refuses 0 or garbage', () => {
    expect(AppConfig.fromEnv({ JWT_SECRET: secret }).idempotencyRetentionHours).toBe(24);
    expect(AppConfig.fromEnv({ JWT_SECRET: secret, IDEMPOTENCY_RETENTION_HOURS: '72' }).idempotencyRetentionHours).toBe(
      72,
    );
    expect(() => AppConfig.fromEnv({ JWT_SECRET: secret, IDEMPOTENCY_RETENTION_HOURS: '0' })).toThrow(/at least 1/);
    expect(() => AppConfig.fromEnv({ JWT_SECRET: secret, IDEMPOTENCY_RETENTION_HOURS: 'a day' })).toThrow();
  });
});
