import { Check, Column, Entity, Index, ScopedEntity } from '@tongxin/plugin-sdk';

export type CallKind = 'need' | 'activity';
export type CallStatus = 'open' | 'closed' | 'cancelled';

/**
 * 社区吹号、支部吹哨: a community or grid branch posts a need or an activity; units and members
 * sign up (机关报到、党员报到). Scoped at the posting unit.
 */
@Entity('dual_report_calls')
@Index('ix_dual_report_calls_community', ['tenantId', 'communityId', 'startsAt'])
@Index('ix_dual_report_calls_street', ['tenantId', 'streetId', 'startsAt'])
@Index('ix_dual_report_calls_grid', ['tenantId', 'gridId', 'startsAt'])
@Index('uq_dual_report_calls_source_case', ['tenantId', 'sourceCaseId'], {
  unique: true,
  where: '"source_case_id" IS NOT NULL',
})
@Check('ck_dual_report_calls_kind', `"kind" IN ('need', 'activity')`)
@Check('ck_dual_report_calls_status', `"status" IN ('open', 'closed', 'cancelled')`)
@Check('ck_dual_report_calls_capacity', '"capacity" > 0')
@Check('ck_dual_report_calls_time', '"ends_at" > "starts_at"')
export class DualReportCall extends ScopedEntity {
  /** The posting unit: a community (level 3) or a grid branch (level 4). */
  @Column('uuid')
  unitId!: string;

  @Column('varchar', { length: 10 })
  kind!: CallKind;

  @Column('varchar', { length: 100 })
  title!: string;

  @Column('varchar', { length: 2000, default: '' })
  description!: string;

  @Column('varchar', { length: 200, default: '' })
  place!: string;

  @Column('timestamptz')
  startsAt!: Date;

  @Column('timestamptz')
  endsAt!: Date;

  /** Places available. */
  @Column('integer')
  capacity!: number;

  @Column('varchar', { length: 50, array: true, default: () => "'{}'" })
  skillsWanted!: string[];

  @Column('varchar', { length: 10 })
  status!: CallStatus;

  /** Null for calls opened by an event (a grid case needing volunteers). */
  @Column('uuid', { nullable: true })
  postedBy!: string | null;

  /** The grid case that asked for volunteers, when the call came from one. */
  @Column('uuid', { nullable: true })
  sourceCaseId!: string | null;

  @Column('timestamptz', { nullable: true })
  closedAt!: Date | null;
}
