import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { SDK_VERSION } from '@tongxin/plugin-sdk';
import { REPO_ROOT } from './support/test-app';

const exec = promisify(execFile);

/**
 * The vendor contract is frozen in libs/plugin-sdk/api.md: the bundled declarations of
 * `@tongxin/plugin-sdk`. Changing them without bumping the SDK's version fails here, so a core
 * refactor cannot change what vendors compile against silently. Regenerate with `npm run sdk:api`.
 */
describe('the SDK public API snapshot', () => {
  it('records the version the package and SDK_VERSION both carry', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'libs/plugin-sdk/package.json'), 'utf8'));
    const snapshot = readFileSync(path.join(REPO_ROOT, 'libs/plugin-sdk/api.md'), 'utf8');
    expect({ pkg: pkg.version, private: pkg.private }).toEqual({ pkg: SDK_VERSION, private: undefined });
    expect(snapshot).toContain(`SDK version: ${SDK_VERSION}\n`);
  });

  it('matches the declarations the SDK exports today', async () => {
    const res = await exec(process.execPath, ['scripts/sdk-package.mjs', 'api', '--check'], {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_OPTIONS: '' },
    }).catch((error: { stderr?: string; message: string }) => ({ stdout: '', stderr: error.stderr ?? error.message }));
    expect(res.stderr).toBe('');
    expect(res.stdout).toContain(`libs/plugin-sdk/api.md is current (SDK ${SDK_VERSION})`);
  }, 300_000);
});
