import { sqlIndicator, type IndicatorDeclaration, type IndicatorStatementScope } from '@tongxin/plugin-sdk';

/**
 * The grid plugin's figures per org unit (its whole subtree) and half-open period [from, to),
 * each one SQL statement (which the host also runs for every child of a unit at once). The definitions, in both languages, are in ../../README.md
 * ("Indicators"); keep the two in step.
 *
 * Conventions shared by all of them:
 * - a case belongs to the unit where the problem is (its scope columns), whoever handles it;
 * - times are the app's clock as written on the rows and history (never `created_at`, which is the
 *   database's own clock);
 * - cohort rates take the cases first dispatched in the period and judge them as they stand now,
 *   so a period's figures settle as its cases finish.
 */

const PERMISSION = 'case.read';

/** `num / den` as a float, null when the denominator is empty. */
const ratio = (num: string, den = 'true') =>
  `(count(*) filter (where ${num}))::float8 / nullif(count(*) filter (where ${den}), 0)`;

/** A ratio's two counts, beside its value: clients show "12 / 15". */
const parts = (num: string, den = 'true') =>
  `(count(*) filter (where ${num}))::int as numerator, (count(*) filter (where ${den}))::int as denominator`;

/** Lines of case history of one kind, located in the unit, in the period. */
const events = (s: IndicatorStatementScope, action: string) =>
  `from grid_case_events e
    where e.${s.scopeColumn} = :unit and e.action = '${action}' and e.occurred_at >= :from and e.occurred_at < :to`;

/** The cohort: cases located in the unit and first dispatched (分类派单) in the period. */
const cohort = (s: IndicatorStatementScope) =>
  `from grid_cases c
    where c.${s.scopeColumn} = :unit and c.first_dispatched_at >= :from and c.first_dispatched_at < :to`;

/**
 * Still waiting for its first acceptance with the response window open: not yet a hit or a miss.
 * (`responded_in_time` is set by the first acceptance and never changes after.)
 */
const RESPONSE_PENDING = `c.responded_in_time is null and c.state = 'dispatched' and c.respond_by > :now`;

/**
 * Has missed a deadline: the overdue timer flagged it (督办) on this dispatch or an earlier one
 * (a new dispatch clears `overdue_at`, the history keeps it), or its deadline has passed while the
 * handler holds it and the timer has not run yet.
 */
const MISSED_DEADLINE = `(c.overdue_at is not null
  or (c.state in ('dispatched', 'handling') and c.deadline_at < :now)
  or exists (select 1 from grid_case_events o
              where o.tenant_id = c.tenant_id and o.case_id = c.id and o.action = 'overdue'))`;

/**
 * Handed to another practice (按责转办, ADR 021): with it now, or closed on its outcome. Such a case
 * counts once, as transferred (`cases-transferred`), never as completed by the grid itself; one
 * refused back is the grid's again.
 */
const HANDED_OVER = `(c.state = 'transferred' or c.referral_status is not distinct from 'resolved')`;

const CLOSED = `(c.state = 'closed' and c.referral_status is distinct from 'resolved')`;
const CLOSED_ON_TIME = `${CLOSED} and c.resolved_at <= c.deadline_at`;

export const GRID_INDICATORS: IndicatorDeclaration[] = [
  sqlIndicator({
    key: 'cases-received',
    names: { 'zh-CN': '受理事件数', en: 'Cases received' },
    unit: 'count',
    permission: PERMISSION,
    // 上报 happens once per case (at filing, or when a draft is reported): drafts never count.
    statement: (s) => `select count(*)::int as value ${events(s, 'report')}`,
  }),
  sqlIndicator({
    key: 'response-rate',
    names: { 'zh-CN': '按时响应率', en: 'Response rate (accepted in time)' },
    unit: 'ratio',
    permission: PERMISSION,
    statement: (s) =>
      `select ${ratio('c.responded_in_time')} as value, ${parts('c.responded_in_time')} ${cohort(s)} and not (${RESPONSE_PENDING})`,
  }),
  sqlIndicator({
    key: 'completion-rate',
    names: { 'zh-CN': '办结率', en: 'Completion rate' },
    unit: 'ratio',
    permission: PERMISSION,
    statement: (s) => `select ${ratio(CLOSED)} as value, ${parts(CLOSED)} ${cohort(s)} and not ${HANDED_OVER}`,
  }),
  sqlIndicator({
    key: 'on-time-completion-rate',
    names: { 'zh-CN': '按时办结率', en: 'On-time completion rate' },
    unit: 'ratio',
    permission: PERMISSION,
    // The honest denominator: cases left open past a deadline (or cancelled after one) count against it.
    statement: (s) =>
      `select ${ratio(CLOSED_ON_TIME, `${CLOSED} or ${MISSED_DEADLINE}`)} as value, ${parts(CLOSED_ON_TIME, `${CLOSED} or ${MISSED_DEADLINE}`)} ${cohort(s)} and not ${HANDED_OVER}`,
  }),
  sqlIndicator({
    key: 'satisfaction-rate',
    names: { 'zh-CN': '群众满意率', en: 'Resident satisfaction rate' },
    unit: 'ratio',
    permission: PERMISSION,
    statement: (
      s,
    ) => `select ${ratio(`c.satisfaction in ('satisfied', 'basically_satisfied')`)} as value, ${parts(`c.satisfaction in ('satisfied', 'basically_satisfied')`)}
           from grid_cases c
          where c.${s.scopeColumn} = :unit and c.satisfaction is not null
            and c.satisfaction_at >= :from and c.satisfaction_at < :to`,
  }),
  sqlIndicator({
    key: 'overdue-count',
    names: { 'zh-CN': '超期事件数', en: 'Cases gone overdue' },
    unit: 'count',
    permission: PERMISSION,
    // From the history, not `overdue_at`: a later dispatch clears that column.
    statement: (s) => `select count(distinct e.case_id)::int as value ${events(s, 'overdue')}`,
  }),
  sqlIndicator({
    key: 'cases-transferred',
    names: { 'zh-CN': '移交其他条线事件数', en: 'Cases referred to other practices' },
    unit: 'count',
    permission: PERMISSION,
    // Each referral (移交) in the period: a case refused back and referred again counts twice.
    statement: (s) => `select count(*)::int as value ${events(s, 'refer')}`,
  }),
  sqlIndicator({
    key: 'escalations',
    names: { 'zh-CN': '提级次数', en: 'Escalations' },
    unit: 'count',
    permission: PERMISSION,
    statement: (s) => `select count(*)::int as value ${events(s, 'escalate')}`,
  }),
  sqlIndicator({
    key: 'median-hours-to-close',
    names: { 'zh-CN': '办结时长中位数（小时）', en: 'Median hours to close' },
    unit: 'hours',
    permission: PERMISSION,
    // From 上报 to 结项; a reopened case counts once closed again, from its first report
    // (`reported_at`, the time of the history's `report` line, kept on the case for this).
    statement: (
      s,
    ) => `select percentile_cont(0.5) within group (order by extract(epoch from c.closed_at - c.reported_at)::float8 / 3600) as value
           from grid_cases c
          where c.${s.scopeColumn} = :unit and ${CLOSED} and c.closed_at >= :from and c.closed_at < :to`,
  }),
];
