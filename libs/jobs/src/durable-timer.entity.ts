import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Tenant } from '@tongxin/tenancy';

/**
 * A deadline kept in PostgreSQL (an SLA, a contract renewal), not as a delayed job in the queue:
 * millions of them cost an index, not gigabytes of Redis. A job scheduler sweeps the due ones.
 * `(plugin_id, name, key)` names a timer, so scheduling it again reschedules it.
 */
@Entity('durable_timers')
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_durable_timers_tenant' })
@Index('uq_durable_timers_key', ['tenantId', 'pluginId', 'name', 'key'], { unique: true })
@Index('ix_durable_timers_due', ['dueAt'], { where: 'fired_at IS NULL AND cancelled_at IS NULL' })
export class DurableTimer {
  @PrimaryColumn('uuid')
  tenantId!: string;

  @PrimaryColumn('uuid')
  id!: string;

  @Column('varchar', { length: 40 })
  pluginId!: string;

  @Column('varchar', { length: 120 })
  name!: string;

  /** The business key (a case id, a contract id) that makes the timer unique. */
  @Column('varchar', { length: 200 })
  key!: string;

  @Column('timestamptz')
  dueAt!: Date;

  @Column('jsonb', { default: () => "'{}'" })
  payload!: Record<string, unknown>;

  /** Bumped on every reschedule, so a firing claimed for an old due time cannot fire the new one. */
  @Column('int', { default: 1 })
  generation!: number;

  /** When a sweep last handed it to the queue; a lost job is handed over again a minute later. */
  @Column('timestamptz', { nullable: true })
  enqueuedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  firedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  cancelledAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
