import pg from 'pg';
import { OWNER_URL } from './test-database-urls';

/**
 * What is really in the database, read as the owner role. Tenant tables force row-level
 * security even on their owner, so every query runs in a transaction scoped to one tenant; the
 * tables the sweeps read (outbox, timers, receipts, …) are visible to the owner across tenants,
 * so queries on those filter by tenant_id themselves.
 */
export class OwnerDb {
  private readonly pool = new pg.Pool({ connectionString: OWNER_URL, max: 2 });

  async query<R = Record<string, unknown>>(tenantId: string, sql: string, params: unknown[] = []): Promise<R[]> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      await client.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
      const result = await client.query(sql, params);
      await client.query('commit');
      return result.rows as R[];
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** How many probe_records of each origin carry `label`, e.g. `{ request: 1, job: 1, event: 1 }`. */
  async probeOrigins(tenantId: string, label: string): Promise<Record<string, number>> {
    const rows = await this.query<{ origin: string; n: number }>(
      tenantId,
      'select origin, count(*)::int as n from probe_records where label = $1 group by origin',
      [label],
    );
    return Object.fromEntries(rows.map((r) => [r.origin, r.n]));
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
