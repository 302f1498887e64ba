import { getDayDetail, isWorkday } from 'chinese-days';
import { COVERED_YEARS } from './holiday-schedule';
import { WorkingCalendar } from './working-calendar';

const beijing = new WorkingCalendar('Asia/Shanghai');
/** An instant written in Beijing time. */
const bj = (local: string) => new Date(`${local}+08:00`);

describe('WorkingCalendar: what a district counts as its days and working days', () => {
  it('reads the 2026 schedule the way chinese-days publishes it', () => {
    for (const day of ['2026-02-14', '2026-02-28', '2026-09-20', '2026-10-10']) {
      expect(isWorkday(day)).toBe(true);
      expect(beijing.isWorkingDay(day)).toBe(true); // Saturdays and a Sunday worked (调休)
    }
    for (const day of ['2026-02-15', '2026-02-16', '2026-02-23', '2026-10-01', '2026-10-07']) {
      expect(isWorkday(day)).toBe(false);
      expect(beijing.isWorkingDay(day)).toBe(false);
    }
    expect(getDayDetail('2026-02-17').name).toContain('春节');
    expect(beijing.dayDetail('2026-02-17')).toMatchObject({ source: 'national', names: { 'zh-CN': '春节' } });
  });

  it('counts 春节 2026: Friday Feb 13 + 1 working day is Saturday Feb 14 (调休), + 2 is Tuesday Feb 24', () => {
    const friday = bj('2026-02-13T10:00:00');
    expect(beijing.addWorkingDays(friday, 1)).toEqual(bj('2026-02-14T10:00:00'));
    expect(beijing.addWorkingDays(friday, 2)).toEqual(bj('2026-02-24T10:00:00'));
    // Filed during the holiday: the first working day after it.
    expect(beijing.addWorkingDays(bj('2026-02-18T09:30:00'), 1)).toEqual(bj('2026-02-24T09:30:00'));
    // Saturday Feb 28 is worked, Sunday Mar 1 not.
    expect(beijing.addWorkingDays(bj('2026-02-27T16:00:00'), 2)).toEqual(bj('2026-03-02T16:00:00'));
    expect(beijing.workingDaysBetween(bj('2026-02-13T10:00:00'), bj('2026-02-27T10:00:00'))).toBe(5);
    expect(beijing.addWorkingDays(bj('2026-02-24T10:00:00'), -2)).toEqual(bj('2026-02-13T10:00:00'));
  });

  it('counts 国庆 2026 with its 调休 Saturday Oct 10, and a district’s own day off on top', () => {
    const sept30 = bj('2026-09-30T15:00:00');
    expect(beijing.addWorkingDays(sept30, 1)).toEqual(bj('2026-10-08T15:00:00'));
    expect(beijing.addWorkingDays(sept30, 3)).toEqual(bj('2026-10-10T15:00:00'));
    expect(beijing.workingDaysBetween(sept30, bj('2026-10-12T09:00:00'))).toBe(4);

    const district = new WorkingCalendar('Asia/Shanghai', [
      { date: '2026-10-09', kind: 'off', note: '区运会闭幕' },
      { date: '2026-10-11', kind: 'work', note: '防汛值守' },
    ]);
    expect(district.addWorkingDays(sept30, 2)).toEqual(bj('2026-10-10T15:00:00'));
    expect(district.addWorkingDays(sept30, 3)).toEqual(bj('2026-10-11T15:00:00'));
    expect(district.dayDetail('2026-10-09')).toMatchObject({ working: false, source: 'override', note: '区运会闭幕' });
    expect(district.workingDaysBetween(sept30, addDays(sept30, 12))).toBe(
      beijing.workingDaysBetween(sept30, addDays(sept30, 12)),
    );
  });

  it('falls back to Monday–Friday plus overrides for a year the schedule does not cover (2027)', () => {
    expect(COVERED_YEARS[0]).toBe(2004);
    expect(COVERED_YEARS.at(-1)).toBe(2026);
    expect(beijing.isWorkingDay('2027-10-01')).toBe(true); // a Friday: no 2027 schedule yet
    expect(beijing.isWorkingDay('2027-10-02')).toBe(false);
    const district = new WorkingCalendar('Asia/Shanghai', [{ date: '2027-10-01', kind: 'off', note: '国庆' }]);
    expect(district.isWorkingDay('2027-10-01')).toBe(false);
  });

  it('gives the district’s day, its midnight and months in its own zone', () => {
    expect(beijing.dateOf(new Date('2026-09-30T16:30:00Z'))).toBe('2026-10-01');
    expect(beijing.startOfDay('2026-10-01')).toEqual(new Date('2026-09-30T16:00:00Z'));
    expect(beijing.addMonths(bj('2026-01-31T10:00:00'), 1)).toEqual(bj('2026-02-28T10:00:00'));
    expect(beijing.addMonths(bj('2026-11-15T23:30:00'), 3)).toEqual(bj('2027-02-15T23:30:00'));
    const urumqi = new WorkingCalendar('Asia/Urumqi');
    expect(urumqi.dateOf(new Date('2026-09-30T17:30:00Z'))).toBe('2026-09-30');
    expect(urumqi.startOfDay('2026-10-01')).toEqual(new Date('2026-09-30T18:00:00Z'));
    const berlin = new WorkingCalendar('Europe/Berlin'); // a zone with summer time
    expect(berlin.startOfDay('2026-03-29')).toEqual(new Date('2026-03-28T23:00:00Z'));
    expect(berlin.addWorkingDays(new Date('2026-03-27T09:00:00+01:00'), 1)).toEqual(
      new Date('2026-03-30T09:00:00+02:00'),
    );
  });
});

function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * 86_400_000);
}
