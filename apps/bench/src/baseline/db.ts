import pg from 'pg';
import { SET_TENANT, SET_TENANT_BY_CODE } from './sql';
import { isUuid } from './http';

/** One checked-out connection inside a transaction: what the route handlers query through. */
export interface Tx {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
}

/**
 * The product's TenantTransaction over a plain pg pool: TypeORM opens a transaction with
 * `START TRANSACTION` and ends it with `COMMIT` / `ROLLBACK`, so the baseline sends the same words.
 */
export class Database {
  readonly pool: pg.Pool;

  constructor(url: string, size: number) {
    // The product's data-source-options.ts: pool size DATABASE_POOL_SIZE, default 20.
    this.pool = new pg.Pool({ connectionString: url, max: size });
    // An idle connection dropped by the server must not take the process down (pg emits 'error').
    this.pool.on('error', (error) => console.error('[baseline] idle database connection failed:', error.message));
  }

  private async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx: Tx = {
      query: async <R>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as R[],
    };
    try {
      await client.query('START TRANSACTION');
      const result = await work(tx);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
        client.release();
      } catch (rollbackError) {
        // A connection that cannot even roll back is not handed out again.
        client.release(rollbackError as Error);
      }
      throw error;
    }
  }

  /** One statement on its own, outside any transaction: DataSource.query. */
  async query<R = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.pool.query(sql, params)).rows as R[];
  }

  /** TenantTransaction.run: the first statement sets `app.tenant_id` for row-level security. */
  run<T>(tenantId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
    if (!isUuid(tenantId)) throw new Error('tenant id must be a uuid');
    return this.transaction(async (tx) => {
      await tx.query(SET_TENANT, [tenantId]);
      return work(tx);
    });
  }

  /** TenantTransaction.runByCode: one statement finds the active tenant and sets it; null when none. */
  runByCode<T>(code: string, work: (tx: Tx, tenantId: string) => Promise<T>): Promise<T | null> {
    return this.transaction(async (tx) => {
      const [row] = await tx.query<{ id: string }>(SET_TENANT_BY_CODE, [code]);
      return row ? work(tx, row.id) : null;
    });
  }

  /** TenantTransaction.platform: tables without a tenant (tenants). */
  platform<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.transaction(work);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
