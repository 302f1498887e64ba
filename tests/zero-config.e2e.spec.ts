import { spawn, execSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './support/processes';

/**
 * The README's first command in miniature: the built server with no DATABASE_URL starts embedded
 * PostgreSQL in a fresh data directory, migrates it, loads the demo district and serves the API.
 * Started twice on the same directory to show the data is kept across restarts.
 */
const MAIN = 'dist/apps/api/src/main.js';
const dataDir = mkdtempSync(path.join(tmpdir(), 'tongxin-zero-config-'));
// Ports the OS hands out as free just before use: a fixed random pick can land on a port another
// test's client connection holds, and PostgreSQL then cannot listen.
let port = 0;
let pgPort = 0;
let base = '';

/** Holds a port the OS picked until closed: a port some other process has taken. */
function listenOnFreePort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function start(dir = dataDir, embeddedPort = pgPort): Promise<{ child: ChildProcess; output: () => string }> {
  const { DATABASE_URL: _omit, REDIS_URL: _redis, ...env } = process.env;
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...env,
      NODE_OPTIONS: '',
      DATA_DIR: dir,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(embeddedPort),
      LOG_LEVEL: 'warn',
      DEMO_PASSWORD: 'zeroconf123',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 90_000);
    const poll = setInterval(() => {
      if (out.includes('API docs:')) {
        clearTimeout(timer);
        clearInterval(poll);
        resolve({ child, output: () => out });
      }
    }, 200);
    child.on('exit', (code) => {
      clearTimeout(timer);
      clearInterval(poll);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function loginAs(username: string): Promise<Response> {
  return fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenantCode: 'demo', username, password: 'zeroconf123' }),
  });
}

async function call(token: string, method: string, path: string, body?: object) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as Record<string, unknown> & { state?: string; items?: Record<string, string>[] };
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const tokenOf = async (username: string) =>
  ((await (await loginAs(username)).json()) as { accessToken: string }).accessToken;

/**
 * The demo district runs the 网格 plugin from the start: worker1 files a case in their grid, the
 * grid leader sends it up to the community, the community dispatches it to the 城管局, whose
 * handler dept1 handles it, and the community verifies and closes it.
 */
async function walkTheGridLoop(): Promise<void> {
  const [worker, grid, community, dept] = (await Promise.all(
    ['worker1', 'grid1', 'community1', 'dept1'].map(tokenOf),
  )) as [string, string, string, string];
  const gridUnitId = (await call(worker, 'GET', '/api/v1/auth/me')).orgUnitId as string;
  const items = (await call(worker, 'GET', '/api/v1/plugins/grid/items')).items!;
  expect(items).toHaveLength(29);
  const filed = await call(worker, 'POST', '/api/v1/plugins/grid/cases', {
    source: 'walk_in',
    itemId: items.find((i) => i.code === 'HP-08')!.id,
    unitId: gridUnitId,
    description: '沿河路早市占道经营，堵塞消防通道',
  });
  const id = filed.id as string;
  await call(grid, 'POST', `/api/v1/plugins/grid/cases/${id}/escalate`, { note: '需要执法部门处置' });
  const partners = (await call(community, 'GET', '/api/v1/plugins/grid/departments')).items!;
  const cityManagement = partners.find((p) => p.name === '湛河区城市管理局')!;
  await call(community, 'POST', `/api/v1/plugins/grid/cases/${id}/dispatch`, { partnerId: cityManagement.id });
  await call(dept, 'POST', `/api/v1/plugins/grid/cases/${id}/accept`, {});
  await call(dept, 'POST', `/api/v1/plugins/grid/cases/${id}/resolve`, { note: '已劝离并划定临时摊区' });
  const closed = await call(community, 'POST', `/api/v1/plugins/grid/cases/${id}/verify`, {});
  expect(closed.state).toBe('closed');
}

/**
 * The demo district runs 双报到 too: member1, an in-service member of the 区人民法院, reports to
 * the community where they live, community1 approves and posts a call, member1 signs up, and the
 * court's party liaison unit1 sees member1 among its members.
 */
async function walkDualReporting(): Promise<void> {
  const [member, community, liaison] = (await Promise.all(['member1', 'community1', 'unit1'].map(tokenOf))) as [
    string,
    string,
    string,
  ];
  const communityId = (await call(community, 'GET', '/api/v1/auth/me')).orgUnitId as string;
  const applied = await call(member, 'POST', '/api/v1/plugins/dual-report/registrations', {
    communityId,
    skills: ['法律咨询'],
  });
  await call(community, 'POST', `/api/v1/plugins/dual-report/registrations/${applied.id as string}/approve`, {});
  const day = 24 * 3600_000;
  const posted = await call(community, 'POST', '/api/v1/plugins/dual-report/calls', {
    unitId: communityId,
    kind: 'activity',
    title: '周五法律咨询进社区',
    startsAt: new Date(Date.now() + 2 * day).toISOString(),
    endsAt: new Date(Date.now() + 2 * day + 3 * 3600_000).toISOString(),
    capacity: 5,
  });
  await call(member, 'POST', `/api/v1/plugins/dual-report/calls/${posted.id as string}/signups`, {});
  const members = (await call(liaison, 'GET', '/api/v1/plugins/dual-report/units/mine/members')).items!;
  expect(members.map((m) => m.memberName)).toContain('党员志愿者 周敏');
}

describe('zero-config start on embedded PostgreSQL', () => {
  beforeAll(async () => {
    if (!existsSync(MAIN)) execSync('npm run -s build', { stdio: 'inherit' });
    [port, pgPort] = [await freePort(), await freePort()];
    base = `http://127.0.0.1:${port}`;
  }, 120_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('says which port is taken when embedded PostgreSQL cannot listen, and exits', async () => {
    const squatter = await listenOnFreePort();
    const { port: taken } = squatter.address() as { port: number };
    const dir = mkdtempSync(path.join(tmpdir(), 'tongxin-zero-config-taken-'));
    try {
      const failed = await start(dir, taken).then(
        async (started) => {
          await stop(started.child); // it should not have started; do not leave it running
          return 'started';
        },
        (error: Error) => error.message,
      );
      expect(failed).toMatch(/server exited with 1/);
      expect(failed).toContain(`embedded PostgreSQL stopped while starting on port ${taken}`);
      expect(failed).toContain('set EMBEDDED_PG_PORT to a free port');
    } finally {
      squatter.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('serves the demo district, prints how to log in, and keeps its data across a restart', async () => {
    const first = await start();
    try {
      expect(first.output()).toContain('/api/docs');
      expect(first.output()).toContain('tenant "demo"');
      const login = await loginAs('admin');
      expect(login.status).toBe(200);
      const { accessToken } = (await login.json()) as { accessToken: string };
      const grids = await fetch(`${base}/api/v1/org-units?level=4&limit=200`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(grids.status).toBe(200);
      const page = (await grids.json()) as { items: { levelName: string }[]; nextCursor: string | null };
      expect(page.items).toHaveLength(200);
      expect(page.items[0]!.levelName).toBe('网格党支部');
      expect(page.nextCursor).not.toBeNull();
      for (const username of ['street1', 'community1', 'grid1', 'member1'])
        expect((await loginAs(username)).status).toBe(200);
      // Queues live in the embedded PostgreSQL (BullMQ's PostgreSQL backend): no Redis needed.
      const ready = await fetch(`${base}/ready`);
      expect(await ready.json()).toEqual({ status: 'ready', database: 'up', queue: 'up' });
      const docs = await fetch(`${base}/api/docs-json`);
      expect(((await docs.json()) as { paths: object }).paths).toHaveProperty(['/api/v1/org-units']);
      await walkTheGridLoop();
      await walkDualReporting();
    } finally {
      await stop(first.child);
    }

    const second = await start();
    try {
      expect((await loginAs('admin')).status).toBe(200);
      expect(existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);
    } finally {
      await stop(second.child);
    }
  }, 180_000);
});
