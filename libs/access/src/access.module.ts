import { Global, Module } from '@nestjs/common';
import { PermissionRegistry } from './permission-registry';

/** The permission registry is one per process: the core and every plugin register into it. */
@Global()
@Module({ providers: [PermissionRegistry], exports: [PermissionRegistry] })
export class AccessModule {}
