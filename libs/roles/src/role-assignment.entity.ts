import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { ScopedEntity } from '@tongxin/database';
import { User } from '@tongxin/identity';
import { OrgUnit } from '@tongxin/org';
import { Role } from './role.entity';

/**
 * (user, role, org unit): the user holds the role's permissions over that unit's subtree.
 * Revoking keeps the row (revoked_at) for the record; only active ones grant anything.
 */
@Entity('role_assignments')
@Index('uq_role_assignments_active', ['tenantId', 'userId', 'roleId', 'orgUnitId'], {
  unique: true,
  where: 'revoked_at IS NULL',
})
@Index('ix_role_assignments_unit', ['tenantId', 'orgUnitId'])
@Index('ix_role_assignments_street', ['tenantId', 'streetId'])
@Index('ix_role_assignments_community', ['tenantId', 'communityId'])
@Index('ix_role_assignments_grid', ['tenantId', 'gridId'])
@ForeignKey(() => User, ['tenantId', 'userId'], ['tenantId', 'id'], { name: 'fk_role_assignments_user' })
@ForeignKey(() => Role, ['tenantId', 'roleId'], ['tenantId', 'id'], { name: 'fk_role_assignments_role' })
@ForeignKey(() => OrgUnit, ['tenantId', 'orgUnitId'], ['tenantId', 'id'], { name: 'fk_role_assignments_unit' })
export class RoleAssignment extends ScopedEntity {
  @Column('uuid')
  userId!: string;

  @Column('uuid')
  roleId!: string;

  @Column('uuid')
  orgUnitId!: string;

  @Column('uuid', { nullable: true })
  grantedBy!: string | null;

  @Column('timestamptz', { nullable: true })
  revokedAt!: Date | null;
}
