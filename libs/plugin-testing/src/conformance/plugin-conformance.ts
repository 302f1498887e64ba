/**
 * The plugin conformance suite: what every plugin, ours or a vendor's, must satisfy before a
 * district can switch it on. Call it from a spec file:
 *
 *   describePluginConformance(async () => (await import('../src/index')).default);
 *
 * It boots the real application with the plugin installed (on the test database of
 * tests/support, migrating it there), and checks, each in its own test:
 *   a. the manifest is valid and the catalogue installs it;
 *   b. every route is under /api/v1/plugins/{id}/ and requires one of the plugin's own permissions,
 *      and every public route is under /api/v1/public/:tenant/plugins/{id}/ and requires none;
 *   c. a tenant that has not enabled it (or enabled then disabled it) gets 404 PLUGIN_DISABLED on
 *      every route, public ones included, and its event subscriptions, jobs and timers are skipped
 *      there; an unknown tenant code gets 404 TENANT_NOT_FOUND on every public route;
 *   d. its tables are isolated between tenants by row-level security;
 *   e. its migrations go up, down and up again on a scratch database, and its entities need nothing more;
 *   f. its default settings are valid and it enables, disables and enables again cleanly;
 *   g. its SQL names none of the core's tables (SDK lookups and the core's sdk_* views instead).
 * See docs/plugins.md ("The conformance suite").
 */
import 'reflect-metadata';
import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_PATH, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { validateSync } from 'class-validator';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import {
  AUTHENTICATED_KEY,
  OPERATOR_KEY,
  PERMISSION_ALTERNATIVES_KEY,
  PERMISSION_KEY,
  PLUGIN_PUBLIC_ROUTE_KEY,
  PLUGIN_ROUTE_KEY,
  PUBLIC_KEY,
} from '@tongxin/context';
import { CORE_ENTITIES } from '@tongxin/core-schema';
import { dataSourceOptions, provisionDatabase, TenantTransaction, withDatabase } from '@tongxin/database';
import { TaskExecutor, TaskRunner, type TaskData } from '@tongxin/jobs';
import {
  pluginDataSource,
  pluginMigrationsTable,
  runPluginMigrations,
  tablePrefix,
  tablesOf,
  validateManifest,
  type PluginCatalog,
} from '@tongxin/plugin-host';
import {
  declaredPluginErrors,
  errorCodePrefix,
  pluginPermission,
  SDK_VERSION,
  type PluginManifest,
} from '@tongxin/plugin-sdk';
import { CORE_MIGRATIONS } from '../../../../migrations/index';
import { coreTableUses, pluginDirOf } from './core-table-sql';
import { bearer, provisionTenant, startTestApp, testCatalog, type TestApp, type TestTenant } from '../test-app';
import { ADMIN_URL, APP_URL, PASSWORDS, TEST_DATABASE } from '../test-database-urls';

export interface PluginConformanceOptions {
  /** The describe block's title; default `plugin conformance`. */
  label?: string;
  /**
   * The plugins this one depends on, installed and enabled before it. Default: looked up among
   * the plugins the server would discover (`plugins/*` and `TONGXIN_PLUGINS`).
   */
  dependencies?: () => Promise<PluginManifest[]> | PluginManifest[];
  /** Extra configuration for the application under test. */
  env?: Record<string, string>;
  /**
   * The plugin's folder, scanned for SQL naming core tables. Default: `plugins/<id>`,
   * `examples/<id>` or `tests/fixtures/plugins/<id>`.
   */
  sourceDir?: string;
}

/** One route of the plugin as the running application mounted it. */
interface PluginRoute {
  method: string;
  /** The full path, e.g. `/api/v1/plugins/probe/records/:id` or `/api/v1/public/:tenant/plugins/probe/ping`. */
  path: string;
  /** One of `publicControllers`: anonymous, for the tenant in the path. */
  public: boolean;
  controller: string;
  handler: string;
  permission: string | undefined;
  alternatives: string[];
  declared: string[];
  tag: string | undefined;
}

/** Core sub-paths of /api/v1/plugins/{id}/ a plugin route must not take. */
const RESERVED_SEGMENTS = new Set(['enable', 'disable', 'settings']);

const ACCESS_KEYS = { PUBLIC_KEY, OPERATOR_KEY, AUTHENTICATED_KEY, PERMISSION_KEY } as const;

/** Every route the running application serves from the plugin's controllers, with its access metadata. */
function pluginRoutes(app: TestApp['app'], manifest: PluginManifest): PluginRoute[] {
  const container = app.get(ModulesContainer);
  const own = new Set<Function>([...(manifest.controllers ?? []), ...(manifest.publicControllers ?? [])]);
  const routes: PluginRoute[] = [];
  for (const module of container.values()) {
    const modulePath = (Reflect.getMetadata(MODULE_PATH + container.applicationId, module.metatype) ??
      Reflect.getMetadata(MODULE_PATH, module.metatype) ??
      '') as string;
    for (const wrapper of module.controllers.values()) {
      const cls = wrapper.metatype as Type<unknown> | null;
      if (!cls) continue;
      const tag = Reflect.getMetadata(PLUGIN_ROUTE_KEY, cls) as string | undefined;
      if (!own.has(cls) && tag !== manifest.id) continue;
      const bases = [Reflect.getMetadata(PATH_METADATA, cls) as string | string[] | undefined].flat();
      for (const name of Object.getOwnPropertyNames(cls.prototype)) {
        const handler = (cls.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (paths === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number] ?? 'GET';
        // The guard's own lookup: handler first, then controller.
        const meta = (key: string | symbol) =>
          (Reflect.getMetadata(key, handler) as unknown) ?? (Reflect.getMetadata(key, cls) as unknown);
        const declared = Object.entries(ACCESS_KEYS)
          .filter(([, key]) => meta(key))
          .map(([k]) => k);
        for (const base of bases)
          for (const path of [paths].flat())
            routes.push({
              method,
              path: `/${modulePath}/${base ?? ''}/${path}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1'),
              public: Reflect.getMetadata(PLUGIN_PUBLIC_ROUTE_KEY, cls) === manifest.id,
              controller: cls.name,
              handler: name,
              permission: meta(PERMISSION_KEY) as string | undefined,
              alternatives: (meta(PERMISSION_ALTERNATIVES_KEY) as string[] | undefined) ?? [],
              declared,
              tag,
            });
      }
    }
  }
  return routes;
}

/**
 * A concrete URL for a route: the tenant code of a public route, every other path parameter a
 * fresh uuid (so nothing can exist there).
 */
function concrete(path: string, tenantCode: string): string {
  return path
    .replace('/:tenant/', `/${encodeURIComponent(tenantCode)}/`)
    .replace(/:(\w+)/g, () => uuidv4())
    .replace(/\*(\w+)?/g, 'x')
    .replace(/[{}]/g, '');
}

/** A superuser connection to the test database (bypasses RLS: it sees every tenant). */
async function asAdmin<T>(work: (c: pg.Client) => Promise<T>, database = TEST_DATABASE): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(ADMIN_URL, database) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The application's own role (no BYPASSRLS), in a transaction with `app.tenant_id` set or not. */
async function asApp<T>(tenantId: string | null, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: APP_URL });
  await client.connect();
  try {
    await client.query('begin');
    if (tenantId) await client.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
    return await work(client);
  } finally {
    await client.query('rollback').catch(() => undefined);
    await client.end();
  }
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A scratch database name for this plugin, unique per test database (so parallel runs never share one). */
const scratchName = (pluginId: string) => `${TEST_DATABASE}_pc_${tablePrefix(pluginId)}`.slice(0, 63);

/**
 * Schema changes TypeORM still wants for the plugin's tables (`prefix_…`, but not those of a
 * dependency whose prefix extends it, listed in `notOurs`).
 */
async function pendingForPlugin(ds: DataSource, prefix: string, notOurs: string[] = []): Promise<string[]> {
  const log = await ds.driver.createSchemaBuilder().log();
  const mentions = (p: string) => new RegExp(`(^|[^a-z0-9_])${p}`, 'i');
  return log.upQueries
    .map((q) => q.query)
    .filter((sql) => mentions(`${prefix}_`).test(sql))
    .filter((sql) => !notOurs.some((p) => mentions(p).test(sql)));
}

/**
 * Defines the conformance tests for one plugin. `load` gives the plugin's manifest (import its
 * entry, or pick it from a catalogue built with `testCatalog`).
 */
export function describePluginConformance(
  load: () => Promise<PluginManifest> | PluginManifest,
  options: PluginConformanceOptions = {},
): void {
  describe(options.label ?? 'plugin conformance', () => {
    let manifest: PluginManifest;
    let deps: PluginManifest[];
    let catalog: PluginCatalog;
    let t: TestApp;
    let id: string;
    let prefix: string;

    /** Enables the plugin (its dependencies first) for a tenant through the API. */
    async function enable(tenant: TestTenant, withDependencies = true): Promise<void> {
      const ids = [...(withDependencies ? deps.map((d) => d.id) : []), id];
      for (const pluginId of ids) {
        const res = await t.http.post(`/api/v1/plugins/${pluginId}/enable`).set(bearer(tenant.adminToken));
        if (res.status === 409 && res.body.code === 'PLUGIN_ALREADY_ENABLED' && pluginId !== id) continue;
        if (res.status !== 200 || res.body.state !== 'enabled')
          throw new Error(`enabling ${pluginId}: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }

    async function disable(tenant: TestTenant): Promise<void> {
      const res = await t.http.post(`/api/v1/plugins/${id}/disable`).set(bearer(tenant.adminToken));
      if (res.status !== 200 || res.body.state !== 'disabled')
        throw new Error(`disabling ${id}: ${res.status} ${JSON.stringify(res.body)}`);
    }

    /**
     * What this tenant's district admin gets from each route, and anyone from each public route
     * with the tenant's code (every other path parameter a fresh uuid).
     */
    async function answers(
      tenant: Pick<TestTenant, 'code' | 'adminToken'>,
      methods?: string[],
      onlyPublic = false,
    ): Promise<{ route: string; answer: string }[]> {
      const out: { route: string; answer: string }[] = [];
      for (const route of pluginRoutes(t.app, manifest)) {
        if (methods && !methods.includes(route.method)) continue;
        if (onlyPublic && !route.public) continue;
        const url = concrete(route.path, tenant.code);
        const verb = (route.method === 'ALL' ? 'get' : route.method.toLowerCase()) as 'get';
        const req = t.http[verb](url).set(route.public ? {} : bearer(tenant.adminToken));
        const res = route.method === 'GET' ? await req : await req.send({});
        // The host puts the stable code in X-Error-Code whatever the body's format (a public
        // protocol's own, e.g. GeoReport v2's `[{code, description}]`).
        const code = res.headers['x-error-code'] ?? res.body?.code;
        out.push({ route: `${route.method} ${url}`, answer: `${res.status} ${String(code)}` });
      }
      return out;
    }

    /** Routes that do not answer 404 PLUGIN_DISABLED to this tenant. */
    async function notDisabled(tenant: TestTenant): Promise<string[]> {
      return (await answers(tenant))
        .filter((a) => a.answer !== '404 PLUGIN_DISABLED')
        .map((a) => `${a.route}: ${a.answer}`);
    }

    /** Hands each of the plugin's events, jobs and timers to the executor as if the queue delivered it. */
    async function deliverEverything(tenantId: string): Promise<string[]> {
      const executor = t.app.get(TaskExecutor);
      const base = { tenantId, pluginId: id, version: 1, payload: {}, occurredAt: new Date().toISOString() };
      const tasks: TaskData[] = [
        ...(manifest.events?.subscribes ?? []).map((s): TaskData => ({
          ...base,
          kind: 'event',
          name: s.event,
          version: s.version,
          sourceId: uuidv7(),
          sourcePluginId: s.event.split('.')[0] ?? null,
        })),
        ...(manifest.jobs ?? []).map((j): TaskData => ({ ...base, kind: 'job', name: j.name, sourceId: uuidv7() })),
        ...(manifest.timers ?? []).map((tm): TaskData => ({
          ...base,
          kind: 'timer',
          name: tm.name,
          sourceId: uuidv7(),
          key: 'conf',
          generation: 1,
        })),
      ];
      const ran: string[] = [];
      for (const task of tasks) {
        const outcome = await executor.execute(task, { jobId: `conformance.${uuidv7()}`, attempt: 1 });
        if (outcome !== 'skipped') ran.push(`${task.kind} ${task.name}: ${outcome}`);
      }
      return ran;
    }

    /** Row counts per table of the plugin for one tenant, as the superuser sees them. */
    async function rowCounts(tables: string[], tenantId: string): Promise<Record<string, number>> {
      return asAdmin(async (c) => {
        const out: Record<string, number> = {};
        for (const table of tables) {
          const res = await c.query<{ n: number }>(
            `select count(*)::int as n from ${ident(table)} where tenant_id = $1`,
            [tenantId],
          );
          out[table] = res.rows[0]!.n;
        }
        return out;
      });
    }

    /** The plugin's tables in the test database: its entities' and any other table its migrations made. */
    async function pluginTables(): Promise<string[]> {
      const others = new Set(
        catalog
          .installed()
          .filter((m) => m.id !== id)
          .flatMap((m) => tablesOf(m)),
      );
      const found = await asAdmin(async (c) => {
        const res = await c.query<{ relname: string }>(
          `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname like $1`,
          [`${prefix.replace(/_/g, '\\_')}\\_%`],
        );
        return res.rows.map((r) => r.relname);
      });
      // Another plugin's prefix may extend ours (`probe` and `probe-listener`): its history table
      // `<its prefix>_migrations` marks the tables with that longer prefix as its own.
      const longer = found
        .filter((name) => name !== pluginMigrationsTable(id) && name.endsWith('_migrations'))
        .map((name) => `${name.slice(0, -'_migrations'.length)}_`);
      const tables = new Set([
        ...tablesOf(manifest),
        ...found.filter((name) => !longer.some((p) => name.startsWith(p))),
      ]);
      tables.delete(pluginMigrationsTable(id));
      return [...tables].filter((name) => !others.has(name)).sort();
    }

    beforeAll(async () => {
      manifest = await load();
      if (!manifest || typeof manifest.id !== 'string') throw new Error('load() gave no plugin manifest');
      id = manifest.id;
      prefix = tablePrefix(id);
      const wanted = Object.keys(manifest.dependsOn ?? {});
      if (options.dependencies) deps = await options.dependencies();
      else if (wanted.length) {
        const discovered = await testCatalog();
        deps = discovered.installed().filter((m) => wanted.includes(m.id));
      } else deps = [];
      // The catalogue's order puts dependencies first.
      catalog = await testCatalog([...deps, manifest]);
      deps = catalog.installed().filter((m) => m.id !== id);
      t = await startTestApp(options.env ?? {}, { plugins: [...deps, manifest] });
    }, 60_000);

    afterAll(async () => {
      await t?.close();
    });

    it('names no core table in its SQL: reads users, units, partner bodies and roles through the SDK', () => {
      const dir = options.sourceDir ?? pluginDirOf(id);
      if (!dir) throw new Error(`no folder found for plugin ${id}: pass sourceDir`);
      expect(coreTableUses(dir).map((u) => `${u.file}:${u.line} ${u.table}: ${u.text}`)).toEqual([]);
    });

    it('has a valid manifest that the catalogue installs', async () => {
      expect(validateManifest(manifest, SDK_VERSION)).toEqual([]);
      const entry = catalog.get(id);
      expect({ state: entry?.state, problems: entry?.problems }).toEqual({ state: 'installed', problems: [] });
      // As a district sees it: listed, not quarantined, its permissions named in full.
      const tenant = await provisionTenant(t, 'conf-a');
      const res = await t.http.get('/api/v1/plugins?limit=200').set(bearer(tenant.adminToken)).expect(200);
      const listed = (
        res.body.items as { id: string; state: string; problems: unknown[]; permissions: string[] }[]
      ).find((p) => p.id === id);
      expect(listed).toEqual(expect.objectContaining({ state: 'disabled', problems: [] }));
      expect(listed!.permissions.sort()).toEqual(
        (manifest.permissions ?? []).map((p) => pluginPermission(id, p.key)).sort(),
      );
    });

    it('declares its error codes under its id’s prefix, its notifications in both languages, and subscribes only to declared events', () => {
      const prefix = errorCodePrefix(id);
      expect(declaredPluginErrors(manifest.errors).filter((e) => !e.code.startsWith(prefix))).toEqual([]);
      const typedSurface = (field: string) => /^(errors|notifications|events)\b/.test(field);
      expect(validateManifest(manifest, SDK_VERSION).filter((p) => typedSurface(p.field))).toEqual([]);
      // Subscriptions are checked against the whole catalogue: the event's publisher must declare it.
      expect((catalog.get(id)?.problems ?? []).filter((p) => typedSurface(p.field))).toEqual([]);
    });

    it('mounts every route under /api/v1/plugins/{id}/, each requiring one of its own permissions (never @Public), and public ones under /api/v1/public/:tenant/plugins/{id}/', () => {
      const routes = pluginRoutes(t.app, manifest);
      const declaredControllers = [...(manifest.controllers ?? []), ...(manifest.publicControllers ?? [])];
      // Every controller the manifest names is mounted, with at least one route.
      const mounted = new Set(routes.map((r) => r.controller));
      expect(declaredControllers.map((c) => c.name).filter((name) => !mounted.has(name))).toEqual([]);

      const own = new Set((manifest.permissions ?? []).map((p) => pluginPermission(id, p.key)));
      const problems: string[] = [];
      for (const r of routes) {
        const where = `${r.method} ${r.path} (${r.controller}.${r.handler})`;
        const prefixPath = r.public ? `/api/v1/public/:tenant/plugins/${id}` : `/api/v1/plugins/${id}`;
        if (r.path !== prefixPath && !r.path.startsWith(`${prefixPath}/`))
          problems.push(`${where}: not under ${prefixPath}/`);
        const first = r.path.slice(prefixPath.length + 1).split('/')[0] ?? '';
        if (RESERVED_SEGMENTS.has(first)) problems.push(`${where}: /${first} is the core's`);
        if (r.tag !== id) problems.push(`${where}: not tagged as a route of ${id} (the enabled check would not run)`);
        // Public routes: the host resolves the tenant and checks enablement; nobody signed in holds anything.
        if (r.public) {
          if (r.declared.length) problems.push(`${where}: a public route declares ${r.declared.join(', ')}`);
          continue;
        }
        if (r.declared.includes('PUBLIC_KEY')) problems.push(`${where}: @Public`);
        if (r.declared.includes('AUTHENTICATED_KEY') || r.declared.includes('OPERATOR_KEY'))
          problems.push(`${where}: declares ${r.declared.join(', ')} instead of @RequirePermission`);
        if (!r.permission) problems.push(`${where}: no @RequirePermission`);
        else
          for (const p of [r.permission, ...r.alternatives])
            if (!own.has(p)) problems.push(`${where}: @RequirePermission('${p}') is not one of ${[...own].join(', ')}`);
      }
      expect(problems).toEqual([]);

      // And the HTTP server really serves them at those paths.
      const router = (t.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string } }[] } })
        .router;
      const served = new Set(router.stack.flatMap((layer) => (layer.route ? [layer.route.path] : [])));
      expect(routes.map((r) => r.path).filter((p) => !served.has(p) && !served.has(`${p}/`))).toEqual([]);
    });

    it('answers 404 PLUGIN_DISABLED on every route (public ones anonymously, by tenant code) to a tenant that has not enabled it, and again after enable → disable', async () => {
      const tenant = await provisionTenant(t, 'conf-c');
      expect(await notDisabled(tenant)).toEqual([]);

      await enable(tenant);
      // Enabled: its GET routes exist for this tenant (whatever they answer, it is not PLUGIN_DISABLED).
      const stillDisabled = (await answers(tenant, ['GET'])).filter((a) => a.answer === '404 PLUGIN_DISABLED');
      expect(stillDisabled).toEqual([]);

      await disable(tenant);
      expect(await notDisabled(tenant)).toEqual([]);
    });

    it('answers 404 TENANT_NOT_FOUND on every public route for an unknown tenant code', async () => {
      const unknown = { code: `no-such-${uuidv7().slice(-12)}`, adminToken: '' };
      const wrong = (await answers(unknown, undefined, true))
        .filter((a) => a.answer !== '404 TENANT_NOT_FOUND')
        .map((a) => `${a.route}: ${a.answer}`);
      expect(wrong).toEqual([]);
    });

    it('skips its event subscriptions, jobs and timers for a tenant that has not enabled it or disabled it', async () => {
      const tenant = await provisionTenant(t, 'conf-e');
      expect(await deliverEverything(tenant.id)).toEqual([]);

      await enable(tenant);
      const runner = t.app.get(TaskRunner);
      const enabled = await t.app.get(TenantTransaction).run(tenant.id, (em) => runner.isEnabled(em, id));
      expect(enabled).toBe(true);

      await disable(tenant);
      expect(await deliverEverything(tenant.id)).toEqual([]);
    });

    it('isolates its tables between tenants: RLS enabled and forced, a tenant_isolation policy, no other tenant’s rows visible', async () => {
      const [a, b] = [await provisionTenant(t, 'conf-d'), await provisionTenant(t, 'conf-d')];
      // Enabled in both, so seeds (if any) leave rows of two tenants behind.
      await enable(a);
      await enable(b);
      const tables = await pluginTables();
      expect(tables.sort()).toEqual(expect.arrayContaining(tablesOf(manifest).sort()));

      const problems: string[] = [];
      await asAdmin(async (c) => {
        for (const table of tables) {
          const rel = await c.query<{ rls: boolean; forced: boolean; tenant: boolean }>(
            `select c.relrowsecurity as rls, c.relforcerowsecurity as forced,
                    exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id'
                            and not a.attisdropped) as tenant
               from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where n.nspname = 'public' and c.relname = $1`,
            [table],
          );
          const row = rel.rows[0];
          if (!row?.tenant) problems.push(`${table}: no tenant_id column`);
          if (!row?.rls) problems.push(`${table}: row-level security not enabled`);
          if (!row?.forced) problems.push(`${table}: row-level security not forced`);
          const policies = await c.query<{
            policyname: string;
            permissive: string;
            roles: string[] | string;
            qual: string | null;
            with_check: string | null;
          }>(
            `select policyname, permissive, roles, qual, with_check from pg_policies
              where schemaname = 'public' and tablename = $1`,
            [table],
          );
          const isolation = policies.rows.find((p) => p.policyname === 'tenant_isolation');
          if (!isolation) problems.push(`${table}: no tenant_isolation policy`);
          else {
            if (!isolation.qual?.includes('app.tenant_id'))
              problems.push(`${table}: tenant_isolation does not compare tenant_id with app.tenant_id`);
            if (!isolation.with_check?.includes('app.tenant_id'))
              problems.push(`${table}: tenant_isolation has no WITH CHECK on app.tenant_id`);
          }
          // Any other permissive policy the app role falls under would widen what it sees.
          for (const p of policies.rows) {
            if (p.policyname === 'tenant_isolation' || p.permissive !== 'PERMISSIVE') continue;
            const roles = Array.isArray(p.roles) ? p.roles : String(p.roles).replace(/[{}]/g, '').split(',');
            if (roles.includes('public') || roles.includes('tongxin_app'))
              problems.push(`${table}: policy ${p.policyname} also applies to the app role`);
          }
        }
      });

      // As the server's role: no tenant set sees nothing, another tenant sees nothing, a tenant sees only its own.
      const counts = Object.fromEntries(
        await Promise.all([a, b].map(async (tenant) => [tenant.id, await rowCounts(tables, tenant.id)] as const)),
      );
      for (const table of tables) {
        try {
          await asApp(null, async (c) => {
            const n = (await c.query<{ n: number }>(`select count(*)::int as n from ${ident(table)}`)).rows[0]!.n;
            if (n !== 0) problems.push(`${table}: ${n} rows visible without a tenant`);
          });
          await asApp(uuidv7(), async (c) => {
            const n = (await c.query<{ n: number }>(`select count(*)::int as n from ${ident(table)}`)).rows[0]!.n;
            if (n !== 0) problems.push(`${table}: ${n} rows visible to an unknown tenant`);
          });
          for (const tenant of [a, b]) {
            await asApp(tenant.id, async (c) => {
              const res = await c.query<{ own: number; foreign: number }>(
                `select count(*) filter (where tenant_id = $1)::int as own,
                        count(*) filter (where tenant_id <> $1)::int as foreign
                   from ${ident(table)}`,
                [tenant.id],
              );
              const { own, foreign } = res.rows[0]!;
              if (foreign !== 0) problems.push(`${table}: ${foreign} rows of other tenants visible`);
              if (own !== counts[tenant.id]![table])
                problems.push(`${table}: the tenant sees ${own} of its ${counts[tenant.id]![table]} rows`);
            });
          }
        } catch (error) {
          problems.push(`${table}: the app role cannot read it (${String(error)})`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('migrates up, down and up again on a scratch database, leaving nothing behind, and its entities need no more schema', async () => {
      const database = scratchName(id);
      const urls = await provisionDatabase(ADMIN_URL, database, PASSWORDS, { recreate: true });
      const entities = [...CORE_ENTITIES, ...deps.flatMap((d) => d.entities ?? [])];
      // A dependency's tables may share our prefix (`probe` and `probe-listener`): they are not ours.
      const depPrefixes = deps.map((d) => `${tablePrefix(d.id)}_`).filter((p) => p.startsWith(`${prefix}_`));
      let ds: DataSource | undefined;
      try {
        const core = new DataSource(
          dataSourceOptions(urls.ownerUrl, CORE_ENTITIES, { migrations: CORE_MIGRATIONS, logging: ['error'] }),
        );
        await core.initialize();
        await core.runMigrations({ transaction: 'each' });
        await core.destroy();
        await runPluginMigrations(urls.ownerUrl, CORE_ENTITIES, deps);

        ds = pluginDataSource(urls.ownerUrl, entities, manifest);
        await ds.initialize();
        const migrations = manifest.migrations ?? [];
        const applied = await ds.runMigrations({ transaction: 'each' });
        expect(applied.map((m) => m.name)).toEqual(migrations.map((m) => new m().name ?? m.name));
        expect(await pendingForPlugin(ds, prefix, depPrefixes)).toEqual([]);

        for (let i = 0; i < migrations.length; i++) await ds.undoLastMigration({ transaction: 'each' });
        // Nothing of the plugin's is left but its (now empty) history table.
        const history = pluginMigrationsTable(id);
        const leftovers = await asAdmin(async (c) => {
          const like = `${prefix.replace(/_/g, '\\_')}\\_%`;
          const rels = await c.query<{ name: string; kind: string }>(
            `select c.relname as name, c.relkind::text as kind from pg_class c
               join pg_namespace n on n.oid = c.relnamespace
              where n.nspname = 'public' and c.relname like $1 and c.relname <> all($2::text[])`,
            [like, [history, `${history}_id_seq`]],
          );
          const types = await c.query<{ name: string }>(
            `select t.typname as name from pg_type t join pg_namespace n on n.oid = t.typnamespace
              where n.nspname = 'public' and t.typtype in ('e', 'd') and t.typname like $1`,
            [like],
          );
          return [
            ...rels.rows.map((r) => `${r.name} (relkind ${r.kind})`),
            ...types.rows.map((r) => `type ${r.name}`),
          ].filter((name) => !depPrefixes.some((p) => name.startsWith(p)));
        }, database);
        expect({ afterDown: leftovers }).toEqual({ afterDown: [] });
        const rows = await ds.query(`select count(*)::int as n from ${ident(history)}`);
        expect(rows[0].n).toBe(0);

        const again = await ds.runMigrations({ transaction: 'each' });
        expect(again.length).toBe(migrations.length);
        expect(await pendingForPlugin(ds, prefix, depPrefixes)).toEqual([]);
      } finally {
        await ds?.destroy().catch(() => undefined);
        await asAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`), 'postgres');
      }
    }, 90_000);

    it('has default settings its own class accepts, and PATCH settings takes them back', async () => {
      if (!manifest.settings) return;
      const defaults = new manifest.settings();
      const errors = validateSync(defaults, { forbidUnknownValues: false });
      expect(errors.map((e) => `${e.property}: ${Object.keys(e.constraints ?? {}).join(', ')}`)).toEqual([]);
      // Every default is a key a district can set (decorated, so the whitelist keeps it).
      const tenant = await provisionTenant(t, 'conf-s');
      const res = await t.http
        .patch(`/api/v1/plugins/${id}/settings`)
        .set(bearer(tenant.adminToken))
        .send({ ...defaults });
      expect({ status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({
        status: 200,
        body: undefined,
      });
      expect(res.body.settings).toEqual({ ...defaults });
    });

    it('enables cleanly for a fresh tenant: enable, disable, enable again (its seed is idempotent)', async () => {
      const tenant = await provisionTenant(t, 'conf-f');
      const tables = tablesOf(manifest);
      await enable(tenant);
      const seeded = await rowCounts(tables, tenant.id);
      // Contributed roles exist for the tenant once it is enabled.
      const roles = await t.http.get('/api/v1/roles?limit=200').set(bearer(tenant.adminToken)).expect(200);
      const keys = (roles.body.items as { key: string }[]).map((r) => r.key);
      expect((manifest.roles ?? []).map((r) => `plugin:${id}.${r.key}`).filter((k) => !keys.includes(k))).toEqual([]);

      await disable(tenant);
      await enable(tenant, false);
      expect(await rowCounts(tables, tenant.id)).toEqual(seeded);
      const list = await t.http.get('/api/v1/plugins?limit=200').set(bearer(tenant.adminToken)).expect(200);
      expect((list.body.items as { id: string; state: string }[]).find((p) => p.id === id)?.state).toBe('enabled');
    });
  });
}
