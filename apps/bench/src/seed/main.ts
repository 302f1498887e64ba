import 'reflect-metadata';
import pg from 'pg';
import { parseArgs } from 'node:util';
import { AppConfig } from '@tongxin/config';
import { provisionDatabase } from '@tongxin/database';
import { queueBackendFromEnv } from '@tongxin/jobs';
import { loadPluginCatalog } from '@tongxin/plugin-host';
import { runAllMigrations } from '../../../api/src/cli/migrate';
import { createApp } from '../../../api/src/create-app';
import {
  BENCH_ADMIN_URL,
  BENCH_JWT_SECRET,
  PASSWORDS,
  SEED_VERSION,
  benchDatabaseName,
  benchUrls,
  readMarker,
  writeMarker,
  type SeedMarker,
} from '../shared/bench-database';
import { seedDistrict } from './district';
import { PROFILES, countLabel, neighboursOf, parseCount } from './profiles';

/**
 * `npm run bench:seed -- --profile panyu [--cases 10k,100k,1m] [--seed 20261101] [--force]`
 *
 * One database per case count (`tongxin_bench_<profile>_<count>`), each holding the profile's
 * district and its neighbours, built by the real migrations. A database already seeded with the
 * same generator, profile, count and seed is kept unless `--force`.
 */
const { values } = parseArgs({
  options: {
    profile: { type: 'string', default: 'panyu' },
    cases: { type: 'string' },
    seed: { type: 'string', default: '20261101' },
    force: { type: 'boolean', default: false },
  },
});
const profile = PROFILES[values.profile];
if (!profile) {
  console.error(`Unknown profile "${values.profile}". Profiles: ${Object.keys(PROFILES).join(', ')}`);
  process.exit(2);
}
const counts = (values.cases ?? (profile.code === 'panyu' ? '10k,100k,1m' : String(profile.cases)))
  .split(',')
  .map(parseCount);
const seed = Number(values.seed);
const log = (msg: string) => console.log(`[bench:seed] ${msg}`);

for (const count of counts) {
  const database = benchDatabaseName(profile.code, countLabel(count));
  const existing = await readMarker(database);
  if (existing && existing.cases === count && existing.seed === seed && !values.force) {
    log(`${database} is already seeded (${existing.seededAt}); --force to redo it`);
    continue;
  }
  await seedDatabase(database, count);
}

async function seedDatabase(database: string, count: number): Promise<void> {
  const started = Date.now();
  log(
    `${database}: ${profile!.code} with ${count.toLocaleString('en')} cases, neighbours ${neighboursOf(profile!.code).join(', ')}`,
  );
  await provisionDatabase(BENCH_ADMIN_URL, database, PASSWORDS, { recreate: true });
  const urls = benchUrls(database);
  const catalog = await loadPluginCatalog({ env: process.env, root: process.cwd() });
  await runAllMigrations(urls.ownerUrl, catalog);

  const env = { ...process.env, DATABASE_URL: urls.ownerUrl, JWT_SECRET: BENCH_JWT_SECRET, LOG_LEVEL: 'warn' };
  const app = await createApp({
    databaseUrl: urls.appUrl,
    config: AppConfig.fromEnv(env),
    catalog,
    queue: queueBackendFromEnv({}, urls.appUrl),
    runWorker: false,
  });
  await app.init();
  const connect = async () => {
    const c = new pg.Client({ connectionString: urls.adminUrl });
    await c.connect();
    // Bulk loading as the superuser: the generator writes whole, consistent histories, so the
    // foreign-key triggers (which would check each of millions of rows) are skipped.
    await c.query(`set session_replication_role = replica`);
    return c;
  };
  const admin = await connect();
  const copyClients = [await connect(), await connect(), await connect()] as [pg.Client, pg.Client, pg.Client];
  const indexes = await dropBulkIndexes(admin);
  const tenants: SeedMarker['tenants'] = {};
  try {
    const districts = [profile!.code, ...neighboursOf(profile!.code)];
    for (const [i, code] of districts.entries()) {
      const p = PROFILES[code]!;
      const n = i === 0 ? count : p.cases;
      const seeded = await seedDistrict(app, admin, copyClients, p, n, seed + i, log);
      tenants[code] = { cases: seeded.cases, units: seeded.units, users: seeded.users };
    }
    // The cases' text index (grid_case_terms): its trigger does not fire for a replica-role COPY.
    log('indexing the cases’ text');
    await admin.query(
      `insert into grid_case_terms (tenant_id, term, case_id)
       select c.tenant_id, b, c.id from grid_cases c, grid_case_bigrams(c.description, c.address) b`,
    );
    log('rebuilding indexes, then VACUUM ANALYZE');
    for (const sql of indexes) await admin.query(sql);
    await admin.query('vacuum analyze');
  } finally {
    await Promise.all([admin, ...copyClients].map((c) => c.end()));
    await app.close();
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  await writeMarker(database, {
    profile: profile!.code,
    cases: count,
    seed,
    version: SEED_VERSION,
    tenants,
    seconds,
    seededAt: new Date().toISOString(),
  });
  log(`${database}: done in ${seconds} s`);
}

/**
 * The secondary indexes of the bulk tables, dropped before the load and rebuilt after it from
 * their own definitions (building an index once is far faster than updating it row by row).
 */
async function dropBulkIndexes(admin: pg.Client): Promise<string[]> {
  const { rows } = await admin.query<{ name: string; def: string }>(
    `select i.indexname as name, i.indexdef as def
       from pg_indexes i
      where i.schemaname = 'public' and i.tablename in ('grid_cases', 'grid_case_events', 'grid_supervisions')
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
  );
  for (const r of rows) await admin.query(`drop index "${r.name}"`);
  return rows.map((r) => r.def);
}
