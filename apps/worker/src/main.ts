import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppConfig, ConfigurationError, parseEnvironment } from '@tongxin/config';
import { resolveDatabase } from '@tongxin/database';
import { JsonLogger, logger } from '@tongxin/http';
import { queueBackendFromEnv } from '@tongxin/jobs';
import { Lifecycle } from '@tongxin/lifecycle';
import { metricsOptionsFromEnv } from '@tongxin/metrics';
import { loadPluginCatalog } from '@tongxin/plugin-host';
import { WorkerModule } from './worker.module';

/**
 * The job worker: the same plugins and core services as the API, no HTTP; runs the queue
 * processors and the schedules (outbox relay sweep, timer sweep, purge). Scale it out freely:
 * schedules are upserted, tasks carry receipts. Needs DATABASE_URL (the embedded start runs
 * its worker inside the API process instead). Checks the environment first, like the API.
 */
const lifecycle = new Lifecycle({
  log: { debug: (msg) => logger.debug(msg), warn: (msg) => logger.warn(msg) },
});

try {
  const env = parseEnvironment(process.env);
  if (!env.DATABASE_URL && !env.DATABASE_APP_URL) {
    // A second embedded PostgreSQL on the API's data directory would fight the first one.
    console.error('The worker needs DATABASE_URL (or DATABASE_APP_URL). `npm start` runs its worker in-process.');
    process.exit(2);
  }
  const metrics = metricsOptionsFromEnv(process.env);
  lifecycle.handleSignals();
  const db = await resolveDatabase();
  lifecycle.add('the database', () => db.stop());
  const config = AppConfig.fromEnvironment(env);
  const catalog = await loadPluginCatalog({ env: process.env, root: process.cwd() });
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot({
      databaseUrl: db.appUrl,
      config,
      catalog,
      queue: queueBackendFromEnv(process.env, db.appUrl),
      queuePrefix: env.QUEUE_PREFIX,
      metrics,
    }),
    { logger: new JsonLogger() },
  );
  lifecycle.add('workers, queues and pools', () => app.close());
  logger.info('Tongxin worker started');
} catch (error) {
  if (!lifecycle.isStopping) {
    console.error(error instanceof ConfigurationError ? `\n  ${error.message.replace(/\n/g, '\n  ')}\n` : error);
    await lifecycle.stop();
    process.exit(1);
  }
}
