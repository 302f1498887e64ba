import { Column, Entity, ForeignKey, Index, ScopedEntity } from '@tongxin/plugin-sdk';
import { GridCase } from './case.entity';

/** One line of a case's history, never changed once written: every transition, with who and why. */
@Entity('grid_case_events')
// A case's history, and the indicators' lookups of one action of a case (report, overdue).
@Index('ix_grid_case_events_case', ['tenantId', 'caseId', 'action', 'occurredAt'])
@Index('ix_grid_case_events_street_action', ['tenantId', 'streetId', 'action', 'occurredAt'])
@Index('ix_grid_case_events_community_action', ['tenantId', 'communityId', 'action', 'occurredAt'])
@Index('ix_grid_case_events_district_action', ['tenantId', 'districtId', 'action', 'occurredAt'])
@ForeignKey(() => GridCase, ['tenantId', 'caseId'], ['tenantId', 'id'], { name: 'fk_grid_case_events_case' })
export class GridCaseEvent extends ScopedEntity {
  @Column('uuid')
  caseId!: string;

  /** The transition (`report`, `dispatch`, …) or a system event (`overdue`, `reminder`). */
  @Column('varchar', { length: 20 })
  action!: string;

  @Column('varchar', { length: 12, nullable: true })
  fromState!: string | null;

  @Column('varchar', { length: 12 })
  toState!: string;

  /** Null for the system (timers). */
  @Column('uuid', { nullable: true })
  actorId!: string | null;

  @Column('timestamptz')
  occurredAt!: Date;

  /** The staff's own note: internal, never published. */
  @Column('varchar', { length: 1000, default: '' })
  note!: string;

  /**
   * What the transition answers the resident, written for the public: the only text of a case's
   * history that Open311 publishes (`status_notes`). Empty when the transition answered nobody.
   */
  @Column('varchar', { length: 1000, default: '' })
  publicReply!: string;

  /** The transition's particulars: dispatch target and deadline, escalation levels, … */
  @Column('jsonb', { default: () => "'{}'" })
  details!: Record<string, unknown>;
}
