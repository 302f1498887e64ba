import 'reflect-metadata';
import type { Server } from 'node:http';
import { AppConfig, ConfigurationError, parseEnvironment, type Environment } from '@tongxin/config';
import { loadSecrets, requireOwnerUrl, resolveDatabase } from '@tongxin/database';
import { demoPassword, seedDemoDistrict } from '@tongxin/demo';
import { logger } from '@tongxin/http';
import { queueBackendFromEnv } from '@tongxin/jobs';
import {
  AlreadyRunningError,
  Lifecycle,
  PortTakenError,
  acquirePidLock,
  assertPortFree,
  portTaken,
} from '@tongxin/lifecycle';
import { metricsOptionsFromEnv } from '@tongxin/metrics';
import { loadPluginCatalog } from '@tongxin/plugin-host';
import { runAllMigrations } from './cli/migrate';
import { createOperator } from './cli/operator-account';
import { createApp } from './create-app';

/**
 * Starts the API. Without DATABASE_URL it starts embedded PostgreSQL under ./.data, migrates it
 * and loads the demo district, so `npm start` on a fresh clone gives a working server. Without
 * REDIS_URL the queues live in PostgreSQL; the embedded start also runs the job worker in-process.
 * The environment is checked first, before anything starts; Ctrl-C or SIGTERM stops the parts in
 * the reverse order they started (libs/lifecycle, docs/adr/010).
 */
const lifecycle = new Lifecycle({
  log: { debug: (msg) => logger.debug(msg), warn: (msg) => logger.warn(msg) },
});

try {
  await start();
} catch (error) {
  await failedToStart(error);
}

async function start(): Promise<void> {
  const env = parseEnvironment(process.env);
  const metrics = metricsOptionsFromEnv(process.env);
  const embedded = !env.DATABASE_URL && !env.DATABASE_APP_URL;
  const host = env.HOST ?? '127.0.0.1';
  lifecycle.handleSignals();
  // One server per data directory: a second `npm start` in the same folder is told where the first runs.
  if (embedded) {
    const lock = acquirePidLock(env.DATA_DIR);
    lifecycle.add('the pid lock', () => lock.release());
  }
  // Before the slow parts start, so a taken port is said at once.
  await assertPortFree(env.PORT, host, 'PORT');
  if (metrics) await assertPortFree(metrics.port, metrics.host, 'METRICS_PORT', 'The metrics port');

  const db = await resolveDatabase();
  lifecycle.add('the database', () => db.stop());
  const secrets = db.embedded ? await loadSecrets(env.DATA_DIR) : undefined;
  const config = AppConfig.fromEnvironment(env, secrets?.jwt);
  const demoWanted = env.DEMO ?? db.embedded;
  // Checked before anything is built: a refused password stops the start with its reason.
  const demoUsersPassword = demoWanted ? demoPassword(process.env, db.embedded) : undefined;
  const apiDocs = env.API_DOCS ?? db.embedded;
  const catalog = await loadPluginCatalog({ env: process.env, root: process.cwd() });
  for (const entry of catalog.entries.filter((e) => e.state === 'quarantined'))
    logger.warn({ plugin: entry.id, problems: entry.problems }, 'plugin quarantined');
  if (db.embedded || env.MIGRATE_ON_START) await runAllMigrations(requireOwnerUrl(db), catalog);

  const app = await createApp({
    databaseUrl: db.appUrl,
    config,
    catalog,
    queue: queueBackendFromEnv(process.env, db.appUrl),
    runWorker: env.WORKER_IN_PROCESS ?? db.embedded,
    queuePrefix: env.QUEUE_PREFIX,
    apiDocs,
    metrics,
  });
  // Nest stops the workers and queues (module destroy), then the pools (application shutdown).
  lifecycle.add('workers, queues and pools', () => app.close());
  await app.init();
  const demo = demoUsersPassword ? await seedDemoDistrict(app, demoUsersPassword) : undefined;
  // The demo's platform operator, so districts can be provisioned right away (owner connection: the app role cannot).
  if (demo && demoUsersPassword && db.ownerUrl)
    await createOperator(db.ownerUrl, 'ops', demoUsersPassword, '平台运维（演示）');
  await app.listen(config.port, host).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EADDRINUSE' ? portTaken(config.port, host, 'PORT') : error;
  });
  lifecycle.add('the HTTP server', () => closeHttpServer(app.getHttpServer()));
  printBanner(env, config, db.embedded, apiDocs, demo, demoUsersPassword);
}

/** Stops taking requests; requests in flight get a moment to finish, idle keep-alive sockets go at once. */
function closeHttpServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), 2000);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** Says why in one message (no stack trace for what the person can fix), stops what started, exits 1. */
async function failedToStart(error: unknown): Promise<void> {
  // A signal during the start: the stop under way exits.
  if (lifecycle.isStopping) return;
  const known =
    error instanceof ConfigurationError || error instanceof AlreadyRunningError || error instanceof PortTakenError;
  if (known) console.error(`\n  ${error.message.replace(/\n/g, '\n  ')}\n`);
  else if (error instanceof Error) {
    // The stack is for whoever debugs the code (LOG_LEVEL=debug), not for the person starting it.
    logger.debug({ err: error }, 'start failed');
    console.error(`\n  Tongxin did not start: ${error.message}\n`);
  } else console.error(error);
  await lifecycle.stop();
  process.exit(1);
}

type Demo = Awaited<ReturnType<typeof seedDemoDistrict>>;

function printBanner(
  env: Environment,
  config: AppConfig,
  embedded: boolean,
  apiDocs: boolean,
  demo: Demo | undefined,
  demoUsersPassword: string | undefined,
): void {
  logger.info({ port: config.port, embedded }, 'Tongxin API listening');
  const lines = [
    '',
    `  同心 Tongxin API on ${config.publicUrl}`,
    apiDocs
      ? `  API docs:      ${config.publicUrl}/api/docs   (OpenAPI JSON: /api/docs-json)`
      : '  API docs:      off (set API_DOCS=true to serve /api/docs)',
  ];
  if (demo) {
    // Never echo a password that was given: only the embedded default is printed.
    const shownPassword = env.DEMO_PASSWORD ? '$DEMO_PASSWORD' : demoUsersPassword;
    lines.push(
      `  Demo district: tenant "${demo.tenantCode}" (${demo.tenantName}), ${demo.units} org units`,
      `  Log in:        curl -s ${config.publicUrl}/api/v1/auth/login -H 'content-type: application/json' \\`,
      `                   -d '{"tenantCode":"${demo.tenantCode}","username":"admin","password":"${shownPassword}"}'`,
      `  Users:         ${demo.usernames.join(', ')}  (password: ${shownPassword})`,
      `  Operator:      ops, same password (POST /api/v1/platform/auth/login, then /api/v1/platform/tenants)`,
    );
  }
  if (embedded) lines.push(`  Database:      embedded PostgreSQL, data in ${env.DATA_DIR}/pg`);
  lines.push('  Stop:          Ctrl-C');
  console.log(lines.join('\n') + '\n');
}
