// No imports: the scaffold (scripts/plugin-new.mjs) loads this module's build on its own.

/** A plugin id: 3–40 lowercase letters, digits or hyphens, starting with a letter (its route, permission and table prefix). */
export const PLUGIN_ID_RE = /^[a-z][a-z0-9-]{1,38}[a-z0-9]$/;

/** Ids the core's own routes, permissions or tables use: no plugin may take them. */
export const RESERVED_PLUGIN_IDS: ReadonlySet<string> = new Set([
  'core',
  'plugin',
  'plugins',
  'platform',
  'api',
  'bullmq',
]);
