import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { withDatabase } from '@tongxin/database';
import { SDK_VERSION } from '@tongxin/plugin-sdk';
import { ensureBuilt, freePort, waitFor } from './support/processes';
import { OPERATOR, PASSWORD, REPO_ROOT, TEST_JWT_SECRET } from './support/test-app';
import { ADMIN_URL, PASSWORDS, TEST_DATABASE } from './support/test-database-urls';

/**
 * The vendor path end to end, outside this checkout: pack the SDK (`npm run sdk:pack`), scaffold a
 * standalone plugin in a temporary directory (`npm run plugin:new -- <id> --out`), install the
 * packed SDK there (from npm's cache: the root's `npm ci` filled it), build it, run its own tests
 * and the conformance suite against this core (TONGXIN_HOME), then start the built server with
 * TONGXIN_PLUGINS=<that folder> and use its routes over HTTP.
 */
const exec = promisify(execFile);
const ID = 'vendor-kit-check';
const WORK = mkdtempSync(path.join(tmpdir(), 'tongxin-vendor-'));
const PROJECT = path.join(WORK, ID);
/** The vendor's test run recreates its own database; the server then runs on it too. */
const VENDOR_DATABASE = `${TEST_DATABASE}_vendor`.slice(0, 63);
const asRole = (user: string, password: string) => {
  const u = new URL(withDatabase(ADMIN_URL, VENDOR_DATABASE));
  u.username = user;
  u.password = password;
  return u.toString();
};

/** Runs a command; never throws, so a failure shows its output. */
async function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0', NODE_OPTIONS: '', ...env };
  // This process is a Jest worker: the vendor's Jest must not think it is one too.
  delete childEnv.JEST_WORKER_ID;
  try {
    const { stdout, stderr } = await exec(file, args, { cwd, env: childEnv, maxBuffer: 20 * 1024 * 1024 });
    return { code: 0, out: `${stdout}${stderr}` };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string; message: string };
    return { code: typeof e.code === 'number' ? e.code : 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}${e.message}` };
  }
}

const ok = (res: { code: number; out: string }) => ({ code: res.code, out: res.code === 0 ? '' : res.out });

describe('a plugin built outside the repository with the packed SDK', () => {
  let tarball: string;
  let server: ChildProcess | undefined;

  beforeAll(() => ensureBuilt(), 300_000);

  afterAll(async () => {
    server?.kill('SIGKILL');
    await rm(WORK, { recursive: true, force: true });
    const admin = new pg.Client({ connectionString: withDatabase(ADMIN_URL, 'postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${VENDOR_DATABASE} WITH (FORCE)`).finally(() => admin.end());
  });

  it('packs the SDK: bundled types without core path aliases, a bridge to the host, the test kit', async () => {
    const packed = await run(process.execPath, ['scripts/sdk-package.mjs', 'pack', WORK, '--built'], REPO_ROOT);
    expect(ok(packed)).toEqual({ code: 0, out: '' });
    tarball = packed.out.trim().split('\n').pop()!;
    expect(path.basename(tarball)).toBe(`tongxin-plugin-sdk-${SDK_VERSION}.tgz`);
    const listing = await run('tar', ['-tzf', tarball], WORK);
    expect(listing.out.split('\n').filter(Boolean).sort()).toEqual(
      ['host.js', 'index.d.ts', 'index.js', 'package.json', 'README.md', 'testing.d.ts', 'testing.js']
        .map((f) => `package/${f}`)
        .sort(),
    );
    const types = (await run('tar', ['-xzOf', tarball, 'package/index.d.ts'], WORK)).out;
    expect(types).toContain('export declare function definePlugin');
    expect(types).not.toMatch(/from ["']@tongxin\//);
  }, 300_000);

  it('scaffolds a standalone project in a directory outside the checkout', async () => {
    const res = await run(
      process.execPath,
      ['scripts/plugin-new.mjs', ID, '--out', WORK, '--sdk', `file:${tarball}`],
      REPO_ROOT,
    );
    expect(ok(res)).toEqual({ code: 0, out: '' });
    const pkg = JSON.parse(readFileSync(path.join(PROJECT, 'package.json'), 'utf8'));
    expect(pkg).toEqual(
      expect.objectContaining({
        main: './dist/src/index.js',
        devDependencies: expect.objectContaining({ '@tongxin/plugin-sdk': `file:${tarball}` }),
      }),
    );
  });

  it('installs the packed SDK from npm’s cache and builds', async () => {
    const install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], PROJECT);
    expect(ok(install)).toEqual({ code: 0, out: '' });
    expect(ok(await run('npm', ['run', 'build'], PROJECT))).toEqual({ code: 0, out: '' });
  }, 300_000);

  it('passes its own tests and the conformance suite against this core (TONGXIN_HOME)', async () => {
    const res = await run('npx', ['jest', '--ci'], PROJECT, {
      TONGXIN_HOME: REPO_ROOT,
      TEST_DATABASE_NAME: VENDOR_DATABASE,
      NODE_OPTIONS: '--experimental-vm-modules',
    });
    expect(ok(res)).toEqual({ code: 0, out: '' });
    expect(res.out).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    expect(res.out).toContain(`${ID} conformance`);
  }, 300_000);

  it('serves its routes from the built server with TONGXIN_PLUGINS=<its folder>', async () => {
    const port = await freePort();
    const { DATABASE_URL: _d, DATABASE_APP_URL: _a, REDIS_URL: _r, DEMO: _x, TONGXIN_HOME: _h, ...base } = process.env;
    server = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
      cwd: REPO_ROOT,
      env: {
        ...base,
        NODE_OPTIONS: '',
        LOG_LEVEL: 'warn',
        PORT: String(port),
        DATABASE_URL: asRole('tongxin_owner', PASSWORDS.owner),
        DATABASE_APP_URL: asRole('tongxin_app', PASSWORDS.app),
        JWT_SECRET: TEST_JWT_SECRET,
        WORKER_IN_PROCESS: 'true',
        DATA_DIR: path.join(WORK, 'data'),
        TONGXIN_PLUGINS: PROJECT,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const base_ = `http://127.0.0.1:${port}`;
    await waitFor('the server to be ready', async () => (await fetch(`${base_}/ready`).catch(() => null))?.ok, {
      timeoutMs: 60_000,
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${output}`);
    });
    const call = async (method: string, url: string, token?: string, body?: unknown) => {
      const res = await fetch(`${base_}${url}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    const ops = await call('POST', '/api/v1/platform/auth/login', undefined, OPERATOR);
    expect(ops.status).toBe(200);
    const tenant = await call('POST', '/api/v1/platform/tenants', ops.body.accessToken as string, {
      code: 'vendor-kit',
      name: '测试区 vendor-kit',
      divisionCode: '410411',
      admin: { username: 'admin', password: PASSWORD, displayName: '管理员' },
    });
    expect(tenant.status).toBe(201);
    const login = await call('POST', '/api/v1/auth/login', undefined, {
      tenantCode: 'vendor-kit',
      username: 'admin',
      password: PASSWORD,
    });
    const token = login.body.accessToken as string;

    const catalogue = await call('GET', '/api/v1/plugins?limit=200', token);
    expect(catalogue.body.items).toContainEqual(
      expect.objectContaining({ id: ID, source: 'third-party', state: 'disabled', problems: [] }),
    );
    expect((await call('POST', `/api/v1/plugins/${ID}/enable`, token)).status).toBe(200);
    const created = await call('POST', `/api/v1/plugins/${ID}/items`, token, {
      unitId: tenant.body.rootUnitId as string,
      title: '厂商插件的第一件事',
    });
    expect(created).toEqual({ status: 201, body: expect.objectContaining({ title: '厂商插件的第一件事' }) });
    const listed = await call('GET', `/api/v1/plugins/${ID}/items`, token);
    expect(listed).toEqual({ status: 200, body: { items: [created.body], nextCursor: null } });
  }, 120_000);
});
