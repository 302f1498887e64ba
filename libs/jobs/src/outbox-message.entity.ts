import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Tenant } from '@tongxin/tenancy';

/**
 * What an outbox row asks for once its transaction commits: a job, an event for its subscribers,
 * or a referral's news for the one plugin it concerns (its target, or the plugin that opened it).
 */
export type OutboxKind = 'job' | 'event' | 'timer' | 'referral';

/**
 * Follow-up work written in the same transaction as the change that caused it: a job to run or a
 * domain event to deliver. The relay hands it to BullMQ with this row's id as the job id, so a
 * commit never loses its follow-up, a rollback never sends one, and a second relay adds nothing.
 */
@Entity('outbox_messages')
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_outbox_messages_tenant' })
@Index('ix_outbox_messages_pending', ['tenantId', 'id'], { where: 'relayed_at IS NULL' })
export class OutboxMessage {
  @PrimaryColumn('uuid')
  tenantId!: string;

  /** uuid v7: time-ordered, so pending rows relay in the order they were written. */
  @PrimaryColumn('uuid')
  id!: string;

  @Column('varchar', { length: 16 })
  kind!: OutboxKind;

  /** The plugin that wrote it (null for the core). */
  @Column('varchar', { length: 40, nullable: true })
  pluginId!: string | null;

  /** Job name, event name, or timer name. */
  @Column('varchar', { length: 120 })
  name!: string;

  /** Event schema version (1 for jobs). */
  @Column('int', { default: 1 })
  version!: number;

  @Column('jsonb')
  payload!: Record<string, unknown>;

  /** Earliest time the job may run (delayed jobs). */
  @Column('timestamptz', { nullable: true })
  runAt!: Date | null;

  @Column('uuid', { nullable: true })
  actorId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  relayedAt!: Date | null;
}
