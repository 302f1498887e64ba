export * from './operator-auth.service';
export * from './platform.dto';
export * from './platform.module';
export * from './tenant-provisioning.service';
