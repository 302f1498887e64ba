import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { QueueBackend } from '@tongxin/jobs';
import { PostgresCounterStore } from './postgres-counter-store';
import { COUNTER_STORE, RateLimiter } from './rate-limiter';
import { RedisCounterStore } from './redis-counter-store';

export interface RateLimitOptions {
  /** The deployment's queue backend: counters live where the queues do (Redis, or PostgreSQL). */
  backend: QueueBackend;
  /** The queues' key prefix (QUEUE_PREFIX, default `bull`), so deployments sharing a store stay apart. */
  prefix?: string;
}

/** The shared RateLimiter. Global: any lib (and, through the SDK, a plugin) can count. */
@Global()
@Module({})
export class RateLimitModule {
  static forRoot(options: RateLimitOptions): DynamicModule {
    const prefix = options.prefix ?? 'bull';
    return {
      module: RateLimitModule,
      providers: [
        {
          provide: COUNTER_STORE,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            options.backend.kind === 'redis'
              ? new RedisCounterStore(options.backend.url, prefix)
              : new PostgresCounterStore(dataSource, prefix),
        },
        RateLimiter,
      ],
      exports: [RateLimiter],
    };
  }
}
