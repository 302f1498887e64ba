import { parseVariables } from '@tongxin/config';
import { logger } from '@tongxin/http';
import { databaseUrlsFromEnv, type DatabaseUrls } from './database-config';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface ResolvedDatabase extends Omit<DatabaseUrls, 'ownerUrl'> {
  /** Absent when only DATABASE_APP_URL is given: the process cannot migrate. */
  ownerUrl?: string;
  embedded: boolean;
  /** A superuser URL, known only for the embedded database. */
  adminUrl?: string;
  stop(): Promise<void>;
}

export const DEFAULT_DATA_DIR = '.data';
export const DEFAULT_EMBEDDED_PORT = 54329;

/** The owner's URL, or a clear error for commands that need it. */
export function requireOwnerUrl(db: { ownerUrl?: string }): string {
  if (!db.ownerUrl)
    throw new Error('This needs the owner role: set DATABASE_URL (DATABASE_APP_URL alone cannot migrate).');
  return db.ownerUrl;
}

/** DATABASE_URL (or DATABASE_APP_URL) when set; otherwise the embedded PostgreSQL under DATA_DIR (./.data). */
export async function resolveDatabase(env: NodeJS.ProcessEnv = process.env): Promise<ResolvedDatabase> {
  const fromEnv = databaseUrlsFromEnv(env);
  if (fromEnv) return { ...fromEnv, embedded: false, adminUrl: env.DATABASE_ADMIN_URL, stop: async () => {} };
  const { DATA_DIR: dataDir, EMBEDDED_PG_PORT: port } = parseVariables(['DATA_DIR', 'EMBEDDED_PG_PORT'], env);
  logger.info({ dataDir, port }, 'DATABASE_URL is not set: starting embedded PostgreSQL');
  const db = await startEmbeddedPostgres(dataDir, port);
  return { ...db, embedded: true };
}
