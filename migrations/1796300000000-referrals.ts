import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isolateTenantTable, releaseTenantTable } from './support/tenant-isolation';

/**
 * Referrals between practices (ADR 021): one row per case handed from one plugin to another,
 * scoped to its target, under row-level security like every tenant table.
 */
export class Referrals1796300000000 implements MigrationInterface {
  name = 'Referrals1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "referrals" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "district_id" uuid NOT NULL, "street_id" uuid, "community_id" uuid, "grid_id" uuid, "group_id" uuid, "kind" character varying(81) NOT NULL, "target_plugin_id" character varying(40) NOT NULL, "target_unit_id" uuid, "target_partner_body_id" uuid, "source_plugin_id" character varying(40) NOT NULL, "source_record_id" uuid NOT NULL, "source_ref" character varying(60), "source_unit_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "reason" character varying(500) NOT NULL, "payload" jsonb NOT NULL, "opened_by" uuid, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "target_record_id" uuid, "target_ref" character varying(60), "accepted_by" uuid, "accepted_at" TIMESTAMP WITH TIME ZONE, "refusal_reason" character varying(500), "refused_by" uuid, "refused_at" TIMESTAMP WITH TIME ZONE, "result" character varying(40), "resolved_at" TIMESTAMP WITH TIME ZONE, "target_notified" boolean NOT NULL DEFAULT false, "origin_seen_status" character varying(16), CONSTRAINT "ck_referrals_target" CHECK ((target_unit_id IS NULL) <> (target_partner_body_id IS NULL)), CONSTRAINT "ck_referrals_status" CHECK (status IN (\'pending\', \'accepted\', \'refused\', \'resolved\')), CONSTRAINT "PK_a3821633a06c5c4c3ea4a235a13" PRIMARY KEY ("tenant_id", "id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_referrals_open" ON "referrals"  ("tenant_id", "source_plugin_id", "source_record_id", "kind") WHERE status IN (\'pending\', \'accepted\')',
    );
    await queryRunner.query('CREATE INDEX "ix_referrals_street" ON "referrals"  ("tenant_id", "street_id") ');
    await queryRunner.query('CREATE INDEX "ix_referrals_community" ON "referrals"  ("tenant_id", "community_id") ');
    await queryRunner.query(
      'CREATE INDEX "ix_referrals_source" ON "referrals"  ("tenant_id", "source_plugin_id", "source_record_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_referrals_target" ON "referrals"  ("tenant_id", "target_plugin_id", "status") ',
    );
    await queryRunner.query(
      'ALTER TABLE "referrals" ADD CONSTRAINT "fk_referrals_target_partner_body" FOREIGN KEY ("tenant_id", "target_partner_body_id") REFERENCES "partner_bodies"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "referrals" ADD CONSTRAINT "fk_referrals_source_unit" FOREIGN KEY ("tenant_id", "source_unit_id") REFERENCES "org_units"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "referrals" ADD CONSTRAINT "fk_referrals_target_unit" FOREIGN KEY ("tenant_id", "target_unit_id") REFERENCES "org_units"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await isolateTenantTable(queryRunner, 'referrals');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await releaseTenantTable(queryRunner, 'referrals');
    await queryRunner.query('ALTER TABLE "referrals" DROP CONSTRAINT "fk_referrals_target_unit"');
    await queryRunner.query('ALTER TABLE "referrals" DROP CONSTRAINT "fk_referrals_source_unit"');
    await queryRunner.query('ALTER TABLE "referrals" DROP CONSTRAINT "fk_referrals_target_partner_body"');
    await queryRunner.query('DROP INDEX "public"."ix_referrals_target"');
    await queryRunner.query('DROP INDEX "public"."ix_referrals_source"');
    await queryRunner.query('DROP INDEX "public"."ix_referrals_community"');
    await queryRunner.query('DROP INDEX "public"."ix_referrals_street"');
    await queryRunner.query('DROP INDEX "public"."uq_referrals_open"');
    await queryRunner.query('DROP TABLE "referrals"');
  }
}
