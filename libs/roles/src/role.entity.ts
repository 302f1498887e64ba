import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { pluginOfPermission } from '@tongxin/access';
import { TenantOwnedEntity } from '@tongxin/database';
import { Tenant } from '@tongxin/tenancy';

/** A named set of permissions. System roles ship with every tenant and cannot be edited. */
@Entity('roles')
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_roles_tenant' })
@Index('uq_roles_key', ['tenantId', 'key'], { unique: true })
export class Role extends TenantOwnedEntity {
  @Column('varchar', { length: 64 })
  key!: string;

  @Column('varchar', { length: 100 })
  nameZh!: string;

  @Column('varchar', { length: 100 })
  nameEn!: string;

  @Column('boolean', { default: false })
  system!: boolean;

  @Column('text', { array: true, default: () => "'{}'" })
  permissions!: string[];
}

/** Roles contributed by a plugin are keyed `plugin:<id>.<role>` and exist while it is enabled. */
export function isRoleAvailable(role: Pick<Role, 'key'>, enabledPlugins: readonly string[]): boolean {
  const plugin = pluginOfPermission(role.key);
  return plugin === null || enabledPlugins.includes(plugin);
}
