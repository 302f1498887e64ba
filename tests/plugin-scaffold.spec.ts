import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { v4 as uuidv4 } from 'uuid';
import { withDatabase } from '@tongxin/database';
import { validateManifest } from '@tongxin/plugin-host';
import { definePlugin, SDK_VERSION } from '@tongxin/plugin-sdk';
import { REPO_ROOT } from './support/test-app';
import { ADMIN_URL, TEST_DATABASE } from './support/test-database-urls';

/**
 * `npm run plugin:new` end to end: it scaffolds a plugin (into examples/, which no other suite loads), and that plugin
 * type-checks, is formatted and linted, and passes its own tests and the conformance suite.
 */

const exec = promisify(execFile);
const bin = (name: string) => path.join(REPO_ROOT, 'node_modules', '.bin', name);

interface Run {
  code: number;
  out: string;
}

/** Runs a command from the repository root; never throws for a non-zero exit. */
async function run(file: string, args: string[], env: NodeJS.ProcessEnv = {}, timeout = 60_000): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0', ...env };
  // This process is a Jest worker: the child Jest must not think it is one too.
  delete childEnv.JEST_WORKER_ID;
  try {
    const { stdout, stderr } = await exec(file, args, {
      cwd: REPO_ROOT,
      env: childEnv,
      timeout,
      maxBuffer: 20 * 1024 * 1024,
    });
    return { code: 0, out: `${stdout}${stderr}` };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string; message: string };
    return { code: typeof e.code === 'number' ? e.code : 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}${e.message}` };
  }
}

const scaffold = (...args: string[]) => run(process.execPath, ['scripts/plugin-new.mjs', ...args]);

const ID = `scaffold-check-${uuidv4().replace(/-/g, '').slice(0, 8)}`;
// Under examples/, which nothing discovers unless configured: suites running beside this one never load it.
const REL = `examples/${ID}`;
const DIR = path.join(REPO_ROOT, REL);
/**
 * The child Jest's database. Its global setup recreates the database it is given, so it gets one
 * of its own next to this run's (TEST_DATABASE_NAME): recreating ours would cut off the test files
 * running beside this one.
 */
const CHILD_DATABASE = `${TEST_DATABASE}_scaffold`.slice(0, 63);

async function dropChildDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: withDatabase(ADMIN_URL, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${CHILD_DATABASE} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

describe('npm run plugin:new', () => {
  let generated: Run;

  beforeAll(async () => {
    generated = await scaffold(ID, '--dir', 'examples');
  });

  afterAll(async () => {
    // Always, even when a check failed.
    await rm(DIR, { recursive: true, force: true });
    await rm(path.join(REPO_ROOT, 'dist', 'examples', ID), { recursive: true, force: true });
    await dropChildDatabase().catch(() => undefined);
  });

  it('writes a plugin modelled on the probe: manifest, settings, entity, migration, controller, service, test', () => {
    expect(generated).toEqual({ code: 0, out: expect.stringContaining(`Created ${REL}/`) });
    const files = [
      'package.json',
      'README.md',
      'src/index.ts',
      'src/constants.ts',
      'src/settings.ts',
      'src/item.entity.ts',
      'src/items.dto.ts',
      'src/items.service.ts',
      'src/items.controller.ts',
      `test/${ID}.e2e.spec.ts`,
    ];
    expect(files.filter((f) => !existsSync(path.join(DIR, f)))).toEqual([]);
    const pkg = JSON.parse(readFileSync(path.join(DIR, 'package.json'), 'utf8'));
    expect(pkg).toEqual(
      expect.objectContaining({
        type: 'module',
        main: `../../dist/examples/${ID}/src/index.js`,
        tongxin: { source: './src/index.ts' },
      }),
    );
    const migration = readFileSync(path.join(DIR, 'src/index.ts'), 'utf8').match(/from '\.\/migrations\/([^']+)'/);
    expect(migration).not.toBeNull();
    const migrationSource = readFileSync(path.join(DIR, 'src/migrations', `${migration![1]}.ts`), 'utf8');
    const table = `${ID.replace(/-/g, '_')}_items`;
    expect(migrationSource).toContain(`isolateTenantTable(queryRunner, '${table}')`);
    expect(migrationSource).toContain(`releaseTenantTable(queryRunner, '${table}')`);
    // The plugin imports the SDK and nothing else of the core.
    const service = readFileSync(path.join(DIR, 'src/items.service.ts'), 'utf8');
    expect(service).toMatch(/tongxin\.transaction\(/);
    expect(service).toMatch(/scopeCondition\(/);
  });

  it('refuses ids the catalogue refuses, and a folder that already exists', async () => {
    const refused = ['Bad_Id', 'ab', '1abc', 'abc-', 'platform', `a${'b'.repeat(40)}`];
    for (const id of refused) {
      // The catalogue agrees: validateManifest names the id as the problem.
      const manifest = definePlugin({ id, version: '1.0.0', names: { 'zh-CN': '例', en: 'e' }, sdk: '^1.0.0' });
      expect(validateManifest(manifest, SDK_VERSION).map((p) => p.field)).toContain('id');
      const res = await scaffold(id);
      expect({ id, code: res.code }).toEqual({ id, code: 2 });
      expect(existsSync(path.join(REPO_ROOT, 'plugins', id))).toBe(false);
    }
    expect((await scaffold('some-plugin', '--dir', 'elsewhere')).code).toBe(2);
    const again = await scaffold(ID, '--dir', 'examples');
    expect(again).toEqual({ code: 1, out: expect.stringContaining('already exists') });
  });

  it('type-checks', async () => {
    const res = await run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'], {}, 120_000);
    // Only this plugin's files: the rest of the repository is the typecheck step's business.
    const ours = res.out.split('\n').filter((line) => line.includes(`${REL}/`));
    expect(ours).toEqual([]);
  }, 120_000);

  it('is formatted and passes lint (a plugin imports only @tongxin/plugin-sdk)', async () => {
    const prettier = await run(bin('prettier'), ['--check', REL]);
    expect(prettier).toEqual({ code: 0, out: expect.any(String) });
    const eslint = await run(bin('eslint'), [REL, '--max-warnings', '0'], {}, 120_000);
    expect(eslint).toEqual({ code: 0, out: '' });
  }, 120_000);

  it('passes its own end-to-end tests and the conformance suite', async () => {
    const res = await run(
      bin('jest'),
      ['--ci', REL],
      { TEST_DATABASE_NAME: CHILD_DATABASE, NODE_OPTIONS: '--experimental-vm-modules' },
      120_000,
    );
    expect({ code: res.code, out: res.code === 0 ? '' : res.out }).toEqual({ code: 0, out: '' });
    expect(res.out).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    expect(res.out).toContain('conformance');
  }, 120_000);
});
