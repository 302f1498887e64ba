import type { PluginTx } from './runtime';

/** Rows per statement: a few thousand keep each JSON parameter small. */
const CHUNK = 2000;

/**
 * Inserts many rows into one of the plugin's tables, a few thousand per statement (the rows go as
 * one JSON parameter, read back with the table's own row type). Keys are column names; every row
 * must carry the same keys, `tenant_id` included (`tx.tenantId`: row-level security checks it).
 * For the demo hook and other bulk loads, where going through `repository().insert` row by row is
 * too slow; nothing here fills ids or scope columns for you.
 */
export async function insertRows(tx: PluginTx, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  if (!rows.length) return;
  if (!/^[a-z][a-z0-9_]*$/.test(table)) throw new Error(`not a table name: ${table}`);
  const columns = Object.keys(rows[0]!);
  const list = columns.map((c) => `"${c.replaceAll('"', '')}"`).join(', ');
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await tx.query(
      `insert into ${table} (${list}) select ${list} from json_populate_recordset(null::${table}, $1::json)`,
      [JSON.stringify(chunk)],
    );
  }
}

/**
 * A time-ordered id (uuid v7 layout) for a row made up at `at`, its random bits drawn from
 * `random`: the demo hook's rows sort by when they happened and come out the same every time.
 */
export function demoId(at: Date | number, random: () => number): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  const hex = (n: number, digits: number) => Math.floor(n).toString(16).padStart(digits, '0').slice(-digits);
  const rand = (digits: number) => Array.from({ length: digits }, () => hex(random() * 16, 1)).join('');
  const time = hex(ms, 12);
  const variant = hex(8 + random() * 4, 1);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${rand(3)}-${variant}${rand(3)}-${rand(12)}`;
}
