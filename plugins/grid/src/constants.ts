import { pluginPermission } from '@tongxin/plugin-sdk';

/** The plugin's id: its route prefix, permission prefix and table prefix. */
export const PLUGIN_ID = 'grid';

const p = (key: string) => pluginPermission(PLUGIN_ID, key);

/** Full permission keys, as routes and scope checks name them (local keys in the manifest). */
export const GRID_READ = p('grid.read');
export const GRID_MANAGE = p('grid.manage');
export const ITEM_READ = p('item.read');
export const ITEM_MANAGE = p('item.manage');
export const PATROL_READ = p('patrol.read');
export const PATROL_WRITE = p('patrol.write');
export const CASE_READ = p('case.read');
export const CASE_REPORT = p('case.report');
export const CASE_DISPATCH = p('case.dispatch');
export const CASE_HANDLE = p('case.handle');
export const CASE_VERIFY = p('case.verify');
export const CASE_SUPERVISE = p('case.supervise');
export const CALL_READ = p('call.read');
export const CALL_RAISE = p('call.raise');
export const CALL_RESPOND = p('call.respond');
export const OPEN311_MANAGE = p('open311.manage');

/** Levels of the five-level hierarchy the plugin refers to. */
export const DISTRICT_LEVEL = 1;
export const STREET_LEVEL = 2;
export const COMMUNITY_LEVEL = 3;
export const GRID_LEVEL = 4;

// Days, hours and deadlines are the district's, in the time zone of its profile: `tx.clock` (SDK 1.3).
