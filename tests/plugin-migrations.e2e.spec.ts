import { DataSource } from 'typeorm';
import { CORE_ENTITIES } from '@tongxin/core-schema';
import { dataSourceOptions, provisionDatabase } from '@tongxin/database';
import { runPluginMigrations } from '@tongxin/plugin-host';
import { CORE_MIGRATIONS } from '../migrations/index';
import { testCatalog } from './support/test-app';
import { ADMIN_URL, PASSWORDS, TEST_DATABASE } from './support/test-database-urls';

/**
 * Several processes start at once on a fresh database (api replicas, parallel test files): each
 * runs the plugins' pending migrations. They take turns, so every migration is applied exactly
 * once and nobody fails (two plugins' foreign keys to the same core tables, migrated at once by
 * two starters, could deadlock).
 */
describe('plugin migrations started by several processes at once', () => {
  it('apply every migration exactly once, all starters finishing', async () => {
    const urls = await provisionDatabase(ADMIN_URL, `${TEST_DATABASE}_plugin_mig`, PASSWORDS, { recreate: true });
    const core = new DataSource(dataSourceOptions(urls.ownerUrl, CORE_ENTITIES, { migrations: CORE_MIGRATIONS }));
    await core.initialize();
    await core.runMigrations({ transaction: 'each' });
    await core.destroy();
    const plugins = (
      await testCatalog(undefined, { ...process.env, TONGXIN_PLUGINS: './examples/volunteer-points' })
    ).installed();
    const expected = plugins.flatMap((p) => (p.migrations ?? []).map((m) => `${p.id}:${new m().name ?? m.name}`));
    expect(expected.length).toBeGreaterThan(3);

    const runs = await Promise.all([1, 2, 3].map(() => runPluginMigrations(urls.ownerUrl, CORE_ENTITIES, plugins)));

    expect(runs.flat().sort()).toEqual([...expected].sort());
    // Once all have finished, there is nothing left to do.
    expect(await runPluginMigrations(urls.ownerUrl, CORE_ENTITIES, plugins)).toEqual([]);
  }, 120_000);
});
