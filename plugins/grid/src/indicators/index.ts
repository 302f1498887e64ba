import type { IndicatorContext, IndicatorDeclaration } from '@tongxin/plugin-sdk';

/**
 * The grid plugin's figures per org unit (its whole subtree) and half-open period [from, to),
 * each one SQL statement. The definitions, in both languages, are in ../../README.md
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

/** Runs `sql` with $1 = unit, $2 = from, $3 = to (and $4 = now, if it asks); the value of its one row. */
async function figure(ctx: IndicatorContext, sql: string): Promise<number | null> {
  const params: unknown[] = [ctx.unit.id, ctx.from, ctx.to];
  // PostgreSQL refuses a parameter the statement does not use (it cannot type it).
  if (sql.includes('$4')) params.push(ctx.tx.now);
  const [row] = await ctx.tx.query<{ value: number | null }>(sql, params);
  return row?.value ?? null;
}

/** `num / den` as a float, null when the denominator is empty. */
const ratio = (num: string, den = 'true') =>
  `(count(*) filter (where ${num}))::float8 / nullif(count(*) filter (where ${den}), 0)`;

/** Lines of case history of one kind, located in the unit, in the period. */
const events = (ctx: IndicatorContext, action: string) =>
  `from grid_case_events e
    where e.${ctx.scopeColumn} = $1 and e.action = '${action}' and e.occurred_at >= $2 and e.occurred_at < $3`;

/** The cohort: cases located in the unit and first dispatched (分类派单) in the period. */
const cohort = (ctx: IndicatorContext) =>
  `from grid_cases c
    where c.${ctx.scopeColumn} = $1 and c.first_dispatched_at >= $2 and c.first_dispatched_at < $3`;

/**
 * Still waiting for its first acceptance with the response window open: not yet a hit or a miss.
 * (`responded_in_time` is set by the first acceptance and never changes after.)
 */
const RESPONSE_PENDING = `c.responded_in_time is null and c.state = 'dispatched' and c.respond_by > $4`;

/**
 * Has missed a deadline: the overdue timer flagged it (督办) on this dispatch or an earlier one
 * (a new dispatch clears `overdue_at`, the history keeps it), or its deadline has passed while the
 * handler holds it and the timer has not run yet.
 */
const MISSED_DEADLINE = `(c.overdue_at is not null
  or (c.state in ('dispatched', 'handling') and c.deadline_at < $4)
  or exists (select 1 from grid_case_events o
              where o.tenant_id = c.tenant_id and o.case_id = c.id and o.action = 'overdue'))`;

const CLOSED = `c.state = 'closed'`;
const CLOSED_ON_TIME = `c.state = 'closed' and c.resolved_at <= c.deadline_at`;

export const GRID_INDICATORS: IndicatorDeclaration[] = [
  {
    key: 'cases-received',
    names: { 'zh-CN': '受理事件数', en: 'Cases received' },
    unit: 'count',
    permission: PERMISSION,
    // 上报 happens once per case (at filing, or when a draft is reported): drafts never count.
    compute: (ctx) => figure(ctx, `select count(*)::int as value ${events(ctx, 'report')}`),
  },
  {
    key: 'response-rate',
    names: { 'zh-CN': '按时响应率', en: 'Response rate (accepted in time)' },
    unit: 'ratio',
    permission: PERMISSION,
    compute: (ctx) =>
      figure(ctx, `select ${ratio('c.responded_in_time')} as value ${cohort(ctx)} and not (${RESPONSE_PENDING})`),
  },
  {
    key: 'completion-rate',
    names: { 'zh-CN': '办结率', en: 'Completion rate' },
    unit: 'ratio',
    permission: PERMISSION,
    compute: (ctx) => figure(ctx, `select ${ratio(CLOSED)} as value ${cohort(ctx)}`),
  },
  {
    key: 'on-time-completion-rate',
    names: { 'zh-CN': '按时办结率', en: 'On-time completion rate' },
    unit: 'ratio',
    permission: PERMISSION,
    // The honest denominator: cases left open past a deadline (or cancelled after one) count against it.
    compute: (ctx) =>
      figure(ctx, `select ${ratio(CLOSED_ON_TIME, `${CLOSED} or ${MISSED_DEADLINE}`)} as value ${cohort(ctx)}`),
  },
  {
    key: 'satisfaction-rate',
    names: { 'zh-CN': '群众满意率', en: 'Resident satisfaction rate' },
    unit: 'ratio',
    permission: PERMISSION,
    compute: (ctx) =>
      figure(
        ctx,
        `select ${ratio(`c.satisfaction in ('satisfied', 'basically_satisfied')`)} as value
           from grid_cases c
          where c.${ctx.scopeColumn} = $1 and c.satisfaction is not null
            and c.satisfaction_at >= $2 and c.satisfaction_at < $3`,
      ),
  },
  {
    key: 'overdue-count',
    names: { 'zh-CN': '超期事件数', en: 'Cases gone overdue' },
    unit: 'count',
    permission: PERMISSION,
    // From the history, not `overdue_at`: a later dispatch clears that column.
    compute: (ctx) => figure(ctx, `select count(distinct e.case_id)::int as value ${events(ctx, 'overdue')}`),
  },
  {
    key: 'escalations',
    names: { 'zh-CN': '提级次数', en: 'Escalations' },
    unit: 'count',
    permission: PERMISSION,
    compute: (ctx) => figure(ctx, `select count(*)::int as value ${events(ctx, 'escalate')}`),
  },
  {
    key: 'median-hours-to-close',
    names: { 'zh-CN': '办结时长中位数（小时）', en: 'Median hours to close' },
    unit: 'hours',
    permission: PERMISSION,
    // From 上报 to 结项; a reopened case counts once closed again, from its first report
    // (`reported_at`, the time of the history's `report` line, kept on the case for this).
    compute: (ctx) =>
      figure(
        ctx,
        `select percentile_cont(0.5) within group (order by extract(epoch from c.closed_at - c.reported_at)::float8 / 3600) as value
           from grid_cases c
          where c.${ctx.scopeColumn} = $1 and ${CLOSED} and c.closed_at >= $2 and c.closed_at < $3`,
      ),
  },
];
