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

export { isUuid } from '@tongxin/http';

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
