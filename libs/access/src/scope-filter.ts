import { SCOPE_COLUMNS, SCOPE_SQL_COLUMNS, type ScopeColumn } from '@tongxin/database';
import type { AppAbility } from '@tongxin/context';
import { splitPermission } from './permission-registry';
import { isUuid } from '@tongxin/http';

export interface SqlFilter {
  /** A boolean SQL expression over `alias`, with named parameters for TypeORM's query builder. */
  sql: string;
  params: Record<string, string | string[]>;
}

/**
 * Translates the ability's rules for `permission` into a WHERE clause, so list endpoints filter
 * in the database. Only `{ <scopeColumn>: uuid }` and `{ <scopeColumn>: { $in: [...] } }` are
 * accepted: anything else is a programming error, never silently widened.
 */
export function scopeFilter(ability: AppAbility, permission: string, alias: string): SqlFilter {
  const ordered = scopeUnits(ability, permission);
  if (ordered.length === 0) return { sql: 'FALSE', params: {} };
  const params: Record<string, string[]> = {};
  const clauses = ordered.map(([column, ids]) => {
    const name = `scope_${alias}_${column}`;
    params[name] = ids;
    return `${alias}.${SCOPE_SQL_COLUMNS[column]} IN (:...${name})`;
  });
  return { sql: `(${clauses.join(' OR ')})`, params };
}

/**
 * The same scope as `scopeFilter`, as separate conditions, one per unit (`alias.street_id = :id`);
 * none for a permission held nowhere. A row is in scope when any one holds. Each is an equality on
 * one indexed column, so a list can read each one in index order and merge them (see the SDK's
 * `cursorPageOfAny`), where one OR of them would make PostgreSQL read every matching row.
 */
export function scopeBranches(ability: AppAbility, permission: string, alias: string): SqlFilter[] {
  return scopeUnits(ability, permission).flatMap(([column, ids]) =>
    ids.map((id, i) => {
      const name = `scope_${alias}_${column}_${i}`;
      return { sql: `${alias}.${SCOPE_SQL_COLUMNS[column]} = :${name}`, params: { [name]: id } };
    }),
  );
}

/** The units the rules grant `permission` over, by scope column in level order (district → group), ids sorted. */
function scopeUnits(ability: AppAbility, permission: string): (readonly [ScopeColumn, string[]])[] {
  const { subject, action } = splitPermission(permission);
  const byColumn = new Map<ScopeColumn, Set<string>>();
  for (const rule of ability.rulesFor(action, subject)) {
    if (rule.inverted) throw new Error('inverted rules are not supported in scope filters');
    const conditions = (rule.conditions ?? {}) as Record<string, unknown>;
    const entries = Object.entries(conditions);
    if (entries.length !== 1)
      throw new Error(`scope rule must have exactly one condition: ${JSON.stringify(conditions)}`);
    const [key, value] = entries[0]!;
    if (!(key in SCOPE_SQL_COLUMNS)) throw new Error(`not a scope column: ${key}`);
    const values = typeof value === 'string' ? [value] : (value as { $in?: unknown }).$in;
    if (!Array.isArray(values) || !values.every((v) => isUuid(v))) {
      throw new Error(`unsupported scope condition on ${key}`);
    }
    const set = byColumn.get(key as ScopeColumn) ?? new Set<string>();
    for (const v of values) set.add(v);
    byColumn.set(key as ScopeColumn, set);
  }
  // Level order, so the same ability always yields the same SQL.
  return SCOPE_COLUMNS.filter((c) => byColumn.has(c)).map((c) => [c, [...byColumn.get(c)!].sort()] as const);
}
