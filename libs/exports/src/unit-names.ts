import type { EntityManager } from 'typeorm';

/**
 * The names of the units a page of rows points at, in one query: an export names the unit where
 * the JSON list gives its id (a spreadsheet cannot follow a link).
 */
export async function unitNames(em: EntityManager, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (!wanted.length) return new Map();
  const rows: { id: string; name: string }[] = await em.query(
    'select id, name from org_units where id = any($1::uuid[])',
    [wanted],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
