import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { RequestContext } from '@tongxin/context';
import type { Scope } from '@tongxin/database';
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
import { scopeFilter } from './scope-filter';

/**
 * One page of a list endpoint: the caller's filters are already on `qb`; this adds the ability's
 * scope as SQL, the cursor, and the limit (+1 to know whether another page follows). Without a
 * `sort` the page is in id order (creation order, oldest first); with one (`parseSort`), in the
 * sort's order, then id, and the cursor carries the sort key.
 */
export async function pageInScope<T extends ObjectLiteral & { id: string }, R>(
  qb: SelectQueryBuilder<T>,
  ctx: RequestContext,
  permission: string,
  query: PageQueryDto,
  map: (row: T) => R,
  sort?: Sort,
): Promise<Page<R>> {
  const alias = qb.alias;
  const limit = pageSize(query);
  const filter = scopeFilter(ctx.ability, permission, alias);
  if (sort && !(sort.key === 'id' && !sort.descending)) {
    qb.andWhere(filter.sql, filter.params);
    applySort(qb, alias, sort, decodeSortCursor(query.cursor, sort)).limit(limit + 1);
    return toSortedPage(await qb.getMany(), limit, sort, map);
  }
  qb.andWhere(filter.sql, filter.params)
    .orderBy(`${alias}.id`, 'ASC')
    .limit(limit + 1);
  const after = decodeCursor(query.cursor);
  if (after) qb.andWhere(`${alias}.id > :after`, { after });
  return toPage(await qb.getMany(), limit, map);
}

/** The district root's scope: what a permission must cover to act tenant-wide. */
export function districtScope(ctx: Pick<RequestContext, 'rootUnitId'>): Scope {
  return { districtId: ctx.rootUnitId, streetId: null, communityId: null, gridId: null, groupId: null };
}
