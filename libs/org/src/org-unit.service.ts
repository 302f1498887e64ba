import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { canOn, findInScope, pageInScope } from '@tongxin/access';
import { AuditService } from '@tongxin/audit';
import type { RequestContext } from '@tongxin/context';
import {
  isUniqueViolation,
  scopeColumnOfLevel,
  SCOPE_COLUMNS,
  SCOPE_SQL_COLUMNS,
  TenantTransaction,
  type Scope,
} from '@tongxin/database';
import { conflict, DomainError, parseSort, type Page } from '@tongxin/http';
import { MAX_LEVEL } from './org-levels';
import { OrgUnit } from './org-unit.entity';
import {
  ORG_UNIT_SORTS,
  toOrgUnitDto,
  type CreateOrgUnitDto,
  type OrgUnitDto,
  type OrgUnitQueryDto,
  type UpdateOrgUnitDto,
} from './org-unit.dto';

/** Tables whose rows carry scope columns and move with their unit's subtree. */
/**
 * Every table whose rows carry the five scope columns, from the DataSource's entities: the core's
 * (units, users, assignments, partner bodies) and the installed plugins' (cases, records, …), so a
 * subtree move rewrites a plugin's rows too and scope filters stay true after it.
 */
export function scopedTables(dataSource: DataSource): string[] {
  const needed = Object.values(SCOPE_SQL_COLUMNS);
  return dataSource.entityMetadatas
    .filter((m) => needed.every((c) => m.columns.some((col) => col.databaseName === c)))
    .map((m) => m.tableName);
}

/** The scope columns of a new unit: its parent's, plus itself in the column of its own level. */
export function childScope(parent: Scope, level: number, id: string): Scope {
  const scope: Scope = {
    districtId: parent.districtId,
    streetId: null,
    communityId: null,
    gridId: null,
    groupId: null,
  };
  for (const column of SCOPE_COLUMNS.slice(1, level - 1))
    (scope as Record<string, string | null>)[column] = parent[column];
  scope[scopeColumnOfLevel(level)] = id;
  return scope;
}

/**
 * The five-level hierarchy: one root, level = parent level + 1, no deleting units that still
 * have children, members or assignments, and atomic subtree moves that rewrite scope columns.
 */
@Injectable()
export class OrgUnitService {
  constructor(
    private readonly tx: TenantTransaction,
    private readonly audit: AuditService,
  ) {}

  list(ctx: RequestContext, query: OrgUnitQueryDto): Promise<Page<OrgUnitDto>> {
    const sort = parseSort(query.sort, ORG_UNIT_SORTS, 'createdAt');
    return this.tx.run(ctx.tenantId, async (em) => {
      const qb = em.createQueryBuilder(OrgUnit, 'o');
      if (query.parentId) qb.andWhere('o.parent_id = :parentId', { parentId: query.parentId });
      if (query.level) qb.andWhere('o.level = :level', { level: query.level });
      if (query.q)
        qb.andWhere(`(o.name like :q escape '\\' or o.code like :q escape '\\')`, { q: `%${escapeLike(query.q)}%` });
      return pageInScope(qb, ctx, 'org.read', query, (u) => toOrgUnitDto(u, ctx.lang), sort);
    });
  }

  get(ctx: RequestContext, id: string): Promise<OrgUnitDto> {
    return this.tx.run(ctx.tenantId, async (em) =>
      toOrgUnitDto(await findInScope(em, OrgUnit, ctx, id, 'org.read', 'org_unit'), ctx.lang),
    );
  }

  /** Units below `id` (not including it), optionally at one level, within the caller's scope. */
  descendants(ctx: RequestContext, id: string, query: OrgUnitQueryDto): Promise<Page<OrgUnitDto>> {
    const sort = parseSort(query.sort, ORG_UNIT_SORTS, 'createdAt');
    return this.tx.run(ctx.tenantId, async (em) => {
      const unit = await findInScope(em, OrgUnit, ctx, id, 'org.read', 'org_unit');
      const column = SCOPE_SQL_COLUMNS[scopeColumnOfLevel(unit.level)];
      const qb = em.createQueryBuilder(OrgUnit, 'o').where(`o.${column} = :root and o.id <> :root`, { root: unit.id });
      if (query.level) qb.andWhere('o.level = :level', { level: query.level });
      if (query.parentId) qb.andWhere('o.parent_id = :parentId', { parentId: query.parentId });
      return pageInScope(qb, ctx, 'org.read', query, (u) => toOrgUnitDto(u, ctx.lang), sort);
    });
  }

  /**
   * The chain from the root down to the unit's parent. Ancestors of a unit the caller can read are
   * shown even above the caller's scope: a grid worker needs to know which community and street
   * their grid belongs to. Only their names and codes, never their members, are exposed this way.
   */
  ancestors(ctx: RequestContext, id: string): Promise<OrgUnitDto[]> {
    return this.tx.run(ctx.tenantId, async (em) => {
      const unit = await findInScope(em, OrgUnit, ctx, id, 'org.read', 'org_unit');
      const ids = SCOPE_COLUMNS.slice(0, unit.level - 1)
        .map((c) => unit[c])
        .filter((v): v is string => !!v);
      if (ids.length === 0) return [];
      const rows = await em
        .createQueryBuilder(OrgUnit, 'o')
        .where('o.id in (:...ids)', { ids })
        .orderBy('o.level')
        .getMany();
      return rows.map((u) => toOrgUnitDto(u, ctx.lang));
    });
  }

  create(ctx: RequestContext, dto: CreateOrgUnitDto): Promise<OrgUnitDto> {
    return this.tx.run(ctx.tenantId, async (em) => {
      const parent = await findInScope(em, OrgUnit, ctx, dto.parentId, 'org.write', 'org_unit', 'org.read');
      if (parent.level >= MAX_LEVEL) throw new DomainError('LEVEL_TOO_DEEP', 409);
      const level = parent.level + 1;
      if (dto.level !== undefined && dto.level !== level) {
        throw new DomainError('LEVEL_MISMATCH', 400, { parentLevel: parent.level });
      }
      await this.assertCodeFree(em, dto.code);
      const id = uuidv7();
      const unit = em.create(OrgUnit, {
        tenantId: ctx.tenantId,
        id,
        parentId: parent.id,
        level,
        code: dto.code,
        name: dto.name,
        ...childScope(parent, level, id),
      });
      await em.insert(OrgUnit, unit).catch((error: unknown) => {
        throw isUniqueViolation(error, 'uq_org_units_code')
          ? conflict('DUPLICATE', { field: 'code', value: dto.code })
          : error;
      });
      const saved = await em.findOneByOrFail(OrgUnit, { tenantId: ctx.tenantId, id });
      await this.audit.record(em, ctx, { action: 'org.create', entity: 'org_unit', entityId: id, after: saved });
      return toOrgUnitDto(saved, ctx.lang);
    });
  }

  update(ctx: RequestContext, id: string, dto: UpdateOrgUnitDto): Promise<OrgUnitDto> {
    return this.tx.run(ctx.tenantId, async (em) => {
      const before = await findInScope(em, OrgUnit, ctx, id, 'org.write', 'org_unit', 'org.read');
      if (dto.code !== undefined && dto.code !== before.code) await this.assertCodeFree(em, dto.code);
      await em.update(OrgUnit, { tenantId: ctx.tenantId, id }, { ...dto }).catch((error: unknown) => {
        throw isUniqueViolation(error, 'uq_org_units_code')
          ? conflict('DUPLICATE', { field: 'code', value: dto.code ?? '' })
          : error;
      });
      const after = await em.findOneByOrFail(OrgUnit, { tenantId: ctx.tenantId, id });
      await this.audit.record(em, ctx, { action: 'org.update', entity: 'org_unit', entityId: id, before, after });
      return toOrgUnitDto(after, ctx.lang);
    });
  }

  remove(ctx: RequestContext, id: string): Promise<void> {
    return this.tx.run(ctx.tenantId, async (em) => {
      const unit = await findInScope(em, OrgUnit, ctx, id, 'org.write', 'org_unit', 'org.read');
      // Lock the unit so a concurrent child insert or assignment waits for this decision.
      await em.query('select 1 from org_units where id = $1 for update', [id]);
      const [counts] = await em.query<{ children: number; assignments: number; members: number }[]>(
        `select (select count(*) from org_units where parent_id = $1)::int as children,
                (select count(*) from role_assignments where org_unit_id = $1 and revoked_at is null)::int as assignments,
                (select count(*) from users where org_unit_id = $1)::int
                  + (select count(*) from partner_bodies where org_unit_id = $1)::int as members`,
        [id],
      );
      if (unit.level === 1) throw conflict('CANNOT_DELETE_ROOT');
      if (counts!.children > 0) throw conflict('UNIT_HAS_CHILDREN');
      if (counts!.assignments > 0) throw conflict('UNIT_HAS_ASSIGNMENTS');
      if (counts!.members > 0) throw conflict('UNIT_HAS_MEMBERS');
      // Revoked assignments are history; they go with the unit.
      await em.query('delete from role_assignments where org_unit_id = $1', [id]);
      await em.delete(OrgUnit, { tenantId: ctx.tenantId, id });
      await this.audit.record(em, ctx, { action: 'org.delete', entity: 'org_unit', entityId: id, before: unit });
    });
  }

  /**
   * Re-parents a subtree in one transaction: the unit's parent changes and every scoped row in the
   * subtree (units, users, assignments, partner bodies) gets the new ancestors' scope columns.
   * Levels never change, so the new parent must sit on the old parent's level.
   */
  move(ctx: RequestContext, id: string, newParentId: string): Promise<OrgUnitDto> {
    return this.tx.run(ctx.tenantId, async (em) => {
      const unit = await findInScope(em, OrgUnit, ctx, id, 'org.write', 'org_unit', 'org.read');
      if (unit.level === 1) throw conflict('CANNOT_MOVE_ROOT');
      const parent = await findInScope(em, OrgUnit, ctx, newParentId, 'org.write', 'org_unit', 'org.read');
      if (parent.level !== unit.level - 1) throw conflict('INVALID_MOVE', { expected: unit.level - 1 });
      if (parent.id === unit.parentId) return toOrgUnitDto(unit, ctx.lang);
      await em.query('select 1 from org_units where id = $1 for update', [id]);
      const column = SCOPE_SQL_COLUMNS[scopeColumnOfLevel(unit.level)];
      const inherited = SCOPE_COLUMNS.slice(0, unit.level - 1);
      const assignments = inherited.map((c, i) => `${SCOPE_SQL_COLUMNS[c]} = $${i + 2}`).join(', ');
      const values = inherited.map((c) => parent[c]);
      for (const table of scopedTables(em.connection)) {
        await em.query(`update ${table} set ${assignments} where ${column} = $1`, [id, ...values]);
      }
      await em.update(OrgUnit, { tenantId: ctx.tenantId, id }, { parentId: parent.id });
      const after = await em.findOneByOrFail(OrgUnit, { tenantId: ctx.tenantId, id });
      await this.audit.record(em, ctx, { action: 'org.move', entity: 'org_unit', entityId: id, before: unit, after });
      return toOrgUnitDto(after, ctx.lang);
    });
  }

  /** True when the caller holds `permission` over the unit (used by other slices). */
  static covers(ctx: RequestContext, permission: string, unit: Scope): boolean {
    return canOn(ctx.ability, permission, unit);
  }

  private async assertCodeFree(em: EntityManager, code: string): Promise<void> {
    if (await em.existsBy(OrgUnit, { code })) throw conflict('DUPLICATE', { field: 'code', value: code });
  }
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
