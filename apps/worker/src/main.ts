import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppConfig } from '@tongxin/config';
import { resolveDatabase } from '@tongxin/database';
import { JsonLogger, logger } from '@tongxin/http';
import { queueBackendFromEnv } from '@tongxin/jobs';
import { metricsOptionsFromEnv } from '@tongxin/metrics';
import { loadPluginCatalog } from '@tongxin/plugin-host';
import { WorkerModule } from './worker.module';

/**
 * The job worker: the same plugins and core services as the API, no HTTP; runs the queue
 * processors and the schedules (outbox relay sweep, timer sweep, purge). Scale it out freely:
 * schedules are upserted, tasks carry receipts. Needs DATABASE_URL (the embedded start runs
 * its worker inside the API process instead).
 */
if (!process.env.DATABASE_URL && !process.env.DATABASE_APP_URL) {
  // A second embedded PostgreSQL on the API's data directory would fight the first one.
  console.error('The worker needs DATABASE_URL (or DATABASE_APP_URL). `npm start` runs its worker in-process.');
  process.exit(2);
}
const metrics = metricsOptionsFromEnv(process.env);
const db = await resolveDatabase();
const config = AppConfig.fromEnv(process.env);
const catalog = await loadPluginCatalog({ env: process.env, root: process.cwd() });
const app = await NestFactory.createApplicationContext(
  WorkerModule.forRoot({
    databaseUrl: db.appUrl,
    config,
    catalog,
    queue: queueBackendFromEnv(process.env, db.appUrl),
    queuePrefix: process.env.QUEUE_PREFIX,
    metrics,
  }),
  { logger: new JsonLogger() },
);
app.enableShutdownHooks();
logger.info('Tongxin worker started');
const stop = async () => {
  await app.close();
  await db.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
