export * from './postgres-counter-store';
export * from './rate-limit-counter.entity';
export * from './rate-limit.module';
export * from './rate-limit.types';
export * from './rate-limiter';
export * from './redis-counter-store';
