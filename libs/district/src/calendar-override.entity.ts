import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Tenant } from '@tongxin/tenancy';

/** A district's own change to the working-day calendar: one row per day, which wins over the national schedule. */
@Entity('tenant_calendar_overrides')
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_tenant_calendar_overrides_tenant' })
@Check('ck_tenant_calendar_overrides_kind', `"kind" IN ('off', 'work')`)
export class CalendarOverrideRow {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_tenant_calendar_overrides' })
  tenantId!: string;

  @PrimaryColumn('date', { primaryKeyConstraintName: 'PK_tenant_calendar_overrides' })
  date!: string;

  /** `off`: a day off (e.g. a local festival); `work`: a day worked (e.g. a flood-season Saturday). */
  @Column('varchar', { length: 8 })
  kind!: 'off' | 'work';

  @Column('varchar', { length: 200, nullable: true })
  note!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
