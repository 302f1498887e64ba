import { execSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './support/processes';
import { APP_URL, OWNER_URL } from './support/test-database-urls';
import { TEST_JWT_SECRET } from './support/test-app';

/**
 * What a person sees when they start and stop the built server: Ctrl-C (SIGINT to the whole
 * process group, as a terminal sends it) or SIGTERM stops it within seconds with exit code 0 and
 * no stack trace; a second start in the same folder, a taken port and bad settings are refused
 * with one message saying what to change.
 */
const MAIN = 'dist/apps/api/src/main.js';
const FORBIDDEN = /Unhandled|57P01|terminating connection|^\s+at /m;

interface Server {
  pid: number;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function launch(env: Record<string, string>): Server {
  const { DATABASE_URL: _a, DATABASE_APP_URL: _b, REDIS_URL: _c, DEMO: _d, JWT_SECRET: _e, ...base } = process.env;
  const child = spawn(process.execPath, [MAIN], {
    env: { ...base, NODE_OPTIONS: '', LOG_LEVEL: 'info', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, like a shell job: a signal to -pid reaches every process in it.
    detached: true,
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return { pid: child.pid!, output: () => out, exited };
}

async function started(server: Server): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!server.output().includes('Stop:          Ctrl-C')) {
    const done = await Promise.race([server.exited, new Promise((r) => setTimeout(r, 100))]);
    if (done) throw new Error(`the server exited while starting:\n${server.output()}`);
    if (Date.now() > deadline) throw new Error(`the server did not start:\n${server.output()}`);
  }
}

/** Signals the whole group (a terminal's Ctrl-C); resolves with the exit. */
async function stop(server: Server, signal: NodeJS.Signals) {
  process.kill(-server.pid, signal);
  return server.exited;
}

function linesAfterBanner(server: Server): string[] {
  const after = server.output().split('Stop:          Ctrl-C')[1] ?? '';
  return after.split('\n').filter((line) => line.trim());
}

/** Runs the server to its end (a refused start). */
async function refused(env: Record<string, string>) {
  const server = launch(env);
  const timer = setTimeout(() => process.kill(-server.pid, 'SIGKILL'), 30_000);
  const { code } = await server.exited;
  clearTimeout(timer);
  return { code, output: server.output() };
}

/**
 * Builds unless dist/ is newer than the start and stop code. Not always: test:all has built already,
 * and rebuilding under suites that run dist/ in parallel would rewrite files they are loading.
 */
function ensureBuilt(): void {
  const sources = [
    'apps/api/src/main.ts',
    'libs/config/src/environment.ts',
    'libs/database/src/embedded-postgres.ts',
    ...readdirSync('libs/lifecycle/src').map((f) => `libs/lifecycle/src/${f}`),
  ];
  const newest = Math.max(...sources.map((f) => statSync(f).mtimeMs));
  if (!existsSync(MAIN) || statSync(MAIN).mtimeMs < newest) execSync('npm run -s build', { stdio: 'pipe' });
}

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tongxin-start-stop-'));
  dirs.push(dir);
  return dir;
};

describe('starting and stopping the server', () => {
  beforeAll(ensureBuilt, 120_000);
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('embedded: stops cleanly on Ctrl-C and SIGTERM, refuses a second start in the folder and a taken PORT', async () => {
    const dataDir = tempDir();
    const [port, pgPort] = [await freePort(), await freePort()];
    const env = { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), DEMO: 'false' };
    for (const [cycle, signal] of (['SIGINT', 'SIGTERM', 'SIGINT'] as const).entries()) {
      if (cycle === 2) writeFileSync(path.join(dataDir, 'tongxin.pid'), '2147483646\n'); // a crashed run's lock
      const server = launch(env);
      await started(server);
      expect(readFileSync(path.join(dataDir, 'tongxin.pid'), 'utf8').trim()).toBe(String(server.pid));
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      // Nest's ~200 start-up lines (modules, routes) are at debug: the banner is what shows.
      expect(server.output()).not.toMatch(/RouterExplorer|RoutesResolver|InstanceLoader/);

      if (cycle === 0) {
        const second = await refused({ ...env, PORT: String(await freePort()) });
        expect(second.code).toBe(1);
        expect(second.output).toContain(`Tongxin is already running from ${dataDir} (pid ${server.pid})`);
        const portTaken = await refused({ ...env, DATA_DIR: tempDir() });
        expect(portTaken.code).toBe(1);
        expect(portTaken.output).toContain(`The API port ${port} on 127.0.0.1 is taken`);
        expect(portTaken.output).toContain('set PORT to a free port');
        expect(portTaken.output).not.toContain('starting embedded PostgreSQL');
      }

      // Exit code 0: stopped in order, before the 10 s after which the server exits with 1 anyway.
      const { code, signal: killedBy } = await stop(server, signal);
      expect({ cycle, signal, code, killedBy }).toEqual({ cycle, signal, code: 0, killedBy: null });
      // Silent: after the banner, nothing but the request log lines.
      expect(linesAfterBanner(server).filter((l) => !l.includes('"msg":"request"'))).toEqual([]);
      expect(server.output()).not.toMatch(FORBIDDEN);
      // PostgreSQL stopped too (its lock file goes with it), and so did ours.
      expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
      expect(existsSync(path.join(dataDir, 'tongxin.pid'))).toBe(false);
    }
  }, 90_000);

  it('external database: stops cleanly with the worker in-process and the queues in PostgreSQL', async () => {
    const port = await freePort();
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const server = launch({
        DATABASE_URL: OWNER_URL,
        DATABASE_APP_URL: APP_URL,
        JWT_SECRET: TEST_JWT_SECRET,
        PORT: String(port),
        WORKER_IN_PROCESS: 'true',
        DATA_DIR: tempDir(),
      });
      await started(server);
      expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
      const { code } = await stop(server, signal);
      expect({ signal, code }).toEqual({ signal, code: 0 });
      expect(linesAfterBanner(server).filter((l) => !l.includes('"msg":"request"'))).toEqual([]);
      expect(server.output()).not.toMatch(FORBIDDEN);
    }
  }, 60_000);

  it('names every bad setting in one message and starts nothing', async () => {
    const dataDir = tempDir();
    const { code, output } = await refused({
      DATA_DIR: dataDir,
      PORT: 'abc',
      JWT_ACCESS_TTL_SECONDS: '15m',
      LOG_LEVEL: 'loud',
      REDIS_URL: 'notaurl',
      MIGRATE_ON_START: 'yes',
      DEMO: 'maybe',
      BODY_LIMIT: 'lots',
      METRICS_PORT: 'x',
    });
    expect(code).toBe(1);
    expect(output).toContain('The configuration has 8 problems');
    for (const name of [
      'PORT',
      'JWT_ACCESS_TTL_SECONDS',
      'LOG_LEVEL',
      'REDIS_URL',
      'MIGRATE_ON_START',
      'DEMO',
      'BODY_LIMIT',
      'METRICS_PORT',
    ])
      expect(output).toContain(`  - ${name} must`);
    expect(output).not.toMatch(/TypeError|^\s+at /m);
    expect(existsSync(path.join(dataDir, 'pg'))).toBe(false);
  }, 30_000);
});
