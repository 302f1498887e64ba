import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { badRequest } from './domain-error';
import { isUuid } from './ids';

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

/** `?limit=&cursor=` on every list endpoint. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page’s nextCursor' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Cursors are the last row's uuid v7 id (time-ordered), base64url-encoded so clients treat them as opaque. */
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!isUuid(id)) throw badRequest('INVALID_CURSOR');
  return id;
}

export function toPage<T extends { id: string }, R>(rows: T[], limit: number, map: (row: T) => R): Page<R> {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return {
    items: items.map(map),
    nextCursor: hasMore && last ? Buffer.from(last.id, 'utf8').toString('base64url') : null,
  };
}

export function pageSize(query: PageQueryDto): number {
  return query.limit ?? DEFAULT_PAGE_SIZE;
}

/**
 * One key a list can be sorted by (`?sort=deadline`, `?sort=-deadline`). `'id'` sorts by the row's
 * uuid v7, its creation order, and keeps the id cursor above; any other key pages by (key, id).
 */
export interface SortKey {
  /** SQL of the key over the list's alias, for the direction asked (e.g. nulls last either way). */
  sql(alias: string, descending: boolean): string;
  /** The SQL type the cursor's key is cast to. */
  cast: 'timestamptz' | 'text';
  /** The row's key as the cursor carries it: the same value `sql` computes. */
  value(row: never, descending: boolean): string;
}

export type SortKeys = Record<string, SortKey | 'id'>;

export interface Sort {
  /** As asked, e.g. `-deadline`. */
  name: string;
  field: string;
  descending: boolean;
  key: SortKey | 'id';
}

/**
 * The `sort` query parameter of a list: documented with the values it accepts; `parseSort` checks
 * it (an unknown value is a 400 `INVALID_SORT` that lists them, not a bare validation error).
 */
export function SortParam(keys: SortKeys, fallback: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      enum: sortValues(keys),
      default: fallback,
      description:
        'Order of the list: a key ascending, or descending with a leading `-`; ties in creation order. ' +
        'Another value is a 400 `INVALID_SORT`; a cursor keeps the order it was made for.',
    }),
    IsOptional(),
    IsString(),
    MaxLength(40),
  );
}

/** Every value `?sort=` accepts for these keys: `key` (ascending) and `-key` (descending). */
export function sortValues(keys: SortKeys): string[] {
  return Object.keys(keys).flatMap((k) => [k, `-${k}`]);
}

/** `?sort=` checked against the list's keys; an unknown one is a 400 `INVALID_SORT` listing the allowed values. */
export function parseSort(value: string | undefined, keys: SortKeys, fallback: string): Sort {
  const name = value ?? fallback;
  const descending = name.startsWith('-');
  const field = descending ? name.slice(1) : name;
  const key = Object.prototype.hasOwnProperty.call(keys, field) ? keys[field] : undefined;
  if (!key) {
    const allowed = sortValues(keys);
    throw badRequest('INVALID_SORT', { sort: name, allowed: allowed.join(', ') }, { allowed });
  }
  return { name, field, descending, key };
}

/**
 * The cursor of a sorted page: the id cursor for `'id'` keys, else the sort, the last row's key and
 * its id. A cursor from another sort, or one that does not parse, is a 400 `INVALID_CURSOR`.
 */
export function decodeSortCursor(
  cursor: string | undefined,
  sort: Sort,
): { key: string | null; id: string } | undefined {
  if (sort.key === 'id') {
    const id = decodeCursor(cursor);
    return id ? { key: null, id } : undefined;
  }
  if (!cursor) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('INVALID_CURSOR');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    parsed[0] !== sort.name ||
    typeof parsed[1] !== 'string' ||
    typeof parsed[2] !== 'string' ||
    !isUuid(parsed[2])
  )
    throw badRequest('INVALID_CURSOR');
  return { key: parsed[1], id: parsed[2] };
}

/** `toPage` for a sorted list: the next cursor carries the last row's key beside its id. */
export function toSortedPage<T extends { id: string }, R>(
  rows: T[],
  limit: number,
  sort: Sort,
  map: (row: T) => R,
): Page<R> {
  if (sort.key === 'id') return toPage(rows, limit, map);
  const key = sort.key;
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  const cursor = last
    ? Buffer.from(JSON.stringify([sort.name, key.value(last as never, sort.descending), last.id]), 'utf8').toString(
        'base64url',
      )
    : null;
  return { items: items.map(map), nextCursor: hasMore ? cursor : null };
}

/**
 * A sort key on a timestamp column, to the millisecond (what a cursor can carry back: JavaScript
 * dates have no microseconds). A nullable column sorts its nulls last in both directions.
 */
export function timeSortKey(column: string, property: string, nullable = false): SortKey {
  const expr = (alias: string) => `date_trunc('milliseconds', ${alias}.${column})`;
  return {
    sql: (alias, descending) =>
      nullable ? `coalesce(${expr(alias)}, '${descending ? '-' : ''}infinity'::timestamptz)` : expr(alias),
    cast: 'timestamptz',
    value: (row: Record<string, unknown>, descending) => {
      const v = row[property];
      if (v instanceof Date) return v.toISOString();
      if (v === null || v === undefined) return descending ? '-infinity' : 'infinity';
      return typeof v === 'string' ? v : new Date(v as number).toISOString();
    },
  };
}

/** A sort key on a text column (compared in the database's collation, the same on both sides of the cursor). */
export function textSortKey(column: string, property: string): SortKey {
  return {
    sql: (alias) => `${alias}.${column}`,
    cast: 'text',
    value: (row: Record<string, unknown>) => {
      const v = row[property];
      return typeof v === 'string' ? v : '';
    },
  };
}

/**
 * Orders a query builder by the sort (then id, so ties keep one order) and, after a cursor, starts
 * past the cursor's row: `(key, id) > (:key, :id)` ascending, `<` descending.
 */
export function applySort<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  sort: Sort,
  after: { key: string | null; id: string } | undefined,
): SelectQueryBuilder<T> {
  const direction = sort.descending ? 'DESC' : 'ASC';
  const cmp = sort.descending ? '<' : '>';
  if (sort.key === 'id') {
    if (after) qb.andWhere(`${alias}.id ${cmp} :pageAfter`, { pageAfter: after.id });
    return qb.orderBy(`${alias}.id`, direction);
  }
  const expr = sort.key.sql(alias, sort.descending);
  if (after)
    qb.andWhere(`(${expr}, ${alias}.id) ${cmp} (CAST(:pageAfterKey AS ${sort.key.cast}), CAST(:pageAfter AS uuid))`, {
      pageAfterKey: after.key,
      pageAfter: after.id,
    });
  return qb.orderBy(expr, direction).addOrderBy(`${alias}.id`, direction);
}

/** Where a pageOf page starts: 0 without a cursor; a cursor that is not pageOf's is a 400 `INVALID_CURSOR`. */
export function pageOffset(query: PageQueryDto): number {
  if (!query.cursor) return 0;
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(query.cursor, 'base64url').toString('utf8'));
  const start = match ? Number(match[1]) : 0;
  if (start <= 0) throw badRequest('INVALID_CURSOR');
  return start;
}

/**
 * A page of a list held in memory (a registry, a catalog, a short table read whole), in the list's
 * own order: `?limit=&cursor=` and `{ items, nextCursor }` as every other list. The cursor is the
 * position after the page, opaque to clients; one that does not parse is a 400 `INVALID_CURSOR`,
 * one past the end (the list shrank meanwhile) an empty last page.
 */
export function pageOf<T>(items: readonly T[], query: PageQueryDto): Page<T> {
  const start = pageOffset(query);
  const end = start + pageSize(query);
  return {
    items: items.slice(start, end),
    nextCursor: end < items.length ? Buffer.from(`o:${end}`, 'utf8').toString('base64url') : null,
  };
}
