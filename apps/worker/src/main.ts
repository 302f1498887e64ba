import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppConfig } from '@tongxin/config';
import { loadSecrets, resolveDatabase, DEFAULT_DATA_DIR } from '@tongxin/database';
import { JsonLogger, logger } from '@tongxin/http';
import { queueBackendFromEnv } from '@tongxin/jobs';
import { loadPluginCatalog } from '@tongxin/plugin-host';
import { WorkerModule } from './worker.module';

/**
 * The job worker: the same plugins and core services as the API, no HTTP; runs the queue
 * processors and the schedules (outbox relay sweep, timer sweep, purge). Scale it out freely:
 * schedules are upserted, tasks carry receipts. Needs DATABASE_URL (the embedded start runs
 * its worker inside the API process instead).
 */
const db = await resolveDatabase();
const secrets = db.embedded ? await loadSecrets(process.env.DATA_DIR ?? DEFAULT_DATA_DIR) : undefined;
const config = AppConfig.fromEnv(process.env, secrets?.jwt);
const catalog = await loadPluginCatalog({ env: process.env, root: process.cwd() });
const app = await NestFactory.createApplicationContext(
  WorkerModule.forRoot({
    databaseUrl: db.appUrl,
    config,
    catalog,
    queue: queueBackendFromEnv(process.env, db.appUrl),
    queuePrefix: process.env.QUEUE_PREFIX,
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
