import { Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Tenant } from './tenant.entity';

/** A plugin's state in one tenant. No row means never enabled; disabling keeps the row and all data. */
@Entity('tenant_plugins')
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_tenant_plugins_tenant' })
export class TenantPlugin {
  @PrimaryColumn('uuid')
  tenantId!: string;

  @PrimaryColumn('varchar', { length: 40 })
  pluginId!: string;

  @Column('boolean')
  enabled!: boolean;

  /** Only the keys the district changed; defaults come from the plugin's settings class. */
  @Column('jsonb', { default: () => "'{}'" })
  settings!: Record<string, unknown>;

  /** The plugin version whose seed hook last ran for this tenant. */
  @Column('varchar', { length: 40, nullable: true })
  seededVersion!: string | null;

  @Column('timestamptz', { nullable: true })
  enabledAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  disabledAt!: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
