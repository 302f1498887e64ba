import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Tenant } from '@tongxin/tenancy';

/**
 * A write request made with an `Idempotency-Key`: reserved before the handler runs, completed with
 * the response it produced, so a retry with the same key gets the same answer and no second write.
 */
@Entity('idempotency_records')
@Index('uq_idempotency_records_key', ['tenantId', 'userId', 'key'], { unique: true })
@Index('ix_idempotency_records_created', ['tenantId', 'createdAt'])
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_idempotency_records_tenant' })
export class IdempotencyRecord {
  @PrimaryColumn('uuid')
  tenantId!: string;

  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  userId!: string;

  @Column('varchar', { length: 100 })
  key!: string;

  /**
   * HMAC-SHA256 of method, path and body under a server key: the same key with a different request
   * is refused. Keyed, so a body holding a password cannot be guessed back from the table.
   */
  @Column('char', { length: 64 })
  requestHash!: string;

  /** `withheld`: completed, but the answer carried a secret and was not kept (see RespondsWithSecret). */
  @Column('varchar', { length: 16 })
  state!: 'pending' | 'completed' | 'withheld';

  @Column('smallint', { nullable: true })
  statusCode!: number | null;

  @Column('jsonb', { nullable: true })
  response!: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
