import { COVERED_YEARS, scheduledDay } from './holiday-schedule';

/** The zone a district keeps unless its profile says otherwise. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** A district's own change to the calendar: a day off or a day worked, with why. */
export interface CalendarOverride {
  date: string;
  kind: 'off' | 'work';
  note: string | null;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** A real calendar day written `YYYY-MM-DD` (2026-02-30 is not one). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** An IANA time zone name the runtime knows (`Asia/Shanghai`, `Asia/Urumqi`). */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || !value.includes('/')) return value === 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock of an instant in a zone, as if it were UTC (milliseconds kept). */
function wallClock(at: Date, timeZone: string): number {
  const p = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  ) as Record<string, string>;
  const ms = ((at.getTime() % 1000) + 1000) % 1000;
  return Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!, ms);
}

/** The instant at which the zone's wall clock reads `wall` (UTC-encoded); the earlier one in a fold. */
function instantOfWall(wall: number, timeZone: string): Date {
  let guess = wall - (wallClock(new Date(wall), timeZone) - wall);
  // Twice is enough for any real zone's transitions.
  for (let i = 0; i < 2; i++) {
    const drift = wallClock(new Date(guess), timeZone) - wall;
    if (drift === 0) break;
    guess -= drift;
  }
  return new Date(guess);
}

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOfNumber = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/**
 * A district's clock and working-day calendar, read once: its time zone, China's schedule of
 * holidays and 调休 days (for the years `chinese-days` covers) and the district's overrides,
 * which win. A year the schedule does not cover counts Monday–Friday, plus the overrides.
 * Every method is synchronous and pure; instants are `Date`s, days `YYYY-MM-DD` in the zone.
 */
export class WorkingCalendar {
  private readonly overrides: ReadonlyMap<string, CalendarOverride>;

  constructor(
    readonly timeZone: string = DEFAULT_TIME_ZONE,
    overrides: readonly CalendarOverride[] = [],
  ) {
    this.overrides = new Map(overrides.map((o) => [o.date, o]));
  }

  /** The years the national schedule covers; others fall back to Monday–Friday plus overrides. */
  get coveredYears(): readonly number[] {
    return COVERED_YEARS;
  }

  /** The district's calendar day of an instant: `dateOf(new Date('2026-09-30T16:30:00Z'))` → `'2026-10-01'`. */
  dateOf(at: Date): string {
    return new Date(wallClock(at, this.timeZone)).toISOString().slice(0, 10);
  }

  /** The district's hour of the day (0–23) of an instant. */
  hourOf(at: Date): number {
    return new Date(wallClock(at, this.timeZone)).getUTCHours();
  }

  /** `YYYY-MM-DD HH:mm` as the district reads the instant (for texts; APIs keep ISO 8601). */
  format(at: Date): string {
    return new Date(wallClock(at, this.timeZone)).toISOString().slice(0, 16).replace('T', ' ');
  }

  /** Midnight starting a district day, as an instant: `startOfDay('2026-10-01')` → 2026-09-30T16:00:00Z in Beijing. */
  startOfDay(date: string): Date {
    if (!isCalendarDate(date)) throw new RangeError(`not a calendar date: ${String(date)}`);
    return instantOfWall(Date.parse(`${date}T00:00:00Z`), this.timeZone);
  }

  /** Why a day is what it is: the district's override, the national schedule, or the weekday. */
  dayDetail(date: string): {
    working: boolean;
    source: 'override' | 'national' | 'weekday';
    note: string | null;
    names: { 'zh-CN': string; en: string } | null;
  } {
    const override = this.overrides.get(date);
    if (override) return { working: override.kind === 'work', source: 'override', note: override.note, names: null };
    const scheduled = scheduledDay(date);
    if (scheduled)
      return { working: scheduled.kind === 'work', source: 'national', note: null, names: scheduled.names };
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return { working: weekday !== 0 && weekday !== 6, source: 'weekday', note: null, names: null };
  }

  /** Is this district day (`YYYY-MM-DD`, or the day of an instant) a working day? */
  isWorkingDay(date: string | Date): boolean {
    return this.dayDetail(typeof date === 'string' ? date : this.dateOf(date)).working;
  }

  /**
   * The instant `n` working days after `at`: the same wall-clock time on the n-th working day
   * after `at`'s district day (that day itself not counted, whether or not it is a working day).
   * Negative `n` counts back; 0 returns `at`. A case filed on Friday 10:00 with 1 working day is
   * due Monday 10:00; filed during 春节 2026 (Feb 15–23) with 1, it is due Tuesday Feb 24.
   */
  addWorkingDays(at: Date, n: number): Date {
    if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number: ${n}`);
    if (n === 0) return at;
    const step = n > 0 ? 1 : -1;
    let day = dayNumber(this.dateOf(at));
    for (let left = Math.abs(n); left > 0;) {
      day += step;
      if (this.isWorkingDay(dateOfNumber(day))) left--;
    }
    return this.withDate(at, dateOfNumber(day));
  }

  /**
   * Working days from `a` to `b`: the working days after `a`'s district day up to and including
   * `b`'s (negative when `b` is earlier). `workingDaysBetween(a, addWorkingDays(a, n)) === n`.
   */
  workingDaysBetween(a: Date, b: Date): number {
    const from = dayNumber(this.dateOf(a));
    const to = dayNumber(this.dateOf(b));
    const [lo, hi, sign] = from <= to ? [from, to, 1] : [to, from, -1];
    let count = 0;
    for (let d = lo + 1; d <= hi; d++) if (this.isWorkingDay(dateOfNumber(d))) count++;
    return sign * count;
  }

  /**
   * The same wall-clock time `n` calendar months later in the district, clamped to the month's
   * last day: 2026-01-31 10:00 + 1 → 2026-02-28 10:00.
   */
  addMonths(at: Date, n: number): Date {
    if (!Number.isInteger(n)) throw new RangeError(`months must be a whole number: ${n}`);
    const wall = new Date(wallClock(at, this.timeZone));
    const y = wall.getUTCFullYear();
    const m = wall.getUTCMonth() + n;
    const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    const target = Date.UTC(y, m, Math.min(wall.getUTCDate(), last));
    return this.withDate(at, new Date(target).toISOString().slice(0, 10));
  }

  /** `at`'s district wall-clock time on another district day. */
  private withDate(at: Date, date: string): Date {
    const timeOfDay = wallClock(at, this.timeZone) % DAY_MS;
    return instantOfWall(Date.parse(`${date}T00:00:00Z`) + timeOfDay, this.timeZone);
  }
}
