import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@tongxin/config';
import { TenantTransaction } from '@tongxin/database';
import { Clock } from './clock';
import { SweepScope } from './sweep-scope';

const HOUR_MS = 3_600_000;

/**
 * Purges what only exists to make retries safe.
 * - Daily (`purge`): relayed outbox rows and job receipts older than the queue keeps jobs, fired or
 *   cancelled timers, and expired refresh tokens; one SECURITY DEFINER function, across tenants.
 * - Hourly (`idempotency-purge`): replay records (`Idempotency-Key`) older than
 *   IDEMPOTENCY_RETENTION_HOURS, the window in which a retry is answered from them. Like the timer
 *   sweep (ADR 003), a SECURITY DEFINER function only names the tenants that have such records;
 *   the deletes run per tenant, under row-level security, as the app role.
 */
@Injectable()
export class Maintenance {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TenantTransaction,
    private readonly clock: Clock,
    private readonly scope: SweepScope,
    private readonly config: AppConfig,
  ) {}

  async purge(): Promise<number> {
    const rows: { purged: number }[] = await this.dataSource.query('select tongxin_purge() as purged');
    return Number(rows[0]?.purged ?? 0);
  }

  /** Deletes replay records past their retention, tenant by tenant; returns how many. */
  async purgeIdempotencyRecords(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.config.idempotencyRetentionHours * HOUR_MS);
    const tenants: { tenant_id: string }[] = await this.dataSource.query(
      'select tenant_id from tongxin_idempotency_tenants($1) as tenant_id',
      [before],
    );
    let purged = 0;
    for (const { tenant_id } of tenants) {
      if (!this.scope.covers(tenant_id)) continue;
      purged += await this.tx.run(tenant_id, async (em) => {
        const rows: { n: number }[] = await em.query(
          `with gone as (delete from idempotency_records where created_at < $1 returning 1)
           select count(*)::int as n from gone`,
          [before],
        );
        return rows[0]?.n ?? 0;
      });
    }
    return purged;
  }
}
