import { Check, Column, Entity, ForeignKey, Index, ScopedEntity } from '@tongxin/plugin-sdk';

/** 网格长 (also the branch secretary), 网格员, 网格警, and the grid's volunteer team (三员 + 网格长). */
export type GridDuty = 'grid_leader' | 'grid_worker' | 'grid_police' | 'volunteer_team';
export const GRID_DUTIES: readonly GridDuty[] = ['grid_leader', 'grid_worker', 'grid_police', 'volunteer_team'];
/** The three every grid must have (三员模式): a worker, a police officer and a volunteer team. */
export const THREE_MEMBERS: readonly GridDuty[] = ['grid_worker', 'grid_police', 'volunteer_team'];

export type Employment = 'full_time' | 'part_time';

/** One person (or the volunteer team) serving a grid in a duty. */
@Entity('grid_staff')
@Index('ix_grid_staff_grid', ['tenantId', 'unitId', 'duty'])
@Index('ix_grid_staff_community', ['tenantId', 'communityId'])
@Index('ix_grid_staff_street', ['tenantId', 'streetId'])
@Index('ix_grid_staff_user', ['tenantId', 'userId'])
@Check('ck_grid_staff_duty', `"duty" IN ('grid_leader', 'grid_worker', 'grid_police', 'volunteer_team')`)
@Check('ck_grid_staff_employment', `"employment" IN ('full_time', 'part_time')`)
@ForeignKey('User', ['tenantId', 'userId'], ['tenantId', 'id'], { name: 'fk_grid_staff_user' })
export class GridStaff extends ScopedEntity {
  /** The grid's org unit (level 4). */
  @Column('uuid')
  unitId!: string;

  @Column('varchar', { length: 20 })
  duty!: GridDuty;

  /** The account, when the person has one (the volunteer team usually has none). */
  @Column('uuid', { nullable: true })
  userId!: string | null;

  /** The person's or team's name as shown on the grid's board. */
  @Column('varchar', { length: 100 })
  name!: string;

  @Column('varchar', { length: 32, default: '' })
  phone!: string;

  @Column('varchar', { length: 10, default: 'full_time' })
  employment!: Employment;

  /** Members of a volunteer team. */
  @Column('integer', { nullable: true })
  memberCount!: number | null;

  @Column('boolean', { default: true })
  active!: boolean;
}
