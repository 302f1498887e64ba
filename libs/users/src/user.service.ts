import { Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { canOn, findInScope, pageInScope, RoleAuthority } from '@tongxin/access';
import { AuditService } from '@tongxin/audit';
import type { RequestContext } from '@tongxin/context';
import {
  isUniqueViolation,
  scopeColumnOfLevel,
  scopeOf,
  SCOPE_SQL_COLUMNS,
  TenantTransaction,
  type Scope,
} from '@tongxin/database';
import { conflict, maskPhone, parseSort, type Page } from '@tongxin/http';
import { assertStrongPassword, hashPassword, RefreshToken, User } from '@tongxin/identity';
import { escapeLike, OrgUnit } from '@tongxin/org';
import { PartnerBody } from '@tongxin/partners';
import {
  toUserDto,
  type CreateUserDto,
  type ResetPasswordDto,
  type UpdateUserDto,
  type UserDto,
  type UserQueryDto,
  USER_SORTS,
} from './user.dto';

/**
 * Tenant users. A user's home unit decides who may see and manage them: staff with `user.write`
 * over that unit. Users are disabled, never deleted, so the audit trail keeps its actors.
 */
@Injectable()
export class UserService {
  constructor(
    private readonly tx: TenantTransaction,
    private readonly audit: AuditService,
    private readonly authority: RoleAuthority,
  ) {}

  list(ctx: RequestContext, query: UserQueryDto): Promise<Page<UserDto>> {
    const sort = parseSort(query.sort, USER_SORTS, 'createdAt');
    return this.tx.run(ctx.tenantId, async (em) => {
      const qb = em.createQueryBuilder(User, 'u');
      if (query.orgUnitId) {
        const unit = await findInScope(em, OrgUnit, ctx, query.orgUnitId, 'org.read', 'org_unit');
        qb.andWhere(`u.${SCOPE_SQL_COLUMNS[scopeColumnOfLevel(unit.level)]} = :unit`, { unit: unit.id });
      }
      if (query.partnerBodyId) qb.andWhere('u.partner_body_id = :pb', { pb: query.partnerBodyId });
      if (query.q) {
        qb.andWhere(`(u.username like :q escape '\\' or u.display_name like :q escape '\\')`, {
          q: `%${escapeLike(query.q)}%`,
        });
      }
      return pageInScope(qb, ctx, 'user.read', query, (u) => this.view(ctx, u), sort);
    });
  }

  get(ctx: RequestContext, id: string): Promise<UserDto> {
    return this.tx.run(ctx.tenantId, async (em) =>
      this.view(ctx, await findInScope(em, User, ctx, id, 'user.read', 'user')),
    );
  }

  /**
   * What a reader sees of an account: the phone in full for its own person and those who manage
   * it (`user.write` over its unit, who could set it anyway); masked for those who only read.
   */
  private view(ctx: RequestContext, user: User): UserDto {
    const dto = toUserDto(user);
    if (user.id !== ctx.userId && !canOn(ctx.ability, 'user.write', scopeOf(user))) dto.phone = maskPhone(dto.phone);
    return dto;
  }

  async create(ctx: RequestContext, dto: CreateUserDto): Promise<UserDto> {
    assertStrongPassword(dto.password, { username: dto.username });
    const passwordHash = await hashPassword(dto.password);
    return this.tx.run(ctx.tenantId, async (em) => {
      const unit = await findInScope(em, OrgUnit, ctx, dto.orgUnitId, 'user.write', 'org_unit');
      if (dto.partnerBodyId) await this.assertPartnerInScope(em, ctx, dto.partnerBodyId);
      if (await em.existsBy(User, { username: dto.username })) {
        throw conflict('DUPLICATE', { field: 'username', value: dto.username });
      }
      const id = uuidv7();
      await em
        .insert(User, {
          tenantId: ctx.tenantId,
          id,
          username: dto.username,
          displayName: dto.displayName,
          phone: dto.phone ?? null,
          passwordHash,
          orgUnitId: unit.id,
          partnerBodyId: dto.partnerBodyId ?? null,
          ...scopeOf(unit),
        })
        .catch((error: unknown) => {
          throw isUniqueViolation(error, 'uq_users_username')
            ? conflict('DUPLICATE', { field: 'username', value: dto.username })
            : error;
        });
      const user = await em.findOneByOrFail(User, { tenantId: ctx.tenantId, id });
      await this.audit.record(em, ctx, { action: 'user.create', entity: 'user', entityId: id, after: user });
      return toUserDto(user);
    });
  }

  update(ctx: RequestContext, id: string, dto: UpdateUserDto): Promise<UserDto> {
    return this.tx.run(ctx.tenantId, async (em) => {
      const before = await findInScope(em, User, ctx, id, 'user.write', 'user', 'user.read');
      await this.assertOutranks(em, ctx, id);
      const changes: Partial<User> = {};
      if (dto.displayName !== undefined) changes.displayName = dto.displayName;
      if (dto.phone !== undefined) changes.phone = dto.phone;
      if (dto.status !== undefined) changes.status = dto.status;
      if (dto.preferredLanguage !== undefined) changes.preferredLanguage = dto.preferredLanguage;
      if (dto.partnerBodyId !== undefined) {
        if (dto.partnerBodyId) await this.assertPartnerInScope(em, ctx, dto.partnerBodyId);
        changes.partnerBodyId = dto.partnerBodyId;
      }
      if (dto.orgUnitId !== undefined && dto.orgUnitId !== before.orgUnitId) {
        // Moving someone requires authority over the destination as well as the origin.
        const unit = await findInScope(em, OrgUnit, ctx, dto.orgUnitId, 'user.write', 'org_unit');
        Object.assign(changes, { orgUnitId: unit.id, ...scopeOf(unit) });
      }
      await em.update(User, { tenantId: ctx.tenantId, id }, changes);
      if (dto.status === 'disabled') await this.endSessions(em, ctx.tenantId, id);
      const after = await em.findOneByOrFail(User, { tenantId: ctx.tenantId, id });
      await this.audit.record(em, ctx, { action: 'user.update', entity: 'user', entityId: id, before, after });
      return toUserDto(after);
    });
  }

  /**
   * An administrator sets a new password: every session ends, and the account's login lockouts
   * lift (they are counted under the password they were guessing at: see LoginThrottle).
   */
  async resetPassword(ctx: RequestContext, id: string, dto: ResetPasswordDto): Promise<UserDto> {
    const target = await this.tx.run(ctx.tenantId, (em) =>
      findInScope(em, User, ctx, id, 'user.write', 'user', 'user.read'),
    );
    assertStrongPassword(dto.password, { username: target.username });
    const passwordHash = await hashPassword(dto.password);
    return this.tx.run(ctx.tenantId, async (em) => {
      await findInScope(em, User, ctx, id, 'user.write', 'user', 'user.read');
      await this.assertOutranks(em, ctx, id);
      await em.update(User, { tenantId: ctx.tenantId, id }, { passwordHash, tokensValidAfter: new Date() });
      await this.endSessions(em, ctx.tenantId, id);
      await this.audit.record(em, ctx, { action: 'user.password.reset', entity: 'user', entityId: id });
      return toUserDto(await em.findOneByOrFail(User, { tenantId: ctx.tenantId, id }));
    });
  }

  /**
   * Managing someone's account (disabling it, moving it, setting its password) is as strong as
   * holding their roles: the caller must hold everything each of the target's active assignments
   * grants in the tenant over that assignment's unit, the same rule as granting (RoleAuthority).
   * Otherwise street staff could reset a district administrator's password and log in as them.
   */
  private async assertOutranks(em: EntityManager, ctx: RequestContext, userId: string): Promise<void> {
    if (userId === ctx.userId) return;
    const held = await em.query<(Scope & { key: string; system: boolean; permissions: string[] })[]>(
      `select r.key, r.system, r.permissions, a.district_id as "districtId", a.street_id as "streetId",
              a.community_id as "communityId", a.grid_id as "gridId", a.group_id as "groupId"
         from role_assignments a join roles r on r.tenant_id = a.tenant_id and r.id = a.role_id
        where a.user_id = $1 and a.revoked_at is null`,
      [userId],
    );
    for (const assignment of held) this.authority.assertHolds(ctx, assignment, assignment, 'USER_OUTRANKS_CALLER');
  }

  private async endSessions(em: EntityManager, tenantId: string, userId: string): Promise<void> {
    await em.update(RefreshToken, { tenantId, userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /**
   * The partner body a user is linked to must be one the caller can see: a body outside their
   * scope answers the same 404 as one that does not exist, so its existence does not leak.
   */
  private async assertPartnerInScope(em: EntityManager, ctx: RequestContext, partnerBodyId: string): Promise<void> {
    await findInScope(em, PartnerBody, ctx, partnerBodyId, 'partner.read', 'partner_body');
  }
}
