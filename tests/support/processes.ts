import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { APP_URL, OWNER_URL } from './test-database-urls';
import { REPO_ROOT, TEST_JWT_SECRET } from './test-app';

/**
 * Real processes for fault tests: a Redis of the test's own (to kill and restart), and the
 * compiled worker (to kill -9 mid-job). Every child started here is remembered, so a failing
 * test still leaves nothing running once `stopAllProcesses()` runs in afterAll.
 */

const children = new Set<ChildProcess>();

/** Polls `probe` until it returns something truthy; fails with what it last saw after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  { timeoutMs = 15_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${show(last)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Checks `check` repeatedly for `ms`: for "still exactly once" after something happened. */
export async function holdsFor(what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!(await check())) throw new Error(`${what} stopped holding`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function show(value: unknown): string {
  if (value instanceof Error) return value.message;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A child process with its combined output, for failure messages. */
export interface Child {
  process: ChildProcess;
  output(): string;
  /** Sends the signal (SIGKILL by default: a crash, not a shutdown) and waits until it exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

function track(child: ChildProcess): Child {
  children.add(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  child.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  void exited.then(() => children.delete(child));
  return {
    process: child,
    output: () => out,
    stop: async (signal: NodeJS.Signals = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Does something answer PING with PONG on the port? */
function redisPong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d: Buffer) => {
      reply += d.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

export interface RedisServer extends Child {
  port: number;
  url: string;
}

/** A throwaway redis-server on `port`, without persistence: a restart comes back empty. */
export async function startRedis(port: number): Promise<RedisServer> {
  const child = track(
    spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  await waitFor(`redis-server on port ${port}\n${child.output()}`, async () => {
    if (!running(child.process)) throw new Error(`redis-server exited: ${child.output()}`);
    return redisPong(port);
  });
  return { ...child, port, url: `redis://127.0.0.1:${port}` };
}

const WORKER_MAIN = path.join(REPO_ROOT, 'dist/apps/worker/src/main.js');
const PROBE_SOURCE = path.join(REPO_ROOT, 'tests/fixtures/plugins/probe/src/index.ts');
const PROBE_BUILT = path.join(REPO_ROOT, 'dist/tests/fixtures/plugins/probe/src/index.js');

/** Builds `dist/` (`npm run build`) unless the worker and the probe fixture are built and current. */
export function ensureBuilt(): void {
  const current =
    existsSync(WORKER_MAIN) &&
    existsSync(PROBE_BUILT) &&
    statSync(PROBE_BUILT).mtimeMs >= statSync(PROBE_SOURCE).mtimeMs;
  if (current) return;
  execFileSync('npm', ['run', '-s', 'build'], { cwd: REPO_ROOT, stdio: 'pipe' });
}

export interface WorkerOptions {
  redisUrl: string;
  queuePrefix: string;
  /** Plugin paths for TONGXIN_PLUGINS. */
  plugins?: string[];
}

/**
 * The compiled worker (`node dist/apps/worker/src/main.js`) as its own process, on the test
 * database as the app role, sharing the API's queues through the same Redis and key prefix.
 * Resolves once it has registered its schedules and is taking jobs.
 */
export async function startWorker(options: WorkerOptions): Promise<Child> {
  const { REDIS_URL: _r, DATABASE_URL: _d, DATABASE_APP_URL: _a, QUEUE_PREFIX: _q, ...env } = process.env;
  const child = track(
    spawn(process.execPath, [WORKER_MAIN], {
      cwd: REPO_ROOT,
      env: {
        ...env,
        NODE_OPTIONS: '',
        DATABASE_URL: OWNER_URL,
        DATABASE_APP_URL: APP_URL,
        JWT_SECRET: TEST_JWT_SECRET,
        REDIS_URL: options.redisUrl,
        QUEUE_PREFIX: options.queuePrefix,
        JOB_LOCK_MS: '2000',
        JOB_SWEEP_MS: '500',
        TONGXIN_PLUGINS: (options.plugins ?? ['./tests/fixtures/plugins/probe']).join(','),
        // Info, not silent: the start-up line tells the test the worker is ready.
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  await waitFor(
    'the worker to start',
    () => {
      if (!running(child.process)) throw new Error(`worker exited: ${child.output()}`);
      return child.output().includes('Tongxin worker started');
    },
    { timeoutMs: 30_000 },
  ).catch((error: unknown) => {
    void child.stop();
    throw new Error(`${String(error)}\n${child.output()}`);
  });
  return child;
}

/** Kills whatever this file started and is still running (afterAll). */
export async function stopAllProcesses(): Promise<void> {
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (!running(child)) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
