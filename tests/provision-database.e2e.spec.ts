import pg from 'pg';
import { provisionDatabase } from '@tongxin/database';
import { ADMIN_URL, PASSWORDS, TEST_DATABASE } from './support/test-database-urls';

/**
 * Roles belong to the PostgreSQL cluster, not to a database: `migration:check` makes a scratch
 * database on whatever server DATABASE_ADMIN_URL names, and used to reset the owner's and app's
 * passwords there to `tongxin_owner` / `tongxin_app`, locking out (or opening up) every other
 * database those roles serve.
 */
describe('provisioning a scratch database', () => {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  const scratch = `${TEST_DATABASE}_keep_passwords`;
  const passwordHashes = async () =>
    (
      await admin.query<{ rolname: string; rolpassword: string }>(
        `select rolname, rolpassword from pg_authid where rolname in ('tongxin_owner', 'tongxin_app') order by rolname`,
      )
    ).rows;

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.query(`drop database if exists ${scratch} with (force)`);
    // Whatever happened above, the test roles log in with the tests' passwords again.
    await provisionDatabase(ADMIN_URL, TEST_DATABASE, PASSWORDS);
    await admin.end();
  });

  it("leaves the cluster's role passwords as they are when asked to keep them", async () => {
    const before = await passwordHashes();
    expect(before).toHaveLength(2);
    await provisionDatabase(
      ADMIN_URL,
      scratch,
      { owner: 'another-owner-password', app: 'another-app-password' },
      { recreate: true, keepPasswords: true },
    );
    expect(await passwordHashes()).toEqual(before);
    const made = await admin.query('select datdba::regrole::text as owner from pg_database where datname = $1', [
      scratch,
    ]);
    expect(made.rows).toEqual([{ owner: 'tongxin_owner' }]);
  });
});
