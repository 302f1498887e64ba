import pg from 'pg';
import { APP_ROLE, OWNER_ROLE, withDatabase, withUser, type DatabaseUrls } from './database-config';

const quoteLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;
const IDENT = /^[a-z_][a-z0-9_]*$/;

/**
 * With a superuser connection, make sure the owner and app roles and the database exist, and
 * return the owner/app URLs for it. Used by the embedded start, `npm run db:setup` and the tests.
 * Idempotent: run it on every start.
 */
export async function provisionDatabase(
  adminUrl: string,
  database: string,
  passwords: { owner: string; app: string },
  options: {
    recreate?: boolean;
    /**
     * Leave the passwords of roles that already exist as they are (roles are the cluster's, not
     * the database's: a scratch database on a shared server must not reset what its other
     * databases log in with). New roles still get `passwords`.
     */
    keepPasswords?: boolean;
  } = {},
): Promise<DatabaseUrls> {
  if (!IDENT.test(database)) throw new Error(`Unsafe database name: ${database}`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (const [role, password, extra] of [
      [OWNER_ROLE, passwords.owner, 'NOSUPERUSER NOBYPASSRLS'],
      [APP_ROLE, passwords.app, 'NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE'],
    ] as const) {
      const exists = await admin.query('select 1 from pg_roles where rolname = $1', [role]);
      const verb = exists.rowCount ? 'ALTER' : 'CREATE';
      const setPassword = exists.rowCount && options.keepPasswords ? '' : ` PASSWORD ${quoteLiteral(password)}`;
      await admin.query(`${verb} ROLE ${role} LOGIN ${extra}${setPassword}`);
    }
    if (options.recreate) {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    }
    const db = await admin.query('select 1 from pg_database where datname = $1', [database]);
    if (!db.rowCount) {
      await admin.query(`CREATE DATABASE ${database} OWNER ${OWNER_ROLE} ENCODING 'UTF8' TEMPLATE template0`);
    }
  } finally {
    await admin.end();
  }
  // The public schema belongs to the owner so migrations can create objects in it.
  const inDb = new pg.Client({ connectionString: withDatabase(adminUrl, database) });
  await inDb.connect();
  try {
    await inDb.query(`ALTER SCHEMA public OWNER TO ${OWNER_ROLE}`);
    await inDb.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await inDb.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
  } finally {
    await inDb.end();
  }
  const base = withDatabase(adminUrl, database);
  return {
    ownerUrl: withUser(base, OWNER_ROLE, passwords.owner),
    appUrl: withUser(base, APP_ROLE, passwords.app),
  };
}
