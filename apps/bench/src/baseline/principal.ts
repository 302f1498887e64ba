import type { IncomingMessage } from 'node:http';
import type { Database } from './db';
import { HttpError, isUuid } from './http';
import { verifyToken } from './jwt';
import { PRINCIPAL } from './sql';

/** One role assignment, flattened: the product's ScopeGrant. */
export interface Grant {
  unitId: string;
  level: number;
  permissions: string[];
}

/** The caller as the product's PrincipalLoader builds it. */
export interface Principal {
  tenantId: string;
  userId: string;
  username: string;
  rootUnitId: string;
  enabledPlugins: string[];
  grants: Grant[];
  /** The user's own unit and the partner body they work for, read with the rest. */
  homeUnitId: string;
  partnerBodyId: string | null;
}

export const GRID = 'grid';
const grid = (key: string) => `plugin:${GRID}.${key}`;
export const CASE_READ = grid('case.read');
export const CASE_REPORT = grid('case.report');
export const CASE_DISPATCH = grid('case.dispatch');
export const CASE_HANDLE = grid('case.handle');
export const CASE_VERIFY = grid('case.verify');

const STAFF = ['district_admin', 'district_staff', 'street_staff', 'community_staff', 'grid_branch_staff'];

/**
 * The grid plugin's permissions and the system roles that hold each by default while the plugin
 * is enabled (plugins/grid/src/index.ts `permissions[].defaultGrants`, registered by the host with
 * PermissionRegistry.grantByDefault). The e2e test checks this table against the manifest.
 */
export const GRID_DEFAULT_GRANTS: Record<string, string[]> = {
  [grid('grid.read')]: [...STAFF, 'grid_worker', 'group_staff'],
  [grid('grid.manage')]: ['district_admin', 'street_staff', 'community_staff'],
  [grid('item.read')]: [...STAFF, 'grid_worker', 'group_staff'],
  [grid('item.manage')]: ['district_admin'],
  [grid('patrol.read')]: [...STAFF, 'grid_worker'],
  [grid('patrol.write')]: ['grid_branch_staff', 'grid_worker'],
  [CASE_READ]: [...STAFF, 'grid_worker'],
  [CASE_REPORT]: ['district_admin', 'street_staff', 'community_staff', 'grid_branch_staff', 'grid_worker'],
  [CASE_DISPATCH]: ['district_admin', 'street_staff', 'community_staff', 'grid_branch_staff'],
  [CASE_HANDLE]: ['district_admin', 'street_staff', 'community_staff', 'grid_branch_staff', 'grid_worker'],
  [CASE_VERIFY]: ['district_admin', 'street_staff', 'community_staff', 'grid_branch_staff'],
  [grid('case.supervise')]: ['district_admin', 'district_staff', 'street_staff'],
  [grid('call.read')]: ['district_admin', 'district_staff', 'street_staff', 'community_staff'],
  [grid('call.raise')]: ['district_admin', 'street_staff', 'community_staff'],
  [grid('call.respond')]: ['district_admin'],
  [grid('open311.manage')]: ['district_admin'],
};

/**
 * PermissionRegistry.effectivePermissions, for the only permissions these five routes check (the
 * grid plugin's): the role's stored grid permissions, plus a system role's default grants (all of
 * them for the district administrator), and none of them unless the tenant enabled the plugin. Core and other plugins' permissions are left
 * out: no route here asks for them.
 */
export function effectiveGridPermissions(
  role: { key: string; system: boolean; permissions: string[] },
  enabledPlugins: readonly string[],
): string[] {
  if (!enabledPlugins.includes(GRID)) return [];
  // The district administrator holds every active permission (PermissionRegistry TENANT_ADMIN_ROLE).
  if (role.system && role.key === 'district_admin') return Object.keys(GRID_DEFAULT_GRANTS);
  const stored = role.permissions.filter((p) => p in GRID_DEFAULT_GRANTS);
  const defaults = role.system
    ? Object.keys(GRID_DEFAULT_GRANTS).filter((p) => GRID_DEFAULT_GRANTS[p]!.includes(role.key))
    : [];
  return [...new Set([...stored, ...defaults])];
}

// The product's CASL ability, evaluated by hand: one rule per (permission, assignment) whose only
// condition is `<scope column of the assignment's level> = unit` (libs/access/src/ability.factory.ts).

export type ScopeColumn = 'districtId' | 'streetId' | 'communityId' | 'gridId' | 'groupId';
export const SCOPE_COLUMNS: readonly ScopeColumn[] = ['districtId', 'streetId', 'communityId', 'gridId', 'groupId'];
export const SCOPE_SQL_COLUMNS: Record<ScopeColumn, string> = {
  districtId: 'district_id',
  streetId: 'street_id',
  communityId: 'community_id',
  gridId: 'grid_id',
  groupId: 'group_id',
};
export type Scope = Record<ScopeColumn, string | null>;

export function scopeColumnOfLevel(level: number): ScopeColumn {
  const column = SCOPE_COLUMNS[level - 1];
  if (!column) throw new Error(`no scope column for level ${level}`);
  return column;
}

/** canSomewhere: the permission is held on some unit (the route-level check). */
export function canSomewhere(grants: Grant[], permission: string): boolean {
  return grants.some((g) => g.permissions.includes(permission));
}

/** canOn: the permission is held on a unit this row's scope columns name. */
export function canOn(grants: Grant[], permission: string, scope: Scope): boolean {
  return grants.some((g) => g.permissions.includes(permission) && scope[scopeColumnOfLevel(g.level)] === g.unitId);
}

/** Tongxin.grantedUnits (libs/plugin-host/src/plugin-runtime.ts). */
export function grantedUnits(grants: Grant[], permission: string): { unitId: string; level: number }[] {
  const seen = new Map<string, number>();
  for (const g of grants) if (g.permissions.includes(permission)) seen.set(g.unitId, g.level);
  return [...seen].map(([unitId, level]) => ({ unitId, level })).sort((a, b) => a.level - b.level);
}

/**
 * scopeBranches (libs/access/src/scope-filter.ts): the units the caller holds `permission` over, one
 * `(scope column, unit)` equality each, by column in level order (district → group) and ids sorted.
 */
export function scopeBranches(grants: Grant[], permission: string): { column: string; unitId: string }[] {
  const byColumn = new Map<ScopeColumn, Set<string>>();
  for (const g of grants) {
    if (!g.permissions.includes(permission)) continue;
    const column = scopeColumnOfLevel(g.level);
    byColumn.set(column, (byColumn.get(column) ?? new Set<string>()).add(g.unitId));
  }
  return SCOPE_COLUMNS.filter((c) => byColumn.has(c)).flatMap((c) =>
    [...byColumn.get(c)!].sort().map((unitId) => ({ column: SCOPE_SQL_COLUMNS[c], unitId })),
  );
}

/** What `tongxin_principal` returns: json, so the time comes back as text. */
interface PrincipalRow {
  username: string;
  status: string;
  tokensValidAfter: string;
  sessionActive: boolean;
  orgUnitId: string;
  partnerBodyId: string | null;
  tenantStatus: string | null;
  rootUnitId: string;
  enabledPlugins: string[];
  grants: { roleKey: string; system: boolean; permissions: string[]; unitId: string; level: number }[];
}

/**
 * The access guard's authentication: passport-jwt's checks on the bearer token, JwtStrategy's on
 * its claims and lifetime (libs/identity/src/token-lifetime.ts), then PrincipalLoader.load, one
 * statement outside any transaction, with the same refusals.
 */
export async function authenticate(
  db: Database,
  req: IncomingMessage,
  jwtSecret: string,
  accessTokenTtlSeconds: number,
): Promise<Principal> {
  const header = req.headers.authorization;
  const match = header ? /^bearer\s+(\S+)$/i.exec(header) : null;
  if (!match) throw new HttpError(401, 'UNAUTHENTICATED');
  const verified = verifyToken(jwtSecret, match[1]!);
  if (!verified.ok) throw new HttpError(401, verified.expired ? 'TOKEN_EXPIRED' : 'UNAUTHENTICATED');
  const { typ, tid, sub, sid, iat, exp } = verified.claims;
  if (typ !== 'access' || !isUuid(tid) || !isUuid(sub) || !isUuid(sid)) throw new HttpError(401, 'UNAUTHENTICATED');
  if (
    typeof iat !== 'number' ||
    typeof exp !== 'number' ||
    exp - iat > accessTokenTtlSeconds ||
    exp <= iat ||
    iat > Date.now() / 1000 + 60
  )
    throw new HttpError(401, 'UNAUTHENTICATED');
  const [result] = await db.query<{ principal: PrincipalRow | null }>(PRINCIPAL, [tid, sub, sid]);
  const row = result?.principal;
  if (!row) throw new HttpError(401, 'UNAUTHENTICATED');
  if (row.tenantStatus !== 'active') throw new HttpError(401, 'TENANT_SUSPENDED');
  if (row.status !== 'active') throw new HttpError(401, 'ACCOUNT_DISABLED');
  if (!row.sessionActive) throw new HttpError(401, 'SESSION_ENDED');
  // Token times are whole seconds: refuse tokens issued in an earlier second than the last password change.
  if (iat < Math.floor(new Date(row.tokensValidAfter).getTime() / 1000)) throw new HttpError(401, 'UNAUTHENTICATED');
  return {
    tenantId: tid,
    userId: sub,
    username: row.username,
    rootUnitId: row.rootUnitId,
    enabledPlugins: row.enabledPlugins,
    grants: row.grants.map((g) => ({
      unitId: g.unitId,
      level: g.level,
      permissions: effectiveGridPermissions(
        { key: g.roleKey, system: g.system, permissions: g.permissions },
        row.enabledPlugins,
      ),
    })),
    homeUnitId: row.orgUnitId,
    partnerBodyId: row.partnerBodyId,
  };
}

/** The guard's plugin-route checks: the plugin is enabled (404), then one of the permissions is held somewhere (403). */
export function requireGridPermission(principal: Principal, ...permissions: string[]): void {
  if (!principal.enabledPlugins.includes(GRID)) throw new HttpError(404, 'PLUGIN_DISABLED', { plugin: GRID });
  if (!permissions.some((p) => canSomewhere(principal.grants, p))) throw new HttpError(403, 'FORBIDDEN');
}
