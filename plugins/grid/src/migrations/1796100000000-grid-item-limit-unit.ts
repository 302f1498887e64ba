import type { MigrationInterface, QueryRunner } from '@tongxin/plugin-sdk';

/**
 * A grid item's time limit in hours or in working days (ADR 016): the amount keeps its column,
 * renamed to say it is no longer always hours, and every existing limit stays in hours.
 */
export class GridItemLimitUnit1796100000000 implements MigrationInterface {
  name = 'GridItemLimitUnit1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "grid_items" DROP CONSTRAINT "ck_grid_items_time_limit"');
    await queryRunner.query('ALTER TABLE "grid_items" RENAME COLUMN "time_limit_hours" TO "time_limit"');
    await queryRunner.query(
      `ALTER TABLE "grid_items" ADD "time_limit_unit" character varying(12) NOT NULL DEFAULT 'hours'`,
    );
    await queryRunner.query(
      'ALTER TABLE "grid_items" ADD CONSTRAINT "ck_grid_items_time_limit" CHECK ("time_limit" > 0)',
    );
    await queryRunner.query(
      `ALTER TABLE "grid_items" ADD CONSTRAINT "ck_grid_items_time_limit_unit" CHECK ("time_limit_unit" IN ('hours', 'working_days'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "grid_items" DROP CONSTRAINT "ck_grid_items_time_limit_unit"');
    await queryRunner.query('ALTER TABLE "grid_items" DROP CONSTRAINT "ck_grid_items_time_limit"');
    // A working-day limit goes back as that many days of hours: the nearest the old column can say.
    await queryRunner.query(
      `UPDATE "grid_items" SET "time_limit" = "time_limit" * 24 WHERE "time_limit_unit" = 'working_days'`,
    );
    await queryRunner.query('ALTER TABLE "grid_items" DROP COLUMN "time_limit_unit"');
    await queryRunner.query('ALTER TABLE "grid_items" RENAME COLUMN "time_limit" TO "time_limit_hours"');
    await queryRunner.query(
      'ALTER TABLE "grid_items" ADD CONSTRAINT "ck_grid_items_time_limit" CHECK ("time_limit_hours" > 0)',
    );
  }
}
