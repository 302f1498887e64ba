import { Check, Column, Entity, ForeignKey, Index, ScopedEntity } from '@tongxin/plugin-sdk';
import { GridCase } from './case.entity';

/** A 督办 record: opened when a case runs past its deadline (or by a supervisor), closed with the case. */
@Entity('grid_supervisions')
@Index('ix_grid_supervisions_case', ['tenantId', 'caseId'])
@Index('ix_grid_supervisions_street', ['tenantId', 'streetId', 'openedAt'])
@Index('ix_grid_supervisions_community', ['tenantId', 'communityId', 'openedAt'])
@Check('ck_grid_supervisions_reason', `"reason" IN ('overdue', 'manual')`)
@ForeignKey(() => GridCase, ['tenantId', 'caseId'], ['tenantId', 'id'], { name: 'fk_grid_supervisions_case' })
export class GridSupervision extends ScopedEntity {
  @Column('uuid')
  caseId!: string;

  @Column('varchar', { length: 10 })
  reason!: 'overdue' | 'manual';

  @Column('timestamptz')
  openedAt!: Date;

  /** Null for the system. */
  @Column('uuid', { nullable: true })
  openedBy!: string | null;

  /** Whom it holds to account: the handler unit or department at the time. */
  @Column('uuid', { nullable: true })
  handlerUnitId!: string | null;

  @Column('uuid', { nullable: true })
  handlerPartnerId!: string | null;

  @Column('varchar', { length: 1000, default: '' })
  note!: string;

  @Column('timestamptz', { nullable: true })
  closedAt!: Date | null;
}
