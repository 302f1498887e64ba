import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The Tongxin install the harness boots: `TONGXIN_HOME` when set (a vendor's project points it at a
 * checkout or release built with `npm ci && npm run build`), else the checkout this file is part of
 * (found by walking up to the package.json named `tongxin`, from the sources or from `dist/`).
 */
export function coreRoot(): string {
  if (process.env.TONGXIN_HOME) return path.resolve(process.env.TONGXIN_HOME);
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'tongxin') return dir;
    if (path.dirname(dir) === dir) throw new Error('no Tongxin install found: set TONGXIN_HOME');
  }
}

/**
 * Whether the harness runs from the TypeScript sources (the repository's own Jest, which loads
 * plugins' `tongxin.source`) or from a build (a vendor's project, which loads compiled entries).
 */
export const RUNS_FROM_SOURCE = import.meta.url.endsWith('.ts');
