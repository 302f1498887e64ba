import 'reflect-metadata';
import { AppConfig } from '@tongxin/config';
import { loadSecrets, requireOwnerUrl, resolveDatabase, DEFAULT_DATA_DIR } from '@tongxin/database';
import { demoPassword, seedDemoDistrict } from '@tongxin/demo';
import { logger } from '@tongxin/http';
import { queueBackendFromEnv } from '@tongxin/jobs';
import { metricsOptionsFromEnv } from '@tongxin/metrics';
import { loadPluginCatalog } from '@tongxin/plugin-host';
import { runAllMigrations } from './cli/migrate';
import { createOperator } from './cli/operator-account';
import { createApp } from './create-app';

/**
 * Starts the API. Without DATABASE_URL it starts embedded PostgreSQL under ./.data, migrates it
 * and loads the demo district, so `npm start` on a fresh clone gives a working server. Without
 * REDIS_URL the queues live in PostgreSQL; the embedded start also runs the job worker in-process.
 */
// Read before the embedded database starts, so a bad METRICS_* stops the start at once.
const metrics = metricsOptionsFromEnv(process.env);
const db = await resolveDatabase();
const secrets = db.embedded ? await loadSecrets(process.env.DATA_DIR ?? DEFAULT_DATA_DIR) : undefined;
const config = AppConfig.fromEnv(process.env, secrets?.jwt);
const demoWanted = process.env.DEMO ? process.env.DEMO === 'true' : db.embedded;
// Checked before anything is built: a refused password stops the start with its reason.
const demoUsersPassword = demoWanted ? demoPassword(process.env, db.embedded) : undefined;
const apiDocs = process.env.API_DOCS ? process.env.API_DOCS === 'true' : db.embedded;
const catalog = await loadPluginCatalog({ env: process.env, root: process.cwd() });
for (const entry of catalog.entries.filter((e) => e.state === 'quarantined'))
  logger.warn({ plugin: entry.id, problems: entry.problems }, 'plugin quarantined');
if (db.embedded || process.env.MIGRATE_ON_START === 'true') await runAllMigrations(requireOwnerUrl(db), catalog);

const app = await createApp({
  databaseUrl: db.appUrl,
  config,
  catalog,
  queue: queueBackendFromEnv(process.env, db.appUrl),
  runWorker: process.env.WORKER_IN_PROCESS ? process.env.WORKER_IN_PROCESS === 'true' : db.embedded,
  queuePrefix: process.env.QUEUE_PREFIX,
  apiDocs,
  metrics,
});
await app.init();
const demo = demoUsersPassword ? await seedDemoDistrict(app, demoUsersPassword) : undefined;
// The demo's platform operator, so districts can be provisioned right away (owner connection: the app role cannot).
if (demo && demoUsersPassword && db.ownerUrl)
  await createOperator(db.ownerUrl, 'ops', demoUsersPassword, '平台运维（演示）');
await app.listen(config.port, process.env.HOST ?? '127.0.0.1');

const stop = async () => {
  await app.close();
  await db.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());

logger.info({ port: config.port, embedded: db.embedded }, 'Tongxin API listening');
const lines = [
  '',
  `  同心 Tongxin API on ${config.publicUrl}`,
  apiDocs
    ? `  API docs:      ${config.publicUrl}/api/docs   (OpenAPI JSON: /api/docs-json)`
    : '  API docs:      off (set API_DOCS=true to serve /api/docs)',
];
if (demo) {
  // Never echo a password that was given: only the embedded default is printed.
  const shownPassword = process.env.DEMO_PASSWORD ? '$DEMO_PASSWORD' : demoUsersPassword;
  lines.push(
    `  Demo district: tenant "${demo.tenantCode}" (${demo.tenantName}), ${demo.units} org units`,
    `  Log in:        curl -s ${config.publicUrl}/api/v1/auth/login -H 'content-type: application/json' \\`,
    `                   -d '{"tenantCode":"${demo.tenantCode}","username":"admin","password":"${shownPassword}"}'`,
    `  Users:         ${demo.usernames.join(', ')}  (password: ${shownPassword})`,
    `  Operator:      ops, same password (POST /api/v1/platform/auth/login, then /api/v1/platform/tenants)`,
  );
}
if (db.embedded)
  lines.push(`  Database:      embedded PostgreSQL, data in ${process.env.DATA_DIR ?? DEFAULT_DATA_DIR}/pg`);
console.log(lines.join('\n') + '\n');
