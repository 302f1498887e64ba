import { availableParallelism } from 'node:os';
import { deflateRawSync } from 'node:zlib';

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

  static fromEnv(env: NodeJS.ProcessEnv, fallbackJwtSecret?: string): AppConfig {
    const jwtSecret = env.JWT_SECRET ?? fallbackJwtSecret;
    if (!jwtSecret) throw new Error(`JWT_SECRET must be set when DATABASE_URL is set. ${MAKE_A_SECRET}`);
    const weakness = secretWeakness(jwtSecret);
    if (weakness) throw new Error(`JWT_SECRET is too weak: ${weakness}. ${MAKE_A_SECRET}`);
    const port = int(env.PORT, 3000);
    const passwordMinLength = int(env.PASSWORD_MIN_LENGTH, 8);
    if (passwordMinLength < 8 || passwordMinLength > 64) throw new Error('PASSWORD_MIN_LENGTH must be 8–64');
    const hashConcurrency = int(env.PASSWORD_HASH_CONCURRENCY, Math.max(1, Math.floor(availableParallelism() / 2)));
    return new AppConfig(
      port,
      jwtSecret,
      int(env.JWT_ACCESS_TTL_SECONDS, 900),
      int(env.REFRESH_TOKEN_TTL_DAYS, 30),
      env.BODY_LIMIT ?? '5mb',
      env.PUBLIC_URL ?? `http://localhost:${port}`,
      trustProxy(env.TRUST_PROXY),
      {
        maxFailures: positive(env.LOGIN_MAX_FAILURES, 5, 'LOGIN_MAX_FAILURES'),
        lockMinutes: positive(env.LOGIN_LOCK_MINUTES, 15, 'LOGIN_LOCK_MINUTES'),
        sourceMaxFailures: positive(env.LOGIN_SOURCE_MAX_FAILURES, 20, 'LOGIN_SOURCE_MAX_FAILURES'),
        accountMaxFailures: positive(env.LOGIN_ACCOUNT_MAX_FAILURES, 20, 'LOGIN_ACCOUNT_MAX_FAILURES'),
        tenantMaxFailures: positive(env.LOGIN_TENANT_MAX_FAILURES, 200, 'LOGIN_TENANT_MAX_FAILURES'),
        underAttackMaxFailures: positive(env.LOGIN_UNDER_ATTACK_MAX_FAILURES, 2, 'LOGIN_UNDER_ATTACK_MAX_FAILURES'),
        hashConcurrency: Math.max(1, hashConcurrency),
        hashQueue: int(env.PASSWORD_HASH_QUEUE, 16 * Math.max(1, hashConcurrency)),
        passwordMinLength,
      },
      positive(env.IDEMPOTENCY_RETENTION_HOURS, 24, 'IDEMPOTENCY_RETENTION_HOURS'),
    );
  }
}

const MAKE_A_SECRET = 'Make one with `openssl rand -base64 48` and give every api and worker process the same value.';

/** Bits a secret must carry by the estimate below; a random 32-character base64 string has about 150. */
export const MIN_SECRET_BITS = 128;

/**
 * Why a signing secret is too weak, or undefined. Length alone let `aaaa…` (32 × a) through. The
 * estimate is the smaller of two upper bounds on what the secret can hold: length × the Shannon
 * entropy of its character frequencies (a short alphabet: `abab…`, `password` × 4 at 88 bits) and
 * its size deflated (repetition: `changeme-` × 5 at 112 bits). Random base64 or 64 hex characters
 * pass with room to spare; a 32-character hex string (128 bits at most) does not, which RFC 7518
 * §3.2 agrees with (HS256 keys of 256 bits). It cannot see meaning (`my-long-passphrase-…`
 * passes), so it catches mistakes, not determined misuse.
 */
export function secretWeakness(secret: string): string | undefined {
  if (secret.length < 32) return `it has ${secret.length} characters, at least 32 are needed`;
  const counts = new Map<string, number>();
  for (const c of secret) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bitsPerChar = 0;
  for (const n of counts.values()) bitsPerChar -= (n / secret.length) * Math.log2(n / secret.length);
  const deflatedBits = deflateRawSync(Buffer.from(secret), { level: 9 }).length * 8;
  const bits = Math.floor(Math.min(bitsPerChar * secret.length, deflatedBits));
  if (bits < MIN_SECRET_BITS) return `it carries about ${bits} bits of entropy, at least ${MIN_SECRET_BITS} are needed`;
  return undefined;
}

function int(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`Expected a non-negative integer, got ${value}`);
  return n;
}

function positive(value: string | undefined, fallback: number, name: string): number {
  const n = int(value, fallback);
  if (n < 1) throw new Error(`${name} must be at least 1`);
  return n;
}

/**
 * TRUST_PROXY as Express's `trust proxy`: unset or `false` trusts no proxy; a hop count (`1`);
 * or a comma-separated list of addresses, CIDR ranges and Express's names (`loopback`,
 * `linklocal`, `uniquelocal`). `true` (every hop) is refused: any client could forge its address.
 */
function trustProxy(value: string | undefined): false | number | string[] {
  const v = value?.trim();
  if (!v || v === 'false') return false;
  if (v === 'true')
    throw new Error('TRUST_PROXY=true would let any client choose its address: name the proxies, or a hop count');
  if (/^\d+$/.test(v)) return Number(v);
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
