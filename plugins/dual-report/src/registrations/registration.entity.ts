import { Check, Column, Entity, ForeignKey, Index, ScopedEntity } from '@tongxin/plugin-sdk';
import { REGISTRATION_WORKFLOW, type RegistrationStatus } from './registration-workflow';

export type { RegistrationStatus } from './registration-workflow';

/**
 * An in-service party member (在职党员) reporting to the community where they live. At most one
 * pending or approved registration per member: a move to another community transfers it, and the
 * old row stays as history.
 */
@Entity('dual_report_registrations')
@Index('uq_dual_report_registrations_current', ['tenantId', 'memberId'], {
  unique: true,
  where: `"status" IN ('pending', 'approved')`,
})
@Index('ix_dual_report_registrations_member', ['tenantId', 'memberId'])
@Index('ix_dual_report_registrations_partner', ['tenantId', 'partnerId', 'status'])
@Index('ix_dual_report_registrations_community', ['tenantId', 'communityId', 'status'])
@Index('ix_dual_report_registrations_street', ['tenantId', 'streetId', 'status'])
@Check('ck_dual_report_registrations_status', REGISTRATION_WORKFLOW.checkConstraint())
@ForeignKey('User', ['tenantId', 'memberId'], ['tenantId', 'id'], { name: 'fk_dual_report_registrations_member' })
@ForeignKey('PartnerBody', ['tenantId', 'partnerId'], ['tenantId', 'id'], {
  name: 'fk_dual_report_registrations_partner',
})
export class DualReportRegistration extends ScopedEntity {
  /** The member: a user of the tenant. */
  @Column('uuid')
  memberId!: string;

  /** The home community (level 3). */
  @Column('uuid')
  unitId!: string;

  /** The member's own unit (their partner body when they applied), whose party organisation sees their record. */
  @Column('uuid', { nullable: true })
  partnerId!: string | null;

  @Column('varchar', { length: 12 })
  status!: RegistrationStatus;

  @Column('varchar', { length: 50, array: true, default: () => "'{}'" })
  skills!: string[];

  /** Days of the week the member can serve. */
  @Column('varchar', { length: 10, array: true, default: () => "'{}'" })
  availableDays!: string[];

  @Column('varchar', { length: 500, default: '' })
  note!: string;

  @Column('timestamptz')
  appliedAt!: Date;

  @Column('timestamptz', { nullable: true })
  decidedAt!: Date | null;

  @Column('uuid', { nullable: true })
  decidedBy!: string | null;

  /** Why it was refused (or transferred). */
  @Column('varchar', { length: 500, default: '' })
  reason!: string;

  /** The registration this one replaces when the member moved. */
  @Column('uuid', { nullable: true })
  transferredFrom!: string | null;
}
