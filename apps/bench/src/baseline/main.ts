/**
 * The benchmark's baseline (issue 6): a minimal node:http server over plain `pg` that answers the
 * five benchmarked routes like the product and sends the same statements in the same
 * transactions under the same row-level security, so each figure can be reported as
 * product ÷ baseline, the cost of everything the framework adds.
 *
 *   POST /api/v1/auth/login
 *   POST /api/v1/plugins/grid/cases            GET /api/v1/plugins/grid/cases?limit&cursor
 *   GET  /api/v1/indicators/grid/:key?unitId&from&to
 *   GET  /api/v1/public/:tenant/plugins/grid/open311/v2/requests.json?start_date&end_date
 *
 * Env: DATABASE_APP_URL (the tongxin_app role), JWT_SECRET (the product's, so tokens work on both),
 * PORT (3901), HOST (127.0.0.1), JWT_ACCESS_TTL_SECONDS (900), DATABASE_POOL_SIZE (20), and the
 * product's REFRESH_TOKEN_TTL_DAYS, PASSWORD_HASH_CONCURRENCY, PASSWORD_HASH_QUEUE.
 *
 * Product statements not mirrored, and why:
 * - After a case is filed the product's OutboxRelay (kicked after commit, not awaited by the
 *   response) reads the tenant's unrelayed outbox rows, hands them to the queue and marks them
 *   relayed, in a transaction of its own. That is job machinery, not request work: the baseline
 *   writes the same outbox row and leaves it for the product's relay or sweep to pick up.
 * - The Idempotency-Key interceptor's statements (only with that header; the benchmark sends none).
 * - The login throttle's counters (libs/identity/src/login-protection): a handful of Redis round
 *   trips per login (or, without Redis, upserts on rate_limit_counters), sub-millisecond each
 *   beside argon2's tens of milliseconds. The baseline bounds its hashing the same way, so the
 *   login ratio still measures the framework, not the bound.
 * - Request variants outside the benchmark: case `latitude`/`longitude` (the grid boundary check),
 *   the list's filters (`unitId`, `state`, `itemId`, `source`, `overdue`, `mine`), Open311 XML.
 *   The baseline refuses them (400, or 404 for XML) rather than run different SQL.
 * Refusals keep the product's status codes and `{ statusCode, code, message, requestId }` shape;
 * `message` is the code, not the localised text.
 */
import { startBaseline } from './server';

const int = (value: string | undefined, fallback: number) => (value ? Number(value) : fallback);

const appUrl = process.env.DATABASE_APP_URL;
const jwtSecret = process.env.JWT_SECRET;
if (!appUrl || !jwtSecret) {
  console.error('baseline: set DATABASE_APP_URL (the tongxin_app role) and JWT_SECRET (the product’s)');
  process.exit(1);
}

const baseline = await startBaseline({
  appUrl,
  jwtSecret,
  port: int(process.env.PORT, 3901),
  host: process.env.HOST ?? '127.0.0.1',
  accessTokenTtlSeconds: int(process.env.JWT_ACCESS_TTL_SECONDS, 900),
  poolSize: int(process.env.DATABASE_POOL_SIZE, 20),
  refreshTokenTtlDays: int(process.env.REFRESH_TOKEN_TTL_DAYS, 30),
  hashConcurrency: process.env.PASSWORD_HASH_CONCURRENCY ? Number(process.env.PASSWORD_HASH_CONCURRENCY) : undefined,
  hashQueue: process.env.PASSWORD_HASH_QUEUE ? Number(process.env.PASSWORD_HASH_QUEUE) : undefined,
});
console.log(`baseline listening on ${baseline.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    void baseline.close().then(() => process.exit(0));
  });
