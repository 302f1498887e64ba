import { createRequire } from 'node:module';

/** A day the State Council's schedule makes unusual: a public holiday, or a weekend worked (调休). */
export interface ScheduledDay {
  kind: 'off' | 'work';
  /** The holiday it belongs to, `{ 'zh-CN': '春节', en: 'Spring Festival' }`. */
  names: { 'zh-CN': string; en: string };
}

type Table = Record<string, string>;
const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as {
  holidays: Table;
  workdays: Table;
};

function entries(table: Table, kind: ScheduledDay['kind']): [string, ScheduledDay][] {
  return Object.entries(table).map(([date, value]) => {
    const [en = '', zh = ''] = value.split(',');
    return [date, { kind, names: { 'zh-CN': zh, en } }];
  });
}

/** China's public holidays and 调休 working days, as `chinese-days` publishes them. */
const SCHEDULE = new Map<string, ScheduledDay>([...entries(data.holidays, 'off'), ...entries(data.workdays, 'work')]);

/**
 * The years the schedule covers (2004–2026 for chinese-days 1.5). The State Council publishes a
 * year's schedule late in the year before; a year not covered falls back to Monday–Friday plus
 * the district's own overrides until the package is updated.
 */
export const COVERED_YEARS: readonly number[] = [
  ...new Set([...SCHEDULE.keys()].map((d) => Number(d.slice(0, 4)))),
].sort((a, b) => a - b);

/** The schedule's entry for a `YYYY-MM-DD` day, or undefined for an ordinary day. */
export function scheduledDay(date: string): ScheduledDay | undefined {
  return SCHEDULE.get(date);
}

/** Every unusual day of a year, in date order. */
export function scheduledDaysOf(year: number): [string, ScheduledDay][] {
  const prefix = `${year}-`;
  return [...SCHEDULE.entries()].filter(([d]) => d.startsWith(prefix)).sort(([a], [b]) => a.localeCompare(b));
}
