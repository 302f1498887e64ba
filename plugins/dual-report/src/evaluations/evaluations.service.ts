import {
  Injectable,
  NotFoundError,
  Tongxin,
  type DistrictCalendar,
  type OrgUnitView,
  type PluginRequestContext,
  type PluginTx,
  unitInScope,
  cursorPage,
  isUniqueViolation,
} from '@tongxin/plugin-sdk';
import { COMMUNITY_LEVEL, EVALUATION_WRITE, REGISTRATION_READ } from '../constants';
import { CURRENT_SQL } from '../registrations/registration-views';
import { namedQuery, namesOf } from '../registrations/names';
import {
  figures,
  NO_FIGURES,
  ofMembers,
  ofMembersOf,
  ofUnitItself,
  total,
  yearPeriod,
  type Condition,
  type Figures,
} from '../reports/figures';
import { callerPartner } from '../shared/scope';
import { DualReportEvaluation, type EvaluationDirection } from './evaluation.entity';
import { anyScope, average, communityScore, evaluationViews } from './evaluation-views';
import type {
  EvaluateCommunityDto,
  EvaluateMemberDto,
  EvaluateUnitDto,
  ItemAverageView,
  ListEvaluationsQueryDto,
  YearEndMemberView,
  YearEndQueryDto,
  YearEndUnitView,
  YearEndView,
} from './evaluations.dto';
import { reportsErrors } from '../reports/errors';
import { pairingsErrors } from '../pairings/errors';
import { evaluationsErrors } from './errors';

const READERS = [EVALUATION_WRITE, REGISTRATION_READ];

/**
 * 双向考评, once a year per pair: the community rates each member registered with it and each
 * unit paired with it (every assessment item of the agreement scored), the unit rates the
 * community. The year-end summary sets the ratings beside the service figures.
 */
@Injectable()
export class EvaluationsService {
  constructor(private readonly tongxin: Tongxin) {}

  /** The community rates a member registered with it (approved, or transferred away) that year. */
  rateMember(ctx: PluginRequestContext, dto: EvaluateMemberDto) {
    return once(
      this.tongxin.transaction(ctx, async (tx) => {
        const community = await this.ratingCommunity(tx, ctx, dto.communityId);
        await assertYear(tx, dto.year);
        const registration = await registeredIn(tx, dto.memberId, community.id, dto.year);
        if (!registration) {
          // Named only if the caller may see them: the refusal must not tell who an id belongs to.
          const member = await tx.users.visibleTo(ctx, dto.memberId);
          throw evaluationsErrors.MEMBER_NOT_REGISTERED({
            member: member?.displayName ?? dto.memberId,
            community: community.name,
            year: dto.year,
          });
        }
        return this.record(tx, ctx, 'community_to_member', dto, community, {
          memberId: dto.memberId,
          // The member's unit as registered: whose party organisation sees the rating.
          partnerId: registration.partnerId,
          pairingId: null,
          itemScores: {},
        });
      }),
    );
  }

  /** The community rates a unit paired with it that year, scoring every assessment item. */
  rateUnit(ctx: PluginRequestContext, dto: EvaluateUnitDto) {
    return once(
      this.tongxin.transaction(ctx, async (tx) => {
        const community = await this.ratingCommunity(tx, ctx, dto.communityId);
        await assertYear(tx, dto.year);
        const partner = await tx.partners.visibleTo(ctx, dto.partnerId);
        if (!partner) throw new NotFoundError('partner_body');
        const pairing = await pairedIn(tx, community, partner.id, partner.name, dto.year);
        const itemScores = dto.itemScores ?? {};
        await checkItemScores(tx, pairing, itemScores, true);
        return this.record(tx, ctx, 'community_to_unit', dto, community, {
          memberId: null,
          partnerId: partner.id,
          pairingId: pairing,
          itemScores,
        });
      }),
    );
  }

  /** The caller's unit (its liaison) rates a community it is paired with that year. */
  rateCommunity(ctx: PluginRequestContext, dto: EvaluateCommunityDto) {
    return once(
      this.tongxin.transaction(ctx, async (tx) => {
        const partnerId = await callerPartner(tx, ctx);
        if (!partnerId) throw reportsErrors.NO_UNIT();
        const community = await tx.hierarchy.requireUnit(dto.communityId);
        if (community.level !== COMMUNITY_LEVEL) throw pairingsErrors.NOT_A_COMMUNITY({ unit: community.name });
        await assertYear(tx, dto.year);
        const partner = (await tx.partners.get(partnerId))!;
        const pairing = await pairedIn(tx, community, partnerId, partner.name, dto.year);
        const itemScores = dto.itemScores ?? {};
        await checkItemScores(tx, pairing, itemScores, false);
        return this.record(tx, ctx, 'unit_to_community', dto, community, {
          memberId: null,
          partnerId,
          pairingId: pairing,
          itemScores,
        });
      }),
    );
  }

  /** Ratings where the caller rates or reads registrations, newest first. */
  list(ctx: PluginRequestContext, query: ListEvaluationsQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const scope = anyScope(this.tongxin, ctx, READERS, 'e');
      const qb = tx.repository(DualReportEvaluation).queryBuilder('e').where(scope.sql, scope.params);
      if (query.year) qb.andWhere('e.year = :year', { year: query.year });
      if (query.direction) qb.andWhere('e.direction = :direction', { direction: query.direction });
      if (query.communityId) qb.andWhere('e.unit_id = :communityId', { communityId: query.communityId });
      if (query.partnerId) qb.andWhere('e.partner_id = :partnerId', { partnerId: query.partnerId });
      if (query.memberId) qb.andWhere('e.member_id = :memberId', { memberId: query.memberId });
      const page = await cursorPage(qb, 'e', query);
      return { items: await evaluationViews(tx, page.items), nextCursor: page.nextCursor };
    });
  }

  /**
   * Year-end: a unit (its figures, the communities' ratings per assessment item, its ratings of
   * them, and its members) or one member. Only what lies in the caller's scope counts.
   */
  yearEnd(ctx: PluginRequestContext, query: YearEndQueryDto): Promise<YearEndView> {
    return this.tongxin.transaction(ctx, async (tx) => {
      if (!query.partnerId === !query.memberId) throw evaluationsErrors.YEAR_END_SUBJECT();
      const calendar = await tx.clock.calendar();
      const period = yearPeriod(calendar, query.year);
      const scopeOf = (alias: string): Condition => anyScope(this.tongxin, ctx, READERS, alias);
      const yearOf = { year: query.year };
      const evaluations = async (where: string, params: Record<string, unknown>) => {
        const scope = scopeOf('e');
        const rows = await tx
          .repository(DualReportEvaluation)
          .queryBuilder('e')
          .where(scope.sql, scope.params)
          .andWhere('e.year = :year', yearOf)
          .andWhere(where, params)
          .orderBy('e.id')
          .getMany();
        return evaluationViews(tx, rows);
      };

      let unit: YearEndUnitView | null = null;
      let memberIds: string[];
      let served: Map<string, Figures>;
      if (query.partnerId) {
        const partner = await tx.partners.visibleTo(ctx, query.partnerId);
        if (!partner) throw new NotFoundError('partner_body');
        const r = scopeOf('r');
        const registered = await namedQuery<{ memberId: string }>(
          tx,
          `select distinct r.member_id as "memberId" from dual_report_registrations r
            where r.partner_id = :partnerId and ${r.sql} and ${REGISTERED_IN_YEAR('r')}`,
          { partnerId: partner.id, ...r.params, ...yearBounds(calendar, query.year) },
        );
        const itself = total(await figures(tx, period, [ofUnitItself(partner.id), scopeOf('s')]));
        served = await figures(tx, period, [ofMembersOf(partner.id), scopeOf('s')], 'member_id');
        const ofUnit = await evaluations(`e.direction = 'community_to_unit' and e.partner_id = :p`, { p: partner.id });
        const byUnit = await evaluations(`e.direction = 'unit_to_community' and e.partner_id = :p`, { p: partner.id });
        const ofItsMembers = await evaluations(`e.direction = 'community_to_member' and e.partner_id = :p`, {
          p: partner.id,
        });
        unit = {
          partnerId: partner.id,
          partnerName: partner.name,
          membersReported: registered.length,
          ...sum([...served.values()]),
          unitActivities: itself.activities,
          unitHours: itself.hours,
          unitWorkDone: itself.workDone,
          averageScore: average(ofUnit.map((e) => e.score)),
          communityScores: ofUnit.map(communityScore),
          items: itemAverages(ofUnit.flatMap((e) => e.itemScores)),
          ratingsOfCommunities: byUnit.map(communityScore),
        };
        // Its members: registered that year, served for it, or rated as its members.
        memberIds = [
          ...new Set([...registered.map((m) => m.memberId), ...served.keys(), ...ofItsMembers.map((e) => e.memberId!)]),
        ];
      } else {
        memberIds = [query.memberId!];
        if (!(await this.memberVisible(tx, ctx, query.memberId!))) throw new NotFoundError('user');
        served = await figures(tx, period, [ofMembers(memberIds), scopeOf('s')], 'member_id');
      }

      const rated = memberIds.length
        ? await evaluations(`e.direction = 'community_to_member' and e.member_id = any(:m::uuid[])`, { m: memberIds })
        : [];
      const names = await namesOf(tx, { users: memberIds });
      const members: YearEndMemberView[] = memberIds.map((memberId) => {
        const scores = rated.filter((e) => e.memberId === memberId);
        return {
          memberId,
          memberName: names.get(memberId) ?? '',
          ...(served.get(memberId) ?? NO_FIGURES),
          scores: scores.map(communityScore),
          averageScore: average(scores.map((e) => e.score)),
        };
      });
      members.sort((a, b) => a.memberName.localeCompare(b.memberName) || a.memberId.localeCompare(b.memberId));
      return { year: query.year, unit, members };
    });
  }

  /** A member the caller may look at: registered, served or rated somewhere in the caller's scope. */
  private async memberVisible(tx: PluginTx, ctx: PluginRequestContext, memberId: string) {
    const r = anyScope(this.tongxin, ctx, READERS, 'r');
    const s = anyScope(this.tongxin, ctx, READERS, 's');
    const e = anyScope(this.tongxin, ctx, READERS, 'e');
    const [row] = await namedQuery<{ visible: boolean }>(
      tx,
      `select exists (select 1 from dual_report_registrations r where r.member_id = :m and ${r.sql})
           or exists (select 1 from dual_report_signups s where s.member_id = :m and ${s.sql})
           or exists (select 1 from dual_report_evaluations e where e.member_id = :m and ${e.sql}) as visible`,
      { m: memberId, ...r.params, ...s.params, ...e.params },
    );
    return !!row?.visible;
  }

  /** The community rating: 404 unless the caller rates there; 400 unless it is a community. */
  private async ratingCommunity(tx: PluginTx, ctx: PluginRequestContext, id: string) {
    const community = await unitInScope(this.tongxin, tx, ctx, id, EVALUATION_WRITE);
    if (community.level !== COMMUNITY_LEVEL) throw pairingsErrors.NOT_A_COMMUNITY({ unit: community.name });
    return community;
  }

  private async record(
    tx: PluginTx,
    ctx: PluginRequestContext,
    direction: EvaluationDirection,
    dto: { year: number; score: number; comment?: string },
    community: OrgUnitView,
    subject: Pick<DualReportEvaluation, 'memberId' | 'partnerId' | 'pairingId' | 'itemScores'>,
  ) {
    const who = direction === 'community_to_member' ? subject.memberId : subject.partnerId;
    const subjectKey = `${direction}:${dto.year}:${community.id}:${who}`;
    const [existing] = await tx.query('select 1 from dual_report_evaluations where subject_key = $1', [subjectKey]);
    if (existing) throw evaluationsErrors.ALREADY_EVALUATED();
    const e = await tx.repository(DualReportEvaluation).insert(
      {
        direction,
        year: dto.year,
        subjectKey,
        unitId: community.id,
        ...subject,
        score: dto.score,
        comment: dto.comment ?? '',
        evaluatedBy: ctx.userId,
        evaluatedAt: tx.now,
      },
      { unitId: community.id },
    );
    await tx.audit('evaluation.create', 'dual_report_evaluation', e.id, null, {
      direction,
      year: e.year,
      communityId: community.id,
      memberId: e.memberId,
      partnerId: e.partnerId,
      score: e.score,
      itemScores: e.itemScores,
    });
    return (await evaluationViews(tx, [e]))[0]!;
  }
}

const sum = (list: Figures[]): Figures => ({
  activities: list.reduce((a, f) => a + f.activities, 0),
  hours: Math.round(list.reduce((a, f) => a + f.hours, 0) * 100) / 100,
  workDone: list.reduce((a, f) => a + f.workDone, 0),
});

/** A future year cannot be rated yet. */
async function assertYear(tx: PluginTx, year: number) {
  if (year > Number((await tx.clock.dateOf(tx.now)).slice(0, 4))) throw evaluationsErrors.YEAR_INVALID({ year });
}

const yearBounds = (calendar: DistrictCalendar, year: number) => {
  const p = yearPeriod(calendar, year);
  return { yearStart: p.start, yearEnd: p.end };
};

/**
 * SQL: the registration had the member registered there at some time of the year: approved by its
 * end, or transferred away during or after it, or approved and now moving.
 */
const REGISTERED_IN_YEAR = (a: string) =>
  `(${a}.applied_at < :yearEnd and ((${a}.status = 'approved' and ${a}.decided_at < :yearEnd)
     or (${a}.status = 'transferred' and ${a}.decided_at >= :yearStart) or ${CURRENT_SQL(a)}))`;

async function registeredIn(tx: PluginTx, memberId: string, communityId: string, year: number) {
  const [row] = await namedQuery<{ partnerId: string | null }>(
    tx,
    `select r.partner_id as "partnerId" from dual_report_registrations r
      where r.member_id = :memberId and r.unit_id = :communityId and ${REGISTERED_IN_YEAR('r')}
      order by r.id desc limit 1`,
    { memberId, communityId, ...yearBounds(await tx.clock.calendar(), year) },
  );
  return row ?? null;
}

/** The pairing of the community and the unit whose term overlaps the year (the latest), or 409. */
async function pairedIn(tx: PluginTx, community: OrgUnitView, partnerId: string, partnerName: string, year: number) {
  const [row] = await namedQuery<{ id: string }>(
    tx,
    `select p.id from dual_report_pairings p
      where p.unit_id = :communityId and p.partner_id = :partnerId
        and p.term_start <= :lastDay and p.term_end >= :firstDay
        and (p.status = 'active' or p.ended_at >= :yearStart)
      order by p.term_start desc limit 1`,
    {
      communityId: community.id,
      partnerId,
      lastDay: `${year}-12-31`,
      firstDay: `${year}-01-01`,
      ...yearBounds(await tx.clock.calendar(), year),
    },
  );
  if (!row) throw evaluationsErrors.NOT_PAIRED({ unit: partnerName, community: community.name, year });
  return row.id;
}

/** Every key an assessment item of the pairing, every score 1–5; all of them when `complete`. */
async function checkItemScores(tx: PluginTx, pairingId: string, scores: Record<string, unknown>, complete: boolean) {
  const items = await tx.query<{ id: string; title: string }>(
    `select id, title from dual_report_agreement_items where pairing_id = $1 and kind = 'assessment' order by sort_order, id`,
    [pairingId],
  );
  const byId = new Map(items.map((i) => [i.id, i]));
  for (const [id, score] of Object.entries(scores)) {
    const item = byId.get(id);
    if (!item) throw evaluationsErrors.UNKNOWN_ASSESSMENT_ITEM({ id });
    if (typeof score !== 'number' || !Number.isInteger(score) || score < 1 || score > 5)
      throw evaluationsErrors.ITEM_SCORE_INVALID({ item: item.title });
  }
  const missing = items.filter((i) => !(i.id in scores));
  if (complete && missing.length)
    throw evaluationsErrors.ASSESSMENT_INCOMPLETE({ items: missing.map((i) => i.title).join('、') });
}

/** Per assessment item (by title: each community's agreement has its own items), the average score. */
function itemAverages(scores: { title: string; score: number }[]): ItemAverageView[] {
  const byTitle = new Map<string, number[]>();
  for (const s of scores) byTitle.set(s.title, [...(byTitle.get(s.title) ?? []), s.score]);
  return [...byTitle].map(([title, list]) => ({ title, averageScore: average(list)!, count: list.length }));
}

/** A race past the check loses on the unique subject key: the same 409 as a second try. */
async function once<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isUniqueViolation(error, 'uq_dual_report_evaluations_subject')) throw evaluationsErrors.ALREADY_EVALUATED();
    throw error;
  }
}
