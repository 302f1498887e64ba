import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { ScopedEntity } from '@tongxin/database';
import { OrgUnit } from '@tongxin/org';
import { PartnerBody } from '@tongxin/partners';
import type { ReferralStatus } from './referral-states';

/**
 * One case handed from one practice to another (移交/转办): the grid's case to a mediation room, to a
 * property company, to the community's legal adviser. The origin keeps its record (a case handed
 * over is not closed); this row says where it went, what became of it and what the target reported
 * of the result, never the target's own content. Scoped to the target (the unit, or the partner
 * body's unit), where its receivers are.
 */
@Entity('referrals')
@Check('ck_referrals_status', `status IN ('pending', 'accepted', 'refused', 'resolved')`)
@Check('ck_referrals_target', `(target_unit_id IS NULL) <> (target_partner_body_id IS NULL)`)
@Index('ix_referrals_target', ['tenantId', 'targetPluginId', 'status'])
@Index('ix_referrals_source', ['tenantId', 'sourcePluginId', 'sourceRecordId'])
@Index('ix_referrals_community', ['tenantId', 'communityId'])
@Index('ix_referrals_street', ['tenantId', 'streetId'])
@Index('uq_referrals_open', ['tenantId', 'sourcePluginId', 'sourceRecordId', 'kind'], {
  unique: true,
  where: `status IN ('pending', 'accepted')`,
})
@ForeignKey(() => OrgUnit, ['tenantId', 'targetUnitId'], ['tenantId', 'id'], { name: 'fk_referrals_target_unit' })
@ForeignKey(() => OrgUnit, ['tenantId', 'sourceUnitId'], ['tenantId', 'id'], { name: 'fk_referrals_source_unit' })
@ForeignKey(() => PartnerBody, ['tenantId', 'targetPartnerBodyId'], ['tenantId', 'id'], {
  name: 'fk_referrals_target_partner_body',
})
export class Referral extends ScopedEntity {
  /** `<target plugin>.<kind key>`, e.g. `mediation.dispute`. */
  @Column('varchar', { length: 81 })
  kind!: string;

  @Column('varchar', { length: 40 })
  targetPluginId!: string;

  @Column('uuid', { nullable: true })
  targetUnitId!: string | null;

  @Column('uuid', { nullable: true })
  targetPartnerBodyId!: string | null;

  /** The plugin that opened it and its record: the link back. */
  @Column('varchar', { length: 40 })
  sourcePluginId!: string;

  @Column('uuid')
  sourceRecordId!: string;

  /** The number people know the origin's record by (a case number). */
  @Column('varchar', { length: 60, nullable: true })
  sourceRef!: string | null;

  /** The origin record's unit: whose dispatchers get it back when it is refused. */
  @Column('uuid')
  sourceUnitId!: string;

  @Column('varchar', { length: 16 })
  status!: ReferralStatus;

  @Column('varchar', { length: 500 })
  reason!: string;

  /** What the origin sent, validated against the kind's payload class. Seen by the receivers only. */
  @Column('jsonb')
  payload!: Record<string, unknown>;

  @Column('uuid', { nullable: true })
  openedBy!: string | null;

  @Column('timestamptz')
  openedAt!: Date;

  /** The target's own record, once accepted, and its number there. */
  @Column('uuid', { nullable: true })
  targetRecordId!: string | null;

  @Column('varchar', { length: 60, nullable: true })
  targetRef!: string | null;

  @Column('uuid', { nullable: true })
  acceptedBy!: string | null;

  @Column('timestamptz', { nullable: true })
  acceptedAt!: Date | null;

  @Column('varchar', { length: 500, nullable: true })
  refusalReason!: string | null;

  @Column('uuid', { nullable: true })
  refusedBy!: string | null;

  @Column('timestamptz', { nullable: true })
  refusedAt!: Date | null;

  /** One of the kind's declared outcomes, and when the target closed its record. */
  @Column('varchar', { length: 40, nullable: true })
  result!: string | null;

  @Column('timestamptz', { nullable: true })
  resolvedAt!: Date | null;

  /**
   * What each side has been told, so enabling a plugin again delivers what it missed while it was
   * off: whether the target's `received` ran, and the last status the origin's `onUpdate` saw.
   */
  @Column('boolean', { default: false })
  targetNotified!: boolean;

  @Column('varchar', { length: 16, nullable: true })
  originSeenStatus!: ReferralStatus | null;
}
