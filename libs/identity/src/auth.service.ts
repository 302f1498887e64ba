import { Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import { AuditService } from '@tongxin/audit';
import { AppConfig } from '@tongxin/config';
import type { RequestContext } from '@tongxin/context';
import { TenantTransaction } from '@tongxin/database';
import { DomainError } from '@tongxin/http';
import { Tenant } from '@tongxin/tenancy';
import { assertStrongPassword, DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './password-hasher';
import { RefreshToken } from './refresh-token.entity';
import type { MeDto } from './auth.dto';
import { TokenService, type TokenPair } from './token.service';
import { User } from './user.entity';

/** Login, refresh rotation with reuse detection, logout and password change. */
@Injectable()
export class AuthService {
  constructor(
    private readonly tx: TenantTransaction,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async login(tenantCode: string, username: string, password: string, requestId: string): Promise<TokenPair> {
    const tenant = await this.tx.platform((em) => em.findOneBy(Tenant, { code: tenantCode }));
    if (!tenant) {
      await verifyPassword(await DUMMY_HASH_PROMISE, password);
      throw new DomainError('INVALID_CREDENTIALS', 401);
    }
    // Check the password outside the transaction (argon2 is slow), then record the outcome in one.
    const user = await this.tx.run(tenant.id, (em) =>
      em
        .createQueryBuilder(User, 'u')
        .addSelect('u.passwordHash')
        .where('u.username = :username', { username })
        .getOne(),
    );
    if (!user) {
      await verifyPassword(await DUMMY_HASH_PROMISE, password);
      throw new DomainError('INVALID_CREDENTIALS', 401);
    }
    const now = new Date();
    if (user.lockedUntil && user.lockedUntil > now) {
      throw new DomainError('ACCOUNT_LOCKED', 423, { until: user.lockedUntil.toISOString() });
    }
    const ok = await verifyPassword(user.passwordHash, password);
    if (!ok) {
      // Recorded in its own committed transaction: the refusal must not roll the count back.
      await this.tx.run(tenant.id, (em) => this.recordFailure(em, tenant.id, user.id, requestId));
      throw new DomainError('INVALID_CREDENTIALS', 401);
    }
    // Only someone who knows the password learns that the tenant is suspended or the account disabled.
    if (tenant.status !== 'active') throw new DomainError('TENANT_SUSPENDED', 401);
    if (user.status !== 'active') throw new DomainError('ACCOUNT_DISABLED', 401);
    return this.tx.run(tenant.id, async (em) => {
      await em.update(User, { tenantId: tenant.id, id: user.id }, { failedLoginCount: 0, lockedUntil: null });
      return this.tokens.issue(em, tenant.id, user.id);
    });
  }

  /** Counts a failure atomically; the Nth consecutive failure locks the account for a while. */
  private async recordFailure(em: EntityManager, tenantId: string, userId: string, requestId: string): Promise<void> {
    // TypeORM's postgres driver answers a raw UPDATE … RETURNING with [rows, affectedCount], not rows.
    const [rows]: [{ failed_login_count: number; locked_until: Date | null }[], number] = await em.query(
      `update users
          set failed_login_count = case when failed_login_count + 1 >= $2 then 0 else failed_login_count + 1 end,
              locked_until = case when failed_login_count + 1 >= $2 then now() + make_interval(mins => $3) else locked_until end
        where id = $1
        returning failed_login_count, locked_until`,
      [userId, this.config.loginMaxFailures, this.config.loginLockMinutes],
    );
    const lockedUntil = rows[0]?.locked_until;
    if (lockedUntil && lockedUntil > new Date()) {
      await this.audit.recordAs(
        em,
        tenantId,
        { actorId: null, actorType: 'system', requestId },
        {
          action: 'user.lock',
          entity: 'user',
          entityId: userId,
          after: { lockedUntil },
        },
      );
    }
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
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
    // Errors are thrown after commit so the family revocation above is kept.
    if (outcome.error) throw new DomainError(outcome.error, 401);
    return outcome.pair;
  }

  /** Revokes the session (refresh-token family) the given token belongs to. */
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
        grants: ctx.grants,
      };
    });
  }

  /** Changes the password, ends every session of the user and returns a fresh pair for this one. */
  async changePassword(ctx: RequestContext, currentPassword: string, newPassword: string): Promise<TokenPair> {
    assertStrongPassword(newPassword);
    const user = await this.tx.run(ctx.tenantId, (em) =>
      em
        .createQueryBuilder(User, 'u')
        .addSelect('u.passwordHash')
        .where('u.id = :id', { id: ctx.userId })
        .getOneOrFail(),
    );
    if (!(await verifyPassword(user.passwordHash, currentPassword))) throw new DomainError('WRONG_PASSWORD', 400);
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
