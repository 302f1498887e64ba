import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Tenant } from '@tongxin/tenancy';

/** One write: who did what to which record, with the record before and after. Append-only. */
@Entity('audit_events')
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_audit_events_tenant' })
@Index('ix_audit_events_actor', ['tenantId', 'actorId', 'createdAt'])
@Index('ix_audit_events_entity', ['tenantId', 'entity', 'entityId', 'createdAt'])
@Index('ix_audit_events_time', ['tenantId', 'createdAt'])
export class AuditEvent {
  @PrimaryColumn('uuid')
  tenantId!: string;

  @PrimaryColumn('uuid')
  id!: string;

  /** A tenant user, a platform operator, or null for the system itself or an anonymous caller. */
  @Column('uuid', { nullable: true })
  actorId!: string | null;

  /** `anonymous`: someone calling a plugin's public route, without signing in. */
  @Column('varchar', { length: 16 })
  actorType!: 'user' | 'operator' | 'system' | 'anonymous';

  @Column('varchar', { length: 64 })
  action!: string;

  @Column('varchar', { length: 64 })
  entity!: string;

  @Column('uuid', { nullable: true })
  entityId!: string | null;

  @Column('jsonb', { nullable: true })
  before!: Record<string, unknown> | null;

  @Column('jsonb', { nullable: true })
  after!: Record<string, unknown> | null;

  @Column('varchar', { length: 64, nullable: true })
  requestId!: string | null;

  /** Where the request came from (see clientAddress in libs/http); null for the system's own work. */
  @Column('inet', { nullable: true })
  sourceAddress!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
