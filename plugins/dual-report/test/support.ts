import pg from 'pg';
import gridPlugin from '../../grid/src/index';
import { OWNER_URL } from '../../../tests/support/test-database-urls';
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
import plugin from '../src/index';

export const DUAL = '/api/v1/plugins/dual-report';

export type Person = { id: string; token: string };

/** The app with the dual-report plugin (and, when asked, the grid plugin) and an in-process worker. */
export function startDualApp(options: { withGrid?: boolean } = {}): Promise<TestApp> {
  return startTestApp({}, { plugins: options.withGrid ? [plugin, gridPlugin] : [plugin], worker: true });
}

async function partner(t: TestApp, tenant: TestTenant, name: string, type = 'unit'): Promise<string> {
  const res = await t.http.post('/api/v1/partner-bodies').set(bearer(tenant.adminToken)).send({ type, name });
  if (res.status !== 201) throw new Error(`partner ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** A user at `unitId` with `role`, working for `partnerBodyId`. */
async function personOf(
  t: TestApp,
  tenant: TestTenant,
  username: string,
  role: string,
  unitId: string,
  partnerBodyId: string,
): Promise<Person> {
  const staff = await createStaff(t, tenant, username, role, unitId);
  const res = await t.http.patch(`/api/v1/users/${staff.id}`).set(bearer(tenant.adminToken)).send({ partnerBodyId });
  if (res.status !== 200) throw new Error(`set partner of ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return staff;
}

/**
 * A district with dual-report enabled: the small district of tests/support (streets A and B, a
 * community each, grids A1-1 and A1-2 in community A, B1-1 in community B), two units (区税务局,
 * 供电公司) with a party liaison each, and three in-service party members: `memberA1` and
 * `memberA2` of the 税务局, `memberB1` of the 供电公司 (each assigned as party_member at a grid, and
 * free to report anywhere).
 */
export async function dualDistrict(t: TestApp, prefix = 'dual', options: { withGrid?: boolean } = {}) {
  const tenant = await provisionTenant(t, prefix);
  if (options.withGrid) await enablePlugin(t, tenant, 'grid');
  await enablePlugin(t, tenant, 'dual-report');
  const d = await buildDistrict(t, tenant);
  const taxBureau = await partner(t, tenant, '区税务局');
  const powerCompany = await partner(t, tenant, '供电公司');
  const department = await partner(t, tenant, '城市管理局', 'department');
  const liaison = 'plugin:dual-report.unit-liaison';
  const taxLiaison = await personOf(t, tenant, 'taxLiaison', liaison, tenant.rootUnitId, taxBureau);
  const powerLiaison = await personOf(t, tenant, 'powerLiaison', liaison, tenant.rootUnitId, powerCompany);
  const memberA1 = await personOf(t, tenant, 'memberA1', 'party_member', d.gridA.id, taxBureau);
  const memberA2 = await personOf(t, tenant, 'memberA2', 'party_member', d.gridA2.id, taxBureau);
  const memberB1 = await personOf(t, tenant, 'memberB1', 'party_member', d.gridB.id, powerCompany);
  const communityStaffB = await createStaff(t, tenant, 'communityB', 'community_staff', d.communityB.id);
  const gridLeaderA = await createStaff(t, tenant, 'leaderA', 'grid_branch_staff', d.gridA.id);
  const districtStaff = await createStaff(t, tenant, 'districtStaff', 'district_staff', tenant.rootUnitId);
  return {
    tenant,
    ...d,
    admin: { id: tenant.adminUserId, token: tenant.adminToken },
    taxBureau,
    powerCompany,
    department,
    taxLiaison,
    powerLiaison,
    memberA1,
    memberA2,
    memberB1,
    communityStaffB,
    gridLeaderA,
    districtStaff,
  };
}

export type DualDistrict = Awaited<ReturnType<typeof dualDistrict>>;

/** The person's in-app notifications of one dual-report kind (`agreement-renewal`, …), newest first. */
export async function dualInbox(t: TestApp, who: Person, kind: string) {
  const res = await t.http.get('/api/v1/notifications?limit=100').set(bearer(who.token));
  if (res.status !== 200) throw new Error(`notifications: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body.items as { kind: string; title: string; body: string; data: Record<string, unknown> }[]).filter(
    (n) => n.kind === `dual-report.${kind}`,
  );
}

/** Another district with dual-report on (only its admin): for tenant isolation checks. */
export async function otherDualTenant(t: TestApp) {
  const tenant = await provisionTenant(t, 'dual-other');
  await enablePlugin(t, tenant, 'dual-report');
  const admin: Person = { id: tenant.adminUserId, token: tenant.adminToken };
  return { tenant, admin };
}

/** A further in-service party member working for `partnerId`, party_member at `unitId`. */
export async function inServiceMember(
  t: TestApp,
  d: DualDistrict,
  username: string,
  partnerId: string,
  unitId: string,
): Promise<Person> {
  return personOf(t, d.tenant, username, 'party_member', unitId, partnerId);
}

/** `member` applies to report to `communityId` and the district admin approves; the registration's id. */
export async function registerMember(t: TestApp, d: DualDistrict, member: Person, communityId: string) {
  const applied = await t.http.post(`${DUAL}/registrations`).set(bearer(member.token)).send({ communityId });
  if (applied.status !== 201) throw new Error(`apply: ${applied.status} ${JSON.stringify(applied.body)}`);
  const id = applied.body.id as string;
  const approved = await t.http.post(`${DUAL}/registrations/${id}/approve`).set(bearer(d.admin.token)).send({});
  if (approved.status !== 200) throw new Error(`approve: ${approved.status} ${JSON.stringify(approved.body)}`);
  return id;
}

/** Pairs a unit with a community as the district admin (by default a term from today for a year); the pairing's id. */
export async function pairUnit(
  t: TestApp,
  d: DualDistrict,
  partnerId: string,
  communityId: string,
  term: { termStart?: string; termEnd?: string } = {},
) {
  const today = new Date().toISOString().slice(0, 10);
  const termStart = term.termStart ?? today;
  const termEnd = term.termEnd ?? new Date(Date.parse(termStart) + 364 * 86_400_000).toISOString().slice(0, 10);
  const res = await t.http
    .post(`${DUAL}/pairings`)
    .set(bearer(d.admin.token))
    .send({
      communityId,
      partnerId,
      signedOn: termStart,
      termStart,
      termEnd,
      assessmentItems: [{ title: '参加社区活动' }],
    });
  if (res.status !== 201) throw new Error(`pair: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/**
 * Runs `work` (concurrent requests) while `table` is locked against writes, then releases it: the
 * requests all pass their "already there?" checks first and meet only at the unique index, so
 * the race path (a unique violation mapped to the same 409) is taken for certain.
 */
export async function racingAt<T>(table: string, work: () => Promise<T>, holdMs = 400): Promise<T> {
  const client = new pg.Client({ connectionString: OWNER_URL });
  await client.connect();
  try {
    await client.query('begin');
    await client.query(`lock table ${table} in share row exclusive mode`);
    const running = work();
    await new Promise((resolve) => setTimeout(resolve, holdMs));
    await client.query('commit');
    return await running;
  } finally {
    await client.end();
  }
}
