export * from './partner-body.dto';
export * from './partner-body.entity';
export * from './partner-body.service';
export * from './partner-type.registry';
export * from './partners.module';
