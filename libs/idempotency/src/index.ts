export * from './idempotency-record.entity';
export * from './idempotency.interceptor';
export * from './idempotency.module';
export * from './responds-with-secret.decorator';
