import type { MigrationInterface, QueryRunner } from '@tongxin/plugin-sdk';

/**
 * Cases referred to another practice (ADR 021): the state `transferred`, and the case's referral
 * with its status as the grid was last told, for lists, queues and indicators.
 */
export class GridCaseReferrals1796300000000 implements MigrationInterface {
  name = 'GridCaseReferrals1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "grid_cases" ADD "referral_id" uuid');
    await queryRunner.query('ALTER TABLE "grid_cases" ADD "referral_status" character varying(16)');
    await queryRunner.query('ALTER TABLE "grid_cases" ADD "referred_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query(
      `ALTER TABLE "grid_cases" ADD CONSTRAINT "ck_grid_cases_referral_status" CHECK ("referral_status" IN ('pending', 'accepted', 'refused', 'resolved'))`,
    );
    await queryRunner.query('ALTER TABLE "grid_cases" DROP CONSTRAINT "ck_grid_cases_state"');
    await queryRunner.query(
      `ALTER TABLE "grid_cases" ADD CONSTRAINT "ck_grid_cases_state" CHECK ("state" IN ('collected', 'reported', 'dispatched', 'handling', 'resolved', 'closed', 'returned', 'escalated', 'reopened', 'cancelled', 'transferred'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // A transferred case goes back to awaiting dispatch: the nearest state the old table has.
    await queryRunner.query(`UPDATE "grid_cases" SET "state" = 'returned' WHERE "state" = 'transferred'`);
    await queryRunner.query('ALTER TABLE "grid_cases" DROP CONSTRAINT "ck_grid_cases_state"');
    await queryRunner.query(
      `ALTER TABLE "grid_cases" ADD CONSTRAINT "ck_grid_cases_state" CHECK ("state" IN ('collected', 'reported', 'dispatched', 'handling', 'resolved', 'closed', 'returned', 'escalated', 'reopened', 'cancelled'))`,
    );
    await queryRunner.query('ALTER TABLE "grid_cases" DROP CONSTRAINT "ck_grid_cases_referral_status"');
    await queryRunner.query('ALTER TABLE "grid_cases" DROP COLUMN "referred_at"');
    await queryRunner.query('ALTER TABLE "grid_cases" DROP COLUMN "referral_status"');
    await queryRunner.query('ALTER TABLE "grid_cases" DROP COLUMN "referral_id"');
  }
}
