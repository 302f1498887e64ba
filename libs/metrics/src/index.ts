export * from './http-metrics.middleware';
export * from './metrics';
export * from './metrics-options';
export * from './metrics-server';
export * from './metrics.module';
