import { pluginPermission, type DistrictCalendar } from '@tongxin/plugin-sdk';

export const PLUGIN_ID = 'volunteer-points';

/** Full permission keys (`plugin:volunteer-points.<local>`), as routes and scope checks need them. */
export const ENTRY_WRITE = pluginPermission(PLUGIN_ID, 'entry.write');
export const ENTRY_READ = pluginPermission(PLUGIN_ID, 'entry.read');
export const ENTRY_ADJUST = pluginPermission(PLUGIN_ID, 'entry.adjust');
export const REWARD_READ = pluginPermission(PLUGIN_ID, 'reward.read');
export const REWARD_MANAGE = pluginPermission(PLUGIN_ID, 'reward.manage');
export const REDEMPTION_WRITE = pluginPermission(PLUGIN_ID, 'redemption.write');

/** Service is recorded at a community (level 3), a grid (4) or a party group (5). */
export const COMMUNITY_LEVEL = 3;

// Activity dates are the district's calendar days, in the time zone of its profile (`tx.clock`).

const DAY_MS = 24 * 3600 * 1000;

/**
 * The first district day whose start (local midnight) is at or after `instant`: a day belongs to a
 * half-open period [from, to) when its start does, so [from, to) is `day >= dayFrom(from) and day < dayFrom(to)`.
 */
export function dayFrom(calendar: DistrictCalendar, instant: Date): string {
  const day = calendar.dateOf(instant);
  if (calendar.startOfDay(day).getTime() >= instant.getTime()) return day;
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}
