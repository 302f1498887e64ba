import { isolateTenantTable, releaseTenantTable, type MigrationInterface, type QueryRunner } from '@tongxin/plugin-sdk';

/**
 * The dual-reporting plugin's tables: pairings and their agreement lists, member registrations,
 * calls and sign-ups, and evaluations; each under the tenant's row-level security.
 */
export class DualReport1795600000000 implements MigrationInterface {
  name = 'DualReport1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "dual_report_calls" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "district_id" uuid NOT NULL, "street_id" uuid, "community_id" uuid, "grid_id" uuid, "group_id" uuid, "unit_id" uuid NOT NULL, "kind" character varying(10) NOT NULL, "title" character varying(100) NOT NULL, "description" character varying(2000) NOT NULL DEFAULT '', "place" character varying(200) NOT NULL DEFAULT '', "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "capacity" integer NOT NULL, "skills_wanted" character varying(50) array NOT NULL DEFAULT '{}', "status" character varying(10) NOT NULL, "posted_by" uuid, "source_case_id" uuid, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_dual_report_calls_time" CHECK ("ends_at" > "starts_at"), CONSTRAINT "ck_dual_report_calls_capacity" CHECK ("capacity" > 0), CONSTRAINT "ck_dual_report_calls_status" CHECK ("status" IN ('open', 'closed', 'cancelled')), CONSTRAINT "ck_dual_report_calls_kind" CHECK ("kind" IN ('need', 'activity')), CONSTRAINT "PK_9934ed03a864d1ee450dbaae9b9" PRIMARY KEY ("tenant_id", "id"))`,
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_dual_report_calls_source_case" ON "dual_report_calls" ("tenant_id", "source_case_id") WHERE "source_case_id" IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_dual_report_calls_grid" ON "dual_report_calls" ("tenant_id", "grid_id", "starts_at")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_dual_report_calls_street" ON "dual_report_calls" ("tenant_id", "street_id", "starts_at")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_dual_report_calls_community" ON "dual_report_calls" ("tenant_id", "community_id", "starts_at")',
    );
    await queryRunner.query(
      `CREATE TABLE "dual_report_signups" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "district_id" uuid NOT NULL, "street_id" uuid, "community_id" uuid, "grid_id" uuid, "group_id" uuid, "call_id" uuid NOT NULL, "member_id" uuid, "partner_id" uuid, "member_partner_id" uuid, "status" character varying(10) NOT NULL, "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "signed_by" uuid NOT NULL, "confirmed_at" TIMESTAMP WITH TIME ZONE, "confirmed_by" uuid, "hours" numeric(5,2) NOT NULL DEFAULT '0', "work_done" character varying(1000) NOT NULL DEFAULT '', CONSTRAINT "ck_dual_report_signups_hours" CHECK ("hours" >= 0), CONSTRAINT "ck_dual_report_signups_who" CHECK ("member_id" IS NOT NULL OR "partner_id" IS NOT NULL), CONSTRAINT "ck_dual_report_signups_status" CHECK ("status" IN ('signed', 'cancelled', 'attended', 'absent')), CONSTRAINT "PK_bc1ac7125e0523f48cfe4d2cfe2" PRIMARY KEY ("tenant_id", "id"))`,
    );
    await queryRunner.query(
      'CREATE INDEX "ix_dual_report_signups_street" ON "dual_report_signups" ("tenant_id", "street_id", "confirmed_at")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_dual_report_signups_community" ON "dual_report_signups" ("tenant_id", "community_id", "confirmed_at")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_dual_report_signups_partner" ON "dual_report_signups" ("tenant_id", "partner_id", "confirmed_at")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_dual_report_signups_member_partner" ON "dual_report_signups" ("tenant_id", "member_partner_id", "confirmed_at")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_dual_report_signups_member" ON "dual_report_signups" ("tenant_id", "member_id")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_dual_report_signups_call" ON "dual_report_signups" ("tenant_id", "call_id")',
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_dual_report_signups_partner" ON "dual_report_signups" ("tenant_id", "call_id", "partner_id") WHERE "member_id" IS NULL AND "status" <> 'cancelled'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_dual_report_signups_member" ON "dual_report_signups" ("tenant_id", "call_id", "member_id") WHERE "member_id" IS NOT NULL AND "status" <> 'cancelled'`,
    );
    await queryRunner.query(
      `CREATE TABLE "dual_report_evaluations" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "district_id" uuid NOT NULL, "street_id" uuid, "community_id" uuid, "grid_id" uuid, "group_id" uuid, "direction" character varying(20) NOT NULL, "year" smallint NOT NULL, "subject_key" character varying(160) NOT NULL, "unit_id" uuid NOT NULL, "member_id" uuid, "partner_id" uuid, "pairing_id" uuid, "score" smallint NOT NULL, "item_scores" jsonb NOT NULL DEFAULT '{}', "comment" character varying(1000) NOT NULL DEFAULT '', "evaluated_by" uuid NOT NULL, "evaluated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_dual_report_evaluations_score" CHECK ("score" BETWEEN 1 AND 5), CONSTRAINT "ck_dual_report_evaluations_direction" CHECK ("direction" IN ('community_to_member', 'community_to_unit', 'unit_to_community')), CONSTRAINT "PK_e0367bd247d9f399650abd536c3" PRIMARY KEY ("tenant_id", "id"))`,
    );
    await queryRunner.query(
      'CREATE INDEX "ix_dual_report_evaluations_member" ON "dual_report_evaluations" ("tenant_id", "member_id", "year")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_dual_report_evaluations_partner" ON "dual_report_evaluations" ("tenant_id", "partner_id", "year")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_dual_report_evaluations_community" ON "dual_report_evaluations" ("tenant_id", "community_id", "year")',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_dual_report_evaluations_subject" ON "dual_report_evaluations" ("tenant_id", "subject_key")',
    );
    await queryRunner.query(
      `CREATE TABLE "dual_report_pairings" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "district_id" uuid NOT NULL, "street_id" uuid, "community_id" uuid, "grid_id" uuid, "group_id" uuid, "unit_id" uuid NOT NULL, "partner_id" uuid NOT NULL, "signed_on" date NOT NULL, "term_start" date NOT NULL, "term_end" date NOT NULL, "status" character varying(8) NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid NOT NULL, CONSTRAINT "ck_dual_report_pairings_term" CHECK ("term_end" > "term_start"), CONSTRAINT "ck_dual_report_pairings_status" CHECK ("status" IN ('active', 'ended')), CONSTRAINT "PK_cccc3b5490a321999a910ecce43" PRIMARY KEY ("tenant_id", "id"))`,
    );
    await queryRunner.query(
      'CREATE INDEX "ix_dual_report_pairings_street" ON "dual_report_pairings" ("tenant_id", "street_id")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_dual_report_pairings_community" ON "dual_report_pairings" ("tenant_id", "community_id")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_dual_report_pairings_partner" ON "dual_report_pairings" ("tenant_id", "partner_id")',
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_dual_report_pairings_active" ON "dual_report_pairings" ("tenant_id", "partner_id", "unit_id") WHERE "status" = 'active'`,
    );
    await queryRunner.query(
      `CREATE TABLE "dual_report_agreement_items" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "district_id" uuid NOT NULL, "street_id" uuid, "community_id" uuid, "grid_id" uuid, "group_id" uuid, "pairing_id" uuid NOT NULL, "kind" character varying(12) NOT NULL, "title" character varying(200) NOT NULL, "description" character varying(1000) NOT NULL DEFAULT '', "sort_order" integer NOT NULL DEFAULT '0', CONSTRAINT "ck_dual_report_agreement_items_kind" CHECK ("kind" IN ('need', 'resource', 'activity', 'service', 'assessment')), CONSTRAINT "PK_84ba70cd8d1e54b16ccee895418" PRIMARY KEY ("tenant_id", "id"))`,
    );
    await queryRunner.query(
      'CREATE INDEX "ix_dual_report_agreement_items_pairing" ON "dual_report_agreement_items" ("tenant_id", "pairing_id", "kind")',
    );
    await queryRunner.query(
      `CREATE TABLE "dual_report_registrations" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "district_id" uuid NOT NULL, "street_id" uuid, "community_id" uuid, "grid_id" uuid, "group_id" uuid, "member_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "partner_id" uuid, "status" character varying(12) NOT NULL, "skills" character varying(50) array NOT NULL DEFAULT '{}', "available_days" character varying(10) array NOT NULL DEFAULT '{}', "note" character varying(500) NOT NULL DEFAULT '', "applied_at" TIMESTAMP WITH TIME ZONE NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE, "decided_by" uuid, "reason" character varying(500) NOT NULL DEFAULT '', "transferred_from" uuid, CONSTRAINT "ck_dual_report_registrations_status" CHECK ("status" IN ('pending', 'approved', 'refused', 'transferred', 'withdrawn')), CONSTRAINT "PK_f4f1040580e8d03bb46278f3f0c" PRIMARY KEY ("tenant_id", "id"))`,
    );
    await queryRunner.query(
      'CREATE INDEX "ix_dual_report_registrations_street" ON "dual_report_registrations" ("tenant_id", "street_id", "status")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_dual_report_registrations_community" ON "dual_report_registrations" ("tenant_id", "community_id", "status")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_dual_report_registrations_partner" ON "dual_report_registrations" ("tenant_id", "partner_id", "status")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_dual_report_registrations_member" ON "dual_report_registrations" ("tenant_id", "member_id")',
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_dual_report_registrations_current" ON "dual_report_registrations" ("tenant_id", "member_id") WHERE "status" IN ('pending', 'approved')`,
    );
    await queryRunner.query(
      'ALTER TABLE "dual_report_signups" ADD CONSTRAINT "fk_dual_report_signups_partner" FOREIGN KEY ("tenant_id", "partner_id") REFERENCES "partner_bodies"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "dual_report_signups" ADD CONSTRAINT "fk_dual_report_signups_member" FOREIGN KEY ("tenant_id", "member_id") REFERENCES "users"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "dual_report_signups" ADD CONSTRAINT "fk_dual_report_signups_call" FOREIGN KEY ("tenant_id", "call_id") REFERENCES "dual_report_calls"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "dual_report_pairings" ADD CONSTRAINT "fk_dual_report_pairings_unit" FOREIGN KEY ("tenant_id", "unit_id") REFERENCES "org_units"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "dual_report_pairings" ADD CONSTRAINT "fk_dual_report_pairings_partner" FOREIGN KEY ("tenant_id", "partner_id") REFERENCES "partner_bodies"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "dual_report_agreement_items" ADD CONSTRAINT "fk_dual_report_agreement_items_pairing" FOREIGN KEY ("tenant_id", "pairing_id") REFERENCES "dual_report_pairings"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "dual_report_registrations" ADD CONSTRAINT "fk_dual_report_registrations_partner" FOREIGN KEY ("tenant_id", "partner_id") REFERENCES "partner_bodies"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "dual_report_registrations" ADD CONSTRAINT "fk_dual_report_registrations_member" FOREIGN KEY ("tenant_id", "member_id") REFERENCES "users"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await isolateTenantTable(queryRunner, 'dual_report_calls');
    await isolateTenantTable(queryRunner, 'dual_report_signups');
    await isolateTenantTable(queryRunner, 'dual_report_evaluations');
    await isolateTenantTable(queryRunner, 'dual_report_pairings');
    await isolateTenantTable(queryRunner, 'dual_report_agreement_items');
    await isolateTenantTable(queryRunner, 'dual_report_registrations');
  }

  /** Exactly `up` undone, newest first. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await releaseTenantTable(queryRunner, 'dual_report_registrations');
    await releaseTenantTable(queryRunner, 'dual_report_agreement_items');
    await releaseTenantTable(queryRunner, 'dual_report_pairings');
    await releaseTenantTable(queryRunner, 'dual_report_evaluations');
    await releaseTenantTable(queryRunner, 'dual_report_signups');
    await releaseTenantTable(queryRunner, 'dual_report_calls');
    await queryRunner.query(
      'ALTER TABLE "dual_report_registrations" DROP CONSTRAINT "fk_dual_report_registrations_member"',
    );
    await queryRunner.query(
      'ALTER TABLE "dual_report_registrations" DROP CONSTRAINT "fk_dual_report_registrations_partner"',
    );
    await queryRunner.query(
      'ALTER TABLE "dual_report_agreement_items" DROP CONSTRAINT "fk_dual_report_agreement_items_pairing"',
    );
    await queryRunner.query('ALTER TABLE "dual_report_pairings" DROP CONSTRAINT "fk_dual_report_pairings_partner"');
    await queryRunner.query('ALTER TABLE "dual_report_pairings" DROP CONSTRAINT "fk_dual_report_pairings_unit"');
    await queryRunner.query('ALTER TABLE "dual_report_signups" DROP CONSTRAINT "fk_dual_report_signups_call"');
    await queryRunner.query('ALTER TABLE "dual_report_signups" DROP CONSTRAINT "fk_dual_report_signups_member"');
    await queryRunner.query('ALTER TABLE "dual_report_signups" DROP CONSTRAINT "fk_dual_report_signups_partner"');
    await queryRunner.query('DROP INDEX "public"."uq_dual_report_registrations_current"');
    await queryRunner.query('DROP INDEX "public"."ix_dual_report_registrations_member"');
    await queryRunner.query('DROP INDEX "public"."ix_dual_report_registrations_partner"');
    await queryRunner.query('DROP INDEX "public"."ix_dual_report_registrations_community"');
    await queryRunner.query('DROP INDEX "public"."ix_dual_report_registrations_street"');
    await queryRunner.query('DROP TABLE "dual_report_registrations"');
    await queryRunner.query('DROP INDEX "public"."ix_dual_report_agreement_items_pairing"');
    await queryRunner.query('DROP TABLE "dual_report_agreement_items"');
    await queryRunner.query('DROP INDEX "public"."uq_dual_report_pairings_active"');
    await queryRunner.query('DROP INDEX "public"."ix_dual_report_pairings_partner"');
    await queryRunner.query('DROP INDEX "public"."ix_dual_report_pairings_community"');
    await queryRunner.query('DROP INDEX "public"."ix_dual_report_pairings_street"');
    await queryRunner.query('DROP TABLE "dual_report_pairings"');
    await queryRunner.query('DROP INDEX "public"."uq_dual_report_evaluations_subject"');
    await queryRunner.query('DROP INDEX "public"."ix_dual_report_evaluations_community"');
    await queryRunner.query('DROP INDEX "public"."ix_dual_report_evaluations_partner"');
    await queryRunner.query('DROP INDEX "public"."ix_dual_report_evaluations_member"');
    await queryRunner.query('DROP TABLE "dual_report_evaluations"');
    await queryRunner.query('DROP INDEX "public"."uq_dual_report_signups_member"');
    await queryRunner.query('DROP INDEX "public"."uq_dual_report_signups_partner"');
    await queryRunner.query('DROP INDEX "public"."ix_dual_report_signups_call"');
    await queryRunner.query('DROP INDEX "public"."ix_dual_report_signups_member"');
    await queryRunner.query('DROP INDEX "public"."ix_dual_report_signups_member_partner"');
    await queryRunner.query('DROP INDEX "public"."ix_dual_report_signups_partner"');
    await queryRunner.query('DROP INDEX "public"."ix_dual_report_signups_community"');
    await queryRunner.query('DROP INDEX "public"."ix_dual_report_signups_street"');
    await queryRunner.query('DROP TABLE "dual_report_signups"');
    await queryRunner.query('DROP INDEX "public"."ix_dual_report_calls_community"');
    await queryRunner.query('DROP INDEX "public"."ix_dual_report_calls_street"');
    await queryRunner.query('DROP INDEX "public"."ix_dual_report_calls_grid"');
    await queryRunner.query('DROP INDEX "public"."uq_dual_report_calls_source_case"');
    await queryRunner.query('DROP TABLE "dual_report_calls"');
  }
}
