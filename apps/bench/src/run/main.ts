import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadPluginCatalog } from '@tongxin/plugin-host';
import { runAllMigrations } from '../../../api/src/cli/migrate';
import { BENCH_JWT_SECRET, benchUrls, seededDatabases, type SeedMarker } from '../shared/bench-database';
import { countLabel } from '../seed/profiles';
import { cpuByOwner, readCpuProfile, renderCpuShares } from './cpu-profile';
import { drive, pace, pooled, type Sample } from './load';
import { renderReport, type TierResult } from './report';
import { login, pickSubjects, scenarios } from './scenarios';
import { portInUse, startServer, type RunningServer } from './servers';

/**
 * `npm run bench -- [--profile panyu] [--seconds 10] [--warmup 2] [--only list] [--tiers 10k,1m] [--port 3910] [--cpu-prof]`
 *
 * For each seeded database of the profile (smallest first): starts the compiled API and the
 * baseline on loopback, drives every scenario against both, one after the other, and prints the
 * table (also written to bench-results/).
 */
const { values } = parseArgs({
  options: {
    profile: { type: 'string', default: 'panyu' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    only: { type: 'string' },
    tiers: { type: 'string' },
    port: { type: 'string', default: '3910' },
    'cpu-prof': { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
// The product on --port, the baseline on the next one; away from 3000 so a running `npm start` is left alone.
const PRODUCT_PORT = Number(values.port);
const BASELINE_PORT = PRODUCT_PORT + 1;
const log = (msg: string) => console.log(`[bench] ${msg}`);

let tiers = await seededDatabases(values.profile);
if (values.tiers) {
  const wanted = values.tiers.split(',');
  tiers = tiers.filter((t) => wanted.includes(countLabel(t.marker.cases)));
}
if (!tiers.length) {
  console.error(
    `No seeded database for profile "${values.profile}". Seed first: npm run bench:seed -- --profile ${values.profile}`,
  );
  process.exit(2);
}

const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const useRedis = await portInUse(Number(new URL(redisUrl).port || 6379));
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const outDir = path.resolve('bench-results', stamp);
const results: TierResult[] = [];

for (const { database, marker } of tiers) {
  log(`${database}: ${marker.cases.toLocaleString('en')} cases in ${marker.profile}`);
  results.push(await runTier(database, marker));
}

const machine = await describeMachine(tiers[0]!.database);
const report = renderReport(values.profile, machine, results, { seconds, warmup });
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'results.json'), JSON.stringify({ machine, results }, null, 2));
writeFileSync(path.join(outDir, 'report.md'), report);
console.log('\n' + report);
const profiles = values['cpu-prof'] ? ', CPU profiles' : '';
log(`written to ${path.relative(process.cwd(), outDir)}/ (report.md, results.json, server logs${profiles})`);

async function runTier(database: string, marker: SeedMarker): Promise<TierResult> {
  const urls = benchUrls(database);
  // A database seeded by an older checkout gets this one's new migrations (indexes, usually) first.
  await runAllMigrations(urls.ownerUrl, await loadPluginCatalog({ env: process.env, root: process.cwd() }));
  const shared = { JWT_SECRET: BENCH_JWT_SECRET, JWT_ACCESS_TTL_SECONDS: '7200', DATABASE_APP_URL: urls.appUrl };
  const logDir = path.join(outDir, countLabel(marker.cases));
  const servers: RunningServer[] = [];
  try {
    const product = await startServer(
      'product',
      'dist/apps/api/src/main.js',
      PRODUCT_PORT,
      {
        ...shared,
        DATABASE_URL: urls.ownerUrl,
        DEMO: 'false',
        MIGRATE_ON_START: 'false',
        WORKER_IN_PROCESS: 'false',
        ...(useRedis ? { REDIS_URL: redisUrl, QUEUE_PREFIX: `bench-${database}` } : {}),
      },
      '/ready',
      logDir,
      { cpuProfile: values['cpu-prof'] },
    );
    servers.push(product);
    const baseline = await startServer(
      'baseline',
      'dist/apps/bench/src/baseline/main.js',
      BASELINE_PORT,
      shared,
      '/ready',
      logDir,
      { cpuProfile: values['cpu-prof'] },
    );
    servers.push(baseline);

    const subjects = await pickSubjects(urls.adminUrl, marker.profile);
    const tokens = {
      district: await login(product.url, marker.profile, subjects.usernames.district),
      street: await login(product.url, marker.profile, subjects.usernames.street),
      community: await login(product.url, marker.profile, subjects.usernames.community),
      worker: await login(product.url, marker.profile, subjects.usernames.worker),
    };
    const chosen = scenarios(subjects, tokens).filter((sc) => !values.only || sc.name.includes(values.only));
    // One pass over everything first: a freshly started server's first requests (JIT, pools,
    // PostgreSQL's caches) would otherwise land in whichever scenario happens to run first.
    for (const scenario of chosen)
      for (const server of [product, baseline]) await drive(server.url, scenario.requests, 2, scenario.connections);
    const rows: TierResult['rows'] = [];
    for (const scenario of chosen) {
      // Product and baseline take turns, in two rounds of half the time each, so a slow spell of
      // the machine (a checkpoint, autovacuum) falls on both rather than on one. Each turn: a
      // warm-up, as many requests as the server takes (throughput), then a steady load (latency).
      const samples = { product: [] as Sample[], baseline: [] as Sample[] };
      const steadySamples = { product: [] as Sample[], baseline: [] as Sample[] };
      for (let round = 0; round < 2; round++)
        for (const server of [product, baseline]) {
          const name = server.name as 'product' | 'baseline';
          await drive(server.url, scenario.requests, warmup, scenario.connections);
          samples[name].push(await drive(server.url, scenario.requests, seconds / 2, scenario.connections));
          steadySamples[name].push(await pace(server.url, scenario.requests, seconds / 2, scenario.rate));
        }
      const full = { product: pooled(samples.product), baseline: pooled(samples.baseline) };
      const steady = { product: pooled(steadySamples.product), baseline: pooled(steadySamples.baseline) };
      const p = full.product;
      const b = full.baseline;
      log(
        `${scenario.name}: product ${p.rps.toFixed(0)} req/s, p95 ${p.p95.toFixed(1)} ms (${steady.product.p95.toFixed(1)} ms at ${scenario.rate}/s) · ` +
          `baseline ${b.rps.toFixed(0)} req/s, p95 ${b.p95.toFixed(1)} ms (${steady.baseline.p95.toFixed(1)} ms) · ratio ${(p.rps / b.rps).toFixed(2)}`,
      );
      for (const [what, r] of [
        ['product', p],
        ['baseline', b],
        ['product at steady load', steady.product],
        ['baseline at steady load', steady.baseline],
      ] as const)
        if (r.errors) log(`  ${what}: ${r.errors} errors ${JSON.stringify(r.statuses)}`);
      rows.push({
        scenario: scenario.name,
        connections: scenario.connections,
        rate: scenario.rate,
        product: p,
        baseline: b,
        steady: steady.product,
        steadyBaseline: steady.baseline,
      });
    }
    return {
      database,
      cases: marker.cases,
      tenantCases: await tenantCases(urls.adminUrl),
      subjects: { street: subjects.street.name, community: subjects.community.name, grid: subjects.grid.name },
      rows,
    };
  } finally {
    for (const s of [...servers].reverse()) await s.stop();
    if (values['cpu-prof']) summariseProfiles(servers, logDir);
  }
}

/** Each server's CPU by owner, printed and kept beside its profile (`<size>/cpu.txt`). */
function summariseProfiles(servers: RunningServer[], logDir: string): void {
  const text = servers
    .map((s) => path.join(logDir, `${s.name}.cpuprofile`))
    .filter((file) => existsSync(file))
    .map((file) => renderCpuShares(path.basename(file, '.cpuprofile'), cpuByOwner(readCpuProfile(file))))
    .join('\n\n');
  console.log(text);
  writeFileSync(path.join(logDir, 'cpu.txt'), text + '\n');
}

/** Rows per tenant now (the seed plus what intake added), to print beside the figures. */
async function tenantCases(adminUrl: string): Promise<Record<string, number>> {
  const db = new pg.Client({ connectionString: adminUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ code: string; n: string }>(
      `select t.code, (select count(*) from grid_cases c where c.tenant_id = t.id) as n from tenants t order by t.code`,
    );
    return Object.fromEntries(rows.map((r) => [r.code, Number(r.n)]));
  } finally {
    await db.end();
  }
}

async function describeMachine(database: string) {
  const db = new pg.Client({ connectionString: benchUrls(database).adminUrl });
  await db.connect();
  const { rows } = await db.query<{ v: string }>("select current_setting('server_version') as v");
  await db.end();
  return {
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    postgres: `PostgreSQL ${rows[0]?.v ?? '?'}`,
    os: `${os.type()} ${os.release()}`,
    queues: useRedis ? 'Redis' : 'PostgreSQL (no Redis reachable)',
    date: new Date().toISOString(),
  };
}
