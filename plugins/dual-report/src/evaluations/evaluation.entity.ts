import { Check, Column, Entity, Index, ScopedEntity } from '@tongxin/plugin-sdk';

export type EvaluationDirection = 'community_to_member' | 'community_to_unit' | 'unit_to_community';

/**
 * 双向考评 for one year: the community rates a member's and a unit's service, the unit rates the
 * community's organisation. Once per (direction, year, community, member or unit): `subject_key`.
 * A unit's rating scores the agreement's assessment items one by one.
 */
@Entity('dual_report_evaluations')
@Index('uq_dual_report_evaluations_subject', ['tenantId', 'subjectKey'], { unique: true })
@Index('ix_dual_report_evaluations_community', ['tenantId', 'communityId', 'year'])
@Index('ix_dual_report_evaluations_partner', ['tenantId', 'partnerId', 'year'])
@Index('ix_dual_report_evaluations_member', ['tenantId', 'memberId', 'year'])
@Check(
  'ck_dual_report_evaluations_direction',
  `"direction" IN ('community_to_member', 'community_to_unit', 'unit_to_community')`,
)
@Check('ck_dual_report_evaluations_score', '"score" BETWEEN 1 AND 5')
export class DualReportEvaluation extends ScopedEntity {
  @Column('varchar', { length: 20 })
  direction!: EvaluationDirection;

  @Column('smallint')
  year!: number;

  /** `direction:year:community:member-or-unit`, unique. */
  @Column('varchar', { length: 160 })
  subjectKey!: string;

  /** The community (level 3). */
  @Column('uuid')
  unitId!: string;

  @Column('uuid', { nullable: true })
  memberId!: string | null;

  @Column('uuid', { nullable: true })
  partnerId!: string | null;

  @Column('uuid', { nullable: true })
  pairingId!: string | null;

  /** Overall score, 1–5. */
  @Column('smallint')
  score!: number;

  /** Scores per assessment item of the agreement (`{ itemId: 1..5 }`). */
  @Column('jsonb', { default: () => "'{}'" })
  itemScores!: Record<string, number>;

  @Column('varchar', { length: 1000, default: '' })
  comment!: string;

  @Column('uuid')
  evaluatedBy!: string;

  @Column('timestamptz')
  evaluatedAt!: Date;
}
