import { Check, Column, Entity, ForeignKey, Index, ScopedEntity, numericColumn } from '@tongxin/plugin-sdk';
import { DualReportCall } from './call.entity';

export type SignupStatus = 'signed' | 'cancelled' | 'attended' | 'absent';

/**
 * A unit or a member signing up to a call; the community confirms who came, the hours served and
 * what was done (办实事). Scoped at the call's unit; `memberPartnerId` lets the member's own unit
 * read its members' records across communities.
 */
@Entity('dual_report_signups')
@Index('uq_dual_report_signups_member', ['tenantId', 'callId', 'memberId'], {
  unique: true,
  where: `"member_id" IS NOT NULL AND "status" <> 'cancelled'`,
})
@Index('uq_dual_report_signups_partner', ['tenantId', 'callId', 'partnerId'], {
  unique: true,
  where: `"member_id" IS NULL AND "status" <> 'cancelled'`,
})
@Index('ix_dual_report_signups_call', ['tenantId', 'callId'])
@Index('ix_dual_report_signups_member', ['tenantId', 'memberId'])
@Index('ix_dual_report_signups_member_partner', ['tenantId', 'memberPartnerId', 'confirmedAt'])
@Index('ix_dual_report_signups_partner', ['tenantId', 'partnerId', 'confirmedAt'])
@Index('ix_dual_report_signups_community', ['tenantId', 'communityId', 'confirmedAt'])
@Index('ix_dual_report_signups_street', ['tenantId', 'streetId', 'confirmedAt'])
@Check('ck_dual_report_signups_status', `"status" IN ('signed', 'cancelled', 'attended', 'absent')`)
@Check('ck_dual_report_signups_who', '"member_id" IS NOT NULL OR "partner_id" IS NOT NULL')
@Check('ck_dual_report_signups_hours', '"hours" >= 0')
@ForeignKey(() => DualReportCall, ['tenantId', 'callId'], ['tenantId', 'id'], { name: 'fk_dual_report_signups_call' })
@ForeignKey('User', ['tenantId', 'memberId'], ['tenantId', 'id'], { name: 'fk_dual_report_signups_member' })
@ForeignKey('PartnerBody', ['tenantId', 'partnerId'], ['tenantId', 'id'], { name: 'fk_dual_report_signups_partner' })
export class DualReportSignup extends ScopedEntity {
  @Column('uuid')
  callId!: string;

  /** A member signing up for themself. */
  @Column('uuid', { nullable: true })
  memberId!: string | null;

  /** A unit signing up (机关报到), or null for a member. */
  @Column('uuid', { nullable: true })
  partnerId!: string | null;

  /** The member's own unit at sign-up, for reporting back (双报告). */
  @Column('uuid', { nullable: true })
  memberPartnerId!: string | null;

  @Column('varchar', { length: 10 })
  status!: SignupStatus;

  @Column('timestamptz')
  signedAt!: Date;

  @Column('uuid')
  signedBy!: string;

  @Column('timestamptz', { nullable: true })
  confirmedAt!: Date | null;

  @Column('uuid', { nullable: true })
  confirmedBy!: string | null;

  @Column('numeric', { precision: 5, scale: 2, default: 0, transformer: numericColumn })
  hours!: number;

  /** What was done (办实事), as the community confirmed it. */
  @Column('varchar', { length: 1000, default: '' })
  workDone!: string;
}
