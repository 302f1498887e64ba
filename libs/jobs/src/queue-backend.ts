import { createPostgresBackend, runMigrations, setDefaultBackendFactory } from 'bullmq';
import pg from 'pg';

/**
 * Where BullMQ keeps its queues: Redis when `REDIS_URL` is set; otherwise BullMQ's own PostgreSQL
 * backend in the `bullmq` schema of the application database, so the zero-config start needs no Redis.
 */
export type QueueBackend = { kind: 'redis'; url: string } | { kind: 'postgres'; url: string };

export const QUEUE_SCHEMA = 'bullmq';

/** How long closing a Redis connection waits for its socket before destroying it. */
export const REDIS_DISCONNECT_TIMEOUT_MS = 200;

export function queueBackendFromEnv(env: NodeJS.ProcessEnv, appDatabaseUrl: string): QueueBackend {
  return env.REDIS_URL ? { kind: 'redis', url: env.REDIS_URL } : { kind: 'postgres', url: appDatabaseUrl };
}

/**
 * The connection option @nestjs/bullmq hands to every Queue and Worker, and the process-wide
 * backend factory BullMQ builds them with. Producers fail fast while Redis is down (the outbox
 * keeps the work) instead of queueing commands in memory.
 */
export function queueConnection(backend: QueueBackend): object {
  if (backend.kind === 'postgres') {
    setDefaultBackendFactory(createPostgresBackend as never);
    return { connectionString: backend.url, schema: QUEUE_SCHEMA, max: 4 };
  }
  setDefaultBackendFactory();
  const url = new URL(backend.url);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    maxRetriesPerRequest: null,
    enableOfflineQueue: false,
    retryStrategy: (times: number) => Math.min(times * 200, 2000),
    // A socket to a Redis that never answered is destroyed after this long on close, not after
    // ioredis's 2 s, whose timer kept a stopping process (and Jest's workers) alive.
    disconnectTimeout: REDIS_DISCONNECT_TIMEOUT_MS,
  };
}

/**
 * Creates or upgrades BullMQ's tables in the `bullmq` schema as the owner role and lets the
 * application role use them (and create the per-queue sequences BullMQ adds there lazily). Runs
 * with the core migrations (`npm run migration:run`, zero-config start).
 */
export async function migrateQueueSchema(ownerUrl: string, appRole = 'tongxin_app'): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await runMigrations(client, QUEUE_SCHEMA);
    // CREATE too: BullMQ makes each queue's job-id sequence on the queue's first add, as the role adding.
    await client.query(`GRANT USAGE, CREATE ON SCHEMA ${QUEUE_SCHEMA} TO ${appRole}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${QUEUE_SCHEMA} TO ${appRole}`);
    // Only the sequences the owner made: those the app role made on a queue's first add are its own
    // already, and granting on them as the owner fails (a restart after the first job would not boot).
    const owned = await client.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = $1 and c.relkind = 'S' and c.relowner = (select oid from pg_roles where rolname = current_user)`,
      [QUEUE_SCHEMA],
    );
    for (const { name } of owned.rows)
      await client.query(`GRANT USAGE, SELECT, UPDATE ON SEQUENCE ${QUEUE_SCHEMA}."${name}" TO ${appRole}`);
    await client.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${QUEUE_SCHEMA} TO ${appRole}`);
  } finally {
    await client.end();
  }
}
