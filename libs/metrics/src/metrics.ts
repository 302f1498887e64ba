import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { logger } from '@tongxin/http';
import { SYSTEM_QUEUE, TASKS_QUEUE } from '@tongxin/jobs';

/** The BullMQ states worth alerting on; completed jobs are history, not depth. */
const QUEUE_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;
/** A scrape never waits on a stalled queue or database longer than this. */
const COLLECT_TIMEOUT_MS = 2000;

interface Backlog {
  outbox_pending: string;
  outbox_oldest_seconds: number;
  timers_overdue: string;
  timers_oldest_seconds: number;
}

/** The pg.Pool TypeORM's postgres driver keeps (`driver.master`). */
interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

/**
 * The process's Prometheus registry (one per application, so tests can run several): HTTP
 * requests by route template, the database pool, the queues, and the outbox and timer backlog.
 * The gauges are read when scraped, not on a timer, so an idle server does no work for them.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to sending the last byte of its answer, by method and route template',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly poolConnections = new Gauge({
    name: 'tongxin_db_pool_connections',
    help: "Connections in this process's database pool, by state (in_use, idle)",
    labelNames: ['state'] as const,
    registers: [this.registry],
  });
  private readonly poolMax = new Gauge({
    name: 'tongxin_db_pool_max_connections',
    help: 'Largest size of the database pool (DATABASE_POOL_SIZE)',
    registers: [this.registry],
  });
  private readonly poolWaiting = new Gauge({
    name: 'tongxin_db_pool_waiting_requests',
    help: 'Queries waiting for a free pool connection',
    registers: [this.registry],
  });
  private readonly queueJobs = new Gauge({
    name: 'tongxin_queue_jobs',
    help: 'Jobs in each BullMQ queue, by state',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });
  private readonly queueUp = new Gauge({
    name: 'tongxin_queue_up',
    help: 'Whether the queue store (Redis or PostgreSQL) answered this scrape (1) or not (0)',
    registers: [this.registry],
  });
  private readonly outboxPending = new Gauge({
    name: 'tongxin_outbox_pending_messages',
    help: 'Outbox rows not yet handed to the queue, all tenants',
    registers: [this.registry],
  });
  private readonly outboxLag = new Gauge({
    name: 'tongxin_outbox_lag_seconds',
    help: 'Age of the oldest outbox row not yet handed to the queue (0 when none)',
    registers: [this.registry],
  });
  private readonly timersOverdue = new Gauge({
    name: 'tongxin_timers_overdue',
    help: 'Durable timers past their due time and not yet fired, all tenants',
    registers: [this.registry],
  });
  private readonly timerLag = new Gauge({
    name: 'tongxin_timer_lag_seconds',
    help: 'How long the most overdue unfired timer has been due (0 when none)',
    registers: [this.registry],
  });
  private readonly collectErrors = new Counter({
    name: 'tongxin_metrics_collect_errors_total',
    help: 'Scrapes where a source could not be read (its series are left out of that scrape)',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  private readonly queues: [string, Queue][];

  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(TASKS_QUEUE) tasks: Queue,
    @InjectQueue(SYSTEM_QUEUE) system: Queue,
  ) {
    collectDefaultMetrics({ register: this.registry });
    this.queues = [
      [TASKS_QUEUE, tasks],
      [SYSTEM_QUEUE, system],
    ];
  }

  /** The exposition text of one scrape. */
  async scrape(): Promise<string> {
    this.readPool();
    await Promise.all([this.readQueues(), this.readBacklog()]);
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private readPool(): void {
    const pool = (this.dataSource.driver as unknown as { master?: PgPool }).master;
    if (!pool) return;
    this.poolConnections.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
    this.poolConnections.set({ state: 'idle' }, pool.idleCount);
    this.poolWaiting.set(pool.waitingCount);
    if (pool.options?.max) this.poolMax.set(pool.options.max);
  }

  private async readQueues(): Promise<void> {
    try {
      const counts = await withTimeout(
        Promise.all(this.queues.map(async ([name, q]) => [name, await q.getJobCounts(...QUEUE_STATES)] as const)),
      );
      for (const [queue, byState] of counts)
        for (const state of QUEUE_STATES) this.queueJobs.set({ queue, state }, byState[state] ?? 0);
      this.queueUp.set(1);
    } catch (error) {
      this.queueJobs.reset();
      this.queueUp.set(0);
      this.failed('queue', error);
    }
  }

  private async readBacklog(): Promise<void> {
    try {
      const [row] = await withTimeout<Backlog[]>(this.dataSource.query('select * from tongxin_job_backlog()'));
      if (!row) throw new Error('tongxin_job_backlog() returned no row');
      this.outboxPending.set(Number(row.outbox_pending));
      this.outboxLag.set(row.outbox_oldest_seconds);
      this.timersOverdue.set(Number(row.timers_overdue));
      this.timerLag.set(row.timers_oldest_seconds);
    } catch (error) {
      for (const gauge of [this.outboxPending, this.outboxLag, this.timersOverdue, this.timerLag]) gauge.reset();
      this.failed('backlog', error);
    }
  }

  private failed(source: 'queue' | 'backlog', error: unknown): void {
    this.collectErrors.inc({ source });
    logger.warn({ source, err: String(error) }, 'metrics: a source could not be read');
  }
}

async function withTimeout<T>(call: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${COLLECT_TIMEOUT_MS} ms`)), COLLECT_TIMEOUT_MS);
  });
  try {
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
