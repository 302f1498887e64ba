import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { ScopedEntity } from '@tongxin/database';
import { OrgUnit } from '@tongxin/org';

/**
 * A body outside the five-level tree that takes part in it: a department (职能部门), a unit
 * (驻区单位/机关单位), a property company, a law firm, a social organisation, or a type a plugin adds.
 * Linked optionally to an org unit; unlinked bodies sit at the district root for scope.
 */
@Entity('partner_bodies')
@Index('ix_partner_bodies_type', ['tenantId', 'type'])
@Index('ix_partner_bodies_street', ['tenantId', 'streetId'])
@Index('ix_partner_bodies_community', ['tenantId', 'communityId'])
@ForeignKey(() => OrgUnit, ['tenantId', 'orgUnitId'], ['tenantId', 'id'], { name: 'fk_partner_bodies_org_unit' })
export class PartnerBody extends ScopedEntity {
  @Column('varchar', { length: 48 })
  type!: string;

  @Column('varchar', { length: 200 })
  name!: string;

  /** 统一社会信用代码, when the body has one. */
  @Column('varchar', { length: 18, nullable: true })
  creditCode!: string | null;

  @Column('varchar', { length: 100, nullable: true })
  contactName!: string | null;

  @Column('varchar', { length: 20, nullable: true })
  contactPhone!: string | null;

  @Column('uuid', { nullable: true })
  orgUnitId!: string | null;
}
