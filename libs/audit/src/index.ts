export * from './audit-event.entity';
export * from './audit-query.dto';
export * from './audit-query.module';
export * from './audit.module';
export * from './audit.service';
export * from './audit-query.service';
export * from './platform-audit-event.entity';
