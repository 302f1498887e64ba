import path from 'node:path';

// The harness every plugin test uses, ours and vendors' alike, ships with the SDK (libs/plugin-testing).
export * from '@tongxin/plugin-testing';

/** This checkout (the harness's CORE_ROOT unless TONGXIN_HOME points elsewhere). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
