import {
  decodeCursor,
  Injectable,
  NotFoundError,
  pageSize,
  toPage,
  Tongxin,
  type PartnerBodyView,
  type PluginRequestContext,
  type PluginTx,
  isUuid,
} from '@tongxin/plugin-sdk';
import { REGISTRATION_READ } from '../constants';
import { DualReportEvaluation } from '../evaluations/evaluation.entity';
import { evaluationViews } from '../evaluations/evaluation-views';
import { CURRENT_SQL, HELD_AT_SQL } from '../registrations/registration-views';
import { PARTY_MEMBER_SQL } from '../shared/people';
import { namedQuery, namesOf } from '../registrations/names';
import { callerPartner } from '../shared/scope';
import { figures, NO_FIGURES, ofMembers, ofMembersOf, ofUnitItself, periodOf, total, type Period } from './figures';
import type {
  PeriodQueryDto,
  ServiceRecordView,
  UnitMembersQueryDto,
  UnitMemberView,
  UnitRecordsQueryDto,
  UnitSummaryView,
} from './reports.dto';
import { reportsErrors } from './errors';

/**
 * 双报告: a member's service is reported back to their own unit's party organisation. The unit
 * (its liaison, whose partner body it is) reads its members, their records across communities
 * (only sign-ups made as its members: nothing else of those communities) and a period summary;
 * district-wide staff read the same summary of any unit.
 */
@Injectable()
export class ReportsService {
  constructor(private readonly tongxin: Tongxin) {}

  /** The unit's active users with their registration and their service in the period. */
  members(ctx: PluginRequestContext, query: UnitMembersQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const unit = await this.ownUnit(tx, ctx);
      const calendar = await tx.clock.calendar();
      const period = periodOf(calendar, tx.now, query.from, query.to);
      const limit = pageSize(query);
      const after = decodeCursor(query.cursor);
      const users = await tx.query<{ id: string; name: string }>(
        `select u.id, u.display_name as name from sdk_users u
          where u.partner_body_id = $1 and u.status = 'active' and ${PARTY_MEMBER_SQL('u')}
            and ($2::uuid is null or u.id < $2::uuid)
          order by u.id desc limit $3`,
        [unit.id, after ?? null, limit + 1],
      );
      const page = toPage(users, limit, (u) => u);
      const ids = page.items.map((u) => u.id);
      const registrations = await namedQuery<{
        id: string;
        memberId: string;
        unitId: string;
        status: 'pending' | 'approved';
        availableDays: string[];
        transferredFrom: string | null;
      }>(
        tx,
        `select r.id, r.member_id as "memberId", r.unit_id as "unitId", r.status,
                r.available_days as "availableDays", r.transferred_from as "transferredFrom"
           from dual_report_registrations r
          where r.member_id = any(:ids::uuid[]) and r.status in ('pending', 'approved')`,
        { ids },
      );
      const reported = await namedQuery<{ memberId: string }>(
        tx,
        `select distinct r.member_id as "memberId" from dual_report_registrations r
          where r.member_id = any(:ids::uuid[]) and ${CURRENT_SQL('r')}`,
        { ids },
      );
      const served = await figures(tx, period, [ofMembers(ids), ofMembersOf(unit.id)], 'member_id');
      const names = await namesOf(tx, { units: registrations.map((r) => r.unitId) });
      const reportedIds = new Set(reported.map((r) => r.memberId));
      const items: UnitMemberView[] = page.items.map((u) => {
        const r = registrations.find((x) => x.memberId === u.id);
        return {
          memberId: u.id,
          memberName: u.name,
          registration: r
            ? {
                id: r.id,
                communityId: r.unitId,
                communityName: names.get(r.unitId) ?? '',
                status: r.status,
                availableDays: r.availableDays,
                transferredFrom: r.transferredFrom,
              }
            : null,
          reported: reportedIds.has(u.id),
          ...(served.get(u.id) ?? NO_FIGURES),
        };
      });
      return { items, nextCursor: page.nextCursor };
    });
  }

  /**
   * The members' attended sign-ups in the period, across communities: only sign-ups made as
   * members of the caller's unit, newest first.
   */
  records(ctx: PluginRequestContext, query: UnitRecordsQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const unit = await this.ownUnit(tx, ctx);
      const calendar = await tx.clock.calendar();
      const period = periodOf(calendar, tx.now, query.from, query.to);
      const limit = pageSize(query);
      const after = decodeCursor(query.cursor);
      const rows = await tx.query<{
        id: string;
        memberId: string;
        callId: string;
        callTitle: string;
        callKind: string;
        communityId: string;
        startsAt: Date;
        hours: string;
        workDone: string;
        confirmedAt: Date | null;
      }>(
        `select s.id, s.member_id as "memberId", c.id as "callId", c.title as "callTitle", c.kind as "callKind",
                c.community_id as "communityId", c.starts_at as "startsAt", s.hours, s.work_done as "workDone",
                s.confirmed_at as "confirmedAt"
           from dual_report_signups s
           join dual_report_calls c on c.tenant_id = s.tenant_id and c.id = s.call_id
          where s.member_partner_id = $1 and s.member_id is not null and s.status = 'attended'
            and c.starts_at >= $2 and c.starts_at < $3
            and ($4::uuid is null or s.member_id = $4::uuid) and ($5::uuid is null or s.id < $5::uuid)
          order by s.id desc limit $6`,
        [unit.id, period.start, period.end, query.memberId ?? null, after ?? null, limit + 1],
      );
      const page = toPage(rows, limit, (r) => r);
      const names = await namesOf(tx, {
        units: page.items.map((r) => r.communityId),
        users: page.items.map((r) => r.memberId),
      });
      const items: ServiceRecordView[] = page.items.map((r) => ({
        signupId: r.id,
        memberId: r.memberId,
        memberName: names.get(r.memberId) ?? '',
        callId: r.callId,
        callTitle: r.callTitle,
        callKind: r.callKind,
        communityId: r.communityId,
        communityName: names.get(r.communityId) ?? '',
        date: calendar.dateOf(r.startsAt),
        hours: Number(r.hours),
        workDone: r.workDone,
        confirmedAt: r.confirmedAt?.toISOString() ?? null,
      }));
      return { items, nextCursor: page.nextCursor };
    });
  }

  /** The caller's unit's summary for the period. */
  mySummary(ctx: PluginRequestContext, query: PeriodQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) =>
      summary(tx, await this.ownUnit(tx, ctx), periodOf(await tx.clock.calendar(), tx.now, query.from, query.to)),
    );
  }

  /** Any unit's summary, for district-wide staff (those who read registrations over the whole district). */
  unitSummary(ctx: PluginRequestContext, partnerId: string, query: PeriodQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      this.tongxin.assertCan(ctx, REGISTRATION_READ, await tx.hierarchy.root());
      const partner = isUuid(partnerId) ? await tx.partners.get(partnerId) : null;
      if (!partner) throw new NotFoundError('partner_body');
      return summary(tx, partner, periodOf(await tx.clock.calendar(), tx.now, query.from, query.to));
    });
  }

  /** The unit the caller works for (a unit's liaison); 403 for an account of no unit. */
  private async ownUnit(tx: PluginTx, ctx: PluginRequestContext): Promise<PartnerBodyView> {
    const id = await callerPartner(tx, ctx);
    const unit = id ? await tx.partners.get(id) : null;
    if (!unit) throw reportsErrors.NO_UNIT();
    return unit;
  }
}

/**
 * The unit's party members (active users holding party_member) and those of them holding a
 * registration at the period's end; their service in the period; the ratings in the period's years.
 */
async function summary(tx: PluginTx, unit: PartnerBodyView, period: Period): Promise<UnitSummaryView> {
  const [counts] = await tx.query<{ members: number; reported: number }>(
    `select count(*)::int as members,
            (count(*) filter (where exists (select 1 from dual_report_registrations r
               where r.tenant_id = u.tenant_id and r.member_id = u.id and ${HELD_AT_SQL('r', '$2')})))::int as reported
       from sdk_users u where u.partner_body_id = $1 and u.status = 'active' and ${PARTY_MEMBER_SQL('u')}`,
    [unit.id, period.end],
  );
  const members = counts?.members ?? 0;
  const reported = counts?.reported ?? 0;
  const served = total(await figures(tx, period, [ofMembersOf(unit.id)]));
  const itself = total(await figures(tx, period, [ofUnitItself(unit.id)]));
  const rows = await tx
    .repository(DualReportEvaluation)
    .queryBuilder('e')
    .where('e.partner_id = :partnerId', { partnerId: unit.id })
    .andWhere(`e.direction in ('community_to_unit', 'community_to_member')`)
    .andWhere('e.year between :first and :last', {
      first: Number(period.from.slice(0, 4)),
      last: Number(period.to.slice(0, 4)),
    })
    .orderBy('e.year')
    .addOrderBy('e.id')
    .getMany();
  const evaluations = await evaluationViews(tx, rows);
  return {
    partnerId: unit.id,
    partnerName: unit.name,
    from: period.from,
    to: period.to,
    members,
    membersReported: reported,
    shareReported: members ? Math.round((reported / members) * 10_000) / 10_000 : null,
    ...served,
    unitActivities: itself.activities,
    unitHours: itself.hours,
    unitWorkDone: itself.workDone,
    unitEvaluations: evaluations.filter((e) => e.direction === 'community_to_unit'),
    memberEvaluations: evaluations.filter((e) => e.direction === 'community_to_member'),
  };
}
