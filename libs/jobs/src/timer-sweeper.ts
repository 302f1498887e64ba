import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { TenantTransaction } from '@tongxin/database';
import { Clock } from './clock';
import { withQueueTimeout } from './queue-timeout';
import { SweepScope } from './sweep-scope';
import { KEEP_COMPLETED, KEEP_FAILED } from './outbox-relay';
import { TASKS_QUEUE, timerJobId, type TaskData } from './task';

const BATCH = 500;
/** A timer handed to the queue but not fired after this long is handed over again (a lost job). */
const REENQUEUE_AFTER_MS = 60_000;

interface DueRow {
  id: string;
  plugin_id: string;
  name: string;
  key: string;
  due_at: Date;
  payload: Record<string, unknown>;
  generation: number;
}

/**
 * Finds due timers (an indexed range scan on `due_at`) and hands each to the queue as a job whose
 * id names the timer and its generation. Timers of plugins disabled for their tenant stay pending
 * and fire if the plugin is enabled again.
 */
@Injectable()
export class TimerSweeper {
  constructor(
    private readonly tx: TenantTransaction,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly scope: SweepScope,
    @InjectQueue(TASKS_QUEUE) private readonly tasks: Queue,
  ) {}

  async sweep(): Promise<number> {
    const now = this.clock.now();
    const tenants: { tenant_id: string }[] = await this.dataSource.query(
      'select tenant_id from tongxin_due_timer_tenants($1) as tenant_id',
      [now],
    );
    let total = 0;
    for (const { tenant_id } of tenants)
      if (this.scope.covers(tenant_id)) total += await this.sweepTenant(tenant_id, now);
    return total;
  }

  private async sweepTenant(tenantId: string, now: Date): Promise<number> {
    return this.tx.run(tenantId, async (em) => {
      const rows: DueRow[] = await em.query(
        `select t.id, t.plugin_id, t.name, t.key, t.due_at, t.payload, t.generation
           from durable_timers t
          where t.due_at <= $1 and t.fired_at is null and t.cancelled_at is null
            and (t.enqueued_at is null or t.enqueued_at < $2)
            and exists (select 1 from tenant_plugins p where p.plugin_id = t.plugin_id and p.enabled)
          order by t.due_at
          limit ${BATCH}
          for update of t skip locked`,
        [now, new Date(now.getTime() - REENQUEUE_AFTER_MS)],
      );
      if (rows.length === 0) return 0;
      await withQueueTimeout(
        'timer sweep',
        this.tasks.addBulk(
          rows.map((row) => {
            const data: TaskData = {
              kind: 'timer',
              tenantId,
              pluginId: row.plugin_id,
              name: row.name,
              version: 1,
              payload: row.payload,
              sourceId: row.id,
              key: row.key,
              generation: row.generation,
              occurredAt: new Date(row.due_at).toISOString(),
            };
            return {
              name: `timer:${row.plugin_id}.${row.name}`,
              data,
              opts: {
                jobId: timerJobId(row.id, row.generation, now),
                attempts: 8,
                backoff: { type: 'exponential', delay: 1000 },
                removeOnComplete: KEEP_COMPLETED,
                removeOnFail: KEEP_FAILED,
              },
            };
          }),
        ),
      );
      await em.query('update durable_timers set enqueued_at = $2 where id = any($1::uuid[])', [
        rows.map((r) => r.id),
        now,
      ]);
      return rows.length;
    });
  }
}
