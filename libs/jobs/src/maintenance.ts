import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Daily purge of what only exists to make retries safe: relayed outbox rows and job receipts
 * older than the queue keeps jobs, fired or cancelled timers, idempotency records past their
 * window, and expired refresh tokens. One SECURITY DEFINER function does it across tenants.
 */
@Injectable()
export class Maintenance {
  constructor(private readonly dataSource: DataSource) {}

  async purge(): Promise<number> {
    const rows: { purged: number }[] = await this.dataSource.query('select tongxin_purge() as purged');
    return Number(rows[0]?.purged ?? 0);
  }
}
