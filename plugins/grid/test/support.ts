import { Clock, TimerSweeper } from '@tongxin/jobs';
import { waitFor } from '../../../tests/support/processes';
import {
  bearer,
  buildDistrict,
  createStaff,
  enablePlugin,
  provisionTenant,
  startTestApp,
  type TestApp,
  type TestTenant,
} from '../../../tests/support/test-app';
import type { PluginManifest } from '@tongxin/plugin-sdk';
import plugin from '../src/index';

export const GRID = '/api/v1/plugins/grid';

export type Staff = { id: string; token: string };

/**
 * A district with the grid plugin enabled and one person per part of the loop: in street A, a
 * community A1 with two grids (A1-1, A1-2) and a party group under A1-1; in street B one grid.
 * `department` works for the 城管局 with the plugin's department-handler role.
 */
export async function gridDistrict(t: TestApp, prefix = 'grid') {
  const tenant = await provisionTenant(t, prefix);
  await enablePlugin(t, tenant, 'grid');
  const d = await buildDistrict(t, tenant);
  const gridLeaderA = await createStaff(t, tenant, 'leaderA', 'grid_branch_staff', d.gridA.id);
  const gridWorkerA2 = await createStaff(t, tenant, 'workerA2', 'grid_worker', d.gridA2.id);
  const gridWorkerB = await createStaff(t, tenant, 'workerB', 'grid_worker', d.gridB.id);
  const communityStaffB = await createStaff(t, tenant, 'communityB', 'community_staff', d.communityB.id);
  const districtStaff = await createStaff(t, tenant, 'districtStaff', 'district_staff', tenant.rootUnitId);
  const partner = await t.http
    .post('/api/v1/partner-bodies')
    .set(bearer(tenant.adminToken))
    .send({ type: 'department', name: '城市管理局' })
    .expect(201);
  const otherDepartment = await t.http
    .post('/api/v1/partner-bodies')
    .set(bearer(tenant.adminToken))
    .send({ type: 'department', name: '市场监督管理局' })
    .expect(201);
  const department = await departmentStaff(t, tenant, 'cityMgmt', partner.body.id);
  const otherDepartmentStaff = await departmentStaff(t, tenant, 'market', otherDepartment.body.id);
  const items = await t.http.get(`${GRID}/items`).set(bearer(tenant.adminToken)).expect(200);
  const itemByCode = (code: string) =>
    (items.body.items as { id: string; code: string }[]).find((i) => i.code === code)!;
  return {
    tenant,
    ...d,
    gridLeaderA,
    gridWorkerA2,
    gridWorkerB,
    communityStaffB,
    districtStaff,
    department,
    departmentId: partner.body.id as string,
    otherDepartmentStaff,
    otherDepartmentId: otherDepartment.body.id as string,
    admin: { id: tenant.adminUserId, token: tenant.adminToken },
    itemByCode,
  };
}

export type GridDistrict = Awaited<ReturnType<typeof gridDistrict>>;

/** A user of a department (partner body) holding the plugin's department-handler role district-wide. */
async function departmentStaff(t: TestApp, tenant: TestTenant, username: string, partnerBodyId: string) {
  const staff = await createStaff(t, tenant, username, 'plugin:grid.department-handler', tenant.rootUnitId);
  await t.http.patch(`/api/v1/users/${staff.id}`).set(bearer(tenant.adminToken)).send({ partnerBodyId }).expect(200);
  return staff;
}

/** The grid (and any other plugins a suite needs beside it) with an in-process worker. */
export function startGridApp(others: PluginManifest[] = []): Promise<TestApp> {
  return startTestApp({}, { plugins: [plugin, ...others], worker: true });
}

/** Files a case through the API as `who` (the grid worker of A1-1 by default) and returns its body. */
export async function fileCase(
  t: TestApp,
  d: GridDistrict,
  overrides: Record<string, unknown> = {},
  who: Staff = d.gridWorkerA,
) {
  const res = await t.http
    .post(`${GRID}/cases`)
    .set(bearer(who.token))
    .send({
      source: 'patrol',
      itemId: d.itemByCode('HP-09').id,
      unitId: d.gridA.id,
      description: '3号楼东侧垃圾堆放，气味较大',
      ...overrides,
    });
  if (res.status !== 201) throw new Error(`file case: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; number: string; state: string; allowedActions: string[] };
}

/** Fires a transition as `who`; returns the raw response. */
export function act(t: TestApp, who: Staff, caseId: string, action: string, body: Record<string, unknown> = {}) {
  return t.http.post(`${GRID}/cases/${caseId}/${action}`).set(bearer(who.token)).send(body);
}

/**
 * Moves the server's clock and runs the timer sweep, then waits until `done` holds (the timer's
 * job runs on the in-process worker).
 */
export async function advanceClock(t: TestApp, ms: number, what: string, done: () => Promise<boolean>) {
  t.app.get(Clock, { strict: false }).advance(ms);
  await waitFor(what, async () => {
    await t.app.get(TimerSweeper, { strict: false }).sweep();
    return done();
  });
}

/** Another district with the grid plugin on (only its admin): for tenant isolation checks. */
export async function otherGridTenant(t: TestApp) {
  const tenant = await provisionTenant(t, 'grid-other');
  await enablePlugin(t, tenant, 'grid');
  const admin: Staff = { id: tenant.adminUserId, token: tenant.adminToken };
  return { tenant, admin };
}

/** A GeoJSON Polygon: the square of half-side `d` degrees around (lat, lng). */
export function squareBoundary(lat: number, lng: number, d = 0.005) {
  const ring = [
    [lng - d, lat - d],
    [lng + d, lat - d],
    [lng + d, lat + d],
    [lng - d, lat + d],
    [lng - d, lat - d],
  ];
  return { type: 'Polygon', coordinates: [ring] };
}

/**
 * Runs a case round the whole loop and returns it closed: filed by `reporter`, dispatched by
 * `dispatcher` (to grid A1-1 unless `dispatch` says otherwise), accepted and resolved by `handler`,
 * verified by `verifier`.
 */
export async function closedCase(
  t: TestApp,
  d: GridDistrict,
  options: {
    file?: Record<string, unknown>;
    reporter?: Staff;
    dispatcher?: Staff;
    dispatch?: Record<string, unknown>;
    handler?: Staff;
    verifier?: Staff;
  } = {},
) {
  const c = await fileCase(t, d, options.file, options.reporter);
  const steps: [Staff, string, Record<string, unknown>][] = [
    [options.dispatcher ?? d.communityStaffA, 'dispatch', options.dispatch ?? { unitId: d.gridA.id }],
    [options.handler ?? d.gridWorkerA, 'accept', {}],
    [options.handler ?? d.gridWorkerA, 'resolve', { note: '已清运完毕' }],
    [options.verifier ?? d.communityStaffA, 'verify', {}],
  ];
  for (const [who, action, body] of steps) {
    const res = await act(t, who, c.id, action, body);
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return c;
}

/** Creates a partner body (a department by default) as the district admin; returns its id. */
export async function createPartner(t: TestApp, d: GridDistrict, name: string, type = 'department') {
  const res = await t.http.post('/api/v1/partner-bodies').set(bearer(d.admin.token)).send({ type, name });
  if (res.status !== 201) throw new Error(`partner ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** The in-app messages of `who` of one kind (`grid.<kind>`), newest first. */
export async function notificationsOf(t: TestApp, who: Staff, kind: string) {
  const res = await t.http.get('/api/v1/notifications?limit=100').set(bearer(who.token));
  if (res.status !== 200) throw new Error(`notifications: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body.items as { kind: string; title: string; body: string; data: Record<string, unknown> }[]).filter(
    (n) => n.kind === `grid.${kind}`,
  );
}
