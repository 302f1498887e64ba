import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@tongxin/database';
import { logger } from '@tongxin/http';
import { migrateQueueSchema } from '@tongxin/jobs';
import { runPluginMigrations, type PluginCatalog } from '@tongxin/plugin-host';
import { CORE_MIGRATIONS } from '../../../../migrations/index';
import { CORE_ENTITIES } from '@tongxin/core-schema';

/** Applies pending core migrations as the owner role. */
export async function runCoreMigrations(ownerUrl: string): Promise<string[]> {
  const ds = new DataSource(
    dataSourceOptions(ownerUrl, CORE_ENTITIES, { migrations: CORE_MIGRATIONS, logging: ['error'] }),
  );
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/**
 * Everything `npm run migration:run` does, in order: the core, BullMQ's PostgreSQL queue schema,
 * then each installed plugin's migrations (dependencies first), all as the owner role.
 */
export async function runAllMigrations(ownerUrl: string, catalog: PluginCatalog): Promise<string[]> {
  const applied = await runCoreMigrations(ownerUrl);
  await migrateQueueSchema(ownerUrl);
  applied.push(...(await runPluginMigrations(ownerUrl, CORE_ENTITIES, catalog.installed())));
  if (applied.length) logger.info({ migrations: applied }, 'applied migrations');
  return applied;
}
