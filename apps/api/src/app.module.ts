import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessModule } from '@tongxin/access';
import { AuditModule, AuditQueryModule } from '@tongxin/audit';
import { AppConfig, ConfigModule } from '@tongxin/config';
import { DatabaseModule } from '@tongxin/database';
import { DistrictModule } from '@tongxin/district';
import { ExportsModule } from '@tongxin/exports';
import { HealthModule } from '@tongxin/health';
import { BodyMediaTypeGuard } from '@tongxin/http';
import { IdempotencyModule } from '@tongxin/idempotency';
import { AccessGuard, IdentityModule } from '@tongxin/identity';
import { JobsModule, type QueueBackend, type SweepScope } from '@tongxin/jobs';
import { MetricsModule, type MetricsOptions } from '@tongxin/metrics';
import { NotificationsModule } from '@tongxin/notifications';
import { OrgModule } from '@tongxin/org';
import { PartnersModule } from '@tongxin/partners';
import { PlatformModule } from '@tongxin/platform';
import { PluginHostModule, type PluginCatalog } from '@tongxin/plugin-host';
import { RateLimitModule } from '@tongxin/rate-limit';
import { RolesModule } from '@tongxin/roles';
import { UsersModule } from '@tongxin/users';
import { CORE_ENTITIES } from '@tongxin/core-schema';

export interface AppOptions {
  /** The app role's connection: row-level security applies to everything the server does. */
  databaseUrl: string;
  config: AppConfig;
  /** Installed and quarantined plugins, loaded before the app is built (see loadPluginCatalog). */
  catalog: PluginCatalog;
  queue: QueueBackend;
  /** Also run the job processors and schedules in this process (the zero-config start does). */
  runWorker: boolean;
  /** Redis key prefix for the queues. */
  queuePrefix?: string;
  /** Tenants this process's sweeps look after (tests only narrow it). */
  sweepScope?: SweepScope;
  /** Serve Swagger UI at /api/docs and the OpenAPI document at /api/docs-json (API_DOCS). */
  apiDocs?: boolean;
  /** Serve Prometheus metrics on a listener of their own (METRICS=true); off when undefined. */
  metrics?: MetricsOptions;
}

/** The API server: the core capabilities, one module each, the plugin host, behind one global access guard. */
@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    const pluginEntities = options.catalog.installed().flatMap((m) => m.entities ?? []);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(options.config),
        DatabaseModule.forRoot(options.databaseUrl, [...CORE_ENTITIES, ...pluginEntities]),
        AccessModule,
        AuditModule,
        AuditQueryModule,
        IdentityModule,
        OrgModule,
        UsersModule,
        RolesModule,
        PartnersModule,
        DistrictModule,
        ExportsModule,
        PlatformModule,
        HealthModule,
        IdempotencyModule,
        NotificationsModule,
        JobsModule.forRoot({
          backend: options.queue,
          processors: options.runWorker,
          prefix: options.queuePrefix,
          sweepScope: options.sweepScope,
        }),
        // Counters shared by every api process, kept where the queues are (Redis, or PostgreSQL).
        RateLimitModule.forRoot({ backend: options.queue, prefix: options.queuePrefix }),
        PluginHostModule.forRoot(options.catalog),
        ...(options.metrics ? [MetricsModule.forRoot(options.metrics)] : []),
      ],
      // In this order: who may call the route, then whether it takes the body's media type.
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_GUARD, useClass: BodyMediaTypeGuard },
      ],
    };
  }
}
