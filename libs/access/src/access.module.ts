import { Global, Module } from '@nestjs/common';
import { PermissionRegistry } from './permission-registry';
import { RoleAuthority } from './role-authority';

/** The permission registry is one per process: the core and every plugin register into it. */
@Global()
@Module({ providers: [PermissionRegistry, RoleAuthority], exports: [PermissionRegistry, RoleAuthority] })
export class AccessModule {}
