import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppConfig } from '@tongxin/config';
import { CORE_ENTITIES } from '@tongxin/core-schema';
import { SweepScope, type QueueBackend } from '@tongxin/jobs';
import type { MetricsOptions } from '@tongxin/metrics';
import {
  loadPluginCatalog,
  runPluginMigrations,
  type DiscoveredPlugin,
  type PluginCatalog,
} from '@tongxin/plugin-host';
import type { PluginManifest } from '@tongxin/plugin-sdk';
import { createApp } from '../../../apps/api/src/create-app';
import { coreRoot, RUNS_FROM_SOURCE } from './core-root';
import { APP_URL, OPERATOR, OWNER_URL } from './test-database-urls';

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';
export const PASSWORD = 'Passw0rd-2026';

export interface TestApp {
  app: NestExpressApplication;
  http: ReturnType<typeof request>;
  close(): Promise<void>;
  /** Tenants provisioned through this app: the only ones its in-process worker sweeps. */
  tenants: Set<string>;
}

/** The Tongxin install under test: `plugins/` and relative `TONGXIN_PLUGINS` paths resolve from it. */
export const CORE_ROOT = coreRoot();
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * The plugin catalogue tests boot with: the given plugins, or what the server would discover
 * (first-party `plugins/*` and `TONGXIN_PLUGINS`), loaded from their TypeScript sources when the
 * harness itself runs from sources, else from their compiled entries.
 */
export function testCatalog(plugins?: (PluginManifest | DiscoveredPlugin)[], env: NodeJS.ProcessEnv = process.env) {
  return loadPluginCatalog({ env, root: CORE_ROOT, preferSource: RUNS_FROM_SOURCE, plugins });
}

/** Applies the installed plugins' migrations to the test database (idempotent, as the owner). */
export async function migratePlugins(catalog: PluginCatalog): Promise<void> {
  await (everyTestPluginMigrated ??= migrateEveryTestPlugin());
  await runPluginMigrations(OWNER_URL, CORE_ENTITIES, catalog.installed());
}

/**
 * Every plugin with migrations that some test file installs, migrated by whichever file starts
 * first. A plugin's first migration run is DDL with foreign keys to core tables; run while another
 * file's app serves requests, it deadlocks with their inserts (a 503 to the test). Once all are
 * migrated up front, an app's own run finds nothing to do.
 */
let everyTestPluginMigrated: Promise<void> | undefined;
const TEST_PLUGIN_PATHS = [
  './examples/volunteer-points',
  './tests/fixtures/plugins/probe',
  './tests/fixtures/plugins/probe-listener',
];
async function migrateEveryTestPlugin(): Promise<void> {
  // The repository's own; a vendor's project (a release without tests/) has none of them.
  const paths = TEST_PLUGIN_PATHS.filter((p) => existsSync(path.join(CORE_ROOT, p, 'package.json')));
  if (!paths.length) return;
  const all = await testCatalog(undefined, { ...process.env, TONGXIN_PLUGINS: paths.join(',') });
  await runPluginMigrations(OWNER_URL, CORE_ENTITIES, all.installed());
}

export interface TestAppOptions {
  /** Plugins to install instead of discovering them. */
  plugins?: (PluginManifest | DiscoveredPlugin)[];
  /** Run the job processors and schedules in the test's process. */
  worker?: boolean;
  /** Default: Redis on the machine, under a key prefix of its own so test files never share jobs. */
  queue?: QueueBackend;
  queuePrefix?: string;
  /** Serve Swagger UI and the OpenAPI document (API_DOCS); off, as in production, by default. */
  apiDocs?: boolean;
  /** Serve Prometheus metrics on a listener of their own (METRICS=true); off by default. */
  metrics?: MetricsOptions;
}

/** The real application (guards, pipes, filter, RLS through the app role) on the test database. */
export async function startTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  process.env.LOG_LEVEL = 'silent';
  const config = AppConfig.fromEnv({ JWT_SECRET: TEST_JWT_SECRET, ...env });
  const catalog = await testCatalog(options.plugins, { ...process.env, ...env });
  await migratePlugins(catalog);
  // Test files share one database, each with its own queue namespace: a file's worker must not
  // sweep another file's tenants into its queue (in production one deployment owns them all).
  const tenants = new Set<string>();
  const app = await createApp({
    sweepScope: new SweepScope((id) => tenants.has(id)),
    databaseUrl: APP_URL,
    config,
    catalog,
    queue: options.queue ?? { kind: 'redis', url: TEST_REDIS_URL },
    runWorker: options.worker ?? false,
    queuePrefix: options.queuePrefix ?? `test-${uuidv7()}`,
    apiDocs: options.apiDocs ?? false,
    metrics: options.metrics,
  });
  await app.init();
  const http = request(app.getHttpServer());
  return { app, http, close: () => app.close(), tenants };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export async function operatorToken(t: TestApp): Promise<string> {
  const res = await t.http.post('/api/v1/platform/auth/login').send(OPERATOR).expect(200);
  return res.body.accessToken as string;
}

export interface TestTenant {
  id: string;
  code: string;
  rootUnitId: string;
  adminUserId: string;
  adminToken: string;
}

/** A unique tenant code per call, so test files can run in parallel on one database. */
export const uniqueCode = (prefix: string) => `${prefix}-${uuidv7().slice(-12)}`.toLowerCase();

/** Provisions a district through the platform API and logs its admin in. */
export async function provisionTenant(t: TestApp, prefix = 't'): Promise<TestTenant> {
  const ops = await operatorToken(t);
  const code = uniqueCode(prefix);
  const res = await t.http
    .post('/api/v1/platform/tenants')
    .set(bearer(ops))
    .send({
      code,
      name: `测试区 ${code}`,
      divisionCode: '410411',
      admin: { username: 'admin', password: PASSWORD, displayName: '管理员' },
    })
    .expect(201);
  t.tenants.add(res.body.id as string);
  const adminToken = await login(t, code, 'admin');
  return { id: res.body.id, code, rootUnitId: res.body.rootUnitId, adminUserId: res.body.adminUserId, adminToken };
}

/** Switches a plugin on for the tenant as its district admin (404/409 here fail the test). */
export async function enablePlugin(t: TestApp, tenant: TestTenant, pluginId: string): Promise<void> {
  const res = await t.http.post(`/api/v1/plugins/${pluginId}/enable`).set(bearer(tenant.adminToken));
  if (res.status !== 200) throw new Error(`enable ${pluginId}: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function login(t: TestApp, tenantCode: string, username: string, password = PASSWORD): Promise<string> {
  const res = await t.http.post('/api/v1/auth/login').send({ tenantCode, username, password });
  if (res.status !== 200)
    throw new Error(`login ${username}@${tenantCode} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

/** Creates a unit under `parentId` through the API. */
export async function createUnit(
  t: TestApp,
  token: string,
  parentId: string,
  code: string,
  name = code,
): Promise<{ id: string; level: number }> {
  const res = await t.http.post('/api/v1/org-units').set(bearer(token)).send({ parentId, code, name });
  if (res.status !== 201) throw new Error(`create unit ${code}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Creates a user at a unit and grants them a system role there; returns the user's id and token. */
export async function createStaff(
  t: TestApp,
  tenant: TestTenant,
  username: string,
  roleKey: string,
  orgUnitId: string,
): Promise<{ id: string; token: string }> {
  const user = await t.http
    .post('/api/v1/users')
    .set(bearer(tenant.adminToken))
    .send({ username, displayName: username, password: PASSWORD, orgUnitId });
  if (user.status !== 201) throw new Error(`create user ${username}: ${user.status} ${JSON.stringify(user.body)}`);
  const roles = await t.http.get('/api/v1/roles?limit=200').set(bearer(tenant.adminToken)).expect(200);
  const role = (roles.body.items as { id: string; key: string }[]).find((r) => r.key === roleKey);
  if (!role) throw new Error(`no role ${roleKey}`);
  await t.http
    .post('/api/v1/role-assignments')
    .set(bearer(tenant.adminToken))
    .send({ userId: user.body.id, roleId: role.id, orgUnitId })
    .expect(201);
  return { id: user.body.id, token: await login(t, tenant.code, username) };
}

/**
 * A small district: root → two streets → a community each → a grid each → a group in grid A1,
 * with staff at street, community and grid level in street A and street staff in street B.
 */
export async function buildDistrict(t: TestApp, tenant: TestTenant) {
  const tok = tenant.adminToken;
  const streetA = await createUnit(t, tok, tenant.rootUnitId, `${tenant.code}-A`, '街道A');
  const streetB = await createUnit(t, tok, tenant.rootUnitId, `${tenant.code}-B`, '街道B');
  const communityA = await createUnit(t, tok, streetA.id, `${tenant.code}-A1`, '社区A1');
  const communityB = await createUnit(t, tok, streetB.id, `${tenant.code}-B1`, '社区B1');
  const gridA = await createUnit(t, tok, communityA.id, `${tenant.code}-A1-1`, '网格A1-1');
  const gridA2 = await createUnit(t, tok, communityA.id, `${tenant.code}-A1-2`, '网格A1-2');
  const gridB = await createUnit(t, tok, communityB.id, `${tenant.code}-B1-1`, '网格B1-1');
  const groupA = await createUnit(t, tok, gridA.id, `${tenant.code}-A1-1-1`, '党小组A1-1-1');
  const streetStaffA = await createStaff(t, tenant, 'streetA', 'street_staff', streetA.id);
  const streetStaffB = await createStaff(t, tenant, 'streetB', 'street_staff', streetB.id);
  const communityStaffA = await createStaff(t, tenant, 'communityA', 'community_staff', communityA.id);
  const gridWorkerA = await createStaff(t, tenant, 'workerA', 'grid_worker', gridA.id);
  return {
    streetA,
    streetB,
    communityA,
    communityB,
    gridA,
    gridA2,
    gridB,
    groupA,
    streetStaffA,
    streetStaffB,
    communityStaffA,
    gridWorkerA,
  };
}
