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

  /** What headers and short texts show, e.g. 湛河区 for 平顶山市湛河区. */
  @Column('varchar', { length: 30, nullable: true })
  shortName!: string | null;

  /** An https address of the district's emblem or logo, shown by clients. */
  @Column('varchar', { length: 500, nullable: true })
  logoUrl!: string | null;

  /** IANA time zone the district's days and working days are counted in (ADR 016). */
  @Column('varchar', { length: 64, default: 'Asia/Shanghai' })
  timeZone!: string;

  @Column('varchar', { length: 16, default: 'active' })
  status!: TenantStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
