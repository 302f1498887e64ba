import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { ScopedEntity } from '@tongxin/database';
import { Tenant } from '@tongxin/tenancy';

/**
 * A node of the five-level hierarchy. Its scope columns include itself: a community has
 * community_id = its own id, so a subtree is one equality on the column of the root's level.
 */
@Entity('org_units')
@Index('uq_org_units_code', ['tenantId', 'code'], { unique: true })
@Index('uq_org_units_root', ['tenantId'], { unique: true, where: 'level = 1' })
@Index('ix_org_units_parent', ['tenantId', 'parentId'])
@Index('ix_org_units_street', ['tenantId', 'streetId'])
@Index('ix_org_units_community', ['tenantId', 'communityId'])
@Index('ix_org_units_grid', ['tenantId', 'gridId'])
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_org_units_tenant' })
@ForeignKey(() => OrgUnit, ['tenantId', 'parentId'], ['tenantId', 'id'], { name: 'fk_org_units_parent' })
export class OrgUnit extends ScopedEntity {
  @Column('uuid', { nullable: true })
  parentId!: string | null;

  /** 1 区委, 2 街道党工委, 3 社区党委, 4 网格党支部, 5 网格党小组. */
  @Column('smallint')
  level!: number;

  @Column('varchar', { length: 64 })
  code!: string;

  @Column('varchar', { length: 100 })
  name!: string;
}
