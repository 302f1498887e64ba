import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { Global, Injectable, Module, type DynamicModule, type OnModuleInit, type Provider } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { logger } from '@tongxin/http';
import { Clock } from './clock';
import { JobsAdminController, JobsAdminService } from './jobs-admin';
import { Maintenance } from './maintenance';
import { OutboxWriter } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { SystemProcessor, SystemSchedules, TaskProcessor } from './processors';
import { queueConnection, type QueueBackend } from './queue-backend';
import { SYSTEM_QUEUE, TASKS_QUEUE } from './task';
import { TaskExecutor } from './task-executor';
import { TimerStore } from './timer-store';
import { TimerSweeper } from './timer-sweeper';

export interface JobsOptions {
  backend: QueueBackend;
  /** The worker runs processors and schedules; the API only produces (unless it runs the worker in-process). */
  processors: boolean;
  /** Redis key prefix, so several deployments (or test runs) can share one Redis. Default `bull`. */
  prefix?: string;
}

/** A queue without an 'error' listener would crash the process when Redis drops; log instead. */
@Injectable()
class QueueErrorLogger implements OnModuleInit {
  constructor(
    @InjectQueue(TASKS_QUEUE) private readonly tasks: Queue,
    @InjectQueue(SYSTEM_QUEUE) private readonly system: Queue,
  ) {}

  onModuleInit(): void {
    for (const queue of [this.tasks, this.system]) {
      queue.on('error', (error) => logger.warn({ queue: queue.name, err: String(error) }, 'queue connection error'));
    }
  }
}

/**
 * BullMQ through @nestjs/bullmq, the outbox and its relay, durable timers, and the task executor.
 * Global: the plugin host and core services write to the outbox and schedule timers.
 */
@Global()
@Module({})
export class JobsModule {
  static forRoot(options: JobsOptions): DynamicModule {
    const connection = queueConnection(options.backend);
    const worker: Provider[] = options.processors ? [TaskProcessor, SystemProcessor, SystemSchedules] : [];
    return {
      module: JobsModule,
      imports: [
        BullModule.forRoot({ connection: connection, ...(options.prefix ? { prefix: options.prefix } : {}) }),
        BullModule.registerQueue({ name: TASKS_QUEUE }, { name: SYSTEM_QUEUE }),
      ],
      controllers: [JobsAdminController],
      providers: [
        Clock,
        OutboxWriter,
        OutboxRelay,
        TimerStore,
        TimerSweeper,
        TaskExecutor,
        Maintenance,
        JobsAdminService,
        QueueErrorLogger,
        ...worker,
      ],
      exports: [Clock, OutboxWriter, OutboxRelay, TimerStore, TimerSweeper, TaskExecutor, Maintenance, BullModule],
    };
  }
}
