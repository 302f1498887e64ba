import type { Database } from './db';
import { badRequest, HttpError, isUuid, notFound } from './http';
import { canOn, CASE_READ, GRID, SCOPE_SQL_COLUMNS, scopeColumnOfLevel, type Principal, type Scope } from './principal';
import { UNIT_BY_ID } from './sql';

/*
 * The grid plugin's eight indicator statements (plugins/grid/src/indicators/index.ts), copied:
 * the app may import a plugin through its entry point only, and that loads the whole plugin with
 * NestJS and TypeORM. tests/bench-baseline.e2e.spec.ts checks each copy against the plugin's own
 * SQL for every scope column. $1 = unit, $2 = from, $3 = to, $4 = now (when used).
 */

const ratio = (num: string, den = 'true') =>
  `(count(*) filter (where ${num}))::float8 / nullif(count(*) filter (where ${den}), 0)`;

/** A ratio's two counts, beside its value: clients show "12 / 15". */
const parts = (num: string, den = 'true') =>
  `(count(*) filter (where ${num}))::int as numerator, (count(*) filter (where ${den}))::int as denominator`;

const events = (scopeColumn: string, action: string) =>
  `from grid_case_events e
    where e.${scopeColumn} = $1 and e.action = '${action}' and e.occurred_at >= $2 and e.occurred_at < $3`;

const cohort = (scopeColumn: string) =>
  `from grid_cases c
    where c.${scopeColumn} = $1 and c.first_dispatched_at >= $2 and c.first_dispatched_at < $3`;

const RESPONSE_PENDING = `c.responded_in_time is null and c.state = 'dispatched' and c.respond_by > $4`;

const MISSED_DEADLINE = `(c.overdue_at is not null
  or (c.state in ('dispatched', 'handling') and c.deadline_at < $4)
  or exists (select 1 from grid_case_events o
              where o.tenant_id = c.tenant_id and o.case_id = c.id and o.action = 'overdue'))`;

const HANDED_OVER = `(c.state = 'transferred' or c.referral_status is not distinct from 'resolved')`;
const CLOSED = `(c.state = 'closed' and c.referral_status is distinct from 'resolved')`;
const CLOSED_ON_TIME = `${CLOSED} and c.resolved_at <= c.deadline_at`;

export interface IndicatorSql {
  key: string;
  unit: string;
  sql: (scopeColumn: string) => string;
}

export const INDICATORS: IndicatorSql[] = [
  {
    key: 'cases-received',
    unit: 'count',
    sql: (col) => `select count(*)::int as value ${events(col, 'report')}`,
  },
  {
    key: 'response-rate',
    unit: 'ratio',
    sql: (col) =>
      `select ${ratio('c.responded_in_time')} as value, ${parts('c.responded_in_time')} ${cohort(col)} and not (${RESPONSE_PENDING})`,
  },
  {
    key: 'completion-rate',
    unit: 'ratio',
    sql: (col) => `select ${ratio(CLOSED)} as value, ${parts(CLOSED)} ${cohort(col)} and not ${HANDED_OVER}`,
  },
  {
    key: 'on-time-completion-rate',
    unit: 'ratio',
    sql: (col) =>
      `select ${ratio(CLOSED_ON_TIME, `${CLOSED} or ${MISSED_DEADLINE}`)} as value, ${parts(CLOSED_ON_TIME, `${CLOSED} or ${MISSED_DEADLINE}`)} ${cohort(col)} and not ${HANDED_OVER}`,
  },
  {
    key: 'satisfaction-rate',
    unit: 'ratio',
    sql: (
      col,
    ) => `select ${ratio(`c.satisfaction in ('satisfied', 'basically_satisfied')`)} as value, ${parts(`c.satisfaction in ('satisfied', 'basically_satisfied')`)}
           from grid_cases c
          where c.${col} = $1 and c.satisfaction is not null
            and c.satisfaction_at >= $2 and c.satisfaction_at < $3`,
  },
  {
    key: 'overdue-count',
    unit: 'count',
    sql: (col) => `select count(distinct e.case_id)::int as value ${events(col, 'overdue')}`,
  },
  {
    key: 'cases-transferred',
    unit: 'count',
    sql: (col) => `select count(*)::int as value ${events(col, 'refer')}`,
  },
  {
    key: 'escalations',
    unit: 'count',
    sql: (col) => `select count(*)::int as value ${events(col, 'escalate')}`,
  },
  {
    key: 'median-hours-to-close',
    unit: 'hours',
    sql: (
      col,
    ) => `select percentile_cont(0.5) within group (order by extract(epoch from c.closed_at - c.reported_at)::float8 / 3600) as value
           from grid_cases c
          where c.${col} = $1 and ${CLOSED} and c.closed_at >= $2 and c.closed_at < $3`,
  },
];

const MAX_PERIOD_MS = 366 * 24 * 3600 * 1000;
// IndicatorQueryDto's IsISO8601, for the calendar dates and date-times clients send.
const ISO8601 = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?([zZ]|[+-]\d{2}(:?\d{2})?)?)?$/;
const isIso = (v: string | null): v is string => v !== null && ISO8601.test(v) && !Number.isNaN(Date.parse(v));

/** IndicatorQueryDto: `unitId`, `from`, `to`, nothing else. */
function indicatorQuery(query: URLSearchParams) {
  const keys = [...query.keys()];
  if (keys.some((k) => k !== 'unitId' && k !== 'from' && k !== 'to') || new Set(keys).size !== keys.length)
    throw badRequest();
  const unitId = query.get('unitId');
  const from = query.get('from');
  const to = query.get('to');
  if (!isUuid(unitId) || !isIso(from) || !isIso(to)) throw badRequest();
  return { unitId, from, to };
}

/**
 * `GET /api/v1/indicators/:pluginId/:key`: IndicatorService.compute for the grid plugin: the unit
 * must be in the caller's `case.read` scope (404 otherwise), then the indicator's one statement.
 */
export async function computeIndicator(
  db: Database,
  principal: Principal,
  pluginId: string,
  key: string,
  query: URLSearchParams,
) {
  const q = indicatorQuery(query);
  const indicator = pluginId === GRID ? INDICATORS.find((i) => i.key === key) : undefined;
  if (!indicator) throw new HttpError(404, 'UNKNOWN_INDICATOR', { indicator: `${pluginId}.${key}` });
  if (!principal.enabledPlugins.includes(pluginId)) throw new HttpError(404, 'PLUGIN_DISABLED', { plugin: pluginId });
  const from = new Date(q.from);
  const to = new Date(q.to);
  if (!(from < to) || to.getTime() - from.getTime() > MAX_PERIOD_MS) throw new HttpError(400, 'INVALID_PERIOD');
  const figure = await db.run(principal.tenantId, async (tx) => {
    // PluginTx.now, as the indicator's transaction is bound.
    const now = new Date();
    const [unit] = await tx.query<Scope & { id: string; level: number }>(UNIT_BY_ID, [q.unitId]);
    if (!unit || !canOn(principal.grants, CASE_READ, unit)) throw notFound('org_unit');
    const sql = indicator.sql(SCOPE_SQL_COLUMNS[scopeColumnOfLevel(unit.level)]);
    const params: unknown[] = [unit.id, from, to];
    // PostgreSQL refuses a parameter the statement does not use (it cannot type it).
    if (sql.includes('$4')) params.push(now);
    // A ratio also says its two counts (numerator, denominator), as the product answers.
    const [row] = await tx.query<{ value: number | null; numerator?: number; denominator?: number }>(sql, params);
    return row ?? { value: null };
  });
  return {
    key: `${pluginId}.${key}`,
    unitId: q.unitId,
    from: from.toISOString(),
    to: to.toISOString(),
    ...figure,
    unit: indicator.unit,
  };
}
