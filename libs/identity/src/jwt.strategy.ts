import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '@tongxin/config';
import { DomainError } from '@tongxin/http';
import type { AccessTokenClaims, Principal } from './principal';
import { PrincipalLoader } from './principal.loader';

/** passport-jwt: verifies the bearer token's signature and expiry, then loads the principal afresh. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly loader: PrincipalLoader,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.jwtSecret,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<Principal> {
    if (claims.typ !== 'access' || typeof claims.tid !== 'string' || typeof claims.sub !== 'string') {
      throw new DomainError('UNAUTHENTICATED', 401);
    }
    return this.loader.load(claims.tid, claims.sub, claims.iat);
  }
}
