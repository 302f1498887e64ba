import { deflateRawSync } from 'node:zlib';

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
    readonly loginMaxFailures: number,
    readonly loginLockMinutes: number,
    readonly bodyLimit: string,
    readonly publicUrl: string,
    /** How long an `Idempotency-Key` is remembered (its replay record kept), in hours. */
    readonly idempotencyRetentionHours: number,
  ) {}

  static fromEnv(env: NodeJS.ProcessEnv, fallbackJwtSecret?: string): AppConfig {
    const jwtSecret = env.JWT_SECRET ?? fallbackJwtSecret;
    if (!jwtSecret) throw new Error(`JWT_SECRET must be set when DATABASE_URL is set. ${MAKE_A_SECRET}`);
    const weakness = secretWeakness(jwtSecret);
    if (weakness) throw new Error(`JWT_SECRET is too weak: ${weakness}. ${MAKE_A_SECRET}`);
    const port = int(env.PORT, 3000);
    return new AppConfig(
      port,
      jwtSecret,
      int(env.JWT_ACCESS_TTL_SECONDS, 900),
      int(env.REFRESH_TOKEN_TTL_DAYS, 30),
      int(env.LOGIN_MAX_FAILURES, 5),
      int(env.LOGIN_LOCK_MINUTES, 15),
      env.BODY_LIMIT ?? '5mb',
      env.PUBLIC_URL ?? `http://localhost:${port}`,
      positiveInt(env.IDEMPOTENCY_RETENTION_HOURS, 24, 'IDEMPOTENCY_RETENTION_HOURS'),
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

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  const n = int(value, fallback);
  if (n === 0) throw new Error(`${name} must be at least 1`);
  return n;
}

function int(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`Expected a non-negative integer, got ${value}`);
  return n;
}
