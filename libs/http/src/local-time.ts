import type { Language } from './language';

/**
 * The time zone messages give times in when no district is known (a refused login names no
 * district yet). Where one is, pass its profile's zone (`timeZone`; `tx.clock.timeZone()` in
 * plugins, ADR 016). APIs keep ISO 8601 in UTC.
 */
export const DISTRICT_TIME_ZONE = 'Asia/Shanghai';

const ZONE_NAMES: Record<string, Record<Language, string>> = {
  'Asia/Shanghai': { 'zh-CN': '北京时间', en: 'Beijing time' },
  'Asia/Urumqi': { 'zh-CN': '新疆时间', en: 'Xinjiang time' },
};

/**
 * A moment as a person in the district reads it, in both languages (a message parameter):
 * `2026-12-03 17:20（北京时间）`, `2026-12-03 17:20 (Beijing time)`. To the minute: rounded up by
 * default, so "try again after 17:20" is never a minute early; `round: 'down'` for a deadline
 * ("report in before 17:20").
 */
export function localTime(
  at: Date,
  { timeZone = DISTRICT_TIME_ZONE, round = 'up' }: { timeZone?: string; round?: 'up' | 'down' } = {},
): Record<Language, string> {
  const minute = new Date((round === 'up' ? Math.ceil : Math.floor)(at.getTime() / 60_000) * 60_000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'shortOffset',
    })
      .formatToParts(minute)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  const text = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
  const zone = ZONE_NAMES[timeZone] ?? { 'zh-CN': parts.timeZoneName!, en: parts.timeZoneName! };
  return { 'zh-CN': `${text}（${zone['zh-CN']}）`, en: `${text} (${zone.en})` };
}
