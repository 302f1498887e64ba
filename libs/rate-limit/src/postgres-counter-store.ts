import type { DataSource } from 'typeorm';
import type { CounterStore, RateLimitState } from './rate-limit.types';

/**
 * One row of `rate_limit_counters` per counter (migration 1795900000000). The upsert is one
 * statement, so concurrent requests on any number of api processes count exactly. Closed windows
 * are deleted now and then by whichever process notices they are due (no scheduler needed).
 */
const ADD = `insert into rate_limit_counters as c (name, count, window_ends_at, last_at)
  values ($1, greatest($2::int, 0), $3::timestamptz + make_interval(secs => $4::double precision / 1000), $3)
  on conflict (name) do update set
    count = case when c.window_ends_at <= $3 then greatest($2::int, 0) else greatest(c.count + $2::int, 0) end,
    window_ends_at = case when c.window_ends_at <= $3 then excluded.window_ends_at else c.window_ends_at end,
    last_at = case when $2::int > 0 then $3 else c.last_at end
  returning count, window_ends_at, last_at`;
const READ = `select count, window_ends_at, last_at from rate_limit_counters where name = $1 and window_ends_at > $2`;
const PURGE = `delete from rate_limit_counters where window_ends_at <= $1`;
const PURGE_EVERY_MS = 10 * 60_000;

interface Row {
  count: number;
  window_ends_at: Date;
  last_at: Date;
}

const state = (row: Row | undefined): RateLimitState =>
  row && row.count > 0
    ? { count: row.count, resetAt: new Date(row.window_ends_at), lastAt: new Date(row.last_at) }
    : { count: 0, resetAt: null, lastAt: null };

export class PostgresCounterStore implements CounterStore {
  private lastPurge = 0;

  /** `namespace` is prepended to every name, like the Redis store's key prefix. */
  constructor(
    private readonly dataSource: DataSource,
    private readonly namespace: string,
  ) {}

  private name(name: string): string {
    return `${this.namespace}:${name}`;
  }

  async add(name: string, cost: number, windowMs: number, now: Date): Promise<RateLimitState> {
    this.purgeNowAndThen(now);
    // TypeORM's postgres driver answers an upsert … RETURNING with [rows, affectedCount].
    const result: unknown = await this.dataSource.query(ADD, [this.name(name), cost, now, windowMs]);
    const rows = (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as Row[];
    return state(rows[0]);
  }

  async read(name: string, now: Date): Promise<RateLimitState> {
    const rows: Row[] = await this.dataSource.query(READ, [this.name(name), now]);
    return state(rows[0]);
  }

  async delete(name: string): Promise<void> {
    await this.dataSource.query('delete from rate_limit_counters where name = $1', [this.name(name)]);
  }

  async close(): Promise<void> {}

  /** Closed windows are dead rows; one process in a while deletes them, off the request's path. */
  private purgeNowAndThen(now: Date): void {
    if (now.getTime() - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now.getTime();
    this.dataSource.query(PURGE, [now]).catch(() => undefined);
  }
}
