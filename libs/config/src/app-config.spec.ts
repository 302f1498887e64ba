import { AppConfig } from './app-config';

const SECRET = { JWT_SECRET: 'config-test-secret-config-test-secret-0123' };

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
