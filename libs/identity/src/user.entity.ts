import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { ScopedEntity } from '@tongxin/database';
import { OrgUnit } from '@tongxin/org';
import { PartnerBody } from '@tongxin/partners';

export type UserStatus = 'active' | 'disabled';

/** The languages an account can prefer: what notifications to them are written in. */
export const USER_LANGUAGES = ['zh-CN', 'en'] as const;
export type UserLanguage = (typeof USER_LANGUAGES)[number];

/**
 * A person in a tenant: staff at some level, or an outside participant (a unit's liaison, an
 * in-service party member) who may belong to a partner body. The home unit decides who can manage them.
 */
@Entity('users')
@Index('uq_users_username', ['tenantId', 'username'], { unique: true })
@Index('ix_users_street', ['tenantId', 'streetId'])
@Index('ix_users_community', ['tenantId', 'communityId'])
@Index('ix_users_grid', ['tenantId', 'gridId'])
@Check('ck_users_preferred_language', `"preferred_language" IN ('zh-CN', 'en')`)
@ForeignKey(() => OrgUnit, ['tenantId', 'orgUnitId'], ['tenantId', 'id'], { name: 'fk_users_org_unit' })
@ForeignKey(() => PartnerBody, ['tenantId', 'partnerBodyId'], ['tenantId', 'id'], { name: 'fk_users_partner_body' })
export class User extends ScopedEntity {
  @Column('varchar', { length: 64 })
  username!: string;

  @Column('varchar', { length: 100 })
  displayName!: string;

  @Column('varchar', { length: 20, nullable: true })
  phone!: string | null;

  @Column('varchar', { length: 200, select: false })
  passwordHash!: string;

  @Column('varchar', { length: 16, default: 'active' })
  status!: UserStatus;

  @Column('uuid')
  orgUnitId!: string;

  /** A partner body this person belongs to (a unit's liaison, an in-service member of that unit). */
  @Column('uuid', { nullable: true })
  partnerBodyId!: string | null;

  /** The language the person reads the product in: notifications to them are rendered in it. */
  @Column('varchar', { length: 8, default: 'zh-CN' })
  preferredLanguage!: UserLanguage;

  /** Access tokens issued before this instant are refused (set on password change). */
  @Column('timestamptz', { default: () => 'now()' })
  tokensValidAfter!: Date;
}
