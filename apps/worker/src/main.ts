import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppConfig } from '@tongxin/config';
import { loadSecrets, resolveDatabase, DEFAULT_DATA_DIR } from '@tongxin/database';
import { JsonLogger, logger } from '@tongxin/http';
import { WorkerModule } from './worker.module';

/**
 * The job worker: the same core modules as the API, no HTTP. Queue processors, the outbox relay
 * and timer sweeps attach here (see the jobs capability); it connects as the app role like the API.
 */
const db = await resolveDatabase();
const secrets = db.embedded ? await loadSecrets(process.env.DATA_DIR ?? DEFAULT_DATA_DIR) : undefined;
const config = AppConfig.fromEnv(process.env, secrets?.jwt);
const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ databaseUrl: db.appUrl, config }), {
  logger: new JsonLogger(),
});
app.enableShutdownHooks();
logger.info('Tongxin worker started');
const stop = async () => {
  await app.close();
  await db.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
