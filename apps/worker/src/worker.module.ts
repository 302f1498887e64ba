import { Module, type DynamicModule } from '@nestjs/common';
import { AccessModule } from '@tongxin/access';
import { AuditModule } from '@tongxin/audit';
import { AppConfig, ConfigModule } from '@tongxin/config';
import { DatabaseModule } from '@tongxin/database';
import { JobsModule, type QueueBackend } from '@tongxin/jobs';
import { MetricsModule, type MetricsOptions } from '@tongxin/metrics';
import { NotificationsModule } from '@tongxin/notifications';
import { PluginHostModule, type PluginCatalog } from '@tongxin/plugin-host';
import { CORE_ENTITIES } from '@tongxin/core-schema';

export interface WorkerOptions {
  databaseUrl: string;
  config: AppConfig;
  catalog: PluginCatalog;
  queue: QueueBackend;
  queuePrefix?: string;
  /** Serve Prometheus metrics (queues, pool, backlog) on a listener of their own (METRICS=true). */
  metrics?: MetricsOptions;
}

/**
 * The worker: the same plugins and core services as the API, no HTTP. It runs the queue
 * processors (plugin jobs, event deliveries, timer firings) and the system schedules
 * (outbox relay sweep, timer sweep, daily purge), connected as the app role like the API.
 */
@Module({})
export class WorkerModule {
  static forRoot(options: WorkerOptions): DynamicModule {
    const pluginEntities = options.catalog.installed().flatMap((m) => m.entities ?? []);
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(options.config),
        DatabaseModule.forRoot(options.databaseUrl, [...CORE_ENTITIES, ...pluginEntities]),
        AccessModule,
        AuditModule,
        NotificationsModule,
        JobsModule.forRoot({ backend: options.queue, processors: true, prefix: options.queuePrefix }),
        PluginHostModule.forRoot(options.catalog),
        ...(options.metrics ? [MetricsModule.forRoot(options.metrics)] : []),
      ],
    };
  }
}
