import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AppConfig } from '@tongxin/config';
import { DomainError, isUuid } from '@tongxin/http';
import { RefreshToken } from './refresh-token.entity';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Access tokens are short-lived JWTs. Refresh tokens are `<tenantId>.<tokenId>.<secret>`: the
 * tenant part lets us open the right tenant transaction before looking the token up; only a
 * hash of the secret is stored.
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  async issue(em: EntityManager, tenantId: string, userId: string, familyId = uuidv7()): Promise<TokenPair> {
    const id = uuidv7();
    const secret = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.refreshTokenTtlDays * 86_400_000);
    await em.insert(RefreshToken, { tenantId, id, userId, familyId, tokenHash: sha256(secret), expiresAt });
    // `sid`: the session (refresh-token family), checked on every request, so a logout or a
    // detected reuse ends the access tokens of the session too, not only its refresh token.
    const accessToken = await this.jwt.signAsync(
      { sub: userId, tid: tenantId, sid: familyId, typ: 'access' },
      { expiresIn: this.config.accessTokenTtlSeconds },
    );
    return {
      accessToken,
      refreshToken: `${tenantId}.${id}.${secret}`,
      tokenType: 'Bearer',
      expiresIn: this.config.accessTokenTtlSeconds,
    };
  }

  static parseRefreshToken(token: string): { tenantId: string; id: string; secret: string } {
    const parts = token.split('.');
    if (parts.length !== 3 || !isUuid(parts[0]) || !isUuid(parts[1]) || !parts[2]) {
      throw new DomainError('INVALID_REFRESH_TOKEN', 401);
    }
    return { tenantId: parts[0], id: parts[1], secret: parts[2] };
  }

  static secretMatches(stored: RefreshToken, secret: string): boolean {
    const a = Buffer.from(stored.tokenHash, 'hex');
    const b = Buffer.from(sha256(secret), 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
