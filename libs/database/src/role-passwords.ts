import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { APP_ROLE, OWNER_ROLE } from './database-config';

const MIN_ROLE_PASSWORD = 16;

/**
 * The role passwords `npm run db:setup` sets: DATABASE_OWNER_PASSWORD and DATABASE_APP_PASSWORD when given
 * (16+ characters), otherwise strong generated ones, printed once for the operator to keep. A role
 * that exists already is never given a generated password: that would lock out the servers using
 * it, so its variable is required. (Defaulting to the role names made `tongxin_app:tongxin_app` a
 * working login on every server set up without them.)
 */
export async function setupPasswords(
  adminUrl: string,
  env: NodeJS.ProcessEnv,
  roles: { owner: string; app: string } = { owner: OWNER_ROLE, app: APP_ROLE },
): Promise<{ owner: string; app: string; generated: string[] }> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const generated: string[] = [];
    const choose = async (role: string, variable: string): Promise<string> => {
      const given = env[variable];
      if (given !== undefined) {
        if (given.length < MIN_ROLE_PASSWORD || given === role)
          throw new Error(`${variable} needs ${MIN_ROLE_PASSWORD}+ characters (e.g. \`openssl rand -base64 24\`)`);
        return given;
      }
      const exists = await admin.query('select 1 from pg_roles where rolname = $1', [role]);
      if (exists.rowCount)
        throw new Error(`Role ${role} exists: set ${variable} to its password (or to a new one to change it)`);
      generated.push(variable);
      return randomBytes(24).toString('base64url');
    };
    const owner = await choose(roles.owner, 'DATABASE_OWNER_PASSWORD');
    const app = await choose(roles.app, 'DATABASE_APP_PASSWORD');
    return { owner, app, generated };
  } finally {
    await admin.end();
  }
}
