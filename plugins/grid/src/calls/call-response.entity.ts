import { Column, Entity, ForeignKey, Index, ScopedEntity } from '@tongxin/plugin-sdk';
import { GridCall } from './call.entity';

/** One department called: when it reported in, whether late, and what it did. */
@Entity('grid_call_responses')
@Index('uq_grid_call_responses_partner', ['tenantId', 'callId', 'partnerId'], { unique: true })
@Index('ix_grid_call_responses_partner', ['tenantId', 'partnerId', 'id'])
@ForeignKey(() => GridCall, ['tenantId', 'callId'], ['tenantId', 'id'], { name: 'fk_grid_call_responses_call' })
@ForeignKey('PartnerBody', ['tenantId', 'partnerId'], ['tenantId', 'id'], { name: 'fk_grid_call_responses_partner' })
export class GridCallResponse extends ScopedEntity {
  @Column('uuid')
  callId!: string;

  /** The department (a partner body of type `department`). */
  @Column('uuid')
  partnerId!: string;

  @Column('timestamptz', { nullable: true })
  reportedAt!: Date | null;

  @Column('uuid', { nullable: true })
  reportedBy!: string | null;

  /** Reported in after the call's limit; set when it reports, or when the limit passes without it. */
  @Column('boolean', { nullable: true })
  late!: boolean | null;

  @Column('varchar', { length: 1000, default: '' })
  note!: string;
}
