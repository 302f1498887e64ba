import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * What happened at platform level, outside any tenant: operators' logins, lockouts and logouts,
 * login attempts naming a district that does not exist, and throttling of a source address across
 * districts. Operators read it at `GET /api/v1/platform/audit`. Append-only (the app role may only
 * insert and select), like the tenants' trail.
 */
@Entity('platform_audit_events')
@Index('ix_platform_audit_events_action', ['action', 'id'])
@Index('ix_platform_audit_events_actor', ['actorId', 'id'])
export class PlatformAuditEvent {
  @PrimaryColumn('uuid')
  id!: string;

  /** An operator, or null for an anonymous caller or the system itself. */
  @Column('uuid', { nullable: true })
  actorId!: string | null;

  @Column('varchar', { length: 16 })
  actorType!: 'operator' | 'system' | 'anonymous';

  @Column('varchar', { length: 64 })
  action!: string;

  @Column('varchar', { length: 64 })
  entity!: string;

  @Column('uuid', { nullable: true })
  entityId!: string | null;

  /**
   * The district the event concerns, when there is one. Not `tenant_id`: this table is not
   * tenant-owned (no row-level security), and the name would say it is.
   */
  @Column('uuid', { nullable: true })
  targetTenantId!: string | null;

  @Column('jsonb', { nullable: true })
  after!: Record<string, unknown> | null;

  @Column('inet', { nullable: true })
  sourceAddress!: string | null;

  @Column('varchar', { length: 64, nullable: true })
  requestId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
