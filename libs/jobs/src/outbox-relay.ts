import { readVariable } from '@tongxin/config';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { TenantTransaction } from '@tongxin/database';
import { logger } from '@tongxin/http';
import { Clock } from './clock';
import { withQueueTimeout } from './queue-timeout';
import { SweepScope } from './sweep-scope';
import { TASKS_QUEUE, eventJobId, type TaskData } from './task';
import { TaskRouting } from './task-runner';

const BATCH = 200;
/** Rows younger than this are left to the kick that follows their commit. */
const SWEEP_GRACE_MS = readVariable('JOB_SWEEP_GRACE_MS');
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 30_000;

interface PendingRow {
  id: string;
  kind: 'job' | 'event' | 'referral';
  plugin_id: string | null;
  name: string;
  version: number;
  payload: Record<string, unknown>;
  run_at: Date | null;
  actor_id: string | null;
  created_at: Date;
}

/** How long finished jobs stay in the queue: long enough that a late duplicate relay is a no-op. */
export const KEEP_COMPLETED = { age: 24 * 3600, count: 50_000 };
export const KEEP_FAILED = { age: 14 * 24 * 3600 };

/**
 * Moves committed outbox rows into BullMQ, with the outbox id as the job id. Called right after a
 * commit (best effort, never blocking the request) and by a sweep on the worker every second, so
 * rows written while the queue was down go out once it is back.
 */
@Injectable()
export class OutboxRelay implements OnModuleDestroy {
  /** Tenants whose kick failed, with the timer of their next attempt. */
  private readonly retrying = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly tx: TenantTransaction,
    private readonly dataSource: DataSource,
    private readonly routing: TaskRouting,
    private readonly clock: Clock,
    private readonly scope: SweepScope,
    @InjectQueue(TASKS_QUEUE) private readonly tasks: Queue,
  ) {}

  /** After a commit: hand the tenant's pending rows over now; if the queue is down, retry (and the sweep will). */
  kick(tenantId: string): void {
    this.relayTenant(tenantId).catch((error: unknown) => {
      logger.warn({ tenantId, err: String(error) }, 'outbox relay deferred: the queue is unreachable');
      this.retryLater(tenantId, RETRY_FIRST_MS);
    });
  }

  /**
   * While the queue is down, this process keeps trying its own tenants' rows (backing off to
   * RETRY_MAX_MS), so they go out as soon as it is back even if no worker's sweep runs yet; the
   * sweep remains the guarantee (this process may stop at any time).
   */
  private retryLater(tenantId: string, delayMs: number): void {
    if (this.retrying.has(tenantId) || this.closed) return;
    const timer = setTimeout(() => {
      this.retrying.delete(tenantId);
      this.relayTenant(tenantId).catch(() => this.retryLater(tenantId, Math.min(delayMs * 2, RETRY_MAX_MS)));
    }, delayMs);
    timer.unref();
    this.retrying.set(tenantId, timer);
  }

  onModuleDestroy(): void {
    this.closed = true;
    for (const timer of this.retrying.values()) clearTimeout(timer);
    this.retrying.clear();
  }

  /**
   * The sweep: relays every tenant's rows still pending after a grace period (the kick after
   * commit normally took them within milliseconds; the sweep is for those it could not).
   */
  async relayAll(): Promise<number> {
    const writtenBefore = new Date(Date.now() - SWEEP_GRACE_MS);
    const tenants: { tenant_id: string }[] = await this.dataSource.query(
      'select tenant_id from tongxin_outbox_pending_tenants($1) as tenant_id',
      [writtenBefore],
    );
    let total = 0;
    for (const { tenant_id } of tenants) if (this.scope.covers(tenant_id)) total += await this.relayTenant(tenant_id);
    return total;
  }

  async relayTenant(tenantId: string): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.tx.run(tenantId, async (em) => {
        // Locked rows belong to a relay already at work on them; skip rather than wait.
        const rows: PendingRow[] = await em.query(
          `select id, kind, plugin_id, name, version, payload, run_at, actor_id, created_at
             from outbox_messages where relayed_at is null
            order by id limit ${BATCH} for update skip locked`,
        );
        if (rows.length === 0) return 0;
        const jobs = rows.flatMap((row) => this.jobsFor(tenantId, row));
        // If the queue refuses, the transaction rolls back and the rows stay pending.
        if (jobs.length) await withQueueTimeout('outbox relay', this.tasks.addBulk(jobs));
        await em.query('update outbox_messages set relayed_at = now() where id = any($1::uuid[])', [
          rows.map((r) => r.id),
        ]);
        return rows.length;
      });
      total += n;
      if (n < BATCH) return total;
    }
  }

  private jobsFor(tenantId: string, row: PendingRow): { name: string; data: TaskData; opts: JobsOptions }[] {
    const base = {
      tenantId,
      name: row.name,
      version: row.version,
      payload: row.payload,
      sourceId: row.id,
      actorId: row.actor_id,
      occurredAt: new Date(row.created_at).toISOString(),
    };
    if (row.kind === 'job') {
      const pluginId = row.plugin_id ?? 'core';
      const delay = row.run_at ? Math.max(0, new Date(row.run_at).getTime() - this.clock.now().getTime()) : 0;
      return [
        {
          name: `job:${pluginId}.${row.name}`,
          data: { ...base, kind: 'job', pluginId },
          opts: this.options(row.id, this.routing.attemptsFor(pluginId, row.name), delay),
        },
      ];
    }
    // A referral's news goes to the one plugin it concerns, whose id the row names.
    if (row.kind === 'referral') {
      const pluginId = row.plugin_id!;
      return [
        {
          name: `referral:${row.name}>${pluginId}`,
          data: { ...base, kind: 'referral', pluginId },
          opts: this.options(row.id, 8, 0),
        },
      ];
    }
    // One delivery per subscriber, each with its own job id and receipt.
    return this.routing.subscribersOf(row.name, row.version).map((subscriber) => ({
      name: `event:${row.name}@${row.version}>${subscriber}`,
      data: { ...base, kind: 'event', pluginId: subscriber, sourcePluginId: row.plugin_id },
      opts: this.options(eventJobId(row.id, subscriber), 8, 0),
    }));
  }

  private options(jobId: string, attempts: number, delay: number): JobsOptions {
    return {
      jobId,
      attempts,
      delay,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
    };
  }
}
