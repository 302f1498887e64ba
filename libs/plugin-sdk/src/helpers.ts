import { NotFoundError } from './plugin-error';
import {
  scopeColumnOfLevel,
  type OrgUnitView,
  type PluginRequestContext,
  type PluginTx,
  type Tongxin,
} from './runtime';

import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { decodeCursor, pageSize, toPage, type Page, type PageQueryDto } from '@tongxin/http';

export { isUuid, maskIdNumber, maskPhone } from '@tongxin/http';

/**
 * Small pieces every plugin needs the same way; first-party plugins and the example use them.
 */

/** For `@Transform(queryBoolean)`: query strings carry booleans as text, and `?active=false` must mean false. */
export const queryBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/**
 * For `@Column('numeric', { transformer: numericColumn })`: PostgreSQL returns numeric as a string;
 * hours, coordinates and ratios fit a JS number.
 */
export const numericColumn = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

/** `alias.<the unit's scope column> = :param`: the scoped rows in the unit's subtree, for a query builder. */
export function subtreeCondition(alias: string, unit: OrgUnitView, param = 'subtreeUnitId') {
  return { sql: `${alias}.${scopeColumnOfLevel(unit.level)} = :${param}`, params: { [param]: unit.id } };
}

/**
 * The caller's own unit and the partner body they work for: from the request context when the
 * access guard loaded them with the caller (no query), else from their account. Null for an
 * account that no longer exists.
 */
export async function callerAccount(
  tx: PluginTx,
  ctx: PluginRequestContext,
): Promise<{ orgUnitId: string; partnerBodyId: string | null } | null> {
  if (ctx.homeUnitId !== undefined) return { orgUnitId: ctx.homeUnitId, partnerBodyId: ctx.partnerBodyId ?? null };
  return tx.users.get(ctx.userId);
}

/**
 * The unit, if the caller holds `permission` over it; otherwise the same 404 as a unit that does
 * not exist, so units outside the caller's scope do not leak.
 */
export async function unitInScope(
  tongxin: Tongxin,
  tx: PluginTx,
  ctx: PluginRequestContext,
  unitId: string,
  permission: string,
): Promise<OrgUnitView> {
  const unit = await tx.hierarchy.unit(unitId);
  if (!unit || !tongxin.can(ctx, permission, unit)) throw new NotFoundError('org_unit');
  return unit;
}

/**
 * One cursor page of a query builder's rows, ordered by id (uuid v7, so by time): newest first by
 * default. Reads `limit` and `cursor` from a `PageQueryDto`; map the items to views yourself.
 */
export async function cursorPage<T extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  query: PageQueryDto,
  order: 'newest' | 'oldest' = 'newest',
): Promise<Page<T>> {
  const limit = pageSize(query);
  const after = decodeCursor(query.cursor);
  if (after) qb.andWhere(`${alias}.id ${order === 'newest' ? '<' : '>'} :pageAfter`, { pageAfter: after });
  const rows = await qb
    .orderBy(`${alias}.id`, order === 'newest' ? 'DESC' : 'ASC')
    .limit(limit + 1)
    .getMany();
  return toPage(rows, limit, (row) => row);
}

/**
 * `cursorPage` for rows visible when any one of several conditions holds (the caller's scope
 * branches from `tongxin.scopeBranches`, "dispatched to me", …), each ANDed with the query
 * builder's own filters. One OR of them makes PostgreSQL read every matching row and sort it
 * (tens of milliseconds at a million rows); instead each branch is read newest first and stops at
 * the page size, and the pages are merged, so the cost follows the page, not the table. Give each
 * branch an index that ends in `id` (e.g. `(tenant_id, community_id, id)`). No branches, no rows.
 */
export async function cursorPageOfAny<T extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  branches: { sql: string; params: Record<string, unknown> }[],
  query: PageQueryDto,
  order: 'newest' | 'oldest' = 'newest',
): Promise<Page<T>> {
  const limit = pageSize(query);
  if (branches.length === 0) return { items: [], nextCursor: null };
  const after = decodeCursor(query.cursor);
  const direction = order === 'newest' ? 'DESC' : 'ASC';
  if (after) qb.andWhere(`${alias}.id ${order === 'newest' ? '<' : '>'} :pageAfter`, { pageAfter: after });
  const pages = branches.map((b) =>
    qb
      .clone()
      .select(`${alias}.id`)
      .andWhere(b.sql, b.params)
      .orderBy(`${alias}.id`, direction)
      .limit(limit + 1),
  );
  const ids = pages.map((p) => `(${p.getQuery()})`).join(' UNION ALL ');
  const params = Object.assign({}, ...pages.map((p) => p.getParameters())) as Record<string, unknown>;
  // `where` replaces the filters: they are inside every branch already.
  const rows = await qb
    .clone()
    .where(`${alias}.id IN (${ids})`, params)
    .orderBy(`${alias}.id`, direction)
    .limit(limit + 1)
    .getMany();
  return toPage(rows, limit, (row) => row);
}
