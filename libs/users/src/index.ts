export * from './user.dto';
export * from './user.service';
export * from './users.module';
