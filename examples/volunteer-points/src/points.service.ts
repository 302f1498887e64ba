import {
  Injectable,
  NotFoundError,
  subtreeCondition,
  Tongxin,
  unitInScope,
  type PluginRequestContext,
  cursorPage,
} from '@tongxin/plugin-sdk';
import { COMMUNITY_LEVEL, ENTRY_ADJUST, ENTRY_READ, ENTRY_WRITE } from './constants';
import { entryView, lockVolunteer, requireVolunteer, serviceUnit, totalsOf } from './ledger';
import { PointsAwarded, type PointsAwardedV1 } from './events';
import { VolunteerPointsEntry } from './points-entry.entity';
import type { AdjustPointsDto, LeaderboardQueryDto, ListEntriesQueryDto, RecordServiceDto } from './points.dto';
import type { VolunteerPointsSettings } from './settings';
import { pointsErrors } from './errors';

/** The points ledger: service earns, corrections adjust, and the figures read from it. */
@Injectable()
export class PointsService {
  constructor(private readonly tongxin: Tongxin) {}

  /** Records hours served; points = hours × pointsPerHour. Publishes `volunteer-points.points-awarded`. */
  recordService(ctx: PluginRequestContext, dto: RecordServiceDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      if (!(dto.hours > 0)) throw pointsErrors.HOURS_NOT_POSITIVE();
      const today = await tx.clock.dateOf(tx.now);
      if (dto.activityDate > today) throw pointsErrors.ACTIVITY_DATE_IN_FUTURE({ date: dto.activityDate, today });
      const unit = await serviceUnit(this.tongxin, tx, ctx, dto.unitId, ENTRY_WRITE);
      const settings = await tx.settings<VolunteerPointsSettings>();
      if (dto.hours > settings.maxHoursPerEntry)
        throw pointsErrors.HOURS_OVER_LIMIT({ max: settings.maxHoursPerEntry });
      await requireVolunteer(tx, dto.volunteerId);

      // In hundredths of an hour, so 2.55 h × 10 is 26 points rather than 25.499….
      const points = Math.round((Math.round(dto.hours * 100) * settings.pointsPerHour) / 100);
      const entry = await tx.repository(VolunteerPointsEntry).insert(
        {
          volunteerId: dto.volunteerId,
          unitId: unit.id,
          kind: 'service',
          hours: dto.hours,
          points,
          activityDate: dto.activityDate,
          description: dto.description,
          rewardId: null,
          quantity: null,
          recordedBy: ctx.userId,
        },
        { unitId: unit.id },
      );
      const awarded: PointsAwardedV1 = {
        entryId: entry.id,
        volunteerId: dto.volunteerId,
        unitId: unit.id,
        communityId: unit.communityId!,
        hours: dto.hours,
        points,
        activityDate: dto.activityDate,
      };
      await tx.events.publish(PointsAwarded, awarded);
      await tx.notifications.notify({
        userIds: [dto.volunteerId],
        kind: 'points-awarded',
        params: { points, date: dto.activityDate, unit: unit.name, hours: dto.hours, description: dto.description },
        data: { entryId: entry.id, points },
        dedupeKey: entry.id,
      });
      await tx.audit('entry.create', 'entry', entry.id, null, {
        volunteerId: dto.volunteerId,
        unitId: unit.id,
        hours: dto.hours,
        points,
        activityDate: dto.activityDate,
      });
      return entryView(entry);
    });
  }

  /** A correction either way, with its reason; it may not take the balance below zero. */
  adjust(ctx: PluginRequestContext, dto: AdjustPointsDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const unit = await serviceUnit(this.tongxin, tx, ctx, dto.unitId, ENTRY_ADJUST);
      await requireVolunteer(tx, dto.volunteerId);
      await lockVolunteer(tx, dto.volunteerId);
      const { balance } = await totalsOf(tx, dto.volunteerId);
      if (balance + dto.points < 0) throw pointsErrors.INSUFFICIENT_POINTS({ balance, cost: -dto.points }, { balance });
      const entry = await tx.repository(VolunteerPointsEntry).insert(
        {
          volunteerId: dto.volunteerId,
          unitId: unit.id,
          kind: 'adjustment',
          hours: 0,
          points: dto.points,
          activityDate: await tx.clock.dateOf(tx.now),
          description: dto.reason,
          rewardId: null,
          quantity: null,
          recordedBy: ctx.userId,
        },
        { unitId: unit.id },
      );
      await tx.audit(
        'entry.adjust',
        'entry',
        entry.id,
        { balance },
        { balance: balance + dto.points, reason: dto.reason },
      );
      return entryView(entry);
    });
  }

  /** Ledger lines in the caller's scope, newest last, a cursor page at a time. */
  list(ctx: PluginRequestContext, query: ListEntriesQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const scope = this.tongxin.scopeCondition(ctx, ENTRY_READ, 'e');
      const qb = tx.repository(VolunteerPointsEntry).queryBuilder('e').where(scope.sql, scope.params);
      if (query.unitId) {
        const unit = await unitInScope(this.tongxin, tx, ctx, query.unitId, ENTRY_READ);
        const subtree = subtreeCondition('e', unit);
        qb.andWhere(subtree.sql, subtree.params);
      }
      if (query.volunteerId) qb.andWhere('e.volunteer_id = :volunteerId', { volunteerId: query.volunteerId });
      if (query.kind) qb.andWhere('e.kind = :kind', { kind: query.kind });
      const page = await cursorPage(qb, 'e', query, 'oldest');
      return { items: page.items.map(entryView), nextCursor: page.nextCursor };
    });
  }

  /**
   * A volunteer's district-wide balance, for callers who can read at least one of their entries
   * (a volunteer who never served in your area answers 404 like an unknown one).
   */
  balance(ctx: PluginRequestContext, volunteerId: string) {
    return this.tongxin.transaction(ctx, async (tx) => {
      await requireVolunteer(tx, volunteerId);
      const scope = this.tongxin.scopeCondition(ctx, ENTRY_READ, 'e');
      const visible = await tx
        .repository(VolunteerPointsEntry)
        .queryBuilder('e')
        .select('e.id')
        .where(scope.sql, scope.params)
        .andWhere('e.volunteer_id = :volunteerId', { volunteerId })
        .limit(1)
        .getRawOne();
      if (!visible) throw pointsErrors.VOLUNTEER_NOT_FOUND();
      return { volunteerId, ...(await totalsOf(tx, volunteerId)) };
    });
  }

  /**
   * The community's top volunteers by points earned there (service and corrections, not
   * spending) in [from, to), ranked in SQL; ties share a rank.
   */
  leaderboard(ctx: PluginRequestContext, query: LeaderboardQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      if (query.from && query.to && query.from >= query.to)
        throw pointsErrors.PERIOD_INVALID({ from: query.from, to: query.to });
      const unit = await tx.hierarchy.unit(query.communityId);
      if (!unit || !this.tongxin.can(ctx, ENTRY_READ, unit)) throw new NotFoundError('org_unit');
      if (unit.level !== COMMUNITY_LEVEL) throw pointsErrors.NOT_A_COMMUNITY({ unit: unit.name });
      const { leaderboardSize } = await tx.settings<VolunteerPointsSettings>();
      const ranked = await tx.query<{ rank: number; volunteerId: string; points: number; hours: number }>(
        `select rank() over (order by sum(e.points) desc)::int as rank,
                e.volunteer_id as "volunteerId", sum(e.points)::int as points, sum(e.hours)::float8 as hours
           from volunteer_points_entries e
          where e.community_id = $1 and e.kind in ('service', 'adjustment')
            and ($2::date is null or e.activity_date >= $2::date)
            and ($3::date is null or e.activity_date < $3::date)
          group by e.volunteer_id
         having sum(e.points) > 0
          order by sum(e.points) desc, sum(e.hours) desc, e.volunteer_id
          limit $4`,
        [unit.id, query.from ?? null, query.to ?? null, leaderboardSize],
      );
      // The volunteers named on the community's ledger, which the caller may read.
      const names = await tx.users.displayNames(ranked.map((r) => r.volunteerId));
      const rows = ranked.map(({ rank, volunteerId, points, hours }) => ({
        rank,
        volunteerId,
        displayName: names.get(volunteerId) ?? '',
        points,
        hours,
      }));
      return { communityId: unit.id, from: query.from ?? null, to: query.to ?? null, rows };
    });
  }
}
