import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type TenantStatus = 'active' | 'suspended';

/** A district (区/县). Platform-level: not tenant-owned, read by the app role to resolve logins. */
@Entity('tenants')
export class Tenant {
  @PrimaryColumn('uuid')
  id!: string;

  @Index('uq_tenants_code', { unique: true })
  @Column('varchar', { length: 32 })
  code!: string;

  @Column('varchar', { length: 100 })
  name!: string;

  /** 6-digit 行政区划代码, e.g. 410411 for 湛河区. */
  @Column('char', { length: 6 })
  divisionCode!: string;

  @Column('varchar', { length: 16, default: 'active' })
  status!: TenantStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
