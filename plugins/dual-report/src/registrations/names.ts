import type { PluginTx } from '@tongxin/plugin-sdk';

const ids = (list: (string | null | undefined)[] = []) => [...new Set(list.filter((v): v is string => !!v))];

/** Names of org units, partner bodies and users (display names) by id, in one query. */
export async function namesOf(
  tx: PluginTx,
  of: { units?: (string | null)[]; partners?: (string | null)[]; users?: (string | null)[] },
): Promise<Map<string, string>> {
  const rows = await tx.query<{ id: string; name: string }>(
    `select id, name from org_units where id = any($1::uuid[])
     union all select id, name from partner_bodies where id = any($2::uuid[])
     union all select id, display_name as name from users where id = any($3::uuid[])`,
    [ids(of.units), ids(of.partners), ids(of.users)],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Runs a named-parameter statement (`:name`, `:...list`, as scope conditions are written) under RLS. */
export function namedQuery<R>(tx: PluginTx, sql: string, params: Record<string, unknown>): Promise<R[]> {
  const [text, values] = tx.em.dataSource.driver.escapeQueryWithParameters(sql, params);
  return tx.query<R>(text, values);
}
