import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@tongxin/database';
import { logger } from '@tongxin/http';
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
    if (applied.length) logger.info({ migrations: applied.map((m) => m.name) }, 'applied migrations');
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
