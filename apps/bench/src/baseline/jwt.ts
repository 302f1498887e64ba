import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HS256 JWTs by hand, byte-compatible with @nestjs/jwt (jsonwebtoken): the same header, the
 * claims in the same order (`sub, tid, sid, typ, iat, exp`), so tokens from either server work on both.
 */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

export interface AccessClaims {
  sub: string;
  tid: string;
  sid: string;
  typ: string;
  iat: number;
  exp: number;
}

const signature = (secret: string, input: string) => createHmac('sha256', secret).update(input).digest();

export function signAccessToken(
  secret: string,
  userId: string,
  tenantId: string,
  sessionId: string,
  ttlSeconds: number,
): string {
  const iat = Math.floor(Date.now() / 1000);
  const payload = { sub: userId, tid: tenantId, sid: sessionId, typ: 'access', iat, exp: iat + ttlSeconds };
  const input = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${input}.${signature(secret, input).toString('base64url')}`;
}

export type VerifyResult = { ok: true; claims: Record<string, unknown> } | { ok: false; expired: boolean };

/**
 * What passport-jwt with `algorithms: ['HS256']` accepts: a well-formed HS256 token with a valid
 * signature that has not expired (jsonwebtoken: expired when now >= exp).
 */
export function verifyToken(secret: string, token: string): VerifyResult {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, expired: false };
  const [header, payload, sig] = parts as [string, string, string];
  try {
    const alg = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown }).alg;
    if (alg !== 'HS256') return { ok: false, expired: false };
    const expected = signature(secret, `${header}.${payload}`);
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, expired: false };
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return { ok: false, expired: false };
    const { exp, iat } = claims as { exp?: unknown; iat?: unknown };
    if (iat !== undefined && typeof iat !== 'number') return { ok: false, expired: false };
    if (exp !== undefined) {
      if (typeof exp !== 'number') return { ok: false, expired: false };
      if (Math.floor(Date.now() / 1000) >= exp) return { ok: false, expired: true };
    }
    return { ok: true, claims: claims as Record<string, unknown> };
  } catch {
    return { ok: false, expired: false };
  }
}
