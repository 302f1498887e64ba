import { Check, Column, Entity, ForeignKey, Index, ScopedEntity } from '@tongxin/plugin-sdk';

/**
 * A unit (机关企事业单位, 驻区单位) paired with a community under a co-building agreement
 * (共驻共建协议). Scoped at the community, so the community and those above it see it.
 */
@Entity('dual_report_pairings')
@Index('uq_dual_report_pairings_active', ['tenantId', 'partnerId', 'unitId'], {
  unique: true,
  where: `"status" = 'active'`,
})
@Index('ix_dual_report_pairings_partner', ['tenantId', 'partnerId'])
@Index('ix_dual_report_pairings_community', ['tenantId', 'communityId'])
@Index('ix_dual_report_pairings_street', ['tenantId', 'streetId'])
@Check('ck_dual_report_pairings_status', `"status" IN ('active', 'ended')`)
@Check('ck_dual_report_pairings_term', '"term_end" > "term_start"')
@ForeignKey('PartnerBody', ['tenantId', 'partnerId'], ['tenantId', 'id'], { name: 'fk_dual_report_pairings_partner' })
@ForeignKey('OrgUnit', ['tenantId', 'unitId'], ['tenantId', 'id'], { name: 'fk_dual_report_pairings_unit' })
export class DualReportPairing extends ScopedEntity {
  /** The community (level 3). */
  @Column('uuid')
  unitId!: string;

  /** The unit: a partner body of type `unit`. */
  @Column('uuid')
  partnerId!: string;

  @Column('date')
  signedOn!: string;

  @Column('date')
  termStart!: string;

  /** Last day of the term; the renewal reminder goes before it. */
  @Column('date')
  termEnd!: string;

  @Column('varchar', { length: 8 })
  status!: 'active' | 'ended';

  @Column('timestamptz', { nullable: true })
  endedAt!: Date | null;

  @Column('uuid')
  createdBy!: string;
}
