import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './support/tenant-isolation';

const FUNCTION = 'tongxin_job_backlog()';

/**
 * The outbox's and the timers' backlog across every tenant, for the metrics endpoint (ADR 015):
 * rows not yet handed to the queue and timers due but not fired, with the age of the oldest of
 * each. SECURITY DEFINER sees across tenants through the `owner_maintenance` policies both tables
 * already have, and returns four numbers, never a row or a tenant id. Both scans stay on the
 * partial indexes of pending rows (`ix_outbox_messages_pending`, `ix_durable_timers_due`).
 */
export class JobBacklog1796000000000 implements MigrationInterface {
  name = 'JobBacklog1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION ${FUNCTION}
        RETURNS TABLE (outbox_pending bigint, outbox_oldest_seconds double precision,
                       timers_overdue bigint, timers_oldest_seconds double precision)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
          SELECT o.n, coalesce(extract(epoch FROM now() - o.oldest), 0)::double precision,
                 t.n, coalesce(extract(epoch FROM now() - t.oldest), 0)::double precision
            FROM (SELECT count(*) AS n, min(created_at) AS oldest
                    FROM outbox_messages WHERE relayed_at IS NULL) o,
                 (SELECT count(*) AS n, min(due_at) AS oldest
                    FROM durable_timers
                   WHERE due_at <= now() AND fired_at IS NULL AND cancelled_at IS NULL) t
        $$`);
    await queryRunner.query(`REVOKE ALL ON FUNCTION ${FUNCTION} FROM PUBLIC`);
    await queryRunner.query(`GRANT EXECUTE ON FUNCTION ${FUNCTION} TO ${APP_ROLE}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION ${FUNCTION}`);
  }
}
