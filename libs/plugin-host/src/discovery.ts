import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as hostSdk from '@tongxin/plugin-sdk';
import type { PluginManifest } from '@tongxin/plugin-sdk';

/** Where a plugin came from: a folder of `plugins/`, or a package or path named in `TONGXIN_PLUGINS`. */
export type PluginSource = 'first-party' | 'third-party';

/** A plugin as found on disk, before validation. `manifest` is what its entry exported, unchecked. */
export interface DiscoveredPlugin {
  source: PluginSource;
  /** What configuration named, or the folder under `plugins/`. */
  spec: string;
  dir: string | null;
  manifest: unknown;
  /** Set when the plugin could not be loaded at all (no package.json, entry throws, …). */
  loadError?: string;
}

export interface DiscoveryOptions {
  /** The first-party plugins folder (`plugins/` at the repository root). */
  firstPartyDir: string;
  /** Third-party plugins: npm package names or paths, from `TONGXIN_PLUGINS` (comma-separated). */
  configured: string[];
  /** Where relative paths and package names resolve from (the repository root). */
  cwd: string;
  /**
   * Load TypeScript sources (`tongxin.source` in package.json) instead of the compiled entry
   * (`main`): the test runner does, the server does not.
   */
  preferSource: boolean;
}

/** Reads `TONGXIN_PLUGINS` as a list of specs. */
export function configuredPlugins(env: NodeJS.ProcessEnv): string[] {
  return (env.TONGXIN_PLUGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Finds and imports every plugin. A plugin that cannot be loaded is still returned, with its
 * error, so the catalogue can show it quarantined instead of the server failing to boot.
 */
export async function discoverPlugins(options: DiscoveryOptions): Promise<DiscoveredPlugin[]> {
  registerHostSdk();
  const found: DiscoveredPlugin[] = [];
  if (existsSync(options.firstPartyDir)) {
    const entries = await readdir(options.firstPartyDir, { withFileTypes: true });
    for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
      const dir = path.join(options.firstPartyDir, entry.name);
      if (!existsSync(path.join(dir, 'package.json'))) continue;
      found.push(await loadFromDir('first-party', entry.name, dir, options.preferSource));
    }
  }
  for (const spec of options.configured) {
    const dir = resolveSpec(spec, options.cwd);
    found.push(
      dir
        ? await loadFromDir('third-party', spec, dir, options.preferSource)
        : { source: 'third-party', spec, dir: null, manifest: undefined, loadError: `cannot resolve "${spec}"` },
    );
  }
  return found;
}

/**
 * Where the SDK package a vendor's plugin installed (`npm run sdk:pack`) finds the SDK to bridge
 * to: this very module, so plugin and host share one copy of every class. A plugin installed
 * beside the core resolves the workspace link to it anyway; one with its own node_modules needs this.
 */
const HOST_SDK_REGISTRY = Symbol.for('@tongxin/plugin-sdk');

function registerHostSdk(): void {
  const registry = globalThis as unknown as Record<symbol, Record<string, unknown> | undefined>;
  registry[HOST_SDK_REGISTRY] = { ...registry[HOST_SDK_REGISTRY], sdk: hostSdk };
}

/** A path (absolute, or starting with `.`) or an npm package name installed beside the core. */
function resolveSpec(spec: string, cwd: string): string | null {
  if (spec.startsWith('.') || path.isAbsolute(spec)) {
    const dir = path.resolve(cwd, spec);
    return existsSync(path.join(dir, 'package.json')) ? dir : null;
  }
  try {
    const require = createRequire(path.join(cwd, 'package.json'));
    return path.dirname(require.resolve(`${spec}/package.json`));
  } catch {
    return null;
  }
}

interface PluginPackageJson {
  main?: string;
  tongxin?: { source?: string };
}

async function loadFromDir(
  source: PluginSource,
  spec: string,
  dir: string,
  preferSource: boolean,
): Promise<DiscoveredPlugin> {
  try {
    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as PluginPackageJson;
    const entry = preferSource && pkg.tongxin?.source ? pkg.tongxin.source : pkg.main;
    if (!entry) throw new Error('package.json names no entry ("main")');
    const file = path.resolve(dir, entry);
    if (!(await stat(file).catch(() => null))?.isFile()) throw new Error(`entry ${entry} does not exist (built?)`);
    const mod = (await import(pathToFileURL(file).href)) as { default?: unknown; plugin?: unknown };
    return { source, spec, dir, manifest: mod.default ?? mod.plugin };
  } catch (error) {
    return {
      source,
      spec,
      dir,
      manifest: undefined,
      loadError: error instanceof Error ? error.message : String(error),
    };
  }
}

/** A plugin handed over directly (tests, embedding) rather than found on disk. */
export function givenPlugin(manifest: PluginManifest, source: PluginSource = 'first-party'): DiscoveredPlugin {
  return { source, spec: manifest.id, dir: null, manifest };
}
