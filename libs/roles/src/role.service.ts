import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { canOn, districtScope, PermissionRegistry, RoleAuthority, SYSTEM_ROLES } from '@tongxin/access';
import { AuditService } from '@tongxin/audit';
import type { RequestContext } from '@tongxin/context';
import { isUniqueViolation, TenantTransaction } from '@tongxin/database';
import { conflict, DomainError, notFound, isUuid, pageOf, type Page, type PageQueryDto } from '@tongxin/http';
import { RoleAssignment } from './role-assignment.entity';
import { isRoleAvailable, Role } from './role.entity';
import { toRoleDto, type CreateRoleDto, type PermissionDto, type RoleDto, type UpdateRoleDto } from './role.dto';

/**
 * Roles are tenant-wide definitions. Changing one changes what every holder may do anywhere, so
 * creating, editing and deleting custom roles needs `role.write` over the whole district, and the
 * author must hold, over the whole district, every permission they put in or take out.
 */
@Injectable()
export class RoleService {
  constructor(
    private readonly tx: TenantTransaction,
    private readonly audit: AuditService,
    private readonly registry: PermissionRegistry,
    private readonly authority: RoleAuthority,
  ) {}

  /** Creates the system roles of a new tenant (idempotent). */
  async seedSystemRoles(em: EntityManager, tenantId: string): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const def of SYSTEM_ROLES) {
      const existing = await em.findOneBy(Role, { tenantId, key: def.key });
      const id = existing?.id ?? uuidv7();
      if (existing)
        await em.update(
          Role,
          { tenantId, id },
          { permissions: def.permissions, nameZh: def.nameZh, nameEn: def.nameEn },
        );
      else
        await em.insert(Role, {
          tenantId,
          id,
          key: def.key,
          nameZh: def.nameZh,
          nameEn: def.nameEn,
          system: true,
          permissions: def.permissions,
        });
      ids.set(def.key, id);
    }
    return ids;
  }

  permissions(ctx: RequestContext, query: PageQueryDto): Page<PermissionDto> {
    const all = this.registry.available(ctx.enabledPlugins).map((p) => ({ key: p.key, description: p[ctx.lang] }));
    return pageOf(all, query);
  }

  /** A tenant has tens of roles: read whole (a plugin's are filtered out in code), paged in memory. */
  list(ctx: RequestContext, query: PageQueryDto): Promise<Page<RoleDto>> {
    return this.tx.run(ctx.tenantId, async (em) => {
      const roles = await em.find(Role, { order: { system: 'DESC', key: 'ASC' } });
      // A plugin's roles leave role management while the plugin is disabled.
      const available = roles.filter((r) => isRoleAvailable(r, ctx.enabledPlugins));
      const page = pageOf(available, query);
      return { ...page, items: page.items.map((r) => this.toDto(ctx, r)) };
    });
  }

  get(ctx: RequestContext, id: string): Promise<RoleDto> {
    return this.tx.run(ctx.tenantId, async (em) => {
      const role = await this.find(em, ctx, id);
      if (!isRoleAvailable(role, ctx.enabledPlugins)) throw notFound('role');
      return this.toDto(ctx, role);
    });
  }

  create(ctx: RequestContext, dto: CreateRoleDto): Promise<RoleDto> {
    this.assertDistrictWide(ctx);
    const permissions = this.checkedPermissions(ctx, dto.permissions);
    return this.tx.run(ctx.tenantId, async (em) => {
      if (await em.existsBy(Role, { key: dto.key })) throw conflict('DUPLICATE', { field: 'key', value: dto.key });
      const id = uuidv7();
      await em
        .insert(Role, {
          tenantId: ctx.tenantId,
          id,
          key: dto.key,
          nameZh: dto.nameZh,
          nameEn: dto.nameEn,
          system: false,
          permissions,
        })
        .catch((error: unknown) => {
          throw isUniqueViolation(error, 'uq_roles_key')
            ? conflict('DUPLICATE', { field: 'key', value: dto.key })
            : error;
        });
      const role = await em.findOneByOrFail(Role, { tenantId: ctx.tenantId, id });
      await this.audit.record(em, ctx, { action: 'role.create', entity: 'role', entityId: id, after: role });
      return toRoleDto(role, ctx.lang);
    });
  }

  update(ctx: RequestContext, id: string, dto: UpdateRoleDto): Promise<RoleDto> {
    this.assertDistrictWide(ctx);
    return this.tx.run(ctx.tenantId, async (em) => {
      const before = await this.find(em, ctx, id);
      if (before.system) throw conflict('SYSTEM_ROLE_IMMUTABLE');
      const changes: Partial<Role> = {};
      if (dto.nameZh !== undefined) changes.nameZh = dto.nameZh;
      if (dto.nameEn !== undefined) changes.nameEn = dto.nameEn;
      if (dto.permissions !== undefined)
        changes.permissions = this.checkedPermissions(ctx, dto.permissions, before.permissions);
      await em.update(Role, { tenantId: ctx.tenantId, id }, changes);
      const after = await em.findOneByOrFail(Role, { tenantId: ctx.tenantId, id });
      await this.audit.record(em, ctx, { action: 'role.update', entity: 'role', entityId: id, before, after });
      return toRoleDto(after, ctx.lang);
    });
  }

  remove(ctx: RequestContext, id: string): Promise<void> {
    this.assertDistrictWide(ctx);
    return this.tx.run(ctx.tenantId, async (em) => {
      const role = await this.find(em, ctx, id);
      if (role.system) throw conflict('SYSTEM_ROLE_IMMUTABLE');
      const active = await em.query(
        'select 1 from role_assignments where role_id = $1 and revoked_at is null limit 1',
        [id],
      );
      if ((active as unknown[]).length > 0) throw conflict('ROLE_IN_USE');
      await em.delete(RoleAssignment, { tenantId: ctx.tenantId, roleId: id });
      await em.delete(Role, { tenantId: ctx.tenantId, id });
      await this.audit.record(em, ctx, { action: 'role.delete', entity: 'role', entityId: id, before: role });
    });
  }

  private async find(em: EntityManager, ctx: RequestContext, id: string): Promise<Role> {
    if (!isUuid(id)) throw notFound('role');
    const role = await em.findOneBy(Role, { tenantId: ctx.tenantId, id });
    if (!role) throw notFound('role');
    return role;
  }

  /** Shows what the role grants in this tenant, default grants of enabled plugins included. */
  private toDto(ctx: RequestContext, role: Role): RoleDto {
    return toRoleDto({ ...role, permissions: this.registry.effectivePermissions(role, ctx.enabledPlugins) }, ctx.lang);
  }

  /**
   * The new permission list, deduplicated and sorted. A custom role may be assigned anywhere in the
   * district, so its author must hold what they add district-wide, not merely somewhere; and what
   * they take away from every holder too, as revoking is as strong as granting. Permissions of a
   * disabled plugin that the role already had may stay without a check; taking them away is
   * checked like any other (RoleAuthority compares as if every installed plugin were enabled).
   */
  private checkedPermissions(ctx: RequestContext, permissions: string[], previous: string[] = []): string[] {
    const unique = [...new Set(permissions)];
    const added = unique.filter((p) => !previous.includes(p));
    this.registry.assertKnown(added, ctx.enabledPlugins);
    const removed = previous.filter((p) => !unique.includes(p) && this.registry.has(p));
    const lacking = this.authority.lackingOf(ctx, [...added, ...removed], districtScope(ctx));
    if (lacking) throw new DomainError('PERMISSION_NOT_HELD', 403, { permission: lacking });
    return unique.sort();
  }

  private assertDistrictWide(ctx: RequestContext): void {
    if (!canOn(ctx.ability, 'role.write', districtScope(ctx))) throw new DomainError('OUT_OF_SCOPE', 403);
  }
}
