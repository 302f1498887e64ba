import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { provisionDatabase } from '@tongxin/database';
import { loadPluginCatalog } from '@tongxin/plugin-host';
import { runAllMigrations } from '../../../api/src/cli/migrate';
import { createOperator } from '../../../api/src/cli/operator-account';
import { BENCH_ADMIN_URL, BENCH_JWT_SECRET, PASSWORDS } from '../shared/bench-database';
import http from 'node:http';
import { drive, pace, pooled, sendRecorded, type LoadRequest, type LoadResult, type Sample } from './load';
import { portInUse, startServer } from './servers';

/**
 * `npm run bench:login-storm -- [--seconds 10] [--logins 40] [--port 3920]`
 *
 * Does a burst of logins (argon2id, 19 MiB each) stall the rest of the API? On a scratch database
 * with one district and 200 accounts, the compiled API is started twice: with password hashing
 * bounded as configured by default (PASSWORD_HASH_CONCURRENCY / PASSWORD_HASH_QUEUE), and
 * unbounded as it was before (every login hashing at once on libuv's pool). Each time `GET
 * /health` is timed at a steady 20/s, first idle, then while `--logins` connections log in as fast
 * as they are answered. The figure is the ratio of /health latency in the storm to idle, in the
 * same run; logins per second and refusals (503 AUTH_BUSY) are reported beside it.
 */
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    logins: { type: 'string', default: '40' },
    port: { type: 'string', default: '3920' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.logins);
const port = Number(values.port);
const log = (msg: string) => console.log(`[login-storm] ${msg}`);

const DATABASE = 'tongxin_bench_login_storm';
const OPERATOR = { username: 'storm-ops', password: 'Gale-Passw0rd-2026' };
const PASSWORD = 'Storm-Passw0rd-2026';
const USERS = 200;
const HEALTH: LoadRequest[] = [{ method: 'GET', path: '/health' }];

interface Measured {
  variant: string;
  idle: LoadResult;
  storm: LoadResult;
  logins: LoadResult;
}

const urls = await provisionDatabase(BENCH_ADMIN_URL, DATABASE, PASSWORDS, { recreate: true });
await runAllMigrations(urls.ownerUrl, await loadPluginCatalog({ env: process.env, root: process.cwd() }));
await createOperator(urls.ownerUrl, OPERATOR.username, OPERATOR.password, 'bench');

const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const useRedis = await portInUse(Number(new URL(redisUrl).port || 6379));
const outDir = path.resolve('bench-results', `login-storm-${new Date().toISOString().replace(/[:.]/g, '-')}`);
const results: Measured[] = [];
let tenantCode = '';

for (const [variant, env] of [
  ['bounded (the default)', {}],
  ['unbounded (as before)', { PASSWORD_HASH_CONCURRENCY: '1024', PASSWORD_HASH_QUEUE: '100000' }],
] as const) {
  const server = await startServer(
    'product',
    'dist/apps/api/src/main.js',
    port,
    {
      JWT_SECRET: BENCH_JWT_SECRET,
      DATABASE_URL: urls.ownerUrl,
      DATABASE_APP_URL: urls.appUrl,
      DEMO: 'false',
      MIGRATE_ON_START: 'false',
      WORKER_IN_PROCESS: 'false',
      LOG_LEVEL: 'warn',
      ...(useRedis ? { REDIS_URL: redisUrl, QUEUE_PREFIX: `bench-login-storm-${Date.now()}` } : {}),
      ...env,
    },
    '/ready',
    path.join(outDir, variant.split(' ')[0]!),
  );
  try {
    if (!tenantCode) tenantCode = await seedDistrict(server.url);
    const logins: LoadRequest[] = Array.from({ length: USERS }, (_, i) => ({
      method: 'POST',
      path: '/api/v1/auth/login',
      body: JSON.stringify({ tenantCode, username: `storm${i}`, password: PASSWORD }),
    }));
    // Warm both paths, then idle /health, then /health during the storm.
    await drive(server.url, logins, 2, 4);
    await pace(server.url, HEALTH, 2, 20);
    const idle = pooled([await pace(server.url, HEALTH, seconds, 20)]);
    const [storm, loginSample] = await Promise.all([
      pace(server.url, HEALTH, seconds, 20),
      loginStorm(server.url, logins, seconds, connections),
    ]);
    const row = { variant, idle, storm: pooled([storm]), logins: pooled([loginSample]) };
    results.push(row);
    log(
      `${variant}: /health p95 ${row.idle.p95.toFixed(1)} ms idle, ${row.storm.p95.toFixed(1)} ms in the storm; ` +
        `${((row.logins.requests - row.logins.errors) / seconds).toFixed(0)} logins/s, refusals ${JSON.stringify(row.logins.statuses)}`,
    );
  } finally {
    await server.stop();
  }
}

const f = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const ratio = (storm: number, idle: number) => (storm / idle).toFixed(1);
const report = [
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}; Node ${process.version}; queues on ${useRedis ? 'Redis' : 'PostgreSQL'}.`,
  `${connections} connections logging in for ${seconds} s (${USERS} accounts, argon2id 19 MiB); GET /health at 20/s, idle then during the storm. Latencies in ms; ratio = storm ÷ idle in the same run.`,
  '',
  '| hashing | /health p50 idle | p50 storm | ratio | /health p95 idle | p95 storm | ratio | p99 idle | p99 storm | ratio | logins/s (200) | login p95 | refused (503) |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...results.map(
    (r) =>
      `| ${r.variant} | ${f(r.idle.p50)} | ${f(r.storm.p50)} | ${ratio(r.storm.p50, r.idle.p50)} | ${f(r.idle.p95)} | ${f(r.storm.p95)} | ${ratio(r.storm.p95, r.idle.p95)} | ${f(r.idle.p99)} | ${f(r.storm.p99)} | ${ratio(r.storm.p99, r.idle.p99)} | ${((r.logins.requests - r.logins.errors) / seconds).toFixed(0)} | ${f(r.logins.p95)} | ${r.logins.statuses['503'] ?? 0} |`,
  ),
].join('\n');
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'report.md'), report + '\n');
writeFileSync(path.join(outDir, 'results.json'), JSON.stringify(results, null, 2));
console.log('\n' + report + '\n');
log(`written to ${path.relative(process.cwd(), outDir)}/`);

/**
 * `connections` closed loops, each sending its next login as soon as the last is answered, each
 * starting at its own place in the list of accounts (autocannon starts every connection at the
 * first request, which would make 40 logins of one account at once: a guessing pattern the
 * throttle refuses, not a crowd of users).
 */
async function loginStorm(url: string, requests: LoadRequest[], seconds: number, connections: number): Promise<Sample> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const sample: Sample = { latencies: [], seconds, errors: 0, statuses: {} };
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      for (let i = Math.floor((c * requests.length) / connections); performance.now() < end; i++)
        await sendRecorded(agent, target, requests[i % requests.length]!, performance.now(), sample);
    }),
  );
  agent.destroy();
  return sample;
}

/** One district with USERS accounts, made through the API as the operator and the district's admin. */
async function seedDistrict(url: string): Promise<string> {
  const post = async (route: string, body: object, token?: string) => {
    const res = await fetch(url + route, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${route}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const ops = (await post('/api/v1/platform/auth/login', OPERATOR)).accessToken as string;
  const code = 'storm';
  const tenant = await post(
    '/api/v1/platform/tenants',
    {
      code,
      name: '风暴区',
      divisionCode: '410411',
      admin: { username: 'admin', password: PASSWORD, displayName: '管理员' },
    },
    ops,
  );
  const adminToken = (await post('/api/v1/auth/login', { tenantCode: code, username: 'admin', password: PASSWORD }))
    .accessToken as string;
  for (let i = 0; i < USERS; i++)
    await post(
      '/api/v1/users',
      { username: `storm${i}`, displayName: `storm${i}`, password: PASSWORD, orgUnitId: tenant.rootUnitId },
      adminToken,
    );
  return code;
}
