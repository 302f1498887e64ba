export * from './platform-operator.entity';
export * from './tenant.entity';
