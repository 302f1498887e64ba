/**
 * The tests' PostgreSQL: TEST_DATABASE_ADMIN_URL is a superuser on the machine's server (default:
 * the local trust-auth `postgres`). Global setup recreates database `tongxin_test` from it, with
 * the real owner and app roles, and runs the real migrations.
 */
export const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_DATABASE = process.env.TEST_DATABASE_NAME ?? 'tongxin_test';
export const PASSWORDS = { owner: 'tongxin_owner', app: 'tongxin_app' };

const withDatabase = (url: string, database: string) => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

const withUser = (url: string, user: string, password: string) => {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
};

export const OWNER_URL = withUser(withDatabase(ADMIN_URL, TEST_DATABASE), 'tongxin_owner', PASSWORDS.owner);
/** What the server under test connects as: no BYPASSRLS, owns nothing. */
export const APP_URL = withUser(withDatabase(ADMIN_URL, TEST_DATABASE), 'tongxin_app', PASSWORDS.app);

export const OPERATOR = { username: 'test-ops', password: 'Operator-2026' };
