import { execSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ADMIN_URL, OWNER_URL } from './support/test-database-urls';

/**
 * Deployment settings the built server and CLI refuse before they touch anything: a guessable
 * JWT_SECRET, a known demo password on a real database, role passwords nobody chose.
 */
const MAIN = 'dist/apps/api/src/main.js';
const DB_CLI = 'dist/apps/api/src/cli/db.js';
const GOOD_SECRET = 'Vq3x5Lr0-5eZk2N9tWc7HbYp1JmD4sAf8GhQe6UoKiRn0PwT';

function run(script: string, env: Record<string, string>, args: string[] = []) {
  const { DATABASE_URL: _a, DATABASE_APP_URL: _b, DEMO: _c, DEMO_PASSWORD: _d, JWT_SECRET: _e, ...base } = process.env;
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...base, NODE_OPTIONS: '', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('the server and db:setup refuse weak secrets', () => {
  beforeAll(() => {
    if (!existsSync(MAIN)) execSync('npm run -s build', { stdio: 'inherit' });
  }, 120_000);

  it('refuses to start with a JWT_SECRET of 32 × a, saying how to make one', async () => {
    const { code, output } = await run(MAIN, { DATABASE_URL: OWNER_URL, JWT_SECRET: 'a'.repeat(32) });
    expect(code).not.toBe(0);
    expect(output).toContain('JWT_SECRET is too weak: it carries about 0 bits of entropy');
    expect(output).toContain('openssl rand -base64 48');
  });

  it('refuses DEMO=true on a real database without a strong DEMO_PASSWORD, seeding nothing', async () => {
    for (const [password, reason] of [
      [undefined, 'DEMO_PASSWORD is not set'],
      ['demo1234', 'DEMO_PASSWORD needs 12+ characters with letters and digits'],
    ] as const) {
      const { code, output } = await run(MAIN, {
        DATABASE_URL: OWNER_URL,
        JWT_SECRET: GOOD_SECRET,
        DEMO: 'true',
        PORT: '0',
        ...(password ? { DEMO_PASSWORD: password } : {}),
      });
      expect(code).not.toBe(0);
      expect(output).toContain(`DEMO=true on a real database (DATABASE_URL): ${reason}`);
      expect(output).not.toContain('Tongxin API on');
    }
  });

  it('db:setup no longer sets role passwords to the role names', async () => {
    const { code, output } = await run(
      DB_CLI,
      { DATABASE_ADMIN_URL: ADMIN_URL, DATABASE_NAME: 'tongxin_setup_refused' },
      ['setup'],
    );
    expect(code).not.toBe(0);
    expect(output).toContain('Role tongxin_owner exists: set DATABASE_OWNER_PASSWORD');
    expect(output).not.toContain('tongxin_owner:tongxin_owner@');
  });
});
