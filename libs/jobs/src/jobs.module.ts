import { BullModule } from '@nestjs/bullmq';
import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { logger } from '@tongxin/http';
import { Clock } from './clock';
import { JobsAdminController, JobsAdminService } from './jobs-admin';
import { Maintenance } from './maintenance';
import { OutboxWriter } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { SystemProcessor, SystemSchedules, TaskProcessor } from './processors';
import { queueConnection, type QueueBackend } from './queue-backend';
import { SweepScope } from './sweep-scope';
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
  /** Tenants the sweeps look after; default all (see SweepScope). */
  sweepScope?: SweepScope;
}

/**
 * Queues and workers that log their connection errors from the moment they exist: an EventEmitter without an
 * 'error' listener throws, and BullMQ then prints to the console, while Redis is unreachable.
 */
class LoggedQueue extends Queue {
  constructor(...args: ConstructorParameters<typeof Queue>) {
    super(...args);
    this.on('error', (error) => logger.warn({ queue: this.name, err: String(error) }, 'queue connection error'));
  }
}
class LoggedWorker extends Worker {
  constructor(...args: ConstructorParameters<typeof Worker>) {
    super(...args);
    this.on('error', (error) => {
      // Once closing, a wait already under way can still open a LISTEN connection (BullMQ's
      // PostgreSQL backend checks for a close only before it), which the database's own stop then
      // ends: expected in an ordered shutdown, so not a warning.
      if (this.closing) logger.debug({ queue: this.name, err: String(error) }, 'worker connection ended while closing');
      else logger.warn({ queue: this.name, err: String(error) }, 'worker connection error');
    });
  }
}
BullModule.queueClass = LoggedQueue;
BullModule.workerClass = LoggedWorker;

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
        { provide: SweepScope, useValue: options.sweepScope ?? new SweepScope() },
        Clock,
        OutboxWriter,
        OutboxRelay,
        TimerStore,
        TimerSweeper,
        TaskExecutor,
        Maintenance,
        JobsAdminService,
        ...worker,
      ],
      exports: [Clock, OutboxWriter, OutboxRelay, TimerStore, TimerSweeper, TaskExecutor, Maintenance, BullModule],
    };
  }
}
