/** The app role every server connection uses: owns nothing, has no BYPASSRLS, so RLS always applies. */
export const APP_ROLE = 'tongxin_app';
/** The role that owns the schema and runs migrations. */
export const OWNER_ROLE = 'tongxin_owner';

export interface DatabaseUrls {
  /** Owner connection: migrations and schema tooling. Absent when a process runs with the app role only. */
  ownerUrl: string;
  /** Application connection: the server and the worker. */
  appUrl: string;
}

/**
 * DATABASE_URL is the owner's connection. DATABASE_APP_URL, when set, is the server's; otherwise
 * it is DATABASE_URL with the user swapped for the app role (password DATABASE_APP_PASSWORD).
 * A server given only DATABASE_APP_URL never holds the owner's credentials (it cannot migrate).
 */
export function databaseUrlsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): (Omit<DatabaseUrls, 'ownerUrl'> & { ownerUrl?: string }) | undefined {
  const ownerUrl = env.DATABASE_URL;
  if (!ownerUrl) return env.DATABASE_APP_URL ? { appUrl: env.DATABASE_APP_URL } : undefined;
  return {
    ownerUrl,
    appUrl: env.DATABASE_APP_URL ?? withUser(ownerUrl, APP_ROLE, env.DATABASE_APP_PASSWORD ?? APP_ROLE),
  };
}

export function withUser(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
