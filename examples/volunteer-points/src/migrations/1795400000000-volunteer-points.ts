import { isolateTenantTable, releaseTenantTable, type MigrationInterface, type QueryRunner } from '@tongxin/plugin-sdk';

/** The rewards catalogue and the points ledger, each under the tenant's row-level security. */
export class VolunteerPoints1795400000000 implements MigrationInterface {
  name = 'VolunteerPoints1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "volunteer_points_rewards" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "district_id" uuid NOT NULL, "street_id" uuid, "community_id" uuid, "grid_id" uuid, "group_id" uuid, "unit_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "description" character varying(500) NOT NULL DEFAULT '', "cost" integer NOT NULL, "stock" integer NOT NULL, "active" boolean NOT NULL DEFAULT true, CONSTRAINT "ck_volunteer_points_rewards_stock" CHECK ("stock" >= 0), CONSTRAINT "ck_volunteer_points_rewards_cost" CHECK ("cost" > 0), CONSTRAINT "PK_05b7a1e83d4f8cdac6f86d78637" PRIMARY KEY ("tenant_id", "id"))`,
    );
    await queryRunner.query(
      'CREATE INDEX "ix_volunteer_points_rewards_community" ON "volunteer_points_rewards" ("tenant_id", "community_id")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_volunteer_points_rewards_street" ON "volunteer_points_rewards" ("tenant_id", "street_id")',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_volunteer_points_rewards_name" ON "volunteer_points_rewards" ("tenant_id", "unit_id", "name")',
    );
    await queryRunner.query(
      `CREATE TABLE "volunteer_points_entries" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "district_id" uuid NOT NULL, "street_id" uuid, "community_id" uuid, "grid_id" uuid, "group_id" uuid, "volunteer_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "hours" numeric(5,2) NOT NULL DEFAULT '0', "points" integer NOT NULL, "activity_date" date NOT NULL, "description" character varying(500) NOT NULL, "reward_id" uuid, "quantity" integer, "recorded_by" uuid NOT NULL, CONSTRAINT "ck_volunteer_points_entries_hours" CHECK ("hours" >= 0), CONSTRAINT "ck_volunteer_points_entries_kind" CHECK ("kind" IN ('service', 'redemption', 'adjustment')), CONSTRAINT "PK_2675272ccd78753154425bfd5ff" PRIMARY KEY ("tenant_id", "id"))`,
    );
    await queryRunner.query(
      'CREATE INDEX "ix_volunteer_points_entries_grid" ON "volunteer_points_entries" ("tenant_id", "grid_id")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_volunteer_points_entries_community" ON "volunteer_points_entries" ("tenant_id", "community_id", "activity_date")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_volunteer_points_entries_street" ON "volunteer_points_entries" ("tenant_id", "street_id")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_volunteer_points_entries_volunteer" ON "volunteer_points_entries" ("tenant_id", "volunteer_id")',
    );
    await queryRunner.query(
      'ALTER TABLE "volunteer_points_entries" ADD CONSTRAINT "fk_volunteer_points_entries_reward" FOREIGN KEY ("tenant_id", "reward_id") REFERENCES "volunteer_points_rewards"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "volunteer_points_entries" ADD CONSTRAINT "fk_volunteer_points_entries_recorded_by" FOREIGN KEY ("tenant_id", "recorded_by") REFERENCES "users"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "volunteer_points_entries" ADD CONSTRAINT "fk_volunteer_points_entries_volunteer" FOREIGN KEY ("tenant_id", "volunteer_id") REFERENCES "users"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await isolateTenantTable(queryRunner, 'volunteer_points_rewards');
    await isolateTenantTable(queryRunner, 'volunteer_points_entries');
  }

  /** Exactly `up` undone, newest first. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await releaseTenantTable(queryRunner, 'volunteer_points_entries');
    await releaseTenantTable(queryRunner, 'volunteer_points_rewards');
    await queryRunner.query(
      'ALTER TABLE "volunteer_points_entries" DROP CONSTRAINT "fk_volunteer_points_entries_volunteer"',
    );
    await queryRunner.query(
      'ALTER TABLE "volunteer_points_entries" DROP CONSTRAINT "fk_volunteer_points_entries_recorded_by"',
    );
    await queryRunner.query(
      'ALTER TABLE "volunteer_points_entries" DROP CONSTRAINT "fk_volunteer_points_entries_reward"',
    );
    await queryRunner.query('DROP INDEX "public"."ix_volunteer_points_entries_volunteer"');
    await queryRunner.query('DROP INDEX "public"."ix_volunteer_points_entries_street"');
    await queryRunner.query('DROP INDEX "public"."ix_volunteer_points_entries_community"');
    await queryRunner.query('DROP INDEX "public"."ix_volunteer_points_entries_grid"');
    await queryRunner.query('DROP TABLE "volunteer_points_entries"');
    await queryRunner.query('DROP INDEX "public"."uq_volunteer_points_rewards_name"');
    await queryRunner.query('DROP INDEX "public"."ix_volunteer_points_rewards_street"');
    await queryRunner.query('DROP INDEX "public"."ix_volunteer_points_rewards_community"');
    await queryRunner.query('DROP TABLE "volunteer_points_rewards"');
  }
}
