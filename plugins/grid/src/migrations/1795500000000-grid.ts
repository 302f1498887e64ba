import { isolateTenantTable, releaseTenantTable, type MigrationInterface, type QueryRunner } from '@tongxin/plugin-sdk';

/**
 * The grid plugin's tables: grid profiles and staff, the item list, patrols, cases with their
 * history, photos and supervisions, three-level calls, evaluations and Open311 keys; each under
 * the tenant's row-level security.
 */
export class Grid1795500000000 implements MigrationInterface {
  name = 'Grid1795500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "grid_calls" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "district_id" uuid NOT NULL, "street_id" uuid, "community_id" uuid, "grid_id" uuid, "group_id" uuid, "unit_id" uuid NOT NULL, "front" character varying(20) NOT NULL, "title" character varying(100) NOT NULL, "description" character varying(2000) NOT NULL DEFAULT '', "address" character varying(200) NOT NULL DEFAULT '', "case_id" uuid, "raised_by" uuid NOT NULL, "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL, "report_in_by" TIMESTAMP WITH TIME ZONE NOT NULL, "status" character varying(8) NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_grid_calls_status" CHECK ("status" IN ('open', 'closed')), CONSTRAINT "ck_grid_calls_front" CHECK ("front" IN ('dispute_resolution', 'public_service', 'key_task', 'joint_enforcement', 'emergency')), CONSTRAINT "PK_6a5bfe5fd3cd50208429370fc2a" PRIMARY KEY ("tenant_id", "id"))`,
    );
    await queryRunner.query(
      'CREATE INDEX "ix_grid_calls_community" ON "grid_calls" ("tenant_id", "community_id", "id")',
    );
    await queryRunner.query('CREATE INDEX "ix_grid_calls_street" ON "grid_calls" ("tenant_id", "street_id", "id")');
    await queryRunner.query(
      `CREATE TABLE "grid_call_responses" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "district_id" uuid NOT NULL, "street_id" uuid, "community_id" uuid, "grid_id" uuid, "group_id" uuid, "call_id" uuid NOT NULL, "partner_id" uuid NOT NULL, "reported_at" TIMESTAMP WITH TIME ZONE, "reported_by" uuid, "late" boolean, "note" character varying(1000) NOT NULL DEFAULT '', CONSTRAINT "PK_a954a861b9461b2f4fc45a99cf4" PRIMARY KEY ("tenant_id", "id"))`,
    );
    await queryRunner.query(
      'CREATE INDEX "ix_grid_call_responses_partner" ON "grid_call_responses" ("tenant_id", "partner_id", "id")',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_grid_call_responses_partner" ON "grid_call_responses" ("tenant_id", "call_id", "partner_id")',
    );
    await queryRunner.query(
      `CREATE TABLE "grid_items" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "code" character varying(32) NOT NULL, "category" character varying(20) NOT NULL, "name" character varying(100) NOT NULL, "description" character varying(500) NOT NULL DEFAULT '', "time_limit_hours" integer NOT NULL, "handler_type" character varying(12) NOT NULL, "active" boolean NOT NULL DEFAULT true, "public" boolean NOT NULL DEFAULT false, "sort_order" integer NOT NULL DEFAULT '0', CONSTRAINT "ck_grid_items_time_limit" CHECK ("time_limit_hours" > 0), CONSTRAINT "ck_grid_items_handler_type" CHECK ("handler_type" IN ('grid', 'community', 'street', 'department')), CONSTRAINT "ck_grid_items_category" CHECK ("category" IN ('info_collection', 'hazard_patrol', 'publicity', 'special_task')), CONSTRAINT "PK_1fd25e869c0ce6d1aeb43f0a693" PRIMARY KEY ("tenant_id", "id"))`,
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_grid_items_code" ON "grid_items" ("tenant_id", "code")');
    await queryRunner.query(
      `CREATE TABLE "grid_cases" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "district_id" uuid NOT NULL, "street_id" uuid, "community_id" uuid, "grid_id" uuid, "group_id" uuid, "number" character varying(20) NOT NULL, "number_day" date NOT NULL, "number_seq" integer NOT NULL, "source" character varying(16) NOT NULL, "item_id" uuid NOT NULL, "description" character varying(2000) NOT NULL, "address" character varying(200) NOT NULL DEFAULT '', "latitude" numeric(9,6), "longitude" numeric(9,6), "reporter_name" character varying(100) NOT NULL DEFAULT '', "reporter_phone" character varying(32) NOT NULL DEFAULT '', "reported_by" uuid, "unit_id" uuid NOT NULL, "state" character varying(12) NOT NULL, "handling_unit_id" uuid NOT NULL, "handling_level" smallint NOT NULL, "handler_unit_id" uuid, "handler_partner_id" uuid, "handler_user_id" uuid, "dispatched_by" uuid, "first_dispatched_at" TIMESTAMP WITH TIME ZONE, "dispatched_at" TIMESTAMP WITH TIME ZONE, "respond_by" TIMESTAMP WITH TIME ZONE, "accepted_at" TIMESTAMP WITH TIME ZONE, "responded_in_time" boolean, "deadline_at" TIMESTAMP WITH TIME ZONE, "resolved_at" TIMESTAMP WITH TIME ZONE, "resolved_by" uuid, "resolution" character varying(2000) NOT NULL DEFAULT '', "closed_at" TIMESTAMP WITH TIME ZONE, "closed_by" uuid, "overdue_at" TIMESTAMP WITH TIME ZONE, "escalations" integer NOT NULL DEFAULT '0', "reopen_count" integer NOT NULL DEFAULT '0', "satisfaction" character varying(24), "satisfaction_at" TIMESTAMP WITH TIME ZONE, "needs_volunteers" boolean NOT NULL DEFAULT false, CONSTRAINT "ck_grid_cases_satisfaction" CHECK ("satisfaction" IN ('satisfied', 'basically_satisfied', 'dissatisfied')), CONSTRAINT "ck_grid_cases_handling_level" CHECK ("handling_level" BETWEEN 1 AND 5), CONSTRAINT "ck_grid_cases_source" CHECK ("source" IN ('walk_in', 'patrol', 'hotline_12345', 'online', 'upper_dispatch', 'open311')), CONSTRAINT "ck_grid_cases_state" CHECK ("state" IN ('collected', 'reported', 'dispatched', 'handling', 'resolved', 'closed', 'returned', 'escalated', 'reopened', 'cancelled')), CONSTRAINT "PK_a248cc7001e837ed944c5b62127" PRIMARY KEY ("tenant_id", "id"))`,
    );
    await queryRunner.query('CREATE INDEX "ix_grid_cases_state" ON "grid_cases" ("tenant_id", "state")');
    await queryRunner.query(
      'CREATE INDEX "ix_grid_cases_street_dispatched" ON "grid_cases" ("tenant_id", "street_id", "first_dispatched_at")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_grid_cases_community_dispatched" ON "grid_cases" ("tenant_id", "community_id", "first_dispatched_at")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_grid_cases_street_closed" ON "grid_cases" ("tenant_id", "street_id", "closed_at")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_grid_cases_community_closed" ON "grid_cases" ("tenant_id", "community_id", "closed_at")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_grid_cases_street_satisfaction" ON "grid_cases" ("tenant_id", "street_id", "satisfaction_at")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_grid_cases_handler_partner" ON "grid_cases" ("tenant_id", "handler_partner_id", "id")',
    );
    await queryRunner.query('CREATE INDEX "ix_grid_cases_street" ON "grid_cases" ("tenant_id", "street_id", "id")');
    await queryRunner.query(
      'CREATE INDEX "ix_grid_cases_community" ON "grid_cases" ("tenant_id", "community_id", "id")',
    );
    await queryRunner.query('CREATE INDEX "ix_grid_cases_grid" ON "grid_cases" ("tenant_id", "grid_id", "id")');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_grid_cases_number_seq" ON "grid_cases" ("tenant_id", "number_day", "number_seq")',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_grid_cases_number" ON "grid_cases" ("tenant_id", "number")');
    await queryRunner.query(
      `CREATE TABLE "grid_case_events" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "district_id" uuid NOT NULL, "street_id" uuid, "community_id" uuid, "grid_id" uuid, "group_id" uuid, "case_id" uuid NOT NULL, "action" character varying(20) NOT NULL, "from_state" character varying(12), "to_state" character varying(12) NOT NULL, "actor_id" uuid, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "note" character varying(1000) NOT NULL DEFAULT '', "details" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_2c118619e41eb56142a9fc34996" PRIMARY KEY ("tenant_id", "id"))`,
    );
    await queryRunner.query(
      'CREATE INDEX "ix_grid_case_events_community_action" ON "grid_case_events" ("tenant_id", "community_id", "action", "occurred_at")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_grid_case_events_street_action" ON "grid_case_events" ("tenant_id", "street_id", "action", "occurred_at")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_grid_case_events_case" ON "grid_case_events" ("tenant_id", "case_id", "action", "occurred_at")',
    );
    await queryRunner.query(
      `CREATE TABLE "grid_case_photos" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "district_id" uuid NOT NULL, "street_id" uuid, "community_id" uuid, "grid_id" uuid, "group_id" uuid, "case_id" uuid NOT NULL, "stage" character varying(12) NOT NULL, "storage_key" character varying(300) NOT NULL, "content_type" character varying(40) NOT NULL, "size" integer NOT NULL, "uploaded_by" uuid, CONSTRAINT "ck_grid_case_photos_stage" CHECK ("stage" IN ('report', 'resolution')), CONSTRAINT "PK_faf141c83a1f9fbea3148ab3072" PRIMARY KEY ("tenant_id", "id"))`,
    );
    await queryRunner.query('CREATE INDEX "ix_grid_case_photos_case" ON "grid_case_photos" ("tenant_id", "case_id")');
    await queryRunner.query(
      `CREATE TABLE "grid_supervisions" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "district_id" uuid NOT NULL, "street_id" uuid, "community_id" uuid, "grid_id" uuid, "group_id" uuid, "case_id" uuid NOT NULL, "reason" character varying(10) NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "opened_by" uuid, "handler_unit_id" uuid, "handler_partner_id" uuid, "note" character varying(1000) NOT NULL DEFAULT '', "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_grid_supervisions_reason" CHECK ("reason" IN ('overdue', 'manual')), CONSTRAINT "PK_8be259c01bf983f6210e0f272f3" PRIMARY KEY ("tenant_id", "id"))`,
    );
    await queryRunner.query(
      'CREATE INDEX "ix_grid_supervisions_community" ON "grid_supervisions" ("tenant_id", "community_id", "opened_at")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_grid_supervisions_street" ON "grid_supervisions" ("tenant_id", "street_id", "opened_at")',
    );
    await queryRunner.query('CREATE INDEX "ix_grid_supervisions_case" ON "grid_supervisions" ("tenant_id", "case_id")');
    await queryRunner.query(
      `CREATE TABLE "grid_evaluations" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "district_id" uuid NOT NULL, "street_id" uuid, "community_id" uuid, "grid_id" uuid, "group_id" uuid, "subject_type" character varying(16) NOT NULL, "subject_id" uuid NOT NULL, "ratee_unit_id" uuid, "ratee_partner_id" uuid, "score" smallint NOT NULL, "comment" character varying(500) NOT NULL DEFAULT '', "evaluated_by" uuid NOT NULL, "evaluated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_grid_evaluations_score" CHECK ("score" BETWEEN 1 AND 5), CONSTRAINT "ck_grid_evaluations_subject_type" CHECK ("subject_type" IN ('case', 'call_response')), CONSTRAINT "PK_73429379bf842257e6444e3a193" PRIMARY KEY ("tenant_id", "id"))`,
    );
    await queryRunner.query(
      'CREATE INDEX "ix_grid_evaluations_community" ON "grid_evaluations" ("tenant_id", "community_id", "evaluated_at")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_grid_evaluations_street" ON "grid_evaluations" ("tenant_id", "street_id", "evaluated_at")',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_grid_evaluations_subject" ON "grid_evaluations" ("tenant_id", "subject_type", "subject_id")',
    );
    await queryRunner.query(
      `CREATE TABLE "grid_profiles" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "district_id" uuid NOT NULL, "street_id" uuid, "community_id" uuid, "grid_id" uuid, "group_id" uuid, "unit_id" uuid NOT NULL, "households" integer NOT NULL DEFAULT '0', "buildings" integer NOT NULL DEFAULT '0', "residents" integer NOT NULL DEFAULT '0', "boundary" jsonb, "notes" character varying(500) NOT NULL DEFAULT '', CONSTRAINT "ck_grid_profiles_counts" CHECK ("households" >= 0 AND "buildings" >= 0 AND "residents" >= 0), CONSTRAINT "PK_a414a3c70bc0540666151389ee8" PRIMARY KEY ("tenant_id", "id"))`,
    );
    await queryRunner.query('CREATE INDEX "ix_grid_profiles_street" ON "grid_profiles" ("tenant_id", "street_id")');
    await queryRunner.query(
      'CREATE INDEX "ix_grid_profiles_community" ON "grid_profiles" ("tenant_id", "community_id")',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_grid_profiles_unit" ON "grid_profiles" ("tenant_id", "unit_id")');
    await queryRunner.query(
      `CREATE TABLE "grid_staff" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "district_id" uuid NOT NULL, "street_id" uuid, "community_id" uuid, "grid_id" uuid, "group_id" uuid, "unit_id" uuid NOT NULL, "duty" character varying(20) NOT NULL, "user_id" uuid, "name" character varying(100) NOT NULL, "phone" character varying(32) NOT NULL DEFAULT '', "employment" character varying(10) NOT NULL DEFAULT 'full_time', "member_count" integer, "active" boolean NOT NULL DEFAULT true, CONSTRAINT "ck_grid_staff_employment" CHECK ("employment" IN ('full_time', 'part_time')), CONSTRAINT "ck_grid_staff_duty" CHECK ("duty" IN ('grid_leader', 'grid_worker', 'grid_police', 'volunteer_team')), CONSTRAINT "PK_b5b3c6b26e800980fbf891df430" PRIMARY KEY ("tenant_id", "id"))`,
    );
    await queryRunner.query('CREATE INDEX "ix_grid_staff_user" ON "grid_staff" ("tenant_id", "user_id")');
    await queryRunner.query('CREATE INDEX "ix_grid_staff_street" ON "grid_staff" ("tenant_id", "street_id")');
    await queryRunner.query('CREATE INDEX "ix_grid_staff_community" ON "grid_staff" ("tenant_id", "community_id")');
    await queryRunner.query('CREATE INDEX "ix_grid_staff_grid" ON "grid_staff" ("tenant_id", "unit_id", "duty")');
    await queryRunner.query(
      'CREATE TABLE "grid_open311_keys" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "district_id" uuid NOT NULL, "street_id" uuid, "community_id" uuid, "grid_id" uuid, "group_id" uuid, "client_name" character varying(100) NOT NULL, "key_hash" character varying(64) NOT NULL, "key_prefix" character varying(12) NOT NULL, "unit_id" uuid NOT NULL, "issued_by" uuid NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_c97d8419e549b5ef658571e57f8" PRIMARY KEY ("tenant_id", "id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_grid_open311_keys_hash" ON "grid_open311_keys" ("tenant_id", "key_hash")',
    );
    await queryRunner.query(
      `CREATE TABLE "grid_patrols" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "district_id" uuid NOT NULL, "street_id" uuid, "community_id" uuid, "grid_id" uuid, "group_id" uuid, "worker_id" uuid NOT NULL, "checked_in_at" TIMESTAMP WITH TIME ZONE NOT NULL, "patrol_date" date NOT NULL, "half" character varying(2) NOT NULL, "latitude" numeric(9,6), "longitude" numeric(9,6), "place" character varying(200) NOT NULL DEFAULT '', "findings" character varying(1000) NOT NULL DEFAULT '', "case_ids" uuid array NOT NULL DEFAULT '{}', CONSTRAINT "ck_grid_patrols_half" CHECK ("half" IN ('am', 'pm')), CONSTRAINT "PK_bab53266524b294a74b36899965" PRIMARY KEY ("tenant_id", "id"))`,
    );
    await queryRunner.query(
      'CREATE INDEX "ix_grid_patrols_street_day" ON "grid_patrols" ("tenant_id", "street_id", "patrol_date")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_grid_patrols_community_day" ON "grid_patrols" ("tenant_id", "community_id", "patrol_date")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_grid_patrols_grid_day" ON "grid_patrols" ("tenant_id", "grid_id", "patrol_date")',
    );
    await queryRunner.query(
      'ALTER TABLE "grid_calls" ADD CONSTRAINT "fk_grid_calls_raised_by" FOREIGN KEY ("tenant_id", "raised_by") REFERENCES "users"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "grid_call_responses" ADD CONSTRAINT "fk_grid_call_responses_partner" FOREIGN KEY ("tenant_id", "partner_id") REFERENCES "partner_bodies"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "grid_call_responses" ADD CONSTRAINT "fk_grid_call_responses_call" FOREIGN KEY ("tenant_id", "call_id") REFERENCES "grid_calls"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "grid_cases" ADD CONSTRAINT "fk_grid_cases_handler_user" FOREIGN KEY ("tenant_id", "handler_user_id") REFERENCES "users"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "grid_cases" ADD CONSTRAINT "fk_grid_cases_handler_partner" FOREIGN KEY ("tenant_id", "handler_partner_id") REFERENCES "partner_bodies"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "grid_cases" ADD CONSTRAINT "fk_grid_cases_handler_unit" FOREIGN KEY ("tenant_id", "handler_unit_id") REFERENCES "org_units"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "grid_cases" ADD CONSTRAINT "fk_grid_cases_handling_unit" FOREIGN KEY ("tenant_id", "handling_unit_id") REFERENCES "org_units"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "grid_cases" ADD CONSTRAINT "fk_grid_cases_unit" FOREIGN KEY ("tenant_id", "unit_id") REFERENCES "org_units"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "grid_cases" ADD CONSTRAINT "fk_grid_cases_item" FOREIGN KEY ("tenant_id", "item_id") REFERENCES "grid_items"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "grid_case_events" ADD CONSTRAINT "fk_grid_case_events_case" FOREIGN KEY ("tenant_id", "case_id") REFERENCES "grid_cases"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "grid_case_photos" ADD CONSTRAINT "fk_grid_case_photos_case" FOREIGN KEY ("tenant_id", "case_id") REFERENCES "grid_cases"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "grid_supervisions" ADD CONSTRAINT "fk_grid_supervisions_case" FOREIGN KEY ("tenant_id", "case_id") REFERENCES "grid_cases"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "grid_staff" ADD CONSTRAINT "fk_grid_staff_user" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "grid_open311_keys" ADD CONSTRAINT "fk_grid_open311_keys_issued_by" FOREIGN KEY ("tenant_id", "issued_by") REFERENCES "users"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "grid_patrols" ADD CONSTRAINT "fk_grid_patrols_worker" FOREIGN KEY ("tenant_id", "worker_id") REFERENCES "users"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await isolateTenantTable(queryRunner, 'grid_calls');
    await isolateTenantTable(queryRunner, 'grid_call_responses');
    await isolateTenantTable(queryRunner, 'grid_items');
    await isolateTenantTable(queryRunner, 'grid_cases');
    await isolateTenantTable(queryRunner, 'grid_case_events');
    await isolateTenantTable(queryRunner, 'grid_case_photos');
    await isolateTenantTable(queryRunner, 'grid_supervisions');
    await isolateTenantTable(queryRunner, 'grid_evaluations');
    await isolateTenantTable(queryRunner, 'grid_profiles');
    await isolateTenantTable(queryRunner, 'grid_staff');
    await isolateTenantTable(queryRunner, 'grid_open311_keys');
    await isolateTenantTable(queryRunner, 'grid_patrols');
  }

  /** Exactly `up` undone, newest first. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await releaseTenantTable(queryRunner, 'grid_patrols');
    await releaseTenantTable(queryRunner, 'grid_open311_keys');
    await releaseTenantTable(queryRunner, 'grid_staff');
    await releaseTenantTable(queryRunner, 'grid_profiles');
    await releaseTenantTable(queryRunner, 'grid_evaluations');
    await releaseTenantTable(queryRunner, 'grid_supervisions');
    await releaseTenantTable(queryRunner, 'grid_case_photos');
    await releaseTenantTable(queryRunner, 'grid_case_events');
    await releaseTenantTable(queryRunner, 'grid_cases');
    await releaseTenantTable(queryRunner, 'grid_items');
    await releaseTenantTable(queryRunner, 'grid_call_responses');
    await releaseTenantTable(queryRunner, 'grid_calls');
    await queryRunner.query('ALTER TABLE "grid_patrols" DROP CONSTRAINT "fk_grid_patrols_worker"');
    await queryRunner.query('ALTER TABLE "grid_open311_keys" DROP CONSTRAINT "fk_grid_open311_keys_issued_by"');
    await queryRunner.query('ALTER TABLE "grid_staff" DROP CONSTRAINT "fk_grid_staff_user"');
    await queryRunner.query('ALTER TABLE "grid_supervisions" DROP CONSTRAINT "fk_grid_supervisions_case"');
    await queryRunner.query('ALTER TABLE "grid_case_photos" DROP CONSTRAINT "fk_grid_case_photos_case"');
    await queryRunner.query('ALTER TABLE "grid_case_events" DROP CONSTRAINT "fk_grid_case_events_case"');
    await queryRunner.query('ALTER TABLE "grid_cases" DROP CONSTRAINT "fk_grid_cases_item"');
    await queryRunner.query('ALTER TABLE "grid_cases" DROP CONSTRAINT "fk_grid_cases_unit"');
    await queryRunner.query('ALTER TABLE "grid_cases" DROP CONSTRAINT "fk_grid_cases_handling_unit"');
    await queryRunner.query('ALTER TABLE "grid_cases" DROP CONSTRAINT "fk_grid_cases_handler_unit"');
    await queryRunner.query('ALTER TABLE "grid_cases" DROP CONSTRAINT "fk_grid_cases_handler_partner"');
    await queryRunner.query('ALTER TABLE "grid_cases" DROP CONSTRAINT "fk_grid_cases_handler_user"');
    await queryRunner.query('ALTER TABLE "grid_call_responses" DROP CONSTRAINT "fk_grid_call_responses_call"');
    await queryRunner.query('ALTER TABLE "grid_call_responses" DROP CONSTRAINT "fk_grid_call_responses_partner"');
    await queryRunner.query('ALTER TABLE "grid_calls" DROP CONSTRAINT "fk_grid_calls_raised_by"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_patrols_grid_day"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_patrols_community_day"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_patrols_street_day"');
    await queryRunner.query('DROP TABLE "grid_patrols"');
    await queryRunner.query('DROP INDEX "public"."uq_grid_open311_keys_hash"');
    await queryRunner.query('DROP TABLE "grid_open311_keys"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_staff_grid"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_staff_community"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_staff_street"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_staff_user"');
    await queryRunner.query('DROP TABLE "grid_staff"');
    await queryRunner.query('DROP INDEX "public"."uq_grid_profiles_unit"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_profiles_community"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_profiles_street"');
    await queryRunner.query('DROP TABLE "grid_profiles"');
    await queryRunner.query('DROP INDEX "public"."uq_grid_evaluations_subject"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_evaluations_street"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_evaluations_community"');
    await queryRunner.query('DROP TABLE "grid_evaluations"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_supervisions_case"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_supervisions_street"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_supervisions_community"');
    await queryRunner.query('DROP TABLE "grid_supervisions"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_case_photos_case"');
    await queryRunner.query('DROP TABLE "grid_case_photos"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_case_events_case"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_case_events_street_action"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_case_events_community_action"');
    await queryRunner.query('DROP TABLE "grid_case_events"');
    await queryRunner.query('DROP INDEX "public"."uq_grid_cases_number"');
    await queryRunner.query('DROP INDEX "public"."uq_grid_cases_number_seq"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_cases_grid"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_cases_community"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_cases_street"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_cases_handler_partner"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_cases_street_satisfaction"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_cases_community_closed"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_cases_street_closed"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_cases_community_dispatched"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_cases_street_dispatched"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_cases_state"');
    await queryRunner.query('DROP TABLE "grid_cases"');
    await queryRunner.query('DROP INDEX "public"."uq_grid_items_code"');
    await queryRunner.query('DROP TABLE "grid_items"');
    await queryRunner.query('DROP INDEX "public"."uq_grid_call_responses_partner"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_call_responses_partner"');
    await queryRunner.query('DROP TABLE "grid_call_responses"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_calls_street"');
    await queryRunner.query('DROP INDEX "public"."ix_grid_calls_community"');
    await queryRunner.query('DROP TABLE "grid_calls"');
  }
}
