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
  ) {}

  static fromEnv(env: NodeJS.ProcessEnv, fallbackJwtSecret?: string): AppConfig {
    const jwtSecret = env.JWT_SECRET ?? fallbackJwtSecret;
    if (!jwtSecret || jwtSecret.length < 32) {
      throw new Error('JWT_SECRET must be set (32+ characters) when DATABASE_URL is set');
    }
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
    );
  }
}

function int(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`Expected a non-negative integer, got ${value}`);
  return n;
}
