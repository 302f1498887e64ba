import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Metrics } from './metrics';
import type { MetricsOptions } from './metrics-options';
import { METRICS_OPTIONS, MetricsServer } from './metrics-server';

/**
 * Prometheus metrics behind the METRICS switch: the registry (HTTP requests are recorded by
 * httpMetricsMiddleware, which the API installs) and the listener that serves it. Needs the
 * DataSource and the queues, so it is imported after DatabaseModule and JobsModule.
 */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsOptions): DynamicModule {
    return {
      module: MetricsModule,
      providers: [{ provide: METRICS_OPTIONS, useValue: options }, Metrics, MetricsServer],
      exports: [Metrics, MetricsServer],
    };
  }
}
