import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isolateTenantTable, releaseTenantTable } from './support/tenant-isolation';

/**
 * District time and working days (ADR 016): the tenant profile gains a short name, a logo address
 * and its time zone (Beijing time for every district so far), and each district keeps its own
 * overrides of the national working-day calendar.
 */
export class DistrictTime1796200000000 implements MigrationInterface {
  name = 'DistrictTime1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "tenants" ADD "short_name" character varying(30)');
    await queryRunner.query('ALTER TABLE "tenants" ADD "logo_url" character varying(500)');
    await queryRunner.query(
      `ALTER TABLE "tenants" ADD "time_zone" character varying(64) NOT NULL DEFAULT 'Asia/Shanghai'`,
    );
    await queryRunner.query(
      `CREATE TABLE "tenant_calendar_overrides" ("tenant_id" uuid NOT NULL, "date" date NOT NULL, "kind" character varying(8) NOT NULL, "note" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_tenant_calendar_overrides_kind" CHECK ("kind" IN ('off', 'work')), CONSTRAINT "PK_tenant_calendar_overrides" PRIMARY KEY ("tenant_id", "date"))`,
    );
    await queryRunner.query(
      'ALTER TABLE "tenant_calendar_overrides" ADD CONSTRAINT "fk_tenant_calendar_overrides_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await isolateTenantTable(queryRunner, 'tenant_calendar_overrides');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await releaseTenantTable(queryRunner, 'tenant_calendar_overrides');
    await queryRunner.query('DROP TABLE "tenant_calendar_overrides"');
    await queryRunner.query('ALTER TABLE "tenants" DROP COLUMN "time_zone"');
    await queryRunner.query('ALTER TABLE "tenants" DROP COLUMN "logo_url"');
    await queryRunner.query('ALTER TABLE "tenants" DROP COLUMN "short_name"');
  }
}
