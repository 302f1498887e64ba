import { pluginPermission } from '@tongxin/plugin-sdk';

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

/** Activity dates are the district's calendar days. */
export const TIME_ZONE = 'Asia/Shanghai';

const DAY_MS = 24 * 3600 * 1000;
const dateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day (`YYYY-MM-DD`) an instant falls on in the district. */
export function localDate(instant: Date): string {
  const parts = Object.fromEntries(dateFormat.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/**
 * The first day whose start (local midnight) is at or after `instant`: a day belongs to a
 * half-open period [from, to) when its start does, so [from, to) is `day >= dayFrom(from) and day < dayFrom(to)`.
 */
export function dayFrom(instant: Date): string {
  return localDate(new Date(instant.getTime() + DAY_MS - 1));
}
