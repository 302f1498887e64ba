import { DomainError } from '@tongxin/http';

/** Issued-at may be this far ahead of our clock (another replica's clock runs a little fast). */
const CLOCK_SKEW_SECONDS = 60;

/**
 * jsonwebtoken checks `exp` only when a token has one. We issue every token with `iat` and `exp`
 * exactly the configured lifetime apart, so a token without them, or that lives longer (a
 * 100-year token signed with a leaked key), or issued in the future, is not one of ours.
 */
export function assertSaneLifetime(claims: { iat?: unknown; exp?: unknown }, maxLifetimeSeconds: number): void {
  const { iat, exp } = claims;
  if (typeof iat !== 'number' || typeof exp !== 'number' || !Number.isFinite(iat) || !Number.isFinite(exp)) {
    throw new DomainError('UNAUTHENTICATED', 401);
  }
  if (exp - iat > maxLifetimeSeconds || exp <= iat) throw new DomainError('UNAUTHENTICATED', 401);
  if (iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) throw new DomainError('UNAUTHENTICATED', 401);
}
