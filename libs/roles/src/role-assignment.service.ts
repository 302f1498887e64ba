import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { findInScope, pageInScope, RoleAuthority } from '@tongxin/access';
import { AuditService } from '@tongxin/audit';
import type { RequestContext } from '@tongxin/context';
import { scopeColumnOfLevel, scopeOf, SCOPE_SQL_COLUMNS, TenantTransaction } from '@tongxin/database';
import { conflict, notFound, parseSort, type Page } from '@tongxin/http';
import { User } from '@tongxin/identity';
import { OrgUnit } from '@tongxin/org';
import { RoleAssignment } from './role-assignment.entity';
import { isRoleAvailable, Role } from './role.entity';
import {
  ASSIGNMENT_SORTS,
  toAssignmentDto,
  type AssignmentDto,
  type AssignmentQueryDto,
  type CreateAssignmentDto,
} from './role.dto';

/**
 * Granting a role at a unit: the granter needs `assignment.write` over the unit and must hold every
 * permission the role grants in the tenant over that unit too (RoleAuthority: plugin default
 * grants included). Nobody can hand out more than they have, or hand it out outside their own subtree.
 */
@Injectable()
export class RoleAssignmentService {
  constructor(
    private readonly tx: TenantTransaction,
    private readonly audit: AuditService,
    private readonly authority: RoleAuthority,
  ) {}

  list(ctx: RequestContext, query: AssignmentQueryDto): Promise<Page<AssignmentDto>> {
    const sort = parseSort(query.sort, ASSIGNMENT_SORTS, 'createdAt');
    return this.tx.run(ctx.tenantId, async (em) => {
      const qb = em.createQueryBuilder(RoleAssignment, 'a');
      if (!query.includeRevoked) qb.andWhere('a.revoked_at is null');
      if (query.userId) qb.andWhere('a.user_id = :userId', { userId: query.userId });
      if (query.roleId) qb.andWhere('a.role_id = :roleId', { roleId: query.roleId });
      if (query.orgUnitId) {
        const unit = await findInScope(em, OrgUnit, ctx, query.orgUnitId, 'org.read', 'org_unit');
        qb.andWhere(`a.${SCOPE_SQL_COLUMNS[scopeColumnOfLevel(unit.level)]} = :unit`, { unit: unit.id });
      }
      return pageInScope(qb, ctx, 'assignment.read', query, toAssignmentDto, sort);
    });
  }

  get(ctx: RequestContext, id: string): Promise<AssignmentDto> {
    return this.tx.run(ctx.tenantId, async (em) =>
      toAssignmentDto(await findInScope(em, RoleAssignment, ctx, id, 'assignment.read', 'role_assignment')),
    );
  }

  grant(ctx: RequestContext, dto: CreateAssignmentDto): Promise<AssignmentDto> {
    return this.tx.run(ctx.tenantId, async (em) => {
      const unit = await findInScope(em, OrgUnit, ctx, dto.orgUnitId, 'assignment.write', 'org_unit', 'org.read');
      await findInScope(em, User, ctx, dto.userId, 'user.read', 'user');
      const role = await em.findOneBy(Role, { tenantId: ctx.tenantId, id: dto.roleId });
      // A disabled plugin's roles are not listed, so they cannot be granted either.
      if (!role || !isRoleAvailable(role, ctx.enabledPlugins)) throw notFound('role');
      this.authority.assertHolds(ctx, role, unit);
      const duplicate = await em.existsBy(RoleAssignment, {
        userId: dto.userId,
        roleId: dto.roleId,
        orgUnitId: dto.orgUnitId,
        revokedAt: IsNull(),
      });
      if (duplicate) throw conflict('ROLE_ALREADY_ASSIGNED');
      const id = uuidv7();
      await em.insert(RoleAssignment, {
        tenantId: ctx.tenantId,
        id,
        userId: dto.userId,
        roleId: dto.roleId,
        orgUnitId: unit.id,
        grantedBy: ctx.userId,
        revokedAt: null,
        ...scopeOf(unit),
      });
      const saved = await em.findOneByOrFail(RoleAssignment, { tenantId: ctx.tenantId, id });
      await this.audit.record(em, ctx, {
        action: 'assignment.grant',
        entity: 'role_assignment',
        entityId: id,
        after: saved,
      });
      return toAssignmentDto(saved);
    });
  }

  revoke(ctx: RequestContext, id: string): Promise<void> {
    return this.tx.run(ctx.tenantId, async (em) => {
      const before = await findInScope(
        em,
        RoleAssignment,
        ctx,
        id,
        'assignment.write',
        'role_assignment',
        'assignment.read',
      );
      if (before.revokedAt) return; // revoking twice changes nothing
      // Taking a role away is as strong as handing it out: the same rule applies.
      const role = await em.findOneByOrFail(Role, { tenantId: ctx.tenantId, id: before.roleId });
      this.authority.assertHolds(ctx, role, before);
      await em.update(RoleAssignment, { tenantId: ctx.tenantId, id }, { revokedAt: new Date() });
      const after = await em.findOneByOrFail(RoleAssignment, { tenantId: ctx.tenantId, id });
      await this.audit.record(em, ctx, {
        action: 'assignment.revoke',
        entity: 'role_assignment',
        entityId: id,
        before,
        after,
      });
    });
  }
}
