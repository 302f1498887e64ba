import {
  decodeCursor,
  Injectable,
  NotFoundError,
  pageSize,
  toPage,
  Tongxin,
  type PluginRequestContext,
  type PluginTx,
  isUuid,
  subtreeCondition,
  unitInScope,
  pageOf,
} from '@tongxin/plugin-sdk';
import { GRID_MANAGE, GRID_READ } from '../constants';
import { isBoundary } from '../shared/geo';
import { gridInScope, lockGrid, queryNamed } from './grid-access';
import { GridProfile } from './grid-profile.entity';
import { GRID_DUTIES, GridStaff, THREE_MEMBERS, type GridDuty } from './grid-staff.entity';
import type {
  CoverageGapView,
  CoverageQueryDto,
  CreateGridStaffDto,
  GridProfileView,
  GridStaffView,
  GridSummaryView,
  ListGridsQueryDto,
  ListGridStaffQueryDto,
  PutGridProfileDto,
  UpdateGridStaffDto,
} from './grids.dto';
import { gridsErrors } from './errors';

export function profileView(p: GridProfile): GridProfileView {
  return {
    unitId: p.unitId,
    households: p.households,
    buildings: p.buildings,
    residents: p.residents,
    boundary: p.boundary,
    notes: p.notes,
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function staffView(s: GridStaff): GridStaffView {
  return {
    id: s.id,
    unitId: s.unitId,
    duty: s.duty,
    userId: s.userId,
    name: s.name,
    phone: s.phone,
    employment: s.employment,
    memberCount: s.memberCount,
    active: s.active,
    createdAt: s.createdAt.toISOString(),
  };
}

/**
 * The grids in the caller's `permission` scope (level-4 org units), optionally within a unit's
 * subtree: SQL over alias `u` with named parameters, for `queryNamed`.
 */
export async function gridsCondition(
  tongxin: Tongxin,
  tx: PluginTx,
  ctx: PluginRequestContext,
  permission: string,
  unitId?: string,
) {
  const scope = tongxin.scopeCondition(ctx, permission, 'u');
  const parts = ['u.level = 4', scope.sql];
  const params: Record<string, unknown> = { ...scope.params };
  if (unitId) {
    const sub = subtreeCondition('u', await unitInScope(tongxin, tx, ctx, unitId, permission));
    parts.push(sub.sql);
    Object.assign(params, sub.params);
  }
  return { sql: parts.join(' AND '), params };
}

/** Grid profiles (households, buildings, boundary), grid staff (网格长 + 三员) and the 三员 coverage. */
@Injectable()
export class GridsService {
  constructor(private readonly tongxin: Tongxin) {}

  /** Grids in scope with their profile summary and serving staff per duty, a cursor page at a time. */
  list(ctx: PluginRequestContext, query: ListGridsQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const limit = pageSize(query);
      const where = await gridsCondition(this.tongxin, tx, ctx, GRID_READ, query.unitId);
      const after = decodeCursor(query.cursor);
      const rows = await queryNamed<GridRow>(
        tx,
        // The page of grids first, then only its profiles and staff are joined.
        `with g as (
            select u.id, u.code, u.name, u.community_id from sdk_units u
             where ${where.sql} ${after ? 'and u.id > :after' : ''} order by u.id limit :limit
          )
         select g.id, g.code, g.name, g.community_id as "communityId",
                p.id as "profileId", p.households, p.buildings, p.residents, p.boundary is not null as "hasBoundary",
                count(s.id) filter (where s.duty = 'grid_leader')::int as grid_leader,
                count(s.id) filter (where s.duty = 'grid_worker')::int as grid_worker,
                count(s.id) filter (where s.duty = 'grid_police')::int as grid_police,
                count(s.id) filter (where s.duty = 'volunteer_team')::int as volunteer_team
           from g
           left join grid_profiles p on p.unit_id = g.id
           left join grid_staff s on s.unit_id = g.id and s.active
          group by g.id, g.code, g.name, g.community_id, p.tenant_id, p.id
          order by g.id`,
        { ...where.params, after, limit: limit + 1 },
      );
      return toPage(rows, limit, gridSummary);
    });
  }

  /** One grid: its profile (null until first saved), serving staff and what of the 三员 it lacks. */
  get(ctx: PluginRequestContext, unitId: string) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const unit = await gridInScope(this.tongxin, tx, ctx, unitId, GRID_READ);
      const profile = await this.profileOf(tx, unit.id);
      const staff = await this.staffOf(tx, unit.id, true);
      const serving = new Set(staff.map((s) => s.duty));
      return {
        unitId: unit.id,
        code: unit.code,
        name: unit.name,
        communityId: unit.communityId!,
        profile: profile ? profileView(profile) : null,
        staff: staff.map(staffView),
        missingDuties: THREE_MEMBERS.filter((d) => !serving.has(d)),
        hasLeader: serving.has('grid_leader'),
      };
    });
  }

  /** Creates or replaces the grid's profile (PUT: omitted boundary/notes are cleared). */
  putProfile(ctx: PluginRequestContext, unitId: string, dto: PutGridProfileDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const unit = await gridInScope(this.tongxin, tx, ctx, unitId, GRID_MANAGE);
      if (dto.boundary != null && !isBoundary(dto.boundary)) throw gridsErrors.BOUNDARY_INVALID();
      await lockGrid(tx, unit.id);
      const values = {
        households: dto.households,
        buildings: dto.buildings,
        residents: dto.residents,
        boundary: dto.boundary ?? null,
        notes: dto.notes ?? '',
      };
      const before = await this.profileOf(tx, unit.id);
      if (before) await tx.repository(GridProfile).update(before.id, values);
      else await tx.repository(GridProfile).insert({ unitId: unit.id, ...values }, { unitId: unit.id });
      const after = (await this.profileOf(tx, unit.id))!;
      await tx.audit('profile.put', 'grid_profile', after.id, before ? profileView(before) : null, profileView(after));
      return profileView(after);
    });
  }

  listStaff(ctx: PluginRequestContext, unitId: string, query: ListGridStaffQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const unit = await gridInScope(this.tongxin, tx, ctx, unitId, GRID_READ);
      return pageOf((await this.staffOf(tx, unit.id, query.active)).map(staffView), query);
    });
  }

  /**
   * Adds a 网格长, 网格员, 网格警 or volunteer team. A user named must be an active user the caller
   * can see (in their scope; else 404, as for an unknown id, so the name of someone elsewhere never
   * comes back); one serving 网格长 per grid (409 `GRID_LEADER_EXISTS`); a user holds a duty once
   * per grid (409 `GRID_STAFF_DUPLICATE`).
   */
  addStaff(ctx: PluginRequestContext, unitId: string, dto: CreateGridStaffDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const unit = await gridInScope(this.tongxin, tx, ctx, unitId, GRID_MANAGE);
      assertMemberCount(dto.duty, dto.memberCount);
      const user = dto.userId ? await tx.users.visibleTo(ctx, dto.userId) : null;
      if (dto.userId && user?.status !== 'active') throw new NotFoundError('user');
      const name = dto.name ?? user?.displayName;
      if (!name) throw gridsErrors.STAFF_NAME_REQUIRED();
      await lockGrid(tx, unit.id);
      await assertCanServe(tx, unit.id, dto.duty, dto.userId ?? null, null);
      const staff = await tx.repository(GridStaff).insert(
        {
          unitId: unit.id,
          duty: dto.duty,
          userId: dto.userId ?? null,
          name,
          phone: dto.phone ?? '',
          employment: dto.employment ?? 'full_time',
          memberCount: dto.memberCount ?? null,
          active: true,
        },
        { unitId: unit.id },
      );
      await tx.audit('staff.create', 'grid_staff', staff.id, null, staffView(staff));
      return staffView(staff);
    });
  }

  /** Edits a staff entry; `active: false` stands them down, `true` brings them back under the same rules. */
  updateStaff(ctx: PluginRequestContext, unitId: string, id: string, dto: UpdateGridStaffDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const unit = await gridInScope(this.tongxin, tx, ctx, unitId, GRID_MANAGE);
      await lockGrid(tx, unit.id);
      const before = isUuid(id) ? await tx.repository(GridStaff).findById(id) : null;
      if (!before || before.unitId !== unit.id) throw new NotFoundError('grid_staff');
      if (dto.memberCount !== undefined) assertMemberCount(before.duty, dto.memberCount);
      if (dto.active && !before.active) await assertCanServe(tx, unit.id, before.duty, before.userId, before.id);
      const changes = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined));
      if (Object.keys(changes).length) await tx.repository(GridStaff).update(id, changes);
      const after = (await tx.repository(GridStaff).findById(id))!;
      await tx.audit('staff.update', 'grid_staff', id, staffView(before), staffView(after));
      return staffView(after);
    });
  }

  /**
   * Grids in scope lacking any of the 三员 (网格员, 网格警, volunteer team), with what they lack,
   * plus totals over all grids in scope: one aggregate over the core's sdk_units view ⟕ serving grid_staff.
   */
  coverage(ctx: PluginRequestContext, query: CoverageQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const limit = pageSize(query);
      const where = await gridsCondition(this.tongxin, tx, ctx, GRID_READ, query.unitId);
      const after = decodeCursor(query.cursor);
      const base = `with g as (
          select u.id, u.code, u.name, u.community_id,
                 coalesce(array_agg(distinct s.duty) filter (where s.duty is not null), '{}') as duties
            from sdk_units u
            left join grid_staff s on s.unit_id = u.id and s.active
           where ${where.sql}
           group by u.tenant_id, u.id, u.code, u.name, u.community_id
        ), c as (
          select g.*, array(select d from unnest(cast(:three as varchar[])) d where d <> all(g.duties)) as missing
            from g
        )`;
      const params = { ...where.params, three: THREE_MEMBERS, after, limit: limit + 1 };
      const [totals] = await queryNamed<{ grids: number; complete: number }>(
        tx,
        `${base} select count(*)::int as grids, count(*) filter (where cardinality(missing) = 0)::int as complete from c`,
        params,
      );
      const rows = await queryNamed<CoverageRow>(
        tx,
        `${base} select c.id, c.code, c.name, c.community_id as "communityId", cu.name as "communityName",
                        c.missing, 'grid_leader' = any(c.duties) as "hasLeader"
                   from c join sdk_units cu on cu.id = c.community_id
                  where cardinality(c.missing) > 0 ${after ? 'and c.id > :after' : ''}
                  order by c.id
                  limit :limit`,
        params,
      );
      const page = toPage(rows, limit, coverageGap);
      return { ...page, totals: { ...totals!, incomplete: totals!.grids - totals!.complete } };
    });
  }

  private profileOf(tx: PluginTx, unitId: string) {
    return tx.repository(GridProfile).queryBuilder('p').where('p.unit_id = :unitId', { unitId }).getOne();
  }

  private async staffOf(tx: PluginTx, unitId: string, active?: boolean) {
    const qb = tx.repository(GridStaff).queryBuilder('s').where('s.unit_id = :unitId', { unitId });
    if (active !== undefined) qb.andWhere('s.active = :active', { active });
    // As a grid's board lists them: 网格长, 网格员, 网格警, volunteer team; oldest first within a duty.
    const rows = await qb.orderBy('s.id', 'ASC').getMany();
    return rows.sort((a, b) => GRID_DUTIES.indexOf(a.duty) - GRID_DUTIES.indexOf(b.duty));
  }
}

interface GridRow {
  id: string;
  code: string;
  name: string;
  communityId: string;
  profileId: string | null;
  households: number | null;
  buildings: number | null;
  residents: number | null;
  hasBoundary: boolean;
  grid_leader: number;
  grid_worker: number;
  grid_police: number;
  volunteer_team: number;
}

function gridSummary(r: GridRow): GridSummaryView {
  return {
    unitId: r.id,
    code: r.code,
    name: r.name,
    communityId: r.communityId,
    profile: r.profileId
      ? { households: r.households!, buildings: r.buildings!, residents: r.residents!, hasBoundary: r.hasBoundary }
      : null,
    staffCounts: {
      grid_leader: r.grid_leader,
      grid_worker: r.grid_worker,
      grid_police: r.grid_police,
      volunteer_team: r.volunteer_team,
    },
  };
}

interface CoverageRow {
  id: string;
  code: string;
  name: string;
  communityId: string;
  communityName: string;
  missing: GridDuty[];
  hasLeader: boolean;
}

function coverageGap(r: CoverageRow): CoverageGapView {
  const { id, missing, ...rest } = r;
  return { unitId: id, ...rest, missingDuties: missing };
}

/** Only a volunteer team has members to count. */
function assertMemberCount(duty: GridDuty, memberCount: number | undefined) {
  if (memberCount !== undefined && duty !== 'volunteer_team') throw gridsErrors.STAFF_MEMBER_COUNT_TEAM_ONLY();
}

/** One serving 网格长 per grid; a user serves in a duty once per grid. Call under `lockGrid`. */
async function assertCanServe(
  tx: PluginTx,
  unitId: string,
  duty: GridDuty,
  userId: string | null,
  self: string | null,
) {
  const serving = await tx
    .repository(GridStaff)
    .queryBuilder('s')
    .where('s.unit_id = :unitId and s.duty = :duty and s.active', { unitId, duty })
    .getMany();
  const others = serving.filter((s) => s.id !== self);
  if (userId && others.some((s) => s.userId === userId)) throw gridsErrors.STAFF_DUPLICATE({ duty });
  const leader = others[0];
  if (duty === 'grid_leader' && leader) throw gridsErrors.LEADER_EXISTS({ name: leader.name });
}
