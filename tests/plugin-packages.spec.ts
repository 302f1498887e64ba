import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './support/test-app';

const exec = promisify(execFile);

/**
 * A third-party plugin as it ships on npm (compiled JavaScript importing the bare
 * `@tongxin/plugin-sdk`) loads through TONGXIN_PLUGINS in the built server, outside Jest's module
 * mapper, and shares the host's SDK module: one copy of its classes, so dependency injection works.
 */
describe('plugins installed as packages', () => {
  const script = `
    const host = await import('./dist/libs/plugin-host/src/index.js');
    const sdk = await import('./dist/libs/plugin-sdk/src/index.js');
    const catalog = await host.loadPluginCatalog({ env: { TONGXIN_PLUGINS: process.env.SPEC }, root: process.cwd() });
    const entry = catalog.entries.find((e) => e.source === 'third-party');
    const mod = await import(process.env.ENTRY);
    console.log(JSON.stringify({ id: entry?.id, state: entry?.state, problems: entry?.problems, sameSdk: mod.sdkTongxin === sdk.Tongxin }));
  `;

  const load = async (spec: string) => {
    const entry = path.join(REPO_ROOT, 'tests/fixtures/packages/tongxin-plugin-hello/index.js');
    const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_OPTIONS: '', SPEC: spec, ENTRY: entry, LOG_LEVEL: 'silent' },
    });
    return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
  };

  // What `npm install tongxin-plugin-hello` would leave: the package in node_modules.
  const installed = path.join(REPO_ROOT, 'node_modules', 'tongxin-plugin-hello');

  beforeAll(async () => {
    if (!existsSync(path.join(REPO_ROOT, 'dist/libs/plugin-host/src/index.js')))
      await exec('npm', ['run', 'build'], { cwd: REPO_ROOT });
    await rm(installed, { force: true, recursive: true });
    await symlink(path.join(REPO_ROOT, 'tests/fixtures/packages/tongxin-plugin-hello'), installed, 'dir');
  }, 120_000);

  afterAll(() => rm(installed, { force: true, recursive: true }));

  it('loads a plugin named by its npm package name', async () => {
    expect(await load('tongxin-plugin-hello')).toEqual({
      id: 'hello',
      state: 'installed',
      problems: [],
      sameSdk: true,
    });
  });

  it('loads a compiled plugin named by path, resolving the SDK the host runs', async () => {
    expect(await load('./tests/fixtures/packages/tongxin-plugin-hello')).toEqual({
      id: 'hello',
      state: 'installed',
      problems: [],
      sameSdk: true,
    });
  });

  it('quarantines, rather than failing the boot, a package name that is not installed', async () => {
    const result = await load('tongxin-plugin-not-installed');
    expect(result).toMatchObject({ id: 'tongxin-plugin-not-installed', state: 'quarantined' });
    expect(JSON.stringify(result.problems)).toContain('cannot resolve');
  });
});
