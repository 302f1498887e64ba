import { createSecretKey } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '@tongxin/config';
import { DomainError, isUuid } from '@tongxin/http';
import type { AccessTokenClaims, Principal } from './principal';
import { PrincipalLoader } from './principal.loader';
import { assertSaneLifetime } from './token-lifetime';

/** passport-jwt: verifies the bearer token's signature and expiry, then loads the principal afresh. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly config: AppConfig,
    private readonly loader: PrincipalLoader,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, not the string: given a string, jsonwebtoken first tries it as a public key and
      // catches the failure, on every request (7 % of a list request's CPU in docs/benchmarks.md).
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) as unknown as string,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<Principal> {
    if (claims.typ !== 'access' || !isUuid(claims.tid) || !isUuid(claims.sub) || !isUuid(claims.sid)) {
      throw new DomainError('UNAUTHENTICATED', 401);
    }
    assertSaneLifetime(claims, this.config.accessTokenTtlSeconds);
    return this.loader.load(claims.tid, claims.sub, claims.iat, claims.sid);
  }
}
