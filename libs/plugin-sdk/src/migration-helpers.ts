/**
 * For plugin migrations: call `isolateTenantTable(queryRunner, table)` in `up` for every table
 * created (row-level security enabled and forced, one fail-closed policy on `tenant_id`, the
 * server's grants) and `releaseTenantTable` in `down`. The conformance suite checks every table.
 */
export { isolateTenantTable, releaseTenantTable } from '@tongxin/database';
