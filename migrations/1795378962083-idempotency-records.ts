import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isolateTenantTable, releaseTenantTable } from './support/tenant-isolation';

export class IdempotencyRecords1795378962083 implements MigrationInterface {
  name = 'IdempotencyRecords1795378962083';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "idempotency_records" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "user_id" uuid NOT NULL, "key" character varying(100) NOT NULL, "request_hash" character(64) NOT NULL, "state" character varying(16) NOT NULL, "status_code" smallint, "response" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_73f9f12ed6af22c565cfb02ff64" PRIMARY KEY ("tenant_id", "id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_idempotency_records_created" ON "idempotency_records"  ("tenant_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_idempotency_records_key" ON "idempotency_records"  ("tenant_id", "user_id", "key") ',
    );
    await queryRunner.query(
      'ALTER TABLE "idempotency_records" ADD CONSTRAINT "fk_idempotency_records_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await isolateTenantTable(queryRunner, 'idempotency_records');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await releaseTenantTable(queryRunner, 'idempotency_records');
    await queryRunner.query('ALTER TABLE "idempotency_records" DROP CONSTRAINT "fk_idempotency_records_tenant"');
    await queryRunner.query('DROP INDEX "public"."uq_idempotency_records_key"');
    await queryRunner.query('DROP INDEX "public"."ix_idempotency_records_created"');
    await queryRunner.query('DROP TABLE "idempotency_records"');
  }
}
