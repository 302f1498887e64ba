import pg from 'pg';
import { withDatabase, withUser } from '@tongxin/database';

/**
 * Where the benchmark's databases live: a PostgreSQL superuser URL (the machine's local server by
 * default, as for the tests). Each profile and case count gets its own database, e.g.
 * `tongxin_bench_panyu_1m`, so the growth tiers sit side by side and are seeded once.
 */
export const BENCH_ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const PASSWORDS = {
  owner: process.env.DATABASE_OWNER_PASSWORD ?? 'tongxin_owner',
  app: process.env.DATABASE_APP_PASSWORD ?? 'tongxin_app',
};
/** The JWT secret the product and the baseline share in a run, so their tokens are interchangeable. */
export const BENCH_JWT_SECRET = 'bench-jwt-secret-not-for-production-0123456789';
/** Every seeded account's password. */
export const BENCH_PASSWORD = 'bench1234';

export const benchDatabaseName = (profile: string, label: string) => `tongxin_bench_${profile}_${label}`;

export function benchUrls(database: string) {
  const base = withDatabase(BENCH_ADMIN_URL, database);
  return {
    adminUrl: base,
    ownerUrl: withUser(base, 'tongxin_owner', PASSWORDS.owner),
    appUrl: withUser(base, 'tongxin_app', PASSWORDS.app),
  };
}

/** What the seeder wrote, kept as the database's comment: the runner reads it to label its table. */
export interface SeedMarker {
  profile: string;
  cases: number;
  seed: number;
  version: number;
  tenants: Record<string, { cases: number; units: number; users: number }>;
  seconds: number;
  seededAt: string;
}

/** Bump when the generator changes, so stale databases are seeded again. */
export const SEED_VERSION = 2;

export async function readMarker(database: string): Promise<SeedMarker | null> {
  const admin = new pg.Client({ connectionString: BENCH_ADMIN_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ comment: string | null }>(
      'select shobj_description(oid, $2) as comment from pg_database where datname = $1',
      [database, 'pg_database'],
    );
    const text = rows[0]?.comment;
    if (!text) return null;
    const marker = JSON.parse(text) as SeedMarker;
    return marker.version === SEED_VERSION ? marker : null;
  } catch {
    return null;
  } finally {
    await admin.end();
  }
}

export async function writeMarker(database: string, marker: SeedMarker): Promise<void> {
  const admin = new pg.Client({ connectionString: BENCH_ADMIN_URL });
  await admin.connect();
  try {
    const literal = `'${JSON.stringify(marker).replace(/'/g, "''")}'`;
    await admin.query(`COMMENT ON DATABASE ${database} IS ${literal}`);
  } finally {
    await admin.end();
  }
}

/** The seeded databases, by profile, with their markers: what `npm run bench` will measure. */
export async function seededDatabases(profile: string): Promise<{ database: string; marker: SeedMarker }[]> {
  const admin = new pg.Client({ connectionString: BENCH_ADMIN_URL });
  await admin.connect();
  let names: string[];
  try {
    const { rows } = await admin.query<{ datname: string }>(
      'select datname from pg_database where datname like $1 order by datname',
      [`tongxin_bench_${profile}_%`],
    );
    names = rows.map((r) => r.datname);
  } finally {
    await admin.end();
  }
  const found: { database: string; marker: SeedMarker }[] = [];
  for (const database of names) {
    const marker = await readMarker(database);
    if (marker) found.push({ database, marker });
  }
  return found.sort((a, b) => a.marker.cases - b.marker.cases);
}
