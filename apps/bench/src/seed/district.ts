import type { INestApplicationContext } from '@nestjs/common';
import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { buildAbility, CORE_PERMISSIONS, TENANT_ADMIN_ROLE } from '@tongxin/access';
import type { RequestContext } from '@tongxin/context';
import { hashPassword } from '@tongxin/identity';
import { OrgImportService } from '@tongxin/org';
import { PartnerBodyService } from '@tongxin/partners';
import { TenantPluginService } from '@tongxin/plugin-host';
import { TenantProvisioningService } from '@tongxin/platform';
import { BENCH_PASSWORD } from '../shared/bench-database';
import {
  CASE_COLUMNS,
  EVENT_COLUMNS,
  SUPERVISION_COLUMNS,
  generateCases,
  type CaseWorld,
  type GridPlace,
  type Row,
  type ScopedUnit,
} from './cases';
import { CopyWriter } from './copy-writer';
import { districtUnits } from './hierarchy';
import { ANCHOR, SEED_YEARS, type DistrictProfile } from './profiles';
import { Random } from './random';

/** The district administrator's context, as the demo seeder builds it: all core permissions over the root. */
function adminContext(tenantId: string, rootUnitId: string, userId: string): RequestContext {
  const grants = [{ permissions: CORE_PERMISSIONS.map((p) => p.key), unitId: rootUnitId, level: 1 }];
  return {
    tenantId,
    userId,
    username: 'admin',
    rootUnitId,
    grants,
    enabledPlugins: [],
    ability: buildAbility(grants),
    // Compared as the district administrator it acts for: what every role can grant (RoleAuthority).
    heldRoles: [{ roleKey: TENANT_ADMIN_ROLE, system: true, permissions: [], unitId: rootUnitId, level: 1 }],
    lang: 'zh-CN',
    requestId: `bench-seed-${uuidv7()}`,
  };
}

export interface SeededDistrict {
  tenantId: string;
  units: number;
  users: number;
  cases: number;
  events: number;
}

export interface UnitRecord extends ScopedUnit {
  parentId: string | null;
}

/**
 * One district, the way a real one comes to exist: provisioned, its tree imported and the grid
 * plugin enabled through the product's own services (so roles, items and settings are the real
 * ones); then its accounts, grid staff and years of cases loaded in bulk, through the same schema
 * and scope columns, by COPY.
 */
export async function seedDistrict(
  app: INestApplicationContext,
  admin: pg.Client,
  copyClients: [pg.Client, pg.Client, pg.Client],
  profile: DistrictProfile,
  cases: number,
  seed: number,
  log: (msg: string) => void,
): Promise<SeededDistrict> {
  const rng = new Random(seed);
  const provisioned = await app.get(TenantProvisioningService, { strict: false }).provision(null, {
    code: profile.code,
    name: profile.name,
    divisionCode: profile.divisionCode,
    rootUnitName: profile.rootUnitName,
    admin: { username: 'admin', password: BENCH_PASSWORD, displayName: `${profile.name}管理员` },
  });
  const tenantId = provisioned.id;
  const ctx = adminContext(tenantId, provisioned.rootUnitId, provisioned.adminUserId);
  const rows = districtUnits(profile, rng);
  await app.get(OrgImportService, { strict: false }).run(ctx, rows);
  await app.get(TenantPluginService, { strict: false }).enable(ctx, 'grid');
  const partners = app.get(PartnerBodyService, { strict: false });
  const departments: { id: string; name: string }[] = [];
  for (const name of profile.departments)
    departments.push({ id: (await partners.create(ctx, { type: 'department', name })).id, name });
  log(`${profile.code}: tenant, ${rows.length + 1} units, grid plugin and ${departments.length} departments`);

  // Everything below runs as the superuser, which row-level security does not bind: every read
  // names the tenant itself.
  await admin.query('begin');
  const units = await tenantUnits(admin, tenantId);
  const roles = new Map(
    (
      await admin.query<{ key: string; id: string }>('select key, id from roles where tenant_id = $1', [tenantId])
    ).rows.map((r) => [r.key, r.id]),
  );
  const items = await tenantItems(admin, tenantId);

  // Accounts: all share one real argon2id hash of the bench password (hashing thousands would take minutes).
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const users: Row[] = [];
  const assignments: Row[] = [];
  const scopeOf = (u: ScopedUnit) => [u.districtId, u.streetId, u.communityId, u.gridId, u.groupId];
  const account = (
    username: string,
    displayName: string,
    unit: ScopedUnit,
    role: string,
    partnerId: string | null = null,
  ) => {
    const id = rng.uuidAt(ANCHOR.getTime() - 4 * 365 * 86_400_000);
    users.push([tenantId, id, ...scopeOf(unit), username, displayName, passwordHash, 'active', unit.id, partnerId]);
    assignments.push([
      tenantId,
      rng.uuidAt(ANCHOR.getTime()),
      ...scopeOf(unit),
      id,
      roles.get(role)!,
      unit.id,
      provisioned.adminUserId,
    ]);
    return id;
  };
  const byId = new Map(units.map((u) => [u.id, u]));
  const root = units.find((u) => u.level === 1)!;
  const staffAt = new Map<string, string>();
  staffAt.set(root.id, account('district', `${profile.name}区委组织部`, root, 'district_staff'));
  for (const u of units.filter((u) => u.level === 2 || u.level === 3))
    staffAt.set(
      u.id,
      account(
        `${u.level === 2 ? 's' : 'c'}-${u.code}`,
        `${u.name}工作人员`,
        u,
        u.level === 2 ? 'street_staff' : 'community_staff',
      ),
    );
  const deptUsers = departments.map((d, i) => ({
    ...d,
    userId: account(`d-${i + 1}`, `${d.name}承办人`, root, 'plugin:grid.department-handler', d.id),
  }));

  // Grid workers: one per grid, the remaining full-time staff in the busiest grids.
  const grids = units.filter((u) => u.level === 4);
  const places: GridPlace[] = grids.map((grid) => {
    const community = byId.get(grid.parentId!)!;
    return {
      grid,
      community,
      street: byId.get(community.parentId!)!,
      groups: units.filter((u) => u.parentId === grid.id),
      workers: [],
      weight: rng.logNormal(1, 0.5),
    };
  });
  const staff: Row[] = [];
  const profiles: Row[] = [];
  const byLoad = [...places].sort((a, b) => b.weight - a.weight);
  for (let i = 0; i < profile.gridStaff; i++) {
    const place = i < places.length ? places[i]! : byLoad[(i - places.length) % byLoad.length]!;
    const n = place.workers.length + 1;
    const username = `w-${place.grid.code}${n > 1 ? `-${n}` : ''}`;
    const id = account(username, `${place.grid.name}网格员${n}`, place.grid, 'grid_worker');
    place.workers.push(id);
    staff.push([
      tenantId,
      rng.uuidAt(ANCHOR.getTime()),
      ...scopeOf(place.grid),
      place.grid.id,
      'grid_worker',
      id,
      `网格员${n}`,
      'full_time',
      null,
    ]);
  }
  for (const place of places) {
    staff.push([
      tenantId,
      rng.uuidAt(ANCHOR.getTime()),
      ...scopeOf(place.grid),
      place.grid.id,
      'volunteer_team',
      null,
      `${place.grid.name}志愿服务队`,
      'full_time',
      rng.int(5, 30),
    ]);
    const households = rng.int(300, 900);
    profiles.push([
      tenantId,
      rng.uuidAt(ANCHOR.getTime()),
      ...scopeOf(place.grid),
      place.grid.id,
      households,
      rng.int(8, 40),
      Math.round(households * 2.7),
    ]);
  }
  const scopeCols = ['tenant_id', 'id', 'district_id', 'street_id', 'community_id', 'grid_id', 'group_id'];
  await copyRows(
    admin,
    'users',
    [...scopeCols, 'username', 'display_name', 'password_hash', 'status', 'org_unit_id', 'partner_body_id'],
    users,
  );
  await copyRows(
    admin,
    'role_assignments',
    [...scopeCols, 'user_id', 'role_id', 'org_unit_id', 'granted_by'],
    assignments,
  );
  await copyRows(
    admin,
    'grid_staff',
    [...scopeCols, 'unit_id', 'duty', 'user_id', 'name', 'employment', 'member_count'],
    staff,
  );
  await copyRows(admin, 'grid_profiles', [...scopeCols, 'unit_id', 'households', 'buildings', 'residents'], profiles);
  await admin.query('commit');
  log(`${profile.code}: ${users.length} accounts, ${staff.length} grid staff rows`);

  // Cases, history and 督办, streamed on three connections at once.
  const started = Date.now();
  const [caseClient, eventClient, supervisionClient] = copyClients;
  for (const c of copyClients) await c.query('begin');
  const caseCopy = new CopyWriter(caseClient, 'grid_cases', CASE_COLUMNS);
  const eventCopy = new CopyWriter(eventClient, 'grid_case_events', EVENT_COLUMNS);
  const supervisionCopy = new CopyWriter(supervisionClient, 'grid_supervisions', SUPERVISION_COLUMNS);
  const world: CaseWorld = { tenantId, district: root, places, items, staffAt, departments: deptUsers };
  const totals = await generateCases(world, rng, cases, ANCHOR, SEED_YEARS, {
    case: (r) => caseCopy.write(r),
    event: (r) => eventCopy.write(r),
    supervision: (r) => supervisionCopy.write(r),
  });
  await Promise.all([caseCopy.end(), eventCopy.end(), supervisionCopy.end()]);
  for (const c of copyClients) await c.query('commit');
  log(
    `${profile.code}: ${totals.cases} cases, ${totals.events} history lines, ${totals.supervisions} 督办 in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return { tenantId, units: units.length, users: users.length + 1, cases: totals.cases, events: totals.events };
}

async function copyRows(client: pg.Client, table: string, columns: string[], rows: Row[]): Promise<void> {
  const copy = new CopyWriter(client, table, columns);
  for (const r of rows) await copy.write(r);
  await copy.end();
}

/** The tenant's units with their scope columns, by code. As the superuser, so the tenant is named. */
export async function tenantUnits(admin: pg.Client, tenantId: string): Promise<UnitRecord[]> {
  const { rows } = await admin.query<UnitRecord>(
    `select id, code, name, level, parent_id as "parentId", district_id as "districtId", street_id as "streetId",
            community_id as "communityId", grid_id as "gridId", group_id as "groupId"
       from org_units where tenant_id = $1 order by code`,
    [tenantId],
  );
  return rows;
}

/** The tenant's active grid items, in list order: what cases are filed under. */
export async function tenantItems(admin: pg.Client, tenantId: string): Promise<CaseWorld['items']> {
  const { rows } = await admin.query<CaseWorld['items'][number]>(
    `select id, code, category, time_limit as "timeLimitHours", handler_type as "handlerType"
       from grid_items where tenant_id = $1 and active order by sort_order`,
    [tenantId],
  );
  return rows;
}
