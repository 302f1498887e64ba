import { Injectable } from '@nestjs/common';
import { TenantTransaction } from '@tongxin/database';
import { Clock } from './clock';
import { OutboxRelay } from './outbox-relay';
import type { TaskData } from './task';
import { TaskRunner } from './task-runner';

/** What became of a delivery: run, already done before (a redelivery), or skipped (owner disabled). */
export type TaskOutcome = 'done' | 'duplicate' | 'skipped';

/**
 * Runs one task inside its tenant's transaction, together with its proof of execution: a receipt
 * row for jobs and events, the `fired_at` claim for timers. A worker killed mid-task rolls all of
 * it back and BullMQ delivers the task again; a delivery that finds the proof does nothing.
 */
@Injectable()
export class TaskExecutor {
  constructor(
    private readonly tx: TenantTransaction,
    private readonly runner: TaskRunner,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
  ) {}

  async execute(task: TaskData, meta: { jobId: string; attempt: number }): Promise<TaskOutcome> {
    const outcome = await this.tx.run(task.tenantId, async (em): Promise<TaskOutcome> => {
      // Disabled for this tenant: events and jobs are dropped, timers stay pending (the sweep skips them).
      if (!(await this.runner.isEnabled(em, task.pluginId))) return 'skipped';
      const proof: unknown[] =
        task.kind === 'timer'
          ? await em.query(
              `update durable_timers set fired_at = $3
                where id = $1 and generation = $2 and fired_at is null and cancelled_at is null
                returning id`,
              [task.sourceId, task.generation, this.clock.now()],
            )
          : await em.query(
              `insert into job_receipts (tenant_id, job_id) values ($1, $2) on conflict do nothing returning job_id`,
              [task.tenantId, meta.jobId],
            );
      if (proof.length === 0) return 'duplicate';
      await this.runner.run(em, task, meta);
      return 'done';
    });
    // The handler may have queued follow-up work of its own.
    if (outcome === 'done') this.relay.kick(task.tenantId);
    return outcome;
  }
}
