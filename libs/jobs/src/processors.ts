import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { logger } from '@tongxin/http';
import { Maintenance } from './maintenance';
import { OutboxRelay } from './outbox-relay';
import { SYSTEM_QUEUE, TASKS_QUEUE, type TaskData } from './task';
import { TaskExecutor, type TaskOutcome } from './task-executor';
import { TimerSweeper } from './timer-sweeper';

// Read once at load: decorators take static options. A short lock lets tests see a killed
// worker's job retried in seconds; production keeps BullMQ's 30 s.
const LOCK_MS = Number(process.env.JOB_LOCK_MS ?? 30_000);
const SWEEP_MS = Number(process.env.JOB_SWEEP_MS ?? 1000);
const CONCURRENCY = Number(process.env.JOB_CONCURRENCY ?? 4);

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
      default:
        throw new Error(`unknown system job ${job.name}`);
    }
  }
}

/** Registers the system schedules when a worker starts (upserts, so many workers agree on one). */
@Injectable()
export class SystemSchedules implements OnApplicationBootstrap {
  constructor(@InjectQueue(SYSTEM_QUEUE) private readonly system: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    const opts = { removeOnComplete: true, removeOnFail: 100 };
    await this.system.upsertJobScheduler('outbox-relay', { every: SWEEP_MS }, { name: 'outbox-relay', opts });
    await this.system.upsertJobScheduler('timer-sweep', { every: SWEEP_MS }, { name: 'timer-sweep', opts });
    await this.system.upsertJobScheduler('purge', { pattern: '17 3 * * *' }, { name: 'purge', opts });
    logger.info({ sweepMs: SWEEP_MS }, 'job schedules registered');
  }
}
