import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Tenant } from '@tongxin/tenancy';

/**
 * One message in a user's in-app inbox. Other channels (SMS, WeChat) come later as adapters that
 * read the same rows; the inbox is the record.
 */
@Entity('notifications')
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_notifications_tenant' })
@Index('ix_notifications_inbox', ['tenantId', 'userId', 'id'])
@Index('ix_notifications_unread', ['tenantId', 'userId'], { where: 'read_at IS NULL' })
@Index('uq_notifications_dedupe', ['tenantId', 'userId', 'dedupeKey'], { unique: true })
export class Notification {
  @PrimaryColumn('uuid')
  tenantId!: string;

  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  userId!: string;

  /** The plugin that sent it (null for the core). */
  @Column('varchar', { length: 40, nullable: true })
  pluginId!: string | null;

  /** A machine kind clients can switch on, e.g. `grid.case-overdue`. */
  @Column('varchar', { length: 120 })
  kind!: string;

  @Column('varchar', { length: 200 })
  title!: string;

  @Column('text', { default: '' })
  body!: string;

  /** Where in the product the message points (an API path or a client route). */
  @Column('varchar', { length: 500, nullable: true })
  link!: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  data!: Record<string, unknown>;

  /** Sending twice with the same key (a retried job) leaves one message. */
  @Column('varchar', { length: 200 })
  dedupeKey!: string;

  @Column('timestamptz', { nullable: true })
  readAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
