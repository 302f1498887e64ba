/**
 * Schema tooling: `run`, `revert`, `generate <Name>`, `check`, `setup`.
 *   run       apply pending migrations as the owner role: core, queue schema, installed plugins
 *   revert    undo the last migration
 *   generate  write a migration with whatever the entities need that the schema lacks
 *   check     on a scratch database: migrate up, assert the entities need nothing more
 *             (an empty generated migration), revert everything, migrate up again
 *   setup     with DATABASE_ADMIN_URL (a superuser), create the roles and the database
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { writeFile, readFile } from 'node:fs/promises';
import { DataSource } from 'typeorm';
import {
  dataSourceOptions,
  OWNER_ROLE,
  provisionDatabase,
  requireOwnerUrl,
  resolveDatabase,
  setupPasswords,
  withDatabase,
} from '@tongxin/database';
import { CORE_MIGRATIONS } from '../../../../migrations/index';
import { CORE_ENTITIES } from '@tongxin/core-schema';
import { loadPluginCatalog } from '@tongxin/plugin-host';
import { runAllMigrations } from './migrate';

const ownerDataSource = (url: string) =>
  new DataSource(dataSourceOptions(url, CORE_ENTITIES, { migrations: CORE_MIGRATIONS, logging: ['error'] }));

/** The SQL the entities still need on top of the database's current schema. */
export async function pendingSchemaSql(ds: DataSource): Promise<{ up: string[]; down: string[] }> {
  const log = await ds.driver.createSchemaBuilder().log();
  return { up: log.upQueries.map((q) => q.query), down: log.downQueries.map((q) => q.query) };
}

async function withOwner<T>(work: (ds: DataSource) => Promise<T>): Promise<T> {
  const db = await resolveDatabase();
  const ds = ownerDataSource(requireOwnerUrl(db));
  await ds.initialize();
  try {
    return await work(ds);
  } finally {
    await ds.destroy();
    await db.stop();
  }
}

async function generate(name: string): Promise<void> {
  if (!/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('Name the migration in PascalCase, e.g. AddPartnerTags');
  await withOwner(async (ds) => {
    await ds.runMigrations({ transaction: 'each' });
    const { up, down } = await pendingSchemaSql(ds);
    if (up.length === 0) {
      console.log('Entities and migrations agree: nothing to generate.');
      return;
    }
    const ts = Date.now();
    const cls = `${name}${ts}`;
    const q = (s: string) => `    await queryRunner.query(${JSON.stringify(s)});`;
    const body = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${cls} implements MigrationInterface {
  name = '${cls}';

  async up(queryRunner: QueryRunner): Promise<void> {
${up.map(q).join('\n')}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${down.reverse().map(q).join('\n')}
  }
}
`;
    const file = `migrations/${ts}-${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}.ts`;
    await writeFile(file, body);
    const index = await readFile('migrations/index.ts', 'utf8');
    const importLine = `import { ${cls} } from './${file.slice('migrations/'.length, -3)}';\n`;
    // The new import goes after the last import, so the file reads in migration order.
    const lastImport = index.lastIndexOf('\nimport ');
    const lastLine = lastImport !== -1 ? lastImport + 1 : index.startsWith('import ') ? 0 : -1;
    const cut = lastLine === -1 ? 0 : index.indexOf('\n', lastLine) + 1;
    const updated = (index.slice(0, cut) + importLine + index.slice(cut)).replace(
      /= \[([\s\S]*?)\];/,
      (_, items: string) => {
        const kept = items.trim().replace(/,$/, '');
        const list = kept ? `${kept}, ${cls}` : cls;
        return `= [${list}];`;
      },
    );
    await writeFile('migrations/index.ts', updated);
    console.log(`Wrote ${file}; review it, add RLS policies and grants for new tenant tables, then run it.`);
  });
}

async function check(): Promise<void> {
  // A superuser makes the scratch database: DATABASE_ADMIN_URL, or the embedded server's own.
  const db = process.env.DATABASE_ADMIN_URL
    ? { adminUrl: process.env.DATABASE_ADMIN_URL, stop: async () => {} }
    : await resolveDatabase();
  const adminUrl = db.adminUrl;
  if (!adminUrl) throw new Error('migration:check needs DATABASE_ADMIN_URL (a superuser) to make a scratch database');
  // Named by TEST_DATABASE_NAME when set, so two checkouts can run their checks side by side.
  const name = `${process.env.TEST_DATABASE_NAME ?? 'tongxin'}_migration_check`;
  // The roles are the cluster's: keep their passwords, and run the migrations as the owner role
  // through the superuser's own login (`-c role=…`), so the check needs no role's password.
  await provisionDatabase(withDatabase(adminUrl, 'postgres'), name, scratchPasswords(), {
    recreate: true,
    keepPasswords: true,
  });
  const ds = ownerDataSource(asRole(withDatabase(adminUrl, name), OWNER_ROLE));
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    const first = await pendingSchemaSql(ds);
    if (first.up.length) fail('Entities need changes the migrations do not make', first.up);
    // The scratch database had every migration applied above; undo each one, newest first.
    for (let i = 0; i < CORE_MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    await ds.runMigrations({ transaction: 'each' });
    const again = await pendingSchemaSql(ds);
    if (again.up.length) fail('After down and up again, the schema drifted', again.up);
    console.log(`migration:check passed: ${CORE_MIGRATIONS.length} migrations up, down and up again; entities agree.`);
  } finally {
    await ds.destroy();
    await db.stop();
  }
}

/** Passwords for the roles only if `check` has to create them: random, since nothing logs in with them. */
function scratchPasswords() {
  return { owner: randomBytes(24).toString('base64url'), app: randomBytes(24).toString('base64url') };
}

/** A connection URL that logs in as its user and then acts as `role` (a superuser may take any). */
function asRole(url: string, role: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c role=${role}`);
  return u.toString();
}

function fail(message: string, sql: string[]): never {
  console.error(`${message}:\n${sql.map((s) => `  ${s}`).join('\n')}\nRun npm run migration:generate -- <Name>.`);
  process.exit(1);
}

const [command = '', arg] = process.argv.slice(2);
switch (command) {
  case 'run': {
    // The core, the queue schema, then every installed plugin (first-party and TONGXIN_PLUGINS).
    const db = await resolveDatabase();
    try {
      const catalog = await loadPluginCatalog({ env: process.env, root: process.cwd() });
      for (const entry of catalog.entries.filter((e) => e.state === 'quarantined'))
        console.warn(
          `Plugin ${entry.id} is quarantined: ${entry.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
        );
      const done = await runAllMigrations(requireOwnerUrl(db), catalog);
      console.log(done.length ? `Applied: ${done.join(', ')}` : 'No pending migrations.');
    } finally {
      await db.stop();
    }
    break;
  }
  case 'revert':
    await withOwner((ds) => ds.undoLastMigration({ transaction: 'each' }));
    break;
  case 'generate':
    await generate(arg ?? '');
    break;
  case 'check':
    await check();
    break;
  case 'setup': {
    const adminUrl = process.env.DATABASE_ADMIN_URL;
    if (!adminUrl) throw new Error('db:setup needs DATABASE_ADMIN_URL');
    const passwords = await setupPasswords(adminUrl, process.env);
    const urls = await provisionDatabase(adminUrl, process.env.DATABASE_NAME ?? 'tongxin', passwords);
    if (passwords.generated.length)
      console.log(`Generated ${passwords.generated.join(' and ')}: shown only now, keep them with your secrets.`);
    console.log(`DATABASE_URL=${urls.ownerUrl}`);
    console.log(`DATABASE_APP_PASSWORD=${passwords.app}`);
    break;
  }
  default:
    console.error('usage: db <run|revert|generate Name|check|setup>');
    process.exit(2);
}
