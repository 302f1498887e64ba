import { CreateDateColumn, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { Tenant } from '@tongxin/tenancy';

/**
 * Proof that a job's effect committed: written in the same transaction as the effect. A job
 * delivered again (a retry after a crash, a duplicate relay) finds its receipt and does nothing,
 * so at-least-once delivery gives exactly-once effects in the database.
 */
@Entity('job_receipts')
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_job_receipts_tenant' })
export class JobReceipt {
  @PrimaryColumn('uuid')
  tenantId!: string;

  /** The BullMQ job id: outbox id, or outbox id and subscriber for event deliveries. */
  @PrimaryColumn('varchar', { length: 200 })
  jobId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
