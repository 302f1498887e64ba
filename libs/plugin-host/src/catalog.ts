import { PATH_METADATA } from '@nestjs/common/constants.js';
import { validateSync } from 'class-validator';
import semver from 'semver';
import { getMetadataArgsStorage } from 'typeorm';
import { AUTHENTICATED_KEY, OPERATOR_KEY, PERMISSION_KEY, PUBLIC_KEY } from '@tongxin/context';
import { ERROR_MESSAGES, ERROR_RENDERER_KEY } from '@tongxin/http';
import {
  declaredPluginErrors,
  errorCodePrefix,
  PLUGIN_ERROR_STATUSES,
  PLUGIN_ID_RE as ID_RE,
  RESERVED_PLUGIN_IDS as RESERVED_IDS,
  SDK_VERSION,
  type Names,
  type PluginManifest,
} from '@tongxin/plugin-sdk';
import type { DiscoveredPlugin, PluginSource } from './discovery';

/** One thing wrong with a plugin, naming the field, so a vendor can fix it without reading the host. */
export interface PluginProblem {
  field: string;
  message: string;
}

export interface CatalogEntry {
  id: string;
  source: PluginSource;
  spec: string;
  /** `installed` plugins can be enabled per tenant; `quarantined` ones are shown but never run. */
  state: 'installed' | 'quarantined';
  problems: PluginProblem[];
  /** Present for installed plugins (and for quarantined ones whose manifest could be read). */
  manifest: PluginManifest | null;
}

const LOCAL_KEY_RE = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/;
const NAME_RE = /^[a-z][a-z0-9-]*$/;
/** Sub-paths of `/api/v1/plugins/{id}/` the core uses itself (kept free under the public prefix too). */
const RESERVED_PATHS = new Set(['enable', 'disable', 'settings']);
const SYSTEM_ROLE_KEYS = new Set([
  'district_admin',
  'district_staff',
  'street_staff',
  'community_staff',
  'grid_branch_staff',
  'group_staff',
  'grid_worker',
  'party_member',
]);

/** `volunteer-points` → `volunteer_points`: the prefix of the plugin's tables. */
export const tablePrefix = (id: string) => id.replace(/-/g, '_');

/**
 * Every plugin found, validated: manifest fields, SDK compatibility, dependencies and their
 * ranges, and clashes (ids, route prefixes, permissions, tables) with the core and each other.
 * A plugin with any problem, or depending on one, is quarantined; the rest are installed, in
 * dependency order.
 */
export class PluginCatalog {
  readonly entries: CatalogEntry[];

  constructor(
    discovered: DiscoveredPlugin[],
    coreTables: string[],
    readonly sdkVersion = SDK_VERSION,
  ) {
    this.entries = buildEntries(discovered, new Set(coreTables), sdkVersion);
  }

  /** Installed plugins, each after everything it depends on. */
  installed(): PluginManifest[] {
    return this.entries.filter((e) => e.state === 'installed').map((e) => e.manifest!);
  }

  get(id: string): CatalogEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  manifest(id: string): PluginManifest | undefined {
    const entry = this.get(id);
    return entry?.state === 'installed' ? entry.manifest! : undefined;
  }

  /** Installed plugins that declare `id` in `dependsOn`. */
  dependents(id: string): PluginManifest[] {
    return this.installed().filter((m) => m.dependsOn && id in m.dependsOn);
  }
}

function buildEntries(discovered: DiscoveredPlugin[], coreTables: Set<string>, sdkVersion: string): CatalogEntry[] {
  const entries: CatalogEntry[] = discovered.map((d) => {
    const manifest = isObject(d.manifest) ? (d.manifest as unknown as PluginManifest) : null;
    const id = manifest && typeof manifest.id === 'string' ? manifest.id : d.spec;
    const problems: PluginProblem[] = d.loadError
      ? [{ field: 'entry', message: d.loadError }]
      : manifest
        ? validateSafely(manifest, sdkVersion)
        : [{ field: 'entry', message: 'the entry module exports no plugin (default export of definePlugin(...))' }];
    return { id, source: d.source, spec: d.spec, state: 'installed', problems, manifest };
  });

  // Clashes between plugins and with the core: every party to a clash is quarantined.
  const claims = new Map<string, CatalogEntry[]>();
  const claim = (key: string, entry: CatalogEntry) => claims.set(key, [...(claims.get(key) ?? []), entry]);
  for (const entry of entries) {
    const m = entry.manifest;
    if (!m || entry.problems.length) continue;
    claim(`id:${m.id}`, entry);
    for (const { code } of declaredPluginErrors(m.errors)) claim(`error:${code}`, entry);
    for (const table of tablesOf(m)) {
      if (coreTables.has(table)) entry.problems.push({ field: 'entities', message: `table "${table}" is the core's` });
      claim(`table:${table}`, entry);
    }
  }
  for (const [key, holders] of claims) {
    if (holders.length < 2) continue;
    const [kind, name] = key.split(/:(.*)/s) as [string, string];
    const what =
      kind === 'id'
        ? `id (and route prefix /api/v1/plugins/${name}/, permission prefix)`
        : kind === 'error'
          ? 'error code'
          : 'table';
    for (const h of holders) {
      const others = holders.filter((o) => o !== h).map((o) => o.spec);
      h.problems.push({
        field: kind === 'id' ? 'id' : kind === 'error' ? 'errors' : 'entities',
        message: `${what} "${name}" clashes with ${others.join(', ')}`,
      });
    }
  }

  checkSubscriptions(entries);

  // Dependencies: present, installed, in range, no cycles. Repeat until stable: quarantine spreads.
  for (let changed = true; changed;) {
    changed = false;
    for (const entry of entries) {
      if (entry.problems.length || !entry.manifest) continue;
      for (const [dep, range] of Object.entries(entry.manifest.dependsOn ?? {})) {
        const target = entries.find((e) => e.id === dep && e.manifest);
        const problem = !target
          ? `depends on "${dep}", which is not installed`
          : target.problems.length
            ? `depends on "${dep}", which is quarantined`
            : !semver.satisfies(target.manifest!.version, range)
              ? `depends on "${dep}" ${range}, but ${target.manifest!.version} is installed`
              : null;
        if (problem) {
          entry.problems.push({ field: `dependsOn.${dep}`, message: problem });
          changed = true;
        }
      }
    }
  }
  const ordered = topologicalOrder(entries.filter((e) => !e.problems.length));
  for (const entry of entries) if (entry.problems.length) entry.state = 'quarantined';
  const quarantined = entries.filter((e) => e.state === 'quarantined');
  return [...ordered, ...quarantined];
}

/** Dependencies first; plugins in a cycle are quarantined. */
function topologicalOrder(entries: CatalogEntry[]): CatalogEntry[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: CatalogEntry[] = [];
  const visit = (entry: CatalogEntry): boolean => {
    if (done.has(entry.id)) return true;
    if (visiting.has(entry.id)) return false;
    visiting.add(entry.id);
    for (const dep of Object.keys(entry.manifest!.dependsOn ?? {})) {
      const target = byId.get(dep);
      if (target && !visit(target)) {
        entry.problems.push({ field: `dependsOn.${dep}`, message: `dependency cycle through "${dep}"` });
        visiting.delete(entry.id);
        return false;
      }
    }
    visiting.delete(entry.id);
    done.add(entry.id);
    out.push(entry);
    return true;
  };
  for (const entry of entries) visit(entry);
  return out.filter((e) => !e.problems.length);
}

/** Every table the plugin's entities map to. */
export function tablesOf(m: PluginManifest): string[] {
  const targets = new Set(m.entities ?? []);
  return getMetadataArgsStorage()
    .tables.filter((t) => targets.has(t.target as Function))
    .map((t) => t.name ?? '');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function checkNames(problems: PluginProblem[], field: string, names: Names | undefined, required = true): void {
  if (names === undefined && !required) return;
  if (
    !isObject(names) ||
    typeof names['zh-CN'] !== 'string' ||
    typeof names.en !== 'string' ||
    !names['zh-CN'] ||
    !names.en
  )
    problems.push({ field, message: 'needs non-empty "zh-CN" and "en" texts' });
}

function checkUnique(problems: PluginProblem[], field: string, keys: string[]): void {
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k)) problems.push({ field, message: `"${k}" is declared twice` });
    seen.add(k);
  }
}

/** Lists a manifest must hold as arrays: validation walks them, and so does the host. */
const LIST_FIELDS = [
  'entities',
  'migrations',
  'permissions',
  'roles',
  'controllers',
  'publicControllers',
  'providers',
  'jobs',
  'timers',
  'indicators',
] as const;

/**
 * validateManifest, never throwing: a manifest of the wrong shape (an untyped JavaScript plugin's
 * `permissions: {}`, a `null` entry) quarantines that plugin instead of failing the server's boot.
 */
function validateSafely(m: PluginManifest, sdkVersion: string): PluginProblem[] {
  const shape = LIST_FIELDS.filter((f) => m[f] !== undefined && !Array.isArray(m[f])).map((field) => ({
    field,
    message: 'must be an array',
  }));
  if (shape.length) return shape;
  try {
    return validateManifest(m, sdkVersion);
  } catch (error) {
    return [
      { field: 'manifest', message: `cannot be validated: ${error instanceof Error ? error.message : String(error)}` },
    ];
  }
}

/** Field-by-field checks of one manifest. */
export function validateManifest(m: PluginManifest, sdkVersion: string): PluginProblem[] {
  const problems: PluginProblem[] = [];
  const p = (field: string, message: string) => problems.push({ field, message });

  if (typeof m.id !== 'string' || !ID_RE.test(m.id))
    p('id', 'must be 3–40 lowercase letters, digits or hyphens, starting with a letter');
  else if (RESERVED_IDS.has(m.id)) p('id', `"${m.id}" is reserved by the core`);
  if (typeof m.version !== 'string' || !semver.valid(m.version))
    p('version', `"${String(m.version)}" is not a semver version`);
  checkNames(problems, 'names', m.names);
  checkNames(problems, 'description', m.description, false);
  if (typeof m.sdk !== 'string' || !semver.validRange(m.sdk)) p('sdk', `"${String(m.sdk)}" is not a semver range`);
  else if (!semver.satisfies(sdkVersion, m.sdk)) p('sdk', `needs SDK ${m.sdk}; this core implements ${sdkVersion}`);
  for (const [dep, range] of Object.entries(m.dependsOn ?? {})) {
    if (!semver.validRange(range)) p(`dependsOn.${dep}`, `"${range}" is not a semver range`);
    if (dep === m.id) p(`dependsOn.${dep}`, 'a plugin cannot depend on itself');
  }

  const permissionKeys = (m.permissions ?? []).map((x) => x.key);
  (m.permissions ?? []).forEach((perm, i) => {
    if (!LOCAL_KEY_RE.test(perm.key ?? ''))
      p(`permissions[${i}].key`, `"${perm.key}" must be "subject.action", lowercase`);
    checkNames(problems, `permissions[${i}].names`, perm.names);
    for (const role of perm.defaultGrants ?? [])
      if (!SYSTEM_ROLE_KEYS.has(role)) p(`permissions[${i}].defaultGrants`, `"${role}" is not a system role`);
  });
  checkUnique(problems, 'permissions', permissionKeys);
  (m.roles ?? []).forEach((role, i) => {
    if (!NAME_RE.test(role.key ?? '')) p(`roles[${i}].key`, `"${role.key}" must be lowercase letters, digits, hyphens`);
    checkNames(problems, `roles[${i}].names`, role.names);
    for (const perm of role.permissions ?? [])
      if (!permissionKeys.includes(perm))
        p(`roles[${i}].permissions`, `"${perm}" is not one of the plugin's permissions`);
  });
  checkUnique(
    problems,
    'roles',
    (m.roles ?? []).map((r) => r.key),
  );

  if (ID_RE.test(m.id ?? '')) {
    for (const table of tablesOf(m))
      if (!table.startsWith(`${tablePrefix(m.id)}_`))
        p('entities', `table "${table}" must start with "${tablePrefix(m.id)}_"`);
  }
  const migrationNames = (m.migrations ?? []).map((c) => c.name);
  checkUnique(problems, 'migrations', migrationNames);

  checkControllers(m, 'controllers', p);
  checkControllers(m, 'publicControllers', p);
  for (const [i, controller] of (m.publicControllers ?? []).entries())
    if (m.controllers?.includes(controller))
      p(`publicControllers[${i}]`, 'is also in controllers: a controller is either public or not');

  if (m.settings) {
    try {
      const defaults = new m.settings();
      const errors = validateSync(defaults, { forbidUnknownValues: false });
      if (errors.length)
        p(
          'settings',
          `defaults are invalid: ${errors.map((e) => `${e.property} (${Object.keys(e.constraints ?? {}).join(', ')})`).join('; ')}`,
        );
    } catch (error) {
      p('settings', `the settings class cannot be constructed: ${String(error)}`);
    }
  }

  for (const [i, ev] of (m.events?.publishes ?? []).entries()) {
    if (!NAME_RE.test(ev.name ?? ''))
      p(`events.publishes[${i}].name`, `"${ev.name}" must be lowercase letters, digits, hyphens`);
    if (!Number.isInteger(ev.version) || ev.version < 1)
      p(`events.publishes[${i}].version`, 'must be a positive integer');
    const owner = (ev as { pluginId?: unknown }).pluginId;
    if (owner !== undefined && owner !== m.id)
      p(
        `events.publishes[${i}]`,
        `is "${typeof owner === 'string' ? owner : 'another plugin'}"'s event (defineEvent names the publisher first)`,
      );
  }
  for (const [i, sub] of (m.events?.subscribes ?? []).entries()) {
    if (!/^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/.test(sub.event ?? ''))
      p(`events.subscribes[${i}].event`, `"${sub.event}" must be "<plugin>.<event>"`);
    if (typeof sub.handle !== 'function') p(`events.subscribes[${i}].handle`, 'must be a function');
    if (sub.payload !== undefined && typeof sub.payload !== 'function')
      p(`events.subscribes[${i}].payload`, 'must be a class-validator class');
  }
  for (const [i, job] of (m.jobs ?? []).entries()) {
    if (!NAME_RE.test(job.name ?? '')) p(`jobs[${i}].name`, `"${job.name}" must be lowercase letters, digits, hyphens`);
    if (typeof job.handle !== 'function') p(`jobs[${i}].handle`, 'must be a function');
  }
  checkUnique(
    problems,
    'jobs',
    (m.jobs ?? []).map((j) => j.name),
  );
  for (const [i, timer] of (m.timers ?? []).entries()) {
    if (!NAME_RE.test(timer.name ?? ''))
      p(`timers[${i}].name`, `"${timer.name}" must be lowercase letters, digits, hyphens`);
    if (typeof timer.fire !== 'function') p(`timers[${i}].fire`, 'must be a function');
  }
  checkUnique(
    problems,
    'timers',
    (m.timers ?? []).map((t) => t.name),
  );
  for (const [i, ind] of (m.indicators ?? []).entries()) {
    if (!NAME_RE.test(ind.key ?? ''))
      p(`indicators[${i}].key`, `"${ind.key}" must be lowercase letters, digits, hyphens`);
    checkNames(problems, `indicators[${i}].names`, ind.names);
    if (!permissionKeys.includes(ind.permission))
      p(`indicators[${i}].permission`, `"${ind.permission}" is not one of the plugin's permissions`);
    if (typeof ind.compute !== 'function') p(`indicators[${i}].compute`, 'must be a function');
    if (ind.statement !== undefined && typeof ind.statement !== 'function')
      p(`indicators[${i}].statement`, 'must be a function');
  }
  checkUnique(
    problems,
    'indicators',
    (m.indicators ?? []).map((x) => x.key),
  );
  checkReferrals(m, permissionKeys, problems);
  checkErrors(m, problems);
  checkNotifications(m, problems);
  return problems;
}

/**
 * `errors`: UPPER_SNAKE codes under the plugin's prefix (`VOLUNTEER_POINTS_…`), none of the core's,
 * names in both languages and, for `definePluginErrors`, a client-error status.
 */
function checkErrors(m: PluginManifest, problems: PluginProblem[]): void {
  const p = (field: string, message: string) => void problems.push({ field, message });
  if (m.errors === undefined) return;
  if (!isObject(m.errors)) return p('errors', 'must be an object: definePluginErrors(...) or code → names');
  const prefix = typeof m.id === 'string' ? errorCodePrefix(m.id) : null;
  for (const { code, key, status, names } of declaredPluginErrors(m.errors)) {
    const field = `errors.${key}`;
    if (typeof code !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(code)) p(field, 'codes are UPPER_SNAKE_CASE');
    else if (code in ERROR_MESSAGES) p(field, `"${code}" is the core's error code`);
    else if (prefix && !code.startsWith(prefix))
      p(field, `"${code}" must start with "${prefix}": the plugin id in capitals, hyphens as underscores`);
    if (status !== null && !PLUGIN_ERROR_STATUSES.includes(status))
      p(field, `status ${String(status)} is not one of ${PLUGIN_ERROR_STATUSES.join(', ')}`);
    checkNames(problems, field, names);
  }
}

/** The `{placeholders}` of a template, sorted: both languages of a text must use the same. */
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!))].sort();

/** `notifications`: each kind lowercase-hyphenated, its title (and body, if any) in both languages with the same placeholders. */
function checkNotifications(m: PluginManifest, problems: PluginProblem[]): void {
  const p = (field: string, message: string) => void problems.push({ field, message });
  if (m.notifications === undefined) return;
  if (!isObject(m.notifications)) return p('notifications', 'must be an object of kind → { title, body? }');
  for (const [kind, template] of Object.entries(m.notifications)) {
    const field = `notifications.${kind}`;
    if (!NAME_RE.test(kind)) p(field, 'kinds are lowercase letters, digits, hyphens');
    if (!isObject(template)) {
      p(field, 'must be { title, body? }');
      continue;
    }
    for (const part of ['title', 'body'] as const) {
      const names = template[part];
      if (part === 'body' && names === undefined) continue;
      const before = problems.length;
      checkNames(problems, `${field}.${part}`, names);
      if (problems.length === before && placeholders(names!['zh-CN']).join() !== placeholders(names!.en).join())
        p(`${field}.${part}`, '"zh-CN" and "en" must use the same {placeholders}');
    }
  }
}

/** Events the core publishes itself, `core.<name>` by version; none yet. */
const CORE_EVENTS = new Set<string>();

/**
 * Every subscription names an event that an installed plugin declares (or the core publishes),
 * at that version: a typo or a dropped version would otherwise never be delivered, silently. A
 * subscription marked `optional` may name a plugin that is not installed at all.
 */
function checkSubscriptions(entries: CatalogEntry[]): void {
  const valid = entries.filter((e) => e.manifest && !e.problems.length);
  const declared = new Set(CORE_EVENTS);
  for (const e of valid)
    for (const ev of e.manifest!.events?.publishes ?? []) declared.add(`${e.manifest!.id}.${ev.name}@${ev.version}`);
  const installedIds = new Set(valid.map((e) => e.manifest!.id));
  for (const entry of valid) {
    for (const [i, sub] of (entry.manifest!.events?.subscribes ?? []).entries()) {
      if (declared.has(`${sub.event}@${sub.version}`)) continue;
      const publisher = sub.event.split('.')[0]!;
      if (sub.optional && publisher !== 'core' && !installedIds.has(publisher)) continue;
      entry.problems.push({
        field: `events.subscribes[${i}]`,
        message: installedIds.has(publisher)
          ? `subscribes to "${sub.event}" v${sub.version}, which "${publisher}" does not declare`
          : `subscribes to "${sub.event}" v${sub.version}, which no installed plugin declares (nor the core)`,
      });
    }
  }
}

/** `referrals`: each kind received has names, a target, one of the plugin's permissions, outcomes and `accept`. */
function checkReferrals(m: PluginManifest, permissionKeys: string[], problems: PluginProblem[]): void {
  const p = (field: string, message: string) => void problems.push({ field, message });
  const referrals = m.referrals;
  if (referrals === undefined) return;
  if (!isObject(referrals)) return p('referrals', 'must be an object');
  if (referrals.accepts !== undefined && !Array.isArray(referrals.accepts))
    return p('referrals.accepts', 'must be an array');
  if (referrals.onUpdate !== undefined && typeof referrals.onUpdate !== 'function')
    p('referrals.onUpdate', 'must be a function');
  for (const [i, kind] of (referrals.accepts ?? []).entries()) {
    const field = `referrals.accepts[${i}]`;
    if (!NAME_RE.test(kind.key ?? '')) p(`${field}.key`, `"${kind.key}" must be lowercase letters, digits, hyphens`);
    checkNames(problems, `${field}.names`, kind.names);
    if (kind.target !== 'unit' && kind.target !== 'partner') p(`${field}.target`, 'must be "unit" or "partner"');
    if (!permissionKeys.includes(kind.permission))
      p(`${field}.permission`, `"${kind.permission}" is not one of the plugin's permissions`);
    if (kind.payload !== undefined && typeof kind.payload !== 'function')
      p(`${field}.payload`, 'must be a class-validator class');
    if (!isObject(kind.outcomes) || !Object.keys(kind.outcomes).length)
      p(`${field}.outcomes`, 'must name at least one outcome');
    else
      for (const [key, names] of Object.entries(kind.outcomes)) {
        if (!NAME_RE.test(key)) p(`${field}.outcomes.${key}`, 'keys are lowercase letters, digits, hyphens');
        checkNames(problems, `${field}.outcomes.${key}`, names as Names);
      }
    if (typeof kind.accept !== 'function') p(`${field}.accept`, 'must be a function');
    if (kind.received !== undefined && typeof kind.received !== 'function')
      p(`${field}.received`, 'must be a function');
  }
  checkUnique(
    problems,
    'referrals.accepts',
    (referrals.accepts ?? []).map((k) => k.key),
  );
}

/**
 * Paths and access declarations of `controllers` (under `/api/v1/plugins/{id}/`, each route with
 * `@RequirePermission`) or `publicControllers` (under `/api/v1/public/:tenant/plugins/{id}/`, none).
 */
function checkControllers(
  m: PluginManifest,
  field: 'controllers' | 'publicControllers',
  p: (field: string, message: string) => void,
): void {
  const open = field === 'publicControllers';
  const mount = open ? `/api/v1/public/:tenant/plugins/${m.id}/` : `/api/v1/plugins/${m.id}/`;
  for (const [i, controller] of (m[field] ?? []).entries()) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '').replace(/^\/+/, '');
    const first = base.split('/')[0] ?? '';
    if (RESERVED_PATHS.has(first)) p(`${field}[${i}]`, `path "/${base}" is reserved under ${mount}`);
    if (base.startsWith('api/')) p(`${field}[${i}]`, `path "/${base}" must be relative: it is mounted under ${mount}`);
    const renderer: unknown = Reflect.getMetadata(ERROR_RENDERER_KEY, controller);
    if (renderer !== undefined && (!open || typeof renderer !== 'function'))
      p(`${field}[${i}]`, 'RenderErrors takes a function, and applies to publicControllers only');
    const prototype = (controller as { prototype?: object }).prototype ?? {};
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = (prototype as Record<string, unknown>)[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const route = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (route === undefined) continue;
      // A handler path can reach the core's sub-paths too: `@Controller()` + `@Post('enable')`.
      const full = `${base}/${[route].flat()[0] ?? ''}`.replace(/\/+/g, '/').replace(/^\//, '');
      if (!RESERVED_PATHS.has(first) && RESERVED_PATHS.has(full.split('/')[0] ?? ''))
        p(`${field}[${i}].${name}`, `path "/${full}" is reserved under ${mount}`);
      const declares = (...keys: (string | symbol)[]) =>
        keys.some((key) => Reflect.getMetadata(key, handler) || Reflect.getMetadata(key, controller));
      // Core public and operator routes skip the tenant, so the plugin's enablement could never be checked.
      if (declares(PUBLIC_KEY, OPERATOR_KEY))
        p(
          `${field}[${i}].${name}`,
          open
            ? 'public plugin routes are open through publicControllers, never @Public or @PlatformOperatorOnly'
            : 'plugin routes declare @RequirePermission, never @Public or @PlatformOperatorOnly',
        );
      else if (open && declares(PERMISSION_KEY, AUTHENTICATED_KEY))
        p(
          `${field}[${i}].${name}`,
          'public plugin routes have no signed-in caller: @RequirePermission or @Authenticated could never be met',
        );
      if (open && /(^|\/):tenant(\/|$)/.test(full))
        p(`${field}[${i}].${name}`, `path "/${full}" reuses :tenant, the host's parameter in ${mount}`);
    }
  }
}
