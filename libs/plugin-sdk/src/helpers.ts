import { NotFoundError } from './plugin-error';
import {
  scopeColumnOfLevel,
  type OrgUnitView,
  type PluginRequestContext,
  type PluginTx,
  type Tongxin,
} from './runtime';

import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  applySort,
  decodeCursor,
  decodeSortCursor,
  pageSize,
  toPage,
  toSortedPage,
  type Page,
  type PageQueryDto,
  type Sort,
} from '@tongxin/http';

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
 * A time-ordered id (uuid v7) for a row that comes into being at `at`, normally `tx.now`: rows
 * whose id and `created_at` must agree (a list filtered by creation date walks the id index over
 * the period's id range) take both from the transaction's clock.
 */
export function timeOrderedId(at: Date): string {
  return uuidv7({ msecs: at.getTime() });
}

/**
 * One cursor page of a query builder's rows, ordered by id (uuid v7, so by time): newest first by
 * default. Reads `limit` and `cursor` from a `PageQueryDto`; map the items to views yourself.
 * `order` may also be a `Sort` from `parseSort` (the list's whitelisted `?sort=`): the page is then
 * in that order, ties by id, and the cursor carries the sort key.
 */
export async function cursorPage<T extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  query: PageQueryDto,
  order: 'newest' | 'oldest' | Sort = 'newest',
): Promise<Page<T>> {
  const limit = pageSize(query);
  if (typeof order === 'object') {
    const rows = await applySort(qb, alias, order, decodeSortCursor(query.cursor, order))
      .limit(limit + 1)
      .getMany();
    return toSortedPage(rows, limit, order, (row) => row);
  }
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
 * With a `Sort` as `order`, each branch is read in the sort's order (then id) and the cursor carries
 * the key; a branch then reads its page from an index only if one ends in (key, id), else it sorts
 * the branch's matching rows.
 */
export async function cursorPageOfAny<T extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  branches: { sql: string; params: Record<string, unknown> }[],
  query: PageQueryDto,
  order: 'newest' | 'oldest' | Sort = 'newest',
): Promise<Page<T>> {
  const limit = pageSize(query);
  if (branches.length === 0) return { items: [], nextCursor: null };
  if (typeof order === 'object') return sortedPageOfAny(qb, alias, branches, query, order, limit);
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

/** `cursorPageOfAny` in a sort's order: each branch's page by (key, id), merged the same way. */
async function sortedPageOfAny<T extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  branches: { sql: string; params: Record<string, unknown> }[],
  query: PageQueryDto,
  sort: Sort,
  limit: number,
): Promise<Page<T>> {
  const after = decodeSortCursor(query.cursor, sort);
  const pages = branches.map((b) =>
    applySort(qb.clone().select(`${alias}.id`).andWhere(b.sql, b.params), alias, sort, after).limit(limit + 1),
  );
  const ids = pages.map((p) => `(${p.getQuery()})`).join(' UNION ALL ');
  const params = Object.assign({}, ...pages.map((p) => p.getParameters())) as Record<string, unknown>;
  const outer = qb.clone().where(`${alias}.id IN (${ids})`, params);
  const rows = await applySort(outer, alias, sort, undefined)
    .limit(limit + 1)
    .getMany();
  return toSortedPage(rows, limit, sort, (row) => row);
}
