import {
  decodeCursor,
  Injectable,
  pageSize,
  toPage,
  Tongxin,
  type PluginRequestContext,
  type PluginTx,
  subtreeCondition,
  unitInScope,
} from '@tongxin/plugin-sdk';
import { PATROL_READ, PATROL_WRITE } from '../constants';
import { gridInScope, gridsCondition, queryNamed } from '../grids';
import type { GridBoundary } from '../grids/grid-profile.entity';
import type { GridSettings } from '../settings';
import { contains } from '../shared/geo';
import { GridPatrol } from './patrol.entity';
import type { CreatePatrolDto, ListPatrolsQueryDto, PatrolCoverageQueryDto, PatrolView } from './patrols.dto';
import { patrolsErrors } from './errors';

/** Longest period of the coverage table: a month. */
const MAX_COVERAGE_DAYS = 31;
const DAY_MS = 86_400_000;

function patrolView(p: GridPatrol, workers: Map<string, string>): PatrolView {
  return {
    id: p.id,
    unitId: p.gridId!,
    workerId: p.workerId,
    workerName: workers.get(p.workerId) ?? '',
    checkedInAt: p.checkedInAt.toISOString(),
    patrolDate: p.patrolDate,
    half: p.half,
    latitude: p.latitude,
    longitude: p.longitude,
    place: p.place,
    findings: p.findings,
    caseIds: p.caseIds,
  };
}

async function workerNames(tx: PluginTx, patrols: GridPatrol[]): Promise<Map<string, string>> {
  const ids = [...new Set(patrols.map((p) => p.workerId))];
  if (!ids.length) return new Map();
  return tx.users.displayNames(ids);
}

/** Days in [from, to], or 400 `GRID_PERIOD_INVALID` when to is before from or the span is over `maxDays`. */
function periodDays(from: string, to: string, maxDays = Infinity): number {
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (!(days >= 1 && days <= maxDays)) throw patrolsErrors.PERIOD_INVALID({ from, to });
  return days;
}

/** Patrol check-ins (上下午双巡) and their coverage per grid and day. */
@Injectable()
export class PatrolsService {
  constructor(private readonly tongxin: Tongxin) {}

  /**
   * Checks in a patrol at a grid the caller may patrol. The time is the server's (a client clock
   * cannot move a patrol into the other half of the day); the half is am before noon, district time.
   */
  create(ctx: PluginRequestContext, dto: CreatePatrolDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const grid = await gridInScope(this.tongxin, tx, ctx, dto.unitId, PATROL_WRITE);
      const lat = dto.latitude ?? null;
      const lng = dto.longitude ?? null;
      if ((lat === null) !== (lng === null)) throw patrolsErrors.PATROL_LOCATION_INCOMPLETE();
      if (lat !== null && lng !== null) {
        const [profile] = await tx.query<{ boundary: GridBoundary | null }>(
          'select boundary from grid_profiles where unit_id = $1',
          [grid.id],
        );
        if (profile?.boundary && !contains(profile.boundary, lat, lng))
          throw patrolsErrors.PATROL_OUTSIDE_GRID({ unit: grid.name, latitude: lat, longitude: lng });
      }
      const caseIds = dto.caseIds ?? [];
      if (caseIds.length) {
        const found = await tx.query<{ id: string }>(
          'select id from grid_cases where id = any($1::uuid[]) and grid_id = $2',
          [caseIds, grid.id],
        );
        const known = new Set(found.map((r) => r.id));
        const unknown = caseIds.find((id) => !known.has(id));
        if (unknown) throw patrolsErrors.PATROL_CASE_UNKNOWN({ caseId: unknown, unit: grid.name });
      }
      const calendar = await tx.clock.calendar();
      const patrol = await tx.repository(GridPatrol).insert(
        {
          workerId: ctx.userId,
          checkedInAt: tx.now,
          patrolDate: calendar.dateOf(tx.now),
          half: calendar.hourOf(tx.now) < 12 ? 'am' : 'pm',
          latitude: lat,
          longitude: lng,
          place: dto.place ?? '',
          findings: dto.findings ?? '',
          caseIds,
        },
        { unitId: grid.id },
      );
      const view = patrolView(patrol, await workerNames(tx, [patrol]));
      await tx.audit('patrol.create', 'grid_patrol', patrol.id, null, view);
      return view;
    });
  }

  /** Patrols in the caller's scope, newest first. */
  list(ctx: PluginRequestContext, query: ListPatrolsQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      if (query.from && query.to) periodDays(query.from, query.to);
      const limit = pageSize(query);
      const scope = this.tongxin.scopeCondition(ctx, PATROL_READ, 'p');
      const qb = tx.repository(GridPatrol).queryBuilder('p').where(scope.sql, scope.params);
      if (query.unitId) {
        const sub = subtreeCondition('p', await unitInScope(this.tongxin, tx, ctx, query.unitId, PATROL_READ));
        qb.andWhere(sub.sql, sub.params);
      }
      if (query.from) qb.andWhere('p.patrol_date >= :from', { from: query.from });
      if (query.to) qb.andWhere('p.patrol_date <= :to', { to: query.to });
      const after = decodeCursor(query.cursor);
      if (after) qb.andWhere('p.id < :after', { after });
      const rows = await qb
        .orderBy('p.id', 'DESC')
        .limit(limit + 1)
        .getMany();
      const workers = await workerNames(tx, rows);
      return toPage(rows, limit, (p) => patrolView(p, workers));
    });
  }

  /**
   * For each grid in scope (or the unit's subtree) and each day of [from, to]: morning and afternoon
   * done, and whether the day met `patrolsPerDay` (2: both halves, 1: either); the summary is over
   * every grid, the grids themselves come a cursor page at a time. generate_series × grids ⟕ patrols.
   */
  coverage(ctx: PluginRequestContext, query: PatrolCoverageQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const days = periodDays(query.from, query.to, MAX_COVERAGE_DAYS);
      const limit = pageSize(query);
      const { patrolsPerDay } = await tx.settings<GridSettings>();
      const grids = await gridsCondition(this.tongxin, tx, ctx, PATROL_READ, query.unitId);
      const after = decodeCursor(query.cursor);
      const params = {
        ...grids.params,
        from: query.from,
        to: query.to,
        perDay: patrolsPerDay,
        after,
        limit: limit + 1,
      };
      // (grid, day) cells that saw a patrol, for the grids of CTE `g`; a day without one has no row.
      const patrolled = `p as (
          select p.grid_id, p.patrol_date, bool_or(p.half = 'am') as am, bool_or(p.half = 'pm') as pm
            from grid_patrols p
           where p.grid_id in (select id from g) and p.patrol_date between cast(:from as date) and cast(:to as date)
           group by p.grid_id, p.patrol_date
        )`;
      const metSql = '((p.am and p.pm) or (cast(:perDay as int) = 1 and (p.am or p.pm)))';
      // The summary needs no grids × days table: grid-days is a product, days met are patrolled cells.
      const [totals] = await queryNamed<{ grids: number; daysMet: number }>(
        tx,
        `with g as (select u.id from sdk_units u where ${grids.sql}), ${patrolled}
         select (select count(*) from g)::int as grids, count(*) filter (where ${metSql})::int as "daysMet" from p`,
        params,
      );
      // The page: generate_series × this page's grids ⟕ their patrols.
      const cells = await queryNamed<CellRow>(
        tx,
        `with g as (
            select u.id, u.code, u.name from sdk_units u
             where ${grids.sql} ${after ? 'and u.id > :after' : ''} order by u.id limit :limit
          ), d as (
            select cast(day as date) as day
              from generate_series(cast(:from as date), cast(:to as date), interval '1 day') as day
          ), ${patrolled}
         select g.id, g.code, g.name, cast(d.day as text) as day,
                coalesce(p.am, false) as am, coalesce(p.pm, false) as pm, coalesce(${metSql}, false) as met
           from g cross join d
           left join p on p.grid_id = g.id and p.patrol_date = d.day
          order by g.id, d.day`,
        params,
      );
      const byGrid = new Map<string, { id: string; code: string; name: string; days: DayCell[] }>();
      for (const { id, code, name, day, am, pm, met } of cells) {
        const grid = byGrid.get(id) ?? byGrid.set(id, { id, code, name, days: [] }).get(id)!;
        grid.days.push({ date: day, am, pm, met });
      }
      const page = toPage([...byGrid.values()], limit, ({ id, code, name, days: cellsOfGrid }) => ({
        unitId: id,
        code,
        name,
        days: cellsOfGrid,
        daysMet: cellsOfGrid.filter((c) => c.met).length,
      }));
      const { grids: gridCount, daysMet } = totals!;
      const gridDays = gridCount * days;
      return {
        ...page,
        summary: {
          from: query.from,
          to: query.to,
          patrolsPerDay,
          days,
          grids: gridCount,
          gridDays,
          daysMet,
          rate: gridDays ? Math.round((daysMet / gridDays) * 10_000) / 10_000 : null,
        },
      };
    });
  }
}

interface DayCell {
  date: string;
  am: boolean;
  pm: boolean;
  met: boolean;
}

interface CellRow {
  id: string;
  code: string;
  name: string;
  day: string;
  am: boolean;
  pm: boolean;
  met: boolean;
}
