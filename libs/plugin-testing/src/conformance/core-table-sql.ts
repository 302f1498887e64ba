/**
 * The conformance check that a plugin's SQL names none of the core's tables (ADR 017). Core tables
 * are not part of the plugin contract: plugins read users, units, partner bodies and roles through
 * the SDK (`tx.users`, `tx.hierarchy`, `tx.partners`, `tx.names`) or, in statements that must join
 * them, through the core's `sdk_*` views. The core's tables are those its migrations create.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { coreRoot } from '../core-root';

/** Every table the core's migrations create (`CREATE TABLE "name"`), sorted. */
export function coreTables(): string[] {
  const dir = path.join(coreRoot(), 'migrations');
  const names = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') || f.endsWith('.js')))
    for (const m of readFileSync(path.join(dir, file), 'utf8').matchAll(/CREATE TABLE "([a-z_][a-z0-9_]*)"/g))
      names.add(m[1]!);
  return [...names].sort();
}

/** One place where plugin code reads or writes a core table in SQL. */
export interface CoreTableUse {
  /** Relative to the plugin's folder, with the 1-based line. */
  file: string;
  line: number;
  table: string;
  text: string;
}

// Folders whose files are not the plugin's runtime SQL: tests, dependencies, and migrations (which
// run as the owner and must name core tables in foreign keys and backfills over tenants).
const SKIPPED_DIRS = new Set(['node_modules', 'test', 'tests', 'migrations', '.git']);
const CODE = /\.(ts|mts|cts|js|mjs|cjs)$/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return SKIPPED_DIRS.has(name) ? [] : files(full);
    return CODE.test(name) && !name.endsWith('.d.ts') && !/\.spec\.[cm]?[jt]s$/.test(name) ? [full] : [];
  });
}

/** Comments blanked out (keeping line breaks), so prose like "read from users" is not SQL. */
function withoutComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:'"`\\])\/\/[^\n]*/g, (_, before: string) => before);
}

/**
 * The SQL in a plugin's source (or built) files that names a core table after `from`, `join`,
 * `into`, `update` or `table` (quoted or not, with or without `public.`), in any string or
 * template, across line breaks.
 */
export function coreTableUses(pluginDir: string, tables: readonly string[] = coreTables()): CoreTableUse[] {
  const names = tables.map((t) => t.replace(/[^a-z0-9_]/g, '')).join('|');
  const pattern = new RegExp(`\\b(from|join|into|update|table)\\s+(?:"?public"?\\.)?"?(${names})"?(?![\\w.-])`, 'gi');
  const found: CoreTableUse[] = [];
  for (const file of files(pluginDir)) {
    const text = withoutComments(readFileSync(file, 'utf8'));
    for (const m of text.matchAll(pattern)) {
      const line = text.slice(0, m.index).split('\n').length;
      found.push({
        file: path.relative(pluginDir, file),
        line,
        table: m[2]!.toLowerCase(),
        text: text.split('\n')[line - 1]!.trim(),
      });
    }
  }
  return found;
}

/**
 * Where a plugin's folder is in the core's checkout: `plugins/<id>`, `examples/<id>` or a test
 * fixture `tests/fixtures/plugins/<id>` (a vendor's plugin passes its own as `sourceDir`).
 */
export function pluginDirOf(id: string): string | null {
  for (const parent of ['plugins', 'examples', 'tests/fixtures/plugins']) {
    const dir = path.join(coreRoot(), parent, id);
    try {
      if (statSync(path.join(dir, 'package.json')).isFile()) return dir;
    } catch {
      // not there
    }
  }
  return null;
}
