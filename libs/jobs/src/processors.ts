import { readVariable } from '@tongxin/config';
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { logger } from '@tongxin/http';
import { Maintenance } from './maintenance';
import { withQueueTimeout } from './queue-timeout';
import { OutboxRelay } from './outbox-relay';
import { SYSTEM_QUEUE, TASKS_QUEUE, type TaskData } from './task';
import { TaskExecutor, type TaskOutcome } from './task-executor';
import { TimerSweeper } from './timer-sweeper';

// Read once at load: decorators take static options. A short lock lets tests see a killed
// worker's job retried in seconds; production keeps BullMQ's 30 s.
const LOCK_MS = readVariable('JOB_LOCK_MS');
const SWEEP_MS = readVariable('JOB_SWEEP_MS');
const CONCURRENCY = readVariable('JOB_CONCURRENCY');

/** Runs tenant tasks: plugin jobs, event deliveries, timer firings. */
@Processor(TASKS_QUEUE, { concurrency: CONCURRENCY, lockDuration: LOCK_MS, stalledInterval: LOCK_MS })
export class TaskProcessor extends WorkerHost {
  constructor(private readonly executor: TaskExecutor) {
    super();
  }

  async process(job: Job<TaskData>): Promise<TaskOutcome> {
    return this.executor.execute(job.data, { jobId: String(job.id), attempt: job.attemptsMade + 1 });
  }
}

/** Runs the platform's own schedules, one at a time. */
@Processor(SYSTEM_QUEUE, { concurrency: 1, lockDuration: LOCK_MS, stalledInterval: LOCK_MS })
export class SystemProcessor extends WorkerHost {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly timers: TimerSweeper,
    private readonly maintenance: Maintenance,
  ) {
    super();
  }

  async process(job: Job): Promise<number> {
    switch (job.name) {
      case 'outbox-relay':
        return this.relay.relayAll();
      case 'timer-sweep':
        return this.timers.sweep();
      case 'purge':
        return this.maintenance.purge();
      case 'idempotency-purge':
        return this.maintenance.purgeIdempotencyRecords();
      default:
        throw new Error(`unknown system job ${job.name}`);
    }
  }
}

/** How often a worker checks that the schedules still exist in the queue store. */
const SCHEDULE_CHECK_MS = readVariable('JOB_SCHEDULE_CHECK_MS');

/**
 * Registers the system schedules when a worker starts (upserts, so many workers agree on one),
 * and registers them again if the queue store lost them (a Redis restarted without persistence,
 * flushed or evicting): without them nothing would relay what the outbox kept while it was down.
 */
@Injectable()
export class SystemSchedules implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly schedules: { id: string; repeat: { every: number } | { pattern: string } }[] = [
    { id: 'outbox-relay', repeat: { every: SWEEP_MS } },
    { id: 'timer-sweep', repeat: { every: SWEEP_MS } },
    { id: 'purge', repeat: { pattern: '17 3 * * *' } },
    // Hourly, so a replay record outlives its retention by an hour at most.
    { id: 'idempotency-purge', repeat: { pattern: '23 * * * *' } },
  ];
  private check: NodeJS.Timeout | undefined;
  private checking = false;

  constructor(@InjectQueue(SYSTEM_QUEUE) private readonly system: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const schedule of this.schedules) await this.register(schedule);
    logger.info({ sweepMs: SWEEP_MS }, 'job schedules registered');
    this.check = setInterval(() => void this.restoreLost(), SCHEDULE_CHECK_MS);
    this.check.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.check);
  }

  private register(schedule: (typeof this.schedules)[number]) {
    const opts = { removeOnComplete: true, removeOnFail: 100 };
    return this.system.upsertJobScheduler(schedule.id, schedule.repeat, { name: schedule.id, opts });
  }

  private async restoreLost(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      for (const schedule of this.schedules) {
        if (await withQueueTimeout('schedule check', this.system.getJobScheduler(schedule.id))) continue;
        await withQueueTimeout('schedule registration', this.register(schedule));
        logger.warn({ schedule: schedule.id }, 'job schedule was missing from the queue store: registered again');
      }
    } catch (error) {
      // The queue store is unreachable: the next check tries again.
      logger.debug({ err: String(error) }, 'job schedule check failed');
    } finally {
      this.checking = false;
    }
  }
}
