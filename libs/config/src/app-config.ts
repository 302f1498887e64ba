import { availableParallelism } from 'node:os';
import { parseEnvironment, type Environment } from './environment';

/**
 * How logins are protected (docs/adr/006-authentication-hardening.md). Failures are counted per
 * account and source, per source, per account and per district; the last three only for sources
 * the account has not logged in from before ("unfamiliar"), and the last two never lock anyone
 * out, so an attacker elsewhere cannot lock the real user out.
 */
export interface LoginProtection {
  /** Failures of one account from one source before that source is locked out of it (LOGIN_MAX_FAILURES). */
  maxFailures: number;
  /** The first lockout; each further one within a day lasts twice as long, up to a day (LOGIN_LOCK_MINUTES). */
  lockMinutes: number;
  /** Failures from one unfamiliar source, any account, before it is locked out (LOGIN_SOURCE_MAX_FAILURES). */
  sourceMaxFailures: number;
  /** Failures of one account from unfamiliar sources before it is under attack (LOGIN_ACCOUNT_MAX_FAILURES). */
  accountMaxFailures: number;
  /** Failures in one district from unfamiliar sources before it is under attack (LOGIN_TENANT_MAX_FAILURES). */
  tenantMaxFailures: number;
  /**
   * While an account or its district is under attack, the failures an unfamiliar source may have
   * at that account before it is locked out of it (LOGIN_UNDER_ATTACK_MAX_FAILURES).
   */
  underAttackMaxFailures: number;
  /** Password hashes computed at once, per process (PASSWORD_HASH_CONCURRENCY). */
  hashConcurrency: number;
  /** Hashes waiting for a turn before more are refused with 503 (PASSWORD_HASH_QUEUE). */
  hashQueue: number;
  /** The shortest password accepted anywhere one is set (PASSWORD_MIN_LENGTH, at least 8). */
  passwordMinLength: number;
}

/**
 * Everything the server reads from the environment, read once at boot. See the README's table.
 * Injected by class (no string tokens).
 */
export class AppConfig {
  constructor(
    readonly port: number,
    readonly jwtSecret: string,
    readonly accessTokenTtlSeconds: number,
    readonly refreshTokenTtlDays: number,
    readonly bodyLimit: string,
    readonly publicUrl: string,
    /** Express's `trust proxy` (TRUST_PROXY): which reverse proxies may name the client's address. */
    readonly trustProxy: false | number | string[],
    readonly login: LoginProtection,
    /** How long an `Idempotency-Key` is remembered (its replay record kept), in hours. */
    readonly idempotencyRetentionHours: number,
  ) {}

  /** Parses and checks the whole environment (a ConfigurationError names every bad variable). */
  static fromEnv(env: NodeJS.ProcessEnv, fallbackJwtSecret?: string): AppConfig {
    return AppConfig.fromEnvironment(parseEnvironment(env), fallbackJwtSecret);
  }

  /** From an environment `parseEnvironment` has checked; the embedded start passes its generated secret. */
  static fromEnvironment(env: Environment, fallbackJwtSecret?: string): AppConfig {
    const jwtSecret = env.JWT_SECRET ?? fallbackJwtSecret;
    if (!jwtSecret)
      throw new Error(
        'JWT_SECRET must be set when DATABASE_URL is set. Make one with `openssl rand -base64 48` and give every api and worker process the same value.',
      );
    const hashConcurrency = env.PASSWORD_HASH_CONCURRENCY ?? Math.max(1, Math.floor(availableParallelism() / 2));
    return new AppConfig(
      env.PORT,
      jwtSecret,
      env.JWT_ACCESS_TTL_SECONDS,
      env.REFRESH_TOKEN_TTL_DAYS,
      env.BODY_LIMIT,
      env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
      env.TRUST_PROXY,
      {
        maxFailures: env.LOGIN_MAX_FAILURES,
        lockMinutes: env.LOGIN_LOCK_MINUTES,
        sourceMaxFailures: env.LOGIN_SOURCE_MAX_FAILURES,
        accountMaxFailures: env.LOGIN_ACCOUNT_MAX_FAILURES,
        tenantMaxFailures: env.LOGIN_TENANT_MAX_FAILURES,
        underAttackMaxFailures: env.LOGIN_UNDER_ATTACK_MAX_FAILURES,
        hashConcurrency,
        hashQueue: env.PASSWORD_HASH_QUEUE ?? 16 * hashConcurrency,
        passwordMinLength: env.PASSWORD_MIN_LENGTH,
      },
      env.IDEMPOTENCY_RETENTION_HOURS,
    );
  }
}
