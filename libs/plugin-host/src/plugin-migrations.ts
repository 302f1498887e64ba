import pg from 'pg';
import { DataSource, type MigrationInterface } from 'typeorm';
import { dataSourceOptions } from '@tongxin/database';
import type { PluginManifest } from '@tongxin/plugin-sdk';
import { tablePrefix } from './catalog';

/** Each plugin keeps its own migration history: `<prefix>_migrations`. */
export const pluginMigrationsTable = (id: string) => `${tablePrefix(id)}_migrations`;

/** A DataSource as the owner for one plugin's migrations, with the core's entities for its foreign keys. */
export function pluginDataSource(ownerUrl: string, coreEntities: Function[], plugin: PluginManifest): DataSource {
  return new DataSource(
    dataSourceOptions(ownerUrl, [...coreEntities, ...(plugin.entities ?? [])], {
      migrations: (plugin.migrations ?? []) as (new () => MigrationInterface)[],
      migrationsTableName: pluginMigrationsTable(plugin.id),
      logging: ['error'],
    }),
  );
}

/** One lock for every plugin's migrations: they all alter tables next to the core's (foreign keys). */
const PLUGIN_MIGRATIONS_LOCK = 'tongxin:plugin-migrations';

/**
 * Runs every installed plugin's pending migrations as the owner role, dependencies first (the
 * catalogue's order). Concurrent starters (several api processes, parallel test files) take turns
 * on one session-level advisory lock, held on a connection of its own for the whole run: a lock
 * per plugin let two starters migrate two plugins at once, whose foreign keys to the same core
 * tables could deadlock, and a pooled connection did not always release it.
 */
export async function runPluginMigrations(
  ownerUrl: string,
  coreEntities: Function[],
  plugins: PluginManifest[],
): Promise<string[]> {
  const pending = plugins.filter((p) => p.migrations?.length);
  if (!pending.length) return [];
  const lock = new pg.Client({ connectionString: ownerUrl });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock(hashtext($1))', [PLUGIN_MIGRATIONS_LOCK]);
    const applied: string[] = [];
    for (const plugin of pending) {
      const ds = pluginDataSource(ownerUrl, coreEntities, plugin);
      await ds.initialize();
      try {
        const done = await ds.runMigrations({ transaction: 'each' });
        applied.push(...done.map((m) => `${plugin.id}:${m.name}`));
      } finally {
        await ds.destroy();
      }
    }
    return applied;
  } finally {
    // Ending the session releases the lock, whatever happened.
    await lock.end();
  }
}
