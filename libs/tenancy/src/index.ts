export * from './platform-operator.entity';
export * from './tenant.entity';
export * from './tenant-plugin.entity';
export * from './operator-session.entity';
