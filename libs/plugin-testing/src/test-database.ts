import 'reflect-metadata';
import { hash } from '@node-rs/argon2';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
// Jest runs global setup outside its module mapper: relative imports only, no @tongxin/* aliases.
import { provisionDatabase } from '../../database/src/provision-database';
import { migrateQueueSchema } from '../../jobs/src/queue-backend';
import { CORE_MIGRATIONS } from '../../../migrations/index';
import { ADMIN_URL, OPERATOR, PASSWORDS, TEST_DATABASE } from './test-database-urls';

/**
 * Jest's global setup for plugin tests: a fresh database per run (TEST_DATABASE_NAME on the
 * server TEST_DATABASE_ADMIN_URL reaches), migrated by the core's real migrations as the owner
 * role, with the real app role the server connects as, and one platform operator.
 */
export async function prepareTestDatabase(): Promise<void> {
  const urls = await provisionDatabase(ADMIN_URL, TEST_DATABASE, PASSWORDS, { recreate: true });
  const ds = new DataSource({
    type: 'postgres',
    url: urls.ownerUrl,
    migrations: CORE_MIGRATIONS,
    migrationsTableName: 'core_migrations',
  });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  // BullMQ's PostgreSQL backend schema, for the suites that run the queue without Redis.
  await migrateQueueSchema(urls.ownerUrl);
  const owner = new pg.Client({ connectionString: urls.ownerUrl });
  await owner.connect();
  await owner.query(
    'insert into platform_operators (id, username, password_hash, display_name) values ($1, $2, $3, $4)',
    [uuidv7(), OPERATOR.username, await hash(OPERATOR.password), '测试运维'],
  );
  await owner.end();
}
