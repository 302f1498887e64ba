import type { QueryRunner } from 'typeorm';

import { APP_ROLE } from './database-config';

/**
 * Row-level security for a tenant-owned table: enabled and forced (so even the owner obeys it),
 * with one policy that fails closed: no `app.tenant_id` set means no rows visible or writable.
 */
export async function isolateTenantTable(
  queryRunner: QueryRunner,
  table: string,
  grants = 'SELECT, INSERT, UPDATE, DELETE',
) {
  await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
  await queryRunner.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
  await queryRunner.query(
    `CREATE POLICY tenant_isolation ON "${table}"
       USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
       WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`,
  );
  await queryRunner.query(`GRANT ${grants} ON "${table}" TO ${APP_ROLE}`);
}

export async function releaseTenantTable(queryRunner: QueryRunner, table: string) {
  await queryRunner.query(`REVOKE ALL ON "${table}" FROM ${APP_ROLE}`);
  await queryRunner.query(`DROP POLICY IF EXISTS tenant_isolation ON "${table}"`);
  await queryRunner.query(`ALTER TABLE "${table}" NO FORCE ROW LEVEL SECURITY`);
  await queryRunner.query(`ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`);
}
