import { SCOPE_COLUMNS, SCOPE_SQL_COLUMNS, type ScopeColumn } from '@tongxin/database';
import type { AppAbility } from '@tongxin/context';
import { splitPermission } from './permission-registry';
import { isUuid } from '@tongxin/http';

export interface SqlFilter {
  /** A boolean SQL expression over `alias`, with named parameters for TypeORM's query builder. */
  sql: string;
  params: Record<string, string[]>;
}

/**
 * Translates the ability's rules for `permission` into a WHERE clause, so list endpoints filter
 * in the database. Only `{ <scopeColumn>: uuid }` and `{ <scopeColumn>: { $in: [...] } }` are
 * accepted: anything else is a programming error, never silently widened.
 */
export function scopeFilter(ability: AppAbility, permission: string, alias: string): SqlFilter {
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
  if (byColumn.size === 0) return { sql: 'FALSE', params: {} };
  const params: Record<string, string[]> = {};
  // Level order (district → group), so the same ability always yields the same SQL.
  const ordered = SCOPE_COLUMNS.filter((c) => byColumn.has(c)).map((c) => [c, byColumn.get(c)!] as const);
  const clauses = ordered.map(([column, ids]) => {
    const name = `scope_${alias}_${column}`;
    params[name] = [...ids].sort();
    return `${alias}.${SCOPE_SQL_COLUMNS[column]} IN (:...${name})`;
  });
  return { sql: `(${clauses.join(' OR ')})`, params };
}
