import path from 'node:path';
import { getMetadataArgsStorage } from 'typeorm';
import { CORE_ENTITIES } from '@tongxin/core-schema';
import type { PluginManifest } from '@tongxin/plugin-sdk';
import { PluginCatalog } from './catalog';
import { configuredPlugins, discoverPlugins, givenPlugin, type DiscoveredPlugin } from './discovery';

/** Tables the core owns: no plugin may map an entity to one of them. */
export function coreTables(): string[] {
  const core = new Set<Function>(CORE_ENTITIES);
  return getMetadataArgsStorage()
    .tables.filter((t) => core.has(t.target as Function))
    .map((t) => t.name ?? '');
}

export interface LoadCatalogOptions {
  env: NodeJS.ProcessEnv;
  /** The repository root: `plugins/` and relative `TONGXIN_PLUGINS` paths resolve from it. */
  root: string;
  /** Load TypeScript sources (the test runner) instead of compiled entries. */
  preferSource?: boolean;
  /** Skip discovery and use exactly these (tests, embedding). */
  plugins?: (PluginManifest | DiscoveredPlugin)[];
}

/** Discovers, loads and validates plugins: the catalogue the server and the worker boot with. */
export async function loadPluginCatalog(options: LoadCatalogOptions): Promise<PluginCatalog> {
  const discovered = options.plugins
    ? options.plugins.map((p) => ('source' in p && 'spec' in p ? p : givenPlugin(p)))
    : await discoverPlugins({
        firstPartyDir: path.join(options.root, 'plugins'),
        configured: configuredPlugins(options.env),
        cwd: options.root,
        preferSource: options.preferSource ?? false,
      });
  return new PluginCatalog(discovered, coreTables());
}
