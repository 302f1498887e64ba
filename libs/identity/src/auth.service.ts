import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { AuditService } from '@tongxin/audit';
import type { RequestContext } from '@tongxin/context';
import { TenantTransaction } from '@tongxin/database';
import { DomainError } from '@tongxin/http';
import { Tenant } from '@tongxin/tenancy';
import { LoginThrottle, type Lockout } from './login-protection';
import { assertStrongPassword, hashPassword, verifyPassword } from './passwords';
import { RefreshToken } from './refresh-token.entity';
import type { MeDto, UpdateMeDto } from './auth.dto';
import { TokenService, type TokenPair } from './token.service';
import { User } from './user.entity';

/** Where a request came from, for the audit trail and the throttle. */
export interface RequestOrigin {
  requestId: string;
  sourceAddress: string | null;
}

type FailureReason = 'unknown_tenant' | 'unknown_user' | 'wrong_password' | 'tenant_suspended' | 'account_disabled';

/**
 * Login (throttled, audited), refresh rotation with reuse detection, logout and password change.
 * Every outcome of a login leaves an audit event with the source address and without a secret:
 * in the district's trail, or the platform's when the district does not exist.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly tx: TenantTransaction,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottle,
  ) {}

  async login(tenantCode: string, username: string, password: string, origin: RequestOrigin): Promise<TokenPair> {
    const tenant = await this.tx.platform((em) => em.findOneBy(Tenant, { code: tenantCode }));
    // Check the password outside any transaction (argon2 is slow), then record the outcome in one.
    const user = tenant
      ? await this.tx.run(tenant.id, (em) =>
          em
            .createQueryBuilder(User, 'u')
            .addSelect('u.passwordHash')
            .where('u.username = :username', { username })
            .getOne(),
        )
      : null;
    const subject = {
      realm: 'tenant' as const,
      tenant: tenantCode,
      username,
      passwordHash: user?.passwordHash ?? null,
      source: origin.sourceAddress,
    };
    // Unknown district or user: the same argon2 work, counting and audit write as a wrong password,
    // so neither the answer nor its timing tells them apart.
    const { attempt, ok } = await this.throttle.checkPassword(subject, password, (refusal) =>
      this.recordAnonymous(tenant, origin, {
        action: 'auth.login.throttled',
        entityId: user?.id ?? null,
        after: { tenantCode, username, scope: refusal.scope, retryAfterSeconds: refusal.retryAfterSeconds },
      }),
    );
    if (!ok || !tenant || !user) {
      const lockouts = await this.throttle.failed(attempt);
      const reason: FailureReason = !tenant ? 'unknown_tenant' : !user ? 'unknown_user' : 'wrong_password';
      await this.recordFailure(tenant, user?.id ?? null, { tenantCode, username, reason }, lockouts, origin);
      throw new DomainError('INVALID_CREDENTIALS', 401);
    }
    await this.throttle.succeeded(attempt);
    // Only someone who knows the password learns that the tenant is suspended or the account disabled.
    const refusal: FailureReason | null =
      tenant.status !== 'active' ? 'tenant_suspended' : user.status !== 'active' ? 'account_disabled' : null;
    if (refusal) {
      await this.recordFailure(tenant, user.id, { tenantCode, username, reason: refusal }, [], origin);
      throw new DomainError(refusal === 'tenant_suspended' ? 'TENANT_SUSPENDED' : 'ACCOUNT_DISABLED', 401);
    }
    return this.tx.run(tenant.id, async (em) => {
      await this.audit.recordAs(
        em,
        tenant.id,
        { actorId: user.id, actorType: 'user', ...origin },
        { action: 'auth.login', entity: 'user', entityId: user.id, after: { username } },
      );
      return this.tokens.issue(em, tenant.id, user.id);
    });
  }

  /** One failed login, and the lockouts it set, in one transaction of the district's trail (or the platform's). */
  private async recordFailure(
    tenant: Tenant | null,
    userId: string | null,
    after: { tenantCode: string; username: string; reason: FailureReason },
    lockouts: Lockout[],
    origin: RequestOrigin,
  ): Promise<void> {
    const entries = [
      { action: 'auth.login.failed', entityId: userId, after },
      ...lockouts.map((l) => ({
        action: 'auth.lockout',
        entityId: userId,
        after: {
          tenantCode: after.tenantCode,
          username: after.username,
          scope: l.scope,
          level: l.level,
          until: l.until,
        },
      })),
    ];
    for (const entry of entries) await this.recordAnonymous(tenant, origin, entry);
  }

  /** An event caused by someone not (yet) authenticated: the district's trail, or the platform's for an unknown district. */
  private async recordAnonymous(
    tenant: Tenant | null,
    origin: RequestOrigin,
    entry: { action: string; entityId: string | null; after: object },
  ): Promise<void> {
    const actor = { actorId: null, actorType: 'anonymous' as const, ...origin };
    if (tenant) {
      await this.tx.run(tenant.id, (em) => this.audit.recordAs(em, tenant.id, actor, { entity: 'user', ...entry }));
    } else {
      await this.tx.platform((em) => this.audit.recordPlatform(em, actor, { entity: 'user', ...entry }));
    }
  }

  async refresh(refreshToken: string, origin: RequestOrigin): Promise<TokenPair> {
    const { tenantId, id, secret } = TokenService.parseRefreshToken(refreshToken);
    const outcome = await this.tx.run(tenantId, async (em) => {
      const stored = await em.findOneBy(RefreshToken, { tenantId, id });
      if (!stored || !TokenService.secretMatches(stored, secret)) return { error: 'INVALID_REFRESH_TOKEN' as const };
      if (stored.rotatedAt) {
        // A token that was already exchanged is being replayed: someone holds a copy. End the session.
        await em.update(
          RefreshToken,
          { tenantId, familyId: stored.familyId, revokedAt: IsNull() },
          { revokedAt: new Date() },
        );
        await this.audit.recordAs(
          em,
          tenantId,
          { actorId: null, actorType: 'anonymous', ...origin },
          { action: 'auth.refresh.reused', entity: 'user', entityId: stored.userId },
        );
        return { error: 'REFRESH_TOKEN_REUSED' as const };
      }
      // Revoked by logout, password change or disabling: simply no longer valid.
      if (stored.revokedAt) return { error: 'INVALID_REFRESH_TOKEN' as const };
      if (stored.expiresAt <= new Date()) return { error: 'INVALID_REFRESH_TOKEN' as const };
      const tenant = await em.findOneBy(Tenant, { id: tenantId });
      if (tenant?.status !== 'active') return { error: 'TENANT_SUSPENDED' as const };
      const user = await em.findOneBy(User, { tenantId, id: stored.userId });
      if (user?.status !== 'active') return { error: 'ACCOUNT_DISABLED' as const };
      // Conditional update: two concurrent refreshes with the same token cannot both rotate it.
      const rotated = await em.update(RefreshToken, { tenantId, id, rotatedAt: IsNull() }, { rotatedAt: new Date() });
      if (rotated.affected !== 1) return { error: 'REFRESH_TOKEN_REUSED' as const };
      return { pair: await this.tokens.issue(em, tenantId, stored.userId, stored.familyId) };
    });
    // Errors are thrown after commit so the family revocation (and its audit event) are kept.
    if (outcome.error) throw new DomainError(outcome.error, 401);
    return outcome.pair;
  }

  /** Revokes the session (refresh-token family) the given token belongs to; its access tokens stop working too. */
  async logout(ctx: RequestContext, refreshToken: string): Promise<void> {
    const { tenantId, id, secret } = TokenService.parseRefreshToken(refreshToken);
    if (tenantId !== ctx.tenantId) throw new DomainError('INVALID_REFRESH_TOKEN', 401);
    await this.tx.run(tenantId, async (em) => {
      const stored = await em.findOneBy(RefreshToken, { tenantId, id, userId: ctx.userId });
      if (!stored || !TokenService.secretMatches(stored, secret)) throw new DomainError('INVALID_REFRESH_TOKEN', 401);
      await em.update(
        RefreshToken,
        { tenantId, familyId: stored.familyId, revokedAt: IsNull() },
        { revokedAt: new Date() },
      );
      await this.audit.record(em, ctx, { action: 'auth.logout', entity: 'user', entityId: ctx.userId });
    });
  }

  async me(ctx: RequestContext): Promise<MeDto> {
    return this.tx.run(ctx.tenantId, async (em) => {
      const user = await em.findOneByOrFail(User, { tenantId: ctx.tenantId, id: ctx.userId });
      const tenant = await em.findOneByOrFail(Tenant, { id: ctx.tenantId });
      return {
        id: user.id,
        tenantId: ctx.tenantId,
        tenantCode: tenant.code,
        username: user.username,
        displayName: user.displayName,
        phone: user.phone,
        orgUnitId: user.orgUnitId,
        partnerBodyId: user.partnerBodyId,
        preferredLanguage: user.preferredLanguage,
        grants: ctx.grants,
      };
    });
  }

  /** The caller's own settings (the preferred language), audited as a change to their account. */
  async updateMe(ctx: RequestContext, dto: UpdateMeDto): Promise<MeDto> {
    await this.tx.run(ctx.tenantId, async (em) => {
      const before = await em.findOneByOrFail(User, { tenantId: ctx.tenantId, id: ctx.userId });
      if (dto.preferredLanguage === undefined || dto.preferredLanguage === before.preferredLanguage) return;
      await em.update(User, { tenantId: ctx.tenantId, id: ctx.userId }, { preferredLanguage: dto.preferredLanguage });
      await this.audit.record(em, ctx, {
        action: 'user.update',
        entity: 'user',
        entityId: ctx.userId,
        before: { preferredLanguage: before.preferredLanguage },
        after: { preferredLanguage: dto.preferredLanguage },
      });
    });
    return this.me(ctx);
  }

  /** Changes the password, ends every session of the user and returns a fresh pair for this one. */
  async changePassword(ctx: RequestContext, currentPassword: string, newPassword: string): Promise<TokenPair> {
    assertStrongPassword(newPassword, { username: ctx.username });
    const user = await this.tx.run(ctx.tenantId, (em) =>
      em
        .createQueryBuilder(User, 'u')
        .addSelect('u.passwordHash')
        .where('u.id = :id', { id: ctx.userId })
        .getOneOrFail(),
    );
    // A stolen access token must not become a way to guess the password: the same throttle as login.
    const attempt = await this.throttle.begin({
      realm: 'tenant',
      tenant: ctx.tenantId,
      username: ctx.username,
      passwordHash: user.passwordHash,
      source: ctx.sourceAddress ?? null,
    });
    let ok: boolean;
    try {
      ok = await verifyPassword(user.passwordHash, currentPassword);
    } catch (error) {
      await this.throttle.abandon(attempt);
      throw error;
    }
    if (!ok) {
      await this.throttle.failed(attempt);
      throw new DomainError('WRONG_PASSWORD', 400);
    }
    await this.throttle.succeeded(attempt);
    const passwordHash = await hashPassword(newPassword);
    return this.tx.run(ctx.tenantId, async (em) => {
      await em.update(User, { tenantId: ctx.tenantId, id: ctx.userId }, { passwordHash, tokensValidAfter: new Date() });
      await em.update(
        RefreshToken,
        { tenantId: ctx.tenantId, userId: ctx.userId, revokedAt: IsNull() },
        { revokedAt: new Date() },
      );
      await this.audit.record(em, ctx, { action: 'user.password.change', entity: 'user', entityId: ctx.userId });
      return this.tokens.issue(em, ctx.tenantId, ctx.userId);
    });
  }
}
