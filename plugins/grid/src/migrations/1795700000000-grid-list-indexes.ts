import type { MigrationInterface, QueryRunner } from '@tongxin/plugin-sdk';

/**
 * Indexes that keep case lists and district-wide figures flat at a million cases (docs/benchmarks.md):
 * the list reads "dispatched to me" and a party group's scope in id order like the other scope
 * columns, Open311 reads its own few cases without passing over the rest, and a district's month
 * of history is a range scan like a street's.
 */
export class GridListIndexes1795700000000 implements MigrationInterface {
  name = 'GridListIndexes1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX "ix_grid_cases_handler_user" ON "grid_cases" ("tenant_id", "handler_user_id", "id")',
    );
    await queryRunner.query('CREATE INDEX "ix_grid_cases_group" ON "grid_cases" ("tenant_id", "group_id", "id")');
    // Open311 reads only the cases filed through it (3 % of them), newest first.
    await queryRunner.query(
      `CREATE INDEX "ix_grid_cases_open311" ON "grid_cases" ("tenant_id", "id") WHERE "source" = 'open311'`,
    );
    await queryRunner.query(
      'CREATE INDEX "ix_grid_case_events_district_action" ON "grid_case_events" ("tenant_id", "district_id", "action", "occurred_at")',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_grid_case_events_district_action"');
    await queryRunner.query('DROP INDEX "ix_grid_cases_open311"');
    await queryRunner.query('DROP INDEX "ix_grid_cases_group"');
    await queryRunner.query('DROP INDEX "ix_grid_cases_handler_user"');
  }
}
