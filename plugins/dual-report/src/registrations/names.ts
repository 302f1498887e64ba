import type { PluginTx } from '@tongxin/plugin-sdk';

/** Names of org units, partner bodies and users (display names) by id, in one query (tx.names), as one map. */
export async function namesOf(
  tx: PluginTx,
  of: { units?: (string | null)[]; partners?: (string | null)[]; users?: (string | null)[] },
): Promise<Map<string, string>> {
  const names = await tx.names({ units: of.units, partnerBodies: of.partners, users: of.users });
  return new Map([...names.units, ...names.partnerBodies, ...names.users]);
}

/** Runs a named-parameter statement (`:name`, `:...list`, as scope conditions are written) under RLS. */
export function namedQuery<R>(tx: PluginTx, sql: string, params: Record<string, unknown>): Promise<R[]> {
  const [text, values] = tx.em.dataSource.driver.escapeQueryWithParameters(sql, params);
  return tx.query<R>(text, values);
}
