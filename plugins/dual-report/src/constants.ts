import { pluginPermission } from '@tongxin/plugin-sdk';

/** The plugin's id: its route prefix, permission prefix and (hyphen as underscore) table prefix. */
export const PLUGIN_ID = 'dual-report';

const p = (key: string) => pluginPermission(PLUGIN_ID, key);

/** Full permission keys, as routes and scope checks name them (local keys in the manifest). */
export const PAIRING_READ = p('pairing.read');
export const PAIRING_MANAGE = p('pairing.manage');
export const REGISTRATION_APPLY = p('registration.apply');
export const REGISTRATION_READ = p('registration.read');
export const REGISTRATION_REVIEW = p('registration.review');
export const CALL_READ = p('call.read');
export const CALL_POST = p('call.post');
export const CALL_SIGNUP = p('call.signup');
export const ATTENDANCE_CONFIRM = p('attendance.confirm');
export const EVALUATION_WRITE = p('evaluation.write');
export const UNIT_REPORT = p('unit.report');
export const UNIT_EVALUATE = p('unit.evaluate');

export const COMMUNITY_LEVEL = 3;
export const GRID_LEVEL = 4;

/** The partner body type of 机关企事业单位 and 驻区单位. */
export const UNIT_PARTNER_TYPE = 'unit';

// Service days and years are the district's, in the time zone of its profile: `tx.clock` (SDK 1.3).

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
