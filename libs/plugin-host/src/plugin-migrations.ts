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

/**
 * Runs every installed plugin's pending migrations as the owner role, dependencies first (the
 * catalogue's order). A transaction-level advisory lock keeps concurrent starters from racing.
 */
export async function runPluginMigrations(
  ownerUrl: string,
  coreEntities: Function[],
  plugins: PluginManifest[],
): Promise<string[]> {
  const applied: string[] = [];
  for (const plugin of plugins) {
    if (!plugin.migrations?.length) continue;
    const ds = pluginDataSource(ownerUrl, coreEntities, plugin);
    await ds.initialize();
    try {
      await ds.query('select pg_advisory_lock(hashtext($1))', [pluginMigrationsTable(plugin.id)]);
      const done = await ds.runMigrations({ transaction: 'each' });
      applied.push(...done.map((m) => `${plugin.id}:${m.name}`));
    } finally {
      await ds
        .query('select pg_advisory_unlock(hashtext($1))', [pluginMigrationsTable(plugin.id)])
        .catch(() => undefined);
      await ds.destroy();
    }
  }
  return applied;
}
