import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, isolateTenantTable, releaseTenantTable } from './support/tenant-isolation';

const OWNER_ROLE = 'tongxin_owner';
const TENANT_TABLES = ['tenant_plugins', 'durable_timers', 'job_receipts', 'outbox_messages', 'notifications'];
const SWEPT_TABLES = ['outbox_messages', 'durable_timers', 'job_receipts', 'idempotency_records', 'refresh_tokens'];
const FUNCTIONS = [
  'tongxin_outbox_pending_tenants(timestamptz)',
  'tongxin_due_timer_tenants(timestamptz)',
  'tongxin_purge()',
];

/** Plugin enablement, the outbox, durable timers, job receipts, the in-app inbox, and the sweeps' functions. */

export class PluginsJobsNotifications1795381971785 implements MigrationInterface {
  name = 'PluginsJobsNotifications1795381971785';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "tenant_plugins" ("tenant_id" uuid NOT NULL, "plugin_id" character varying(40) NOT NULL, "enabled" boolean NOT NULL, "settings" jsonb NOT NULL DEFAULT \'{}\', "seeded_version" character varying(40), "enabled_at" TIMESTAMP WITH TIME ZONE, "disabled_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ebaef643572aff2895cd3b80dce" PRIMARY KEY ("tenant_id", "plugin_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "durable_timers" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "plugin_id" character varying(40) NOT NULL, "name" character varying(120) NOT NULL, "key" character varying(200) NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "payload" jsonb NOT NULL DEFAULT \'{}\', "generation" integer NOT NULL DEFAULT \'1\', "enqueued_at" TIMESTAMP WITH TIME ZONE, "fired_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_696b5eab7b40a3a7c4d8356e886" PRIMARY KEY ("tenant_id", "id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_durable_timers_due" ON "durable_timers"  ("due_at") WHERE fired_at IS NULL AND cancelled_at IS NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_durable_timers_key" ON "durable_timers"  ("tenant_id", "plugin_id", "name", "key") ',
    );
    await queryRunner.query(
      'CREATE TABLE "job_receipts" ("tenant_id" uuid NOT NULL, "job_id" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_70182e7ece43ae74c3747a4f085" PRIMARY KEY ("tenant_id", "job_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "outbox_messages" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "plugin_id" character varying(40), "name" character varying(120) NOT NULL, "version" integer NOT NULL DEFAULT \'1\', "payload" jsonb NOT NULL, "run_at" TIMESTAMP WITH TIME ZONE, "actor_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "relayed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_c143ef736a9c9b3459e149cc377" PRIMARY KEY ("tenant_id", "id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_outbox_messages_pending" ON "outbox_messages"  ("tenant_id", "id") WHERE relayed_at IS NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "notifications" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "user_id" uuid NOT NULL, "plugin_id" character varying(40), "kind" character varying(120) NOT NULL, "title" character varying(200) NOT NULL, "body" text NOT NULL DEFAULT \'\', "link" character varying(500), "data" jsonb NOT NULL DEFAULT \'{}\', "dedupe_key" character varying(200) NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9b0da1590e59b4b841e511e37ec" PRIMARY KEY ("tenant_id", "id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_notifications_dedupe" ON "notifications"  ("tenant_id", "user_id", "dedupe_key") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_notifications_unread" ON "notifications"  ("tenant_id", "user_id") WHERE read_at IS NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_notifications_inbox" ON "notifications"  ("tenant_id", "user_id", "id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "tenant_plugins" ADD CONSTRAINT "fk_tenant_plugins_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "durable_timers" ADD CONSTRAINT "fk_durable_timers_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "job_receipts" ADD CONSTRAINT "fk_job_receipts_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "outbox_messages" ADD CONSTRAINT "fk_outbox_messages_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "notifications" ADD CONSTRAINT "fk_notifications_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    for (const table of TENANT_TABLES) await isolateTenantTable(queryRunner, table);
    // Cross-tenant sweeps run as SECURITY DEFINER functions owned by the owner role; these
    // policies let only that role see across tenants, and only on the tables the sweeps touch.
    for (const table of SWEPT_TABLES)
      await queryRunner.query(
        `CREATE POLICY owner_maintenance ON "${table}" TO ${OWNER_ROLE} USING (true) WITH CHECK (true)`,
      );
    await queryRunner.query(`
      CREATE FUNCTION tongxin_outbox_pending_tenants(written_before timestamptz) RETURNS SETOF uuid
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
        $$ SELECT DISTINCT tenant_id FROM outbox_messages WHERE relayed_at IS NULL AND created_at < written_before $$`);
    await queryRunner.query(`
      CREATE FUNCTION tongxin_due_timer_tenants(at timestamptz) RETURNS SETOF uuid
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
        $$ SELECT DISTINCT tenant_id FROM durable_timers
            WHERE due_at <= at AND fired_at IS NULL AND cancelled_at IS NULL $$`);
    await queryRunner.query(`
      CREATE FUNCTION tongxin_purge() RETURNS bigint
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
        DECLARE n bigint := 0; c bigint;
        BEGIN
          DELETE FROM outbox_messages WHERE relayed_at < now() - interval '2 days'; GET DIAGNOSTICS c = ROW_COUNT; n := n + c;
          DELETE FROM job_receipts WHERE created_at < now() - interval '2 days'; GET DIAGNOSTICS c = ROW_COUNT; n := n + c;
          DELETE FROM durable_timers WHERE coalesce(fired_at, cancelled_at) < now() - interval '30 days'; GET DIAGNOSTICS c = ROW_COUNT; n := n + c;
          DELETE FROM idempotency_records WHERE created_at < now() - interval '2 days'; GET DIAGNOSTICS c = ROW_COUNT; n := n + c;
          DELETE FROM refresh_tokens WHERE expires_at < now() - interval '1 day'; GET DIAGNOSTICS c = ROW_COUNT; n := n + c;
          RETURN n;
        END $$`);
    for (const fn of FUNCTIONS) {
      await queryRunner.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await queryRunner.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${APP_ROLE}`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const fn of FUNCTIONS) await queryRunner.query(`DROP FUNCTION ${fn}`);
    for (const table of SWEPT_TABLES) await queryRunner.query(`DROP POLICY owner_maintenance ON "${table}"`);
    for (const table of TENANT_TABLES) await releaseTenantTable(queryRunner, table);
    await queryRunner.query('ALTER TABLE "notifications" DROP CONSTRAINT "fk_notifications_tenant"');
    await queryRunner.query('ALTER TABLE "outbox_messages" DROP CONSTRAINT "fk_outbox_messages_tenant"');
    await queryRunner.query('ALTER TABLE "job_receipts" DROP CONSTRAINT "fk_job_receipts_tenant"');
    await queryRunner.query('ALTER TABLE "durable_timers" DROP CONSTRAINT "fk_durable_timers_tenant"');
    await queryRunner.query('ALTER TABLE "tenant_plugins" DROP CONSTRAINT "fk_tenant_plugins_tenant"');
    await queryRunner.query('DROP INDEX "public"."ix_notifications_inbox"');
    await queryRunner.query('DROP INDEX "public"."ix_notifications_unread"');
    await queryRunner.query('DROP INDEX "public"."uq_notifications_dedupe"');
    await queryRunner.query('DROP TABLE "notifications"');
    await queryRunner.query('DROP INDEX "public"."ix_outbox_messages_pending"');
    await queryRunner.query('DROP TABLE "outbox_messages"');
    await queryRunner.query('DROP TABLE "job_receipts"');
    await queryRunner.query('DROP INDEX "public"."uq_durable_timers_key"');
    await queryRunner.query('DROP INDEX "public"."ix_durable_timers_due"');
    await queryRunner.query('DROP TABLE "durable_timers"');
    await queryRunner.query('DROP TABLE "tenant_plugins"');
  }
}
