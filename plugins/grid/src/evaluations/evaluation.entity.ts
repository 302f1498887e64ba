import { Check, Column, Entity, Index, ScopedEntity } from '@tongxin/plugin-sdk';

/**
 * 谁呼谁评、谁应评谁: the one who called (dispatched a case, raised a call) rates the one who
 * answered, once per case and once per called department (一事一评).
 */
@Entity('grid_evaluations')
@Index('uq_grid_evaluations_subject', ['tenantId', 'subjectType', 'subjectId'], { unique: true })
@Index('ix_grid_evaluations_street', ['tenantId', 'streetId', 'evaluatedAt'])
@Index('ix_grid_evaluations_community', ['tenantId', 'communityId', 'evaluatedAt'])
@Check('ck_grid_evaluations_subject_type', `"subject_type" IN ('case', 'call_response')`)
@Check('ck_grid_evaluations_score', '"score" BETWEEN 1 AND 5')
export class GridEvaluation extends ScopedEntity {
  /** A case (its handler is rated) or a call response (the department is rated). */
  @Column('varchar', { length: 16 })
  subjectType!: 'case' | 'call_response';

  @Column('uuid')
  subjectId!: string;

  /** Who is rated: an org unit or a department. */
  @Column('uuid', { nullable: true })
  rateeUnitId!: string | null;

  @Column('uuid', { nullable: true })
  rateePartnerId!: string | null;

  @Column('smallint')
  score!: number;

  @Column('varchar', { length: 500, default: '' })
  comment!: string;

  @Column('uuid')
  evaluatedBy!: string;

  @Column('timestamptz')
  evaluatedAt!: Date;
}
