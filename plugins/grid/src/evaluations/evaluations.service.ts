import {
  Injectable,
  NotFoundError,
  Tongxin,
  type PluginRequestContext,
  type PluginTx,
  type TenantRepository,
  isUuid,
  subtreeCondition,
  unitInScope,
  cursorPage,
  isUniqueViolation,
  pageOf,
} from '@tongxin/plugin-sdk';
import { GridCallResponse, lockCall } from '../calls';
import { callerOf, CASE_STATE_NAMES, fills, GridCase, handledBy, recordEvent, visibleCase } from '../cases';
import { CALL_RAISE, CALL_READ, CASE_READ, CASE_REPORT } from '../constants';
import { GridEvaluation } from './evaluation.entity';
import type {
  EvaluateDto,
  EvaluationSummaryQueryDto,
  EvaluationView,
  ListEvaluationsQueryDto,
  RateeSummaryView,
  SatisfactionDto,
  SatisfactionView,
} from './evaluations.dto';
import { evaluationsErrors } from './errors';

/**
 * 谁呼谁评、谁应评谁: whoever dispatched a case rates its handler, whoever raised a call rates
 * each department that reported in, once each (一事一评); residents' satisfaction is relayed by
 * staff. The list and the per-ratee summary feed year-end assessment.
 */
@Injectable()
export class EvaluationsService {
  constructor(private readonly tongxin: Tongxin) {}

  /** The dispatcher side (not whoever handled it) rates the handler of a closed case. */
  evaluateCase(ctx: PluginRequestContext, id: string, dto: EvaluateDto) {
    return once(
      this.tongxin.transaction(ctx, async (tx) => {
        const caller = await callerOf(this.tongxin, tx, ctx);
        const c = await visibleCase(this.tongxin, tx, caller, id, true);
        if (c.state !== 'closed')
          throw evaluationsErrors.EVALUATION_CASE_NOT_CLOSED({
            number: c.number,
            state: CASE_STATE_NAMES[c.state],
          });
        const dispatcherSide =
          c.dispatchedBy === ctx.userId || (await fills(this.tongxin, tx, caller, c, 'dispatcher'));
        if (!dispatcherSide || handledBy(caller, c)) throw evaluationsErrors.EVALUATION_NOT_EVALUATOR();
        await assertNotEvaluated(tx, 'case', c.id);
        const e = await tx.repository(GridEvaluation).insert(
          {
            subjectType: 'case',
            subjectId: c.id,
            rateeUnitId: c.handlerUnitId,
            rateePartnerId: c.handlerPartnerId,
            score: dto.score,
            comment: dto.comment ?? '',
            evaluatedBy: ctx.userId,
            evaluatedAt: tx.now,
          },
          { unitId: c.unitId },
        );
        await tx.audit('evaluation.create', 'grid_evaluation', e.id, null, {
          caseId: c.id,
          rateeUnitId: e.rateeUnitId,
          rateePartnerId: e.rateePartnerId,
          score: e.score,
        });
        return (await evaluationViews(tx, [e]))[0]!;
      }),
    );
  }

  /** The calling unit rates a department that reported in to its call. */
  evaluateResponse(ctx: PluginRequestContext, callId: string, partnerId: string, dto: EvaluateDto) {
    return once(
      this.tongxin.transaction(ctx, async (tx) => {
        const call = isUuid(callId) ? await lockCall(tx, callId) : null;
        if (!call || !(this.tongxin.can(ctx, CALL_READ, call) || this.tongxin.can(ctx, CALL_RAISE, call)))
          throw new NotFoundError('grid_calls');
        if (!this.tongxin.can(ctx, CALL_RAISE, call)) throw evaluationsErrors.EVALUATION_NOT_EVALUATOR();
        const response = isUuid(partnerId)
          ? await tx
              .repository(GridCallResponse)
              .queryBuilder('r')
              .where('r.call_id = :callId and r.partner_id = :partnerId', { callId: call.id, partnerId })
              .getOne()
          : null;
        if (!response) throw new NotFoundError('grid_call_responses');
        if (!response.reportedAt) {
          const department = await tx.partners.get(response.partnerId);
          throw evaluationsErrors.EVALUATION_NOT_REPORTED({ department: department?.name ?? '' });
        }
        await assertNotEvaluated(tx, 'call_response', response.id);
        const e = await tx.repository(GridEvaluation).insert(
          {
            subjectType: 'call_response',
            subjectId: response.id,
            rateeUnitId: null,
            rateePartnerId: response.partnerId,
            score: dto.score,
            comment: dto.comment ?? '',
            evaluatedBy: ctx.userId,
            evaluatedAt: tx.now,
          },
          { unitId: call.unitId },
        );
        await tx.audit('evaluation.create', 'grid_evaluation', e.id, null, {
          callId: call.id,
          rateePartnerId: response.partnerId,
          score: e.score,
        });
        return (await evaluationViews(tx, [e]))[0]!;
      }),
    );
  }

  /** 回访: staff who can report at the case's place record the resident's satisfaction, once. */
  recordSatisfaction(ctx: PluginRequestContext, id: string, dto: SatisfactionDto): Promise<SatisfactionView> {
    return this.tongxin.transaction(ctx, async (tx) => {
      const c = await visibleCase(this.tongxin, tx, await callerOf(this.tongxin, tx, ctx), id, true);
      this.tongxin.assertCan(ctx, CASE_REPORT, c);
      if (c.state !== 'closed')
        throw evaluationsErrors.EVALUATION_CASE_NOT_CLOSED({
          number: c.number,
          state: CASE_STATE_NAMES[c.state],
        });
      if (c.satisfaction) throw evaluationsErrors.SATISFACTION_RECORDED({ number: c.number });
      await tx.repository(GridCase).update(c.id, { satisfaction: dto.rating, satisfactionAt: tx.now });
      await recordEvent(tx, c, 'satisfaction', c.state, c.state, { rating: dto.rating });
      await tx.audit('case.satisfaction', 'grid_case', c.id, { satisfaction: null }, { satisfaction: dto.rating });
      return { caseId: c.id, number: c.number, satisfaction: dto.rating, satisfactionAt: tx.now.toISOString() };
    });
  }

  /** Evaluations of cases and calls where the caller reads cases, newest first. */
  list(ctx: PluginRequestContext, query: ListEvaluationsQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const qb = await this.scoped(tx, ctx, query);
      if (query.rateePartnerId)
        qb.andWhere('e.ratee_partner_id = :rateePartnerId', { rateePartnerId: query.rateePartnerId });
      if (query.rateeUnitId) qb.andWhere('e.ratee_unit_id = :rateeUnitId', { rateeUnitId: query.rateeUnitId });
      if (query.subjectType) qb.andWhere('e.subject_type = :subjectType', { subjectType: query.subjectType });
      const page = await cursorPage(qb, 'e', query);
      return { items: await evaluationViews(tx, page.items), nextCursor: page.nextCursor };
    });
  }

  /** Per rated unit or department: how many evaluations and their average score (best first). */
  summary(ctx: PluginRequestContext, query: EvaluationSummaryQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const qb = await this.scoped(tx, ctx, query);
      const rows = await qb
        .select('e.ratee_unit_id', 'unitId')
        .addSelect('e.ratee_partner_id', 'partnerId')
        .addSelect('count(*)::int', 'count')
        .addSelect('round(avg(e.score), 2)::float8', 'average')
        .addSelect(`(count(*) filter (where e.subject_type = 'case'))::int`, 'cases')
        .groupBy('e.ratee_unit_id')
        .addGroupBy('e.ratee_partner_id')
        .getRawMany<{
          unitId: string | null;
          partnerId: string | null;
          count: number;
          average: number;
          cases: number;
        }>();
      const names = await nameMap(
        tx,
        rows.map((r) => ({ rateeUnitId: r.unitId, rateePartnerId: r.partnerId })),
      );
      const items: RateeSummaryView[] = rows.map((r) => ({
        kind: r.unitId ? 'unit' : 'department',
        rateeUnitId: r.unitId,
        rateePartnerId: r.partnerId,
        name: names.get((r.unitId ?? r.partnerId)!) ?? '',
        count: r.count,
        averageScore: r.average,
        cases: r.cases,
        calls: r.count - r.cases,
      }));
      items.sort((a, b) => b.averageScore - a.averageScore || b.count - a.count || a.name.localeCompare(b.name));
      return pageOf(items, query);
    });
  }

  /** Evaluations in the caller's case-reading scope, the unit's subtree and the half-open period [from, to). */
  private async scoped(
    tx: PluginTx,
    ctx: PluginRequestContext,
    query: EvaluationSummaryQueryDto,
  ): Promise<ReturnType<TenantRepository<GridEvaluation>['queryBuilder']>> {
    if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to))
      throw evaluationsErrors.EVALUATION_PERIOD_INVALID({ from: query.from, to: query.to });
    const scope = this.tongxin.scopeCondition(ctx, CASE_READ, 'e');
    const qb = tx.repository(GridEvaluation).queryBuilder('e').where(scope.sql, scope.params);
    if (query.unitId) {
      const sub = subtreeCondition('e', await unitInScope(this.tongxin, tx, ctx, query.unitId, CASE_READ));
      qb.andWhere(sub.sql, sub.params);
    }
    if (query.from) qb.andWhere('e.evaluated_at >= :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('e.evaluated_at < :to', { to: new Date(query.to) });
    return qb;
  }
}

async function assertNotEvaluated(tx: PluginTx, subjectType: 'case' | 'call_response', subjectId: string) {
  const existing = await tx
    .repository(GridEvaluation)
    .queryBuilder('e')
    .where('e.subject_type = :subjectType and e.subject_id = :subjectId', { subjectType, subjectId })
    .getOne();
  if (existing) throw evaluationsErrors.ALREADY_EVALUATED();
}

/** A race past `assertNotEvaluated` loses on the unique index: the same answer as a second try. */
async function once<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isUniqueViolation(error, 'uq_grid_evaluations_subject')) throw evaluationsErrors.ALREADY_EVALUATED();
    throw error;
  }
}

async function nameMap(tx: PluginTx, ratees: { rateeUnitId: string | null; rateePartnerId: string | null }[]) {
  const names = await tx.names({
    units: ratees.map((r) => r.rateeUnitId),
    partnerBodies: ratees.map((r) => r.rateePartnerId),
  });
  return new Map([...names.units, ...names.partnerBodies]);
}

/** Views with the ratee's name and, for call responses, the call. */
async function evaluationViews(tx: PluginTx, rows: GridEvaluation[]): Promise<EvaluationView[]> {
  const names = await nameMap(tx, rows);
  const responseIds = rows.filter((e) => e.subjectType === 'call_response').map((e) => e.subjectId);
  const calls = responseIds.length
    ? await tx.query<{ id: string; callId: string }>(
        'select id, call_id as "callId" from grid_call_responses where id = any($1::uuid[])',
        [responseIds],
      )
    : [];
  const callOf = new Map(calls.map((r) => [r.id, r.callId]));
  return rows.map((e) => ({
    id: e.id,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    callId: callOf.get(e.subjectId) ?? null,
    rateeUnitId: e.rateeUnitId,
    rateePartnerId: e.rateePartnerId,
    rateeName: names.get((e.rateeUnitId ?? e.rateePartnerId)!) ?? '',
    score: e.score,
    comment: e.comment,
    evaluatedBy: e.evaluatedBy,
    evaluatedAt: e.evaluatedAt.toISOString(),
  }));
}
