import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './support/tenant-isolation';

const TENANTS_FUNCTION = 'tongxin_idempotency_tenants(timestamptz)';

/** The daily purge, as it stays: everything but replay records, which now have their own sweep. */
const PURGE_WITHOUT_REPLAY_RECORDS = `
  CREATE OR REPLACE FUNCTION tongxin_purge() RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    DECLARE n bigint := 0; c bigint;
    BEGIN
      DELETE FROM outbox_messages WHERE relayed_at < now() - interval '2 days'; GET DIAGNOSTICS c = ROW_COUNT; n := n + c;
      DELETE FROM job_receipts WHERE created_at < now() - interval '2 days'; GET DIAGNOSTICS c = ROW_COUNT; n := n + c;
      DELETE FROM durable_timers WHERE coalesce(fired_at, cancelled_at) < now() - interval '30 days'; GET DIAGNOSTICS c = ROW_COUNT; n := n + c;
      DELETE FROM refresh_tokens WHERE expires_at < now() - interval '1 day'; GET DIAGNOSTICS c = ROW_COUNT; n := n + c;
      RETURN n;
    END $$`;

/** The daily purge as PluginsJobsNotifications1795381971785 made it, for `down`. */
const PURGE_WITH_REPLAY_RECORDS = `
  CREATE OR REPLACE FUNCTION tongxin_purge() RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    DECLARE n bigint := 0; c bigint;
    BEGIN
      DELETE FROM outbox_messages WHERE relayed_at < now() - interval '2 days'; GET DIAGNOSTICS c = ROW_COUNT; n := n + c;
      DELETE FROM job_receipts WHERE created_at < now() - interval '2 days'; GET DIAGNOSTICS c = ROW_COUNT; n := n + c;
      DELETE FROM durable_timers WHERE coalesce(fired_at, cancelled_at) < now() - interval '30 days'; GET DIAGNOSTICS c = ROW_COUNT; n := n + c;
      DELETE FROM idempotency_records WHERE created_at < now() - interval '2 days'; GET DIAGNOSTICS c = ROW_COUNT; n := n + c;
      DELETE FROM refresh_tokens WHERE expires_at < now() - interval '1 day'; GET DIAGNOSTICS c = ROW_COUNT; n := n + c;
      RETURN n;
    END $$`;

/**
 * Replay records (`Idempotency-Key`) get a retention of their own (IDEMPOTENCY_RETENTION_HOURS,
 * swept hourly by Maintenance.purgeIdempotencyRecords): this function names the tenants that have
 * records older than the cut-off, and the deletes run per tenant under row-level security, as the
 * timer sweep does (ADR 003). SECURITY DEFINER sees across tenants through the `owner_maintenance`
 * policy `idempotency_records` already has, and returns tenant ids only.
 *
 * Records written before secrets were withheld may hold one in clear (an api_key, a token pair):
 * those answers are dropped here and the records marked `withheld`, so a retry is refused rather
 * than answered with a secret.
 */
export class IdempotencyRetention1795910000000 implements MigrationInterface {
  name = 'IdempotencyRetention1795910000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION tongxin_idempotency_tenants(created_before timestamptz) RETURNS SETOF uuid
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
        $$ SELECT DISTINCT tenant_id FROM idempotency_records WHERE created_at < created_before $$`);
    await queryRunner.query(`REVOKE ALL ON FUNCTION ${TENANTS_FUNCTION} FROM PUBLIC`);
    await queryRunner.query(`GRANT EXECUTE ON FUNCTION ${TENANTS_FUNCTION} TO ${APP_ROLE}`);
    await queryRunner.query(PURGE_WITHOUT_REPLAY_RECORDS);
    // Runs as the owner, whom the owner_maintenance policy lets see every tenant's records.
    await queryRunner.query(`
      UPDATE idempotency_records SET state = 'withheld', response = NULL
       WHERE response::text ~* '"[a-z_]*(password|secret|token|api_?key|private_?key)": "'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(PURGE_WITH_REPLAY_RECORDS);
    await queryRunner.query(`DROP FUNCTION ${TENANTS_FUNCTION}`);
    // A record kept without its answer would replay as an empty one: drop those instead.
    await queryRunner.query(`DELETE FROM idempotency_records WHERE state = 'withheld'`);
  }
}
