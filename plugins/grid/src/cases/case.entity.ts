import { Check, Column, Entity, ForeignKey, Index, ScopedEntity, numericColumn } from '@tongxin/plugin-sdk';
import { GridItem } from '../items/grid-item.entity';
import { CASE_WORKFLOW, type CaseSource, type CaseState } from './case-workflow';
import type { CaseAttributeValue } from '../items/item-attributes';

/**
 * A case (诉求/事件) in the closed loop. Its scope columns are where the problem is (normally a
 * grid), so a grid's staff see the grid's cases and a community all of its grids'. The handling
 * unit is the level that currently owns it: the grid, or an ancestor after escalation.
 */
@Entity('grid_cases')
@Index('uq_grid_cases_number', ['tenantId', 'number'], { unique: true })
@Index('uq_grid_cases_number_seq', ['tenantId', 'numberDay', 'numberSeq'], { unique: true })
@Index('ix_grid_cases_grid', ['tenantId', 'gridId', 'id'])
@Index('ix_grid_cases_community', ['tenantId', 'communityId', 'id'])
@Index('ix_grid_cases_street', ['tenantId', 'streetId', 'id'])
@Index('ix_grid_cases_handler_partner', ['tenantId', 'handlerPartnerId', 'id'])
@Index('ix_grid_cases_handler_user', ['tenantId', 'handlerUserId', 'id'])
@Index('ix_grid_cases_group', ['tenantId', 'groupId', 'id'])
@Index('ix_grid_cases_open311', ['tenantId', 'id'], { where: `"source" = 'open311'` })
@Index('ix_grid_cases_state', ['tenantId', 'state'])
// The indicators' cohorts: cases first dispatched, and cases closed, in a street's or community's month.
@Index('ix_grid_cases_street_dispatched', ['tenantId', 'streetId', 'firstDispatchedAt'])
@Index('ix_grid_cases_community_dispatched', ['tenantId', 'communityId', 'firstDispatchedAt'])
@Index('ix_grid_cases_street_closed', ['tenantId', 'streetId', 'closedAt'])
@Index('ix_grid_cases_community_closed', ['tenantId', 'communityId', 'closedAt'])
@Index('ix_grid_cases_street_satisfaction', ['tenantId', 'streetId', 'satisfactionAt'])
// The workflow's states: a state added to the table changes this, and needs its migration.
@Check('ck_grid_cases_state', CASE_WORKFLOW.checkConstraint())
@Check(
  'ck_grid_cases_source',
  `"source" IN ('walk_in', 'patrol', 'hotline_12345', 'online', 'upper_dispatch', 'open311')`,
)
@Check('ck_grid_cases_referral_status', `"referral_status" IN ('pending', 'accepted', 'refused', 'resolved')`)
@Check('ck_grid_cases_handling_level', '"handling_level" BETWEEN 1 AND 5')
@Check('ck_grid_cases_satisfaction', `"satisfaction" IN ('satisfied', 'basically_satisfied', 'dissatisfied')`)
@ForeignKey(() => GridItem, ['tenantId', 'itemId'], ['tenantId', 'id'], { name: 'fk_grid_cases_item' })
@ForeignKey('OrgUnit', ['tenantId', 'unitId'], ['tenantId', 'id'], { name: 'fk_grid_cases_unit' })
@ForeignKey('OrgUnit', ['tenantId', 'handlingUnitId'], ['tenantId', 'id'], { name: 'fk_grid_cases_handling_unit' })
@ForeignKey('OrgUnit', ['tenantId', 'handlerUnitId'], ['tenantId', 'id'], { name: 'fk_grid_cases_handler_unit' })
@ForeignKey('PartnerBody', ['tenantId', 'handlerPartnerId'], ['tenantId', 'id'], {
  name: 'fk_grid_cases_handler_partner',
})
@ForeignKey('User', ['tenantId', 'handlerUserId'], ['tenantId', 'id'], { name: 'fk_grid_cases_handler_user' })
export class GridCase extends ScopedEntity {
  /** Human-readable number, e.g. `20261122-0007`: the district day and a running count. */
  @Column('varchar', { length: 20 })
  number!: string;

  /** The district day and running count behind `number`. */
  @Column('date')
  numberDay!: string;

  @Column('integer')
  numberSeq!: number;

  @Column('varchar', { length: 16 })
  source!: CaseSource;

  @Column('uuid')
  itemId!: string;

  /** Up to 4,000 characters, as GeoReport v2 allows. */
  @Column('varchar', { length: 4000 })
  description!: string;

  /** The answers to the item's attributes (Open311 `attribute[code]`), as given at intake. */
  @Column('jsonb', { default: () => "'[]'" })
  attributes!: CaseAttributeValue[];

  @Column('varchar', { length: 200, default: '' })
  address!: string;

  @Column('numeric', { precision: 9, scale: 6, nullable: true, transformer: numericColumn })
  latitude!: number | null;

  @Column('numeric', { precision: 9, scale: 6, nullable: true, transformer: numericColumn })
  longitude!: number | null;

  /** The resident or caller, as they gave it; visible only to staff who can read the case. */
  @Column('varchar', { length: 100, default: '' })
  reporterName!: string;

  @Column('varchar', { length: 32, default: '' })
  reporterPhone!: string;

  /** The account that filed it (staff, or the Open311 key's owner). */
  @Column('uuid', { nullable: true })
  reportedBy!: string | null;

  /** Where the problem is: a grid normally, or a higher unit when no grid is known. */
  @Column('uuid')
  unitId!: string;

  @Column('varchar', { length: 12 })
  state!: CaseState;

  /**
   * The referral this case went to another practice with (ADR 021), and its status as the grid was
   * last told (`pending`, `accepted`, `refused`, `resolved`): the core's referral is the record,
   * this copy lets lists, queues and indicators filter on it.
   */
  @Column('uuid', { nullable: true })
  referralId!: string | null;

  @Column('varchar', { length: 16, nullable: true })
  referralStatus!: 'pending' | 'accepted' | 'refused' | 'resolved' | null;

  @Column('timestamptz', { nullable: true })
  referredAt!: Date | null;

  /** The unit that currently owns the case (dispatches, verifies); escalation moves it one level up. */
  @Column('uuid')
  handlingUnitId!: string;

  @Column('smallint')
  handlingLevel!: number;

  /** Dispatched to: an org unit or a department (partner body), and optionally one person. */
  @Column('uuid', { nullable: true })
  handlerUnitId!: string | null;

  @Column('uuid', { nullable: true })
  handlerPartnerId!: string | null;

  @Column('uuid', { nullable: true })
  handlerUserId!: string | null;

  /** Who dispatched it: the handler's supervisor for this case. */
  @Column('uuid', { nullable: true })
  dispatchedBy!: string | null;

  @Column('timestamptz', { nullable: true })
  firstDispatchedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  dispatchedAt!: Date | null;

  /** Accept by this time to count as responding in time. */
  @Column('timestamptz', { nullable: true })
  respondBy!: Date | null;

  @Column('timestamptz', { nullable: true })
  acceptedAt!: Date | null;

  /** Whether the first dispatch was accepted in time (null until accepted). */
  @Column('boolean', { nullable: true })
  respondedInTime!: boolean | null;

  @Column('timestamptz', { nullable: true })
  deadlineAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  resolvedAt!: Date | null;

  @Column('uuid', { nullable: true })
  resolvedBy!: string | null;

  @Column('varchar', { length: 2000, default: '' })
  resolution!: string;

  @Column('timestamptz', { nullable: true })
  closedAt!: Date | null;

  @Column('uuid', { nullable: true })
  closedBy!: string | null;

  /** Set when the deadline passed before the handler resolved the case (督办). */
  @Column('timestamptz', { nullable: true })
  overdueAt!: Date | null;

  @Column('integer', { default: 0 })
  escalations!: number;

  @Column('integer', { default: 0 })
  reopenCount!: number;

  @Column('varchar', { length: 24, nullable: true })
  satisfaction!: 'satisfied' | 'basically_satisfied' | 'dissatisfied' | null;

  @Column('timestamptz', { nullable: true })
  satisfactionAt!: Date | null;

  /** Whether the case needs volunteers (read by other plugins through the case events). */
  @Column('boolean', { default: false })
  needsVolunteers!: boolean;

  /** When it was first reported (上报): where the median time to close starts. Null while a draft. */
  @Column('timestamptz', { nullable: true })
  reportedAt!: Date | null;
}

/** A case back before its dispatchers (escalated, reopened, taken back from a referral): nobody's until dispatched again. */
export const NO_HANDLER: Partial<GridCase> = {
  handlerUnitId: null,
  handlerPartnerId: null,
  handlerUserId: null,
  dispatchedAt: null,
  respondBy: null,
  acceptedAt: null,
  deadlineAt: null,
  resolvedAt: null,
  resolvedBy: null,
};
