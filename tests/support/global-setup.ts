import 'reflect-metadata';
import { hash } from '@node-rs/argon2';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
// Jest runs global setup outside its module mapper: relative imports only, no @tongxin/* aliases.
import { provisionDatabase } from '../../libs/database/src/provision-database';
import { migrateQueueSchema } from '../../libs/jobs/src/queue-backend';
import { CORE_MIGRATIONS } from '../../migrations/index';
import { ADMIN_URL, OPERATOR, PASSWORDS, TEST_DATABASE } from './test-database-urls';

/** A fresh database per run, migrated by the real migrations as the owner role, with one operator. */
export default async function globalSetup(): Promise<void> {
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
