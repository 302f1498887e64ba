import { type DistrictCalendar, type PluginTx } from '@tongxin/plugin-sdk';
import { namedQuery } from '../registrations/names';
import { reportsErrors } from './errors';

/** District days `from`..`to` (both included), as the half-open instants [start, end). */
export interface Period {
  from: string;
  to: string;
  start: Date;
  end: Date;
}

const DAY_MS = 86_400_000;

/** The period asked for; by default the current district year. */
export function periodOf(calendar: DistrictCalendar, now: Date, from?: string, to?: string): Period {
  const year = calendar.dateOf(now).slice(0, 4);
  const f = from ?? `${year}-01-01`;
  const t = to ?? `${year}-12-31`;
  if (f > t) throw reportsErrors.PERIOD_INVALID({ from: f, to: t });
  const after = new Date(Date.parse(`${t}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  return { from: f, to: t, start: calendar.startOfDay(f), end: calendar.startOfDay(after) };
}

/** The calendar year as a period. */
export function yearPeriod(calendar: DistrictCalendar, year: number): Period {
  return periodOf(calendar, new Date(), `${year}-01-01`, `${year}-12-31`);
}

/** Service figures: attended sign-ups, hours served, and 办实事 (those with what was done written down). */
export interface Figures {
  activities: number;
  hours: number;
  workDone: number;
}

export const NO_FIGURES: Figures = { activities: 0, hours: 0, workDone: 0 };

/** An SQL condition on the sign-up `s` (and its call `c`) with its named parameters. */
export interface Condition {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * Attended sign-ups matching `where`, counted by the day the service happened (the call's start)
 * inside the period, grouped by `groupBy` (a column of `s`) or in total.
 */
export async function figures(
  tx: PluginTx,
  period: Period,
  where: Condition[],
  groupBy?: 'member_id' | 'member_partner_id',
): Promise<Map<string, Figures>> {
  const key = groupBy ? `s.${groupBy}::text` : `''`;
  const rows = await namedQuery<Figures & { key: string }>(
    tx,
    `select ${key} as key, count(*)::int as activities, coalesce(sum(s.hours), 0)::float8 as hours,
            (count(*) filter (where btrim(s.work_done) <> ''))::int as "workDone"
       from dual_report_signups s
       join dual_report_calls c on c.tenant_id = s.tenant_id and c.id = s.call_id
      where s.status = 'attended' and c.starts_at >= :periodStart and c.starts_at < :periodEnd
        ${where.map((w) => `and ${w.sql}`).join(' ')}
      ${groupBy ? 'group by 1' : ''}`,
    Object.assign({ periodStart: period.start, periodEnd: period.end }, ...where.map((w) => w.params)),
  );
  return new Map(rows.map(({ key: k, ...f }) => [k, f]));
}

/** Members' sign-ups reported back to their unit (the unit they worked for when they signed up). */
export const ofMembersOf = (partnerId: string): Condition => ({
  sql: 's.member_id is not null and s.member_partner_id = :figuresPartnerId',
  params: { figuresPartnerId: partnerId },
});

/** The unit's own sign-ups (机关报到), not its members'. */
export const ofUnitItself = (partnerId: string): Condition => ({
  sql: 's.member_id is null and s.partner_id = :figuresUnitId',
  params: { figuresUnitId: partnerId },
});

export const ofMembers = (memberIds: string[]): Condition => ({
  sql: 's.member_id = any(:figuresMemberIds::uuid[])',
  params: { figuresMemberIds: memberIds },
});

/** Totals of one figures query (no grouping). */
export const total = (m: Map<string, Figures>): Figures => m.get('') ?? { ...NO_FIGURES };
