import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, isolateTenantTable, releaseTenantTable } from './support/tenant-isolation';

/** Tenant-owned tables: RLS forced, fail-closed policy. audit_events is append-only for the app. */
const TENANT_TABLES: [string, string?][] = [
  ['org_units'],
  ['users'],
  ['refresh_tokens'],
  ['roles'],
  ['role_assignments'],
  ['partner_bodies'],
  ['audit_events', 'SELECT, INSERT'],
];

export class Init1795377985285 implements MigrationInterface {
  name = 'Init1795377985285';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "platform_operators" ("id" uuid NOT NULL, "username" character varying(64) NOT NULL, "password_hash" character varying(200) NOT NULL, "display_name" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_be969f962da634b4e8f01afbac5" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_platform_operators_username" ON "platform_operators"  ("username") ',
    );
    await queryRunner.query(
      'CREATE TABLE "tenants" ("id" uuid NOT NULL, "code" character varying(32) NOT NULL, "name" character varying(100) NOT NULL, "division_code" character(6) NOT NULL, "status" character varying(16) NOT NULL DEFAULT \'active\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_53be67a04681c66b87ee27c9321" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_tenants_code" ON "tenants"  ("code") ');
    await queryRunner.query(
      'CREATE TABLE "org_units" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "district_id" uuid NOT NULL, "street_id" uuid, "community_id" uuid, "grid_id" uuid, "group_id" uuid, "parent_id" uuid, "level" smallint NOT NULL, "code" character varying(64) NOT NULL, "name" character varying(100) NOT NULL, CONSTRAINT "PK_e792f2f337eb4813c27d4882d66" PRIMARY KEY ("tenant_id", "id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_org_units_grid" ON "org_units"  ("tenant_id", "grid_id") ');
    await queryRunner.query('CREATE INDEX "ix_org_units_community" ON "org_units"  ("tenant_id", "community_id") ');
    await queryRunner.query('CREATE INDEX "ix_org_units_street" ON "org_units"  ("tenant_id", "street_id") ');
    await queryRunner.query('CREATE INDEX "ix_org_units_parent" ON "org_units"  ("tenant_id", "parent_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_org_units_root" ON "org_units"  ("tenant_id") WHERE level = 1');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_org_units_code" ON "org_units"  ("tenant_id", "code") ');
    await queryRunner.query(
      'CREATE TABLE "partner_bodies" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "district_id" uuid NOT NULL, "street_id" uuid, "community_id" uuid, "grid_id" uuid, "group_id" uuid, "type" character varying(48) NOT NULL, "name" character varying(200) NOT NULL, "credit_code" character varying(18), "contact_name" character varying(100), "contact_phone" character varying(20), "org_unit_id" uuid, CONSTRAINT "PK_c137a200f1166031a636718398b" PRIMARY KEY ("tenant_id", "id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_partner_bodies_community" ON "partner_bodies"  ("tenant_id", "community_id") ',
    );
    await queryRunner.query('CREATE INDEX "ix_partner_bodies_street" ON "partner_bodies"  ("tenant_id", "street_id") ');
    await queryRunner.query('CREATE INDEX "ix_partner_bodies_type" ON "partner_bodies"  ("tenant_id", "type") ');
    await queryRunner.query(
      'CREATE TABLE "users" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "district_id" uuid NOT NULL, "street_id" uuid, "community_id" uuid, "grid_id" uuid, "group_id" uuid, "username" character varying(64) NOT NULL, "display_name" character varying(100) NOT NULL, "phone" character varying(20), "password_hash" character varying(200) NOT NULL, "status" character varying(16) NOT NULL DEFAULT \'active\', "org_unit_id" uuid NOT NULL, "partner_body_id" uuid, "failed_login_count" integer NOT NULL DEFAULT \'0\', "locked_until" TIMESTAMP WITH TIME ZONE, "tokens_valid_after" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_96bb2f14a3cd3f8e046898b08b4" PRIMARY KEY ("tenant_id", "id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_users_grid" ON "users"  ("tenant_id", "grid_id") ');
    await queryRunner.query('CREATE INDEX "ix_users_community" ON "users"  ("tenant_id", "community_id") ');
    await queryRunner.query('CREATE INDEX "ix_users_street" ON "users"  ("tenant_id", "street_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_users_username" ON "users"  ("tenant_id", "username") ');
    await queryRunner.query(
      'CREATE TABLE "refresh_tokens" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "rotated_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2bebd22f16e68b57c9e1f5fe7d9" PRIMARY KEY ("tenant_id", "id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_refresh_tokens_user" ON "refresh_tokens"  ("tenant_id", "user_id") ');
    await queryRunner.query('CREATE INDEX "ix_refresh_tokens_family" ON "refresh_tokens"  ("tenant_id", "family_id") ');
    await queryRunner.query(
      'CREATE TABLE "roles" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "key" character varying(64) NOT NULL, "name_zh" character varying(100) NOT NULL, "name_en" character varying(100) NOT NULL, "system" boolean NOT NULL DEFAULT false, "permissions" text array NOT NULL DEFAULT \'{}\', CONSTRAINT "PK_60d5fa8e03e318e5235bf0b34ff" PRIMARY KEY ("tenant_id", "id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_roles_key" ON "roles"  ("tenant_id", "key") ');
    await queryRunner.query(
      'CREATE TABLE "role_assignments" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "district_id" uuid NOT NULL, "street_id" uuid, "community_id" uuid, "grid_id" uuid, "group_id" uuid, "user_id" uuid NOT NULL, "role_id" uuid NOT NULL, "org_unit_id" uuid NOT NULL, "granted_by" uuid, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_97533fb5feba1b7c0acaf294c42" PRIMARY KEY ("tenant_id", "id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_role_assignments_grid" ON "role_assignments"  ("tenant_id", "grid_id") ');
    await queryRunner.query(
      'CREATE INDEX "ix_role_assignments_community" ON "role_assignments"  ("tenant_id", "community_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_role_assignments_street" ON "role_assignments"  ("tenant_id", "street_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_role_assignments_unit" ON "role_assignments"  ("tenant_id", "org_unit_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_role_assignments_active" ON "role_assignments"  ("tenant_id", "user_id", "role_id", "org_unit_id") WHERE revoked_at IS NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "audit_events" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "actor_id" uuid, "actor_type" character varying(16) NOT NULL, "action" character varying(64) NOT NULL, "entity" character varying(64) NOT NULL, "entity_id" uuid, "before" jsonb, "after" jsonb, "request_id" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7445fcd6291ee354a6988ae6d3c" PRIMARY KEY ("tenant_id", "id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_audit_events_time" ON "audit_events"  ("tenant_id", "created_at") ');
    await queryRunner.query(
      'CREATE INDEX "ix_audit_events_entity" ON "audit_events"  ("tenant_id", "entity", "entity_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_audit_events_actor" ON "audit_events"  ("tenant_id", "actor_id", "created_at") ',
    );
    await queryRunner.query(
      'ALTER TABLE "org_units" ADD CONSTRAINT "fk_org_units_parent" FOREIGN KEY ("tenant_id", "parent_id") REFERENCES "org_units"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "org_units" ADD CONSTRAINT "fk_org_units_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "partner_bodies" ADD CONSTRAINT "fk_partner_bodies_org_unit" FOREIGN KEY ("tenant_id", "org_unit_id") REFERENCES "org_units"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "users" ADD CONSTRAINT "fk_users_partner_body" FOREIGN KEY ("tenant_id", "partner_body_id") REFERENCES "partner_bodies"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "users" ADD CONSTRAINT "fk_users_org_unit" FOREIGN KEY ("tenant_id", "org_unit_id") REFERENCES "org_units"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "refresh_tokens" ADD CONSTRAINT "fk_refresh_tokens_user" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "roles" ADD CONSTRAINT "fk_roles_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "role_assignments" ADD CONSTRAINT "fk_role_assignments_unit" FOREIGN KEY ("tenant_id", "org_unit_id") REFERENCES "org_units"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "role_assignments" ADD CONSTRAINT "fk_role_assignments_role" FOREIGN KEY ("tenant_id", "role_id") REFERENCES "roles"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "role_assignments" ADD CONSTRAINT "fk_role_assignments_user" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "audit_events" ADD CONSTRAINT "fk_audit_events_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    // Platform tables: the app reads tenants to resolve logins; operators' accounts stay with the owner
    // except for login lookups.
    await queryRunner.query(`GRANT SELECT, INSERT, UPDATE ON "tenants" TO ${APP_ROLE}`);
    await queryRunner.query(`GRANT SELECT ON "platform_operators" TO ${APP_ROLE}`);
    for (const [table, grants] of TENANT_TABLES) await isolateTenantTable(queryRunner, table, grants);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table] of TENANT_TABLES) await releaseTenantTable(queryRunner, table);
    await queryRunner.query(`REVOKE ALL ON "tenants", "platform_operators" FROM ${APP_ROLE}`);
    await queryRunner.query('ALTER TABLE "audit_events" DROP CONSTRAINT "fk_audit_events_tenant"');
    await queryRunner.query('ALTER TABLE "role_assignments" DROP CONSTRAINT "fk_role_assignments_user"');
    await queryRunner.query('ALTER TABLE "role_assignments" DROP CONSTRAINT "fk_role_assignments_role"');
    await queryRunner.query('ALTER TABLE "role_assignments" DROP CONSTRAINT "fk_role_assignments_unit"');
    await queryRunner.query('ALTER TABLE "roles" DROP CONSTRAINT "fk_roles_tenant"');
    await queryRunner.query('ALTER TABLE "refresh_tokens" DROP CONSTRAINT "fk_refresh_tokens_user"');
    await queryRunner.query('ALTER TABLE "users" DROP CONSTRAINT "fk_users_org_unit"');
    await queryRunner.query('ALTER TABLE "users" DROP CONSTRAINT "fk_users_partner_body"');
    await queryRunner.query('ALTER TABLE "partner_bodies" DROP CONSTRAINT "fk_partner_bodies_org_unit"');
    await queryRunner.query('ALTER TABLE "org_units" DROP CONSTRAINT "fk_org_units_tenant"');
    await queryRunner.query('ALTER TABLE "org_units" DROP CONSTRAINT "fk_org_units_parent"');
    await queryRunner.query('DROP INDEX "public"."ix_audit_events_actor"');
    await queryRunner.query('DROP INDEX "public"."ix_audit_events_entity"');
    await queryRunner.query('DROP INDEX "public"."ix_audit_events_time"');
    await queryRunner.query('DROP TABLE "audit_events"');
    await queryRunner.query('DROP INDEX "public"."uq_role_assignments_active"');
    await queryRunner.query('DROP INDEX "public"."ix_role_assignments_unit"');
    await queryRunner.query('DROP INDEX "public"."ix_role_assignments_street"');
    await queryRunner.query('DROP INDEX "public"."ix_role_assignments_community"');
    await queryRunner.query('DROP INDEX "public"."ix_role_assignments_grid"');
    await queryRunner.query('DROP TABLE "role_assignments"');
    await queryRunner.query('DROP INDEX "public"."uq_roles_key"');
    await queryRunner.query('DROP TABLE "roles"');
    await queryRunner.query('DROP INDEX "public"."ix_refresh_tokens_family"');
    await queryRunner.query('DROP INDEX "public"."ix_refresh_tokens_user"');
    await queryRunner.query('DROP TABLE "refresh_tokens"');
    await queryRunner.query('DROP INDEX "public"."uq_users_username"');
    await queryRunner.query('DROP INDEX "public"."ix_users_street"');
    await queryRunner.query('DROP INDEX "public"."ix_users_community"');
    await queryRunner.query('DROP INDEX "public"."ix_users_grid"');
    await queryRunner.query('DROP TABLE "users"');
    await queryRunner.query('DROP INDEX "public"."ix_partner_bodies_type"');
    await queryRunner.query('DROP INDEX "public"."ix_partner_bodies_street"');
    await queryRunner.query('DROP INDEX "public"."ix_partner_bodies_community"');
    await queryRunner.query('DROP TABLE "partner_bodies"');
    await queryRunner.query('DROP INDEX "public"."uq_org_units_code"');
    await queryRunner.query('DROP INDEX "public"."uq_org_units_root"');
    await queryRunner.query('DROP INDEX "public"."ix_org_units_parent"');
    await queryRunner.query('DROP INDEX "public"."ix_org_units_street"');
    await queryRunner.query('DROP INDEX "public"."ix_org_units_community"');
    await queryRunner.query('DROP INDEX "public"."ix_org_units_grid"');
    await queryRunner.query('DROP TABLE "org_units"');
    await queryRunner.query('DROP INDEX "public"."uq_tenants_code"');
    await queryRunner.query('DROP TABLE "tenants"');
    await queryRunner.query('DROP INDEX "public"."uq_platform_operators_username"');
    await queryRunner.query('DROP TABLE "platform_operators"');
  }
}
