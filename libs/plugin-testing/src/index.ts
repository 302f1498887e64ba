/**
 * The plugin test kit, shipped with the SDK as `@tongxin/plugin-sdk/testing` (docs/plugins.md,
 * "The conformance suite"): a harness that boots the real core (TONGXIN_HOME) against a test
 * database, and the conformance suite every plugin, ours or a vendor's, must pass. Jest code:
 * it defines `describe`/`it` blocks and uses Jest's `expect`.
 */
export { coreRoot, RUNS_FROM_SOURCE } from './core-root';
export * from './test-database-urls';
export { prepareTestDatabase } from './test-database';
export * from './test-app';
export { describePluginConformance, type PluginConformanceOptions } from './conformance/plugin-conformance';
export { coreTables, coreTableUses, pluginDirOf, type CoreTableUse } from './conformance/core-table-sql';
